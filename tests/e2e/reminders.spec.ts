import { expect, test } from './support/test.js';
import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { asTeller, ok } from './support/hubApi.js';
import { HubProcess } from './support/hubProcess.js';
import { pageIn, screenshot } from './support/screens.js';
import { openCounter, openLead } from './support/signIn.js';

/**
 * Supervision reminders (督办, issue 13) on the screens: a complaint whose acknowledgement is
 * overdue brings a notice to the counter where its owner is signed in and to the lead station.
 * The hub process of these tests has no injected clock: the complaint is registered as received
 * twenty days ago (a letter opened late), so its deadlines have passed on the real clock, and the
 * hub's reminder pass raises it (every 5 s here, GUICHET_REMINDER_CHECK_SECONDS; every minute by default).
 */

const COUNTER_VIEW = { width: 1366, height: 768 };
const LEAD_VIEW = { width: 1920, height: 1080 };
const SHOTS = process.env.GUICHET_SHOTS_DIR;

let hub: HubProcess;
test.beforeAll(async () => {
  hub = await HubProcess.start({ env: { GUICHET_REMINDER_CHECK_SECONDS: String(PASS / 1000) } });
});
test.afterAll(async () => hub.stop());

async function shot(page: Page, name: string): Promise<void> {
  await screenshot(page, name, { viewport: true });
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/${name}.png` });
  }
}

/** Between the hub's reminder passes. */
const PASS = 5_000;

/** A complaint registered at window 1 by its teller (who then owns it), received twenty days ago. */
async function overdueComplaint(facts: string): Promise<string> {
  const receivedAt = new Date(Date.now() - 20 * 86_400_000).toISOString();
  const made = await ok(hub.url, 'POST', '/api/v1/complaints', {
    creds: await asTeller(hub.url, 1),
    body: { complainant: { name: '张先生', phone: '13900002222', realName: true }, category: 'waiting', facts, subjectTellerId: null, receivedAt },
  });
  return made.complaint.id as string;
}

const noticeOf = (page: Page, id: string, kind: string) => page.locator(`[data-testid="complaint-reminder"][data-complaint="${id}"][data-kind="${kind}"]`);

test('an overdue complaint brings its reminder to the owner’s counter and the lead station, in zh-CN and en', async ({ browser }) => {
  test.setTimeout(180_000);
  // The lead station is open when the hub's pass raises the first reminder: it arrives live,
  // and tells when the passes run.
  const watcher = await pageIn(browser, 'zh-CN', LEAD_VIEW);
  await openLead(watcher, hub.url, '/lead');
  const first = await overdueComplaint('排队时间过长，无人解释。');
  await expect(noticeOf(watcher, first, 'acknowledgement_overdue')).toBeVisible({ timeout: 30_000 });
  const passAt = Date.now();
  await expect(noticeOf(watcher, first, 'overdue')).toBeVisible();
  await watcher.context().close();

  for (const lang of ['zh-CN', 'en'] as const) {
    const query = lang === 'en' ? '?lang=en' : '';
    // Registered just after a pass: the teller signs in on the counter's screen before the next
    // one (the screen's stream gets only the reminders raised while its owner is signed in).
    await new Promise((r) => setTimeout(r, PASS - ((Date.now() - passAt) % PASS) + 300));
    const id = await overdueComplaint(lang === 'en' ? 'Waited an hour, nobody explained why.' : '等候一小时，无人解释原因。');
    const counter = await pageIn(browser, lang, COUNTER_VIEW);
    await openCounter(counter, hub.url, 1, query);
    const lead = await pageIn(browser, lang, LEAD_VIEW);
    await openLead(lead, hub.url, `/lead${query}`);

    const atCounter = noticeOf(counter, id, 'acknowledgement_overdue');
    await expect(atCounter).toBeVisible({ timeout: 30_000 });
    await expect(noticeOf(counter, id, 'overdue')).toBeVisible();
    await expect(atCounter.getByTestId('complaint-reminder-link')).toHaveCount(0);
    const atLead = noticeOf(lead, id, 'acknowledgement_overdue');
    await expect(atLead).toBeVisible();
    await expect(atLead.getByTestId('complaint-reminder-link')).toBeVisible();
    // A standing reminder of the first complaint, sent when the lead station connected (five
    // notices at most: the oldest waits behind).
    await expect(noticeOf(lead, first, 'overdue')).toBeVisible();
    await shot(counter, `complaint-reminder-counter-${lang}`);
    await shot(lead, `complaint-reminder-lead-${lang}`);

    // Dismissed, it stays away on that screen.
    await atCounter.getByTestId('complaint-reminder-dismiss').click();
    await expect(atCounter).toHaveCount(0);
    await counter.context().close();
    await lead.context().close();
  }
});
