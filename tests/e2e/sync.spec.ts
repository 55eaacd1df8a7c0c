import { expect, test } from './support/test.js';
import { HubProcess } from './support/hubProcess.js';
import { screenshot } from './support/screens.js';
import { openCounter, openLead } from './support/signIn.js';

let hub: HubProcess;
test.beforeAll(async () => {
  hub = await HubProcess.start();
});
test.afterAll(async () => hub.stop());

test('what the branch does reaches head office, and both ends show the sync state', async ({ browser }) => {
  // A ticket from the kiosk, called and finished at window 1.
  const kiosk = await browser.newPage();
  await kiosk.goto(`${hub.url}/kiosk?lang=en`);
  await kiosk.getByTestId('kiosk-service-A').click();
  const number = (await kiosk.getByTestId('kiosk-ticket-number').textContent())!;
  const counter = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await openCounter(counter, hub.url, 1, '?lang=en');
  await counter.getByTestId('call-next').click();
  await expect(counter.getByTestId('current-ticket-number')).toHaveText(number);
  await counter.getByTestId('action-start').click();
  await counter.getByTestId('action-finish').click();
  await counter.getByTestId('outcome-completed').click();

  // The counter enrols itself (demo) and its own records drain to the hub.
  await expect(counter.getByTestId('sync-pill')).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
  await screenshot(counter, 'counter-synced-en');

  // Head office holds the ticket's events and the counter's records.
  const events = async (kind: string): Promise<Array<{ type?: string; body: any }>> => {
    const res = await fetch(`${hub.hqUrl}/api/v1/hq/events?kind=${kind}&limit=500`, { headers: { authorization: `Bearer ${HubProcess.ADMIN_TOKEN}` } });
    return ((await res.json()) as { events: Array<{ type?: string; body: any }> }).events;
  };
  await expect
    .poll(async () => (await events('queue.event')).filter((e) => e.body.ticket?.number === number).map((e) => e.type), { timeout: 30_000 })
    .toEqual(['ticket.issued', 'ticket.called', 'service.started', 'service.finished']);
  await expect.poll(async () => (await events('counter.event')).length, { timeout: 30_000 }).toBeGreaterThan(0);

  // The lead sees the hub's link to head office.
  const lead = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await openLead(lead, hub.url, '/lead?lang=en');
  await expect(lead.getByTestId('hub-sync')).toContainText('hub → HQ');
  await screenshot(lead, 'lead-sync-en');

  // Head office's console, opened with the token in the address fragment.
  for (const lang of ['zh-CN', 'en']) {
    const hq = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await hq.goto(`${hub.hqUrl}/hq?lang=${lang}#token=${HubProcess.ADMIN_TOKEN}`);
    await expect(hq.getByTestId('hq-branch-demo-001')).toBeVisible();
    // The day's business from the figures head office keeps (not a count of raw record kinds).
    await expect(async () => {
      await hq.reload();
      await expect(hq.getByTestId('hq-per-day-row').first()).toContainText(lang === 'en' ? 'Demo' : '演示', { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await screenshot(hq, `hq-console-${lang}`);
  }
  // Without the token it asks for one.
  const anon = await browser.newPage();
  await anon.goto(`${hub.hqUrl}/hq?lang=en`);
  await expect(anon.getByTestId('hq-token-form')).toBeVisible();
});
