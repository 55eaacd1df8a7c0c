import { expect, test } from './support/test.js';
import type { Page } from '@playwright/test';
import { announcementClips } from '../../shared/announce/compose.js';
import { asTeller, call, issueTicket, read } from './support/hubApi.js';
import { HubProcess } from './support/hubProcess.js';
import { screenshot } from './support/screens.js';
import { openCounter, signInAtCounter, signInAtLead } from './support/signIn.js';

let hub: HubProcess;
test.beforeAll(async () => {
  hub = await HubProcess.start();
});
test.afterAll(async () => hub.stop());

async function open(page: Page, path: string): Promise<void> {
  await page.goto(hub.url + path);
}

test('kiosk ticket -> counter call -> hall announcement -> counter display -> finish', async ({ browser }) => {
  const hall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await open(hall, '/hall');
  await expect(hall.getByTestId('hall')).toBeVisible();

  const kiosk = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  await open(kiosk, '/kiosk');
  await screenshot(kiosk, 'kiosk-zh-CN');
  await kiosk.getByTestId('kiosk-service-A').click();
  await expect(kiosk.getByTestId('kiosk-ticket-number')).toHaveText('A001');
  await expect(kiosk.getByTestId('kiosk-ticket-ahead')).toContainText('0');
  await expect(kiosk.getByTestId('kiosk-ticket')).toContainText('个人业务');
  await expect(kiosk.getByTestId('kiosk-ticket')).toContainText('Personal Banking');
  await screenshot(kiosk, 'kiosk-ticket-zh-CN');

  const counter = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await openCounter(counter, hub.url, 3);
  await expect(counter.getByTestId('hub-status')).toHaveAttribute('data-status', 'online');
  await expect(counter.getByTestId('waiting-count')).toContainText('1');
  await counter.getByTestId('call-next').click();
  await expect(counter.getByTestId('current-ticket-number')).toHaveText('A001');

  // The hall shows the call and plays chime + Chinese + English clips, in that order.
  await expect(hall.getByTestId('hall-current-number')).toHaveText('A001');
  await expect(hall.getByTestId('hall-current-window')).toContainText('3');
  // An announcement is logged once its last clip has played (about 10 s of audio).
  await expect
    .poll(() => hall.evaluate(() => (window as unknown as { __guichetAnnouncements?: unknown[] }).__guichetAnnouncements ?? []), { timeout: 45_000 })
    .toEqual([expect.objectContaining({ number: 'A001', window: 3, clips: announcementClips('A001', 3), failed: [] })]);
  await screenshot(hall, 'hall-zh-CN');

  const display = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await open(display, '/counter-display/3');
  await expect(display.getByTestId('counter-display-window')).toContainText('3');
  await expect(display.getByTestId('counter-display-ticket')).toContainText('A001');
  await expect(display.getByTestId('counter-display-staff')).toContainText('张敏');
  await expect(display.getByTestId('counter-display-staff')).toContainText('1003');
  await screenshot(display, 'counter-display-zh-CN');

  // A recall is announced again.
  await counter.getByTestId('action-recall').click();
  await expect
    .poll(() => hall.evaluate(() => (window as unknown as { __guichetAnnouncements: { number: string }[] }).__guichetAnnouncements.map((a) => a.number)), { timeout: 45_000 })
    .toEqual(['A001', 'A001']);

  await counter.getByTestId('action-start').click();
  await expect(counter.getByTestId('current-ticket')).toHaveAttribute('data-status', 'serving');
  await expect(counter.getByTestId('handling-timer')).toBeVisible();
  await screenshot(counter, 'counter-zh-CN');
  await counter.getByTestId('action-finish').click();
  await counter.getByTestId('outcome-completed').click();
  await expect(counter.getByTestId('current-ticket')).toHaveAttribute('data-status', 'none');
  await expect(display.getByTestId('counter-display-welcome')).toBeVisible();

  const q: any = await read(hub.url, '/api/v1/queue');
  expect(q.counters.find((c: { number: number }) => c.number === 3)).toEqual({ number: 3, status: 'idle', serving: null, redirectTo: null });
  // The counter kept its own record of every action.
  await expect.poll(async () => Number(await counter.getByTestId('local-records').getAttribute('data-count'))).toBeGreaterThanOrEqual(4);
});

test('every screen switches language, and in English the main button is "Call next"', async ({ page }) => {
  await openCounter(page, hub.url, 1, '?lang=en');
  await expect(page.getByTestId('call-next')).toContainText('Call next');
  await page.getByTestId('lang-zh-TW').click();
  await expect(page).toHaveURL(/lang=zh-TW/);
  await expect(page.getByTestId('call-next')).toContainText('叫號');
  await page.getByTestId('lang-zh-CN').click();
  await expect(page.getByTestId('call-next')).toContainText('呼叫下一位');
  await expect(page.getByTestId('counter-teller')).toContainText('王丽');
});

test('screenshots of every role in zh-CN and en', async ({ browser }) => {
  // Every role signs in or enrols before its shot, in two languages: over 90 s on a loaded machine.
  test.setTimeout(240_000);
  // Something to show: a few waiting tickets and one call.
  for (const service of ['A', 'B', 'V', 'A']) await issueTicket(hub.url, { service });
  // Window 4 calls from a counter of the test with its teller signed in (the screens sign in again below).
  const window4 = await asTeller(hub.url, 4);
  expect((await call(hub.url, 'POST', '/api/v1/counters/4/call-next', { creds: window4, headers: { 'idempotency-key': 'screens-call-4' } })).status).toBe(200);
  const roles: Array<[string, string, { width: number; height: number }]> = [
    ['launcher', '/', { width: 1280, height: 900 }],
    ['kiosk', '/kiosk', { width: 1080, height: 1920 }],
    ['counter', '/counter/4', { width: 1440, height: 900 }],
    ['counter-display', '/counter-display/4', { width: 1280, height: 720 }],
    ['hall', '/hall', { width: 1920, height: 1080 }],
    ['lead', '/lead', { width: 1440, height: 900 }],
    ['hq', '/hq', { width: 1440, height: 900 }],
  ];
  for (const lang of ['zh-CN', 'en', 'zh-TW']) {
    for (const [name, path, viewport] of roles) {
      const page = await browser.newPage({ viewport, locale: lang });
      await page.goto(`${hub.url}${path}?lang=${lang}`);
      if (name === 'counter') await signInAtCounter(page, 4);
      if (name === 'lead') await signInAtLead(page);
      await expect(page.getByTestId(name)).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', { 'zh-CN': 'zh-Hans-CN', 'zh-TW': 'zh-Hant-TW', en: 'en' }[lang]!);
      await page.waitForTimeout(300);
      await screenshot(page, `role-${name}-${lang}`);
      await page.close();
    }
  }
});

test('a ticket prints on 58 mm and 80 mm thermal paper (PDF where no printer exists)', async ({ page }) => {
  const issued: any = await issueTicket(hub.url, { service: 'B', priority: 'elderly' });
  for (const paper of [58, 80]) {
    await page.goto(`${hub.url}/ticket/${issued.id}?paper=${paper}`);
    await expect(page.getByTestId('ticket-page')).toHaveAttribute('data-ready', 'true');
    await expect(page.getByTestId('ticket-number')).toHaveText(issued.number);
    await expect(page.getByTestId('printed-ticket')).toContainText('对公业务');
    await expect(page.getByTestId('printed-ticket')).toContainText('Corporate Banking');
    await screenshot(page, `ticket-${paper}mm`);
    const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: false })).toString('latin1');
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf);
    expect(box, 'the PDF has a page').not.toBeNull();
    expect(Number(box![1]) / 72 * 25.4).toBeCloseTo(paper, 0);
    expect(pdf.match(/\/Type\s*\/Page\b/g)).toHaveLength(1);
  }
});

test('an appointment checks in at the kiosk by its code', async ({ page }) => {
  await page.goto(`${hub.url}/kiosk?lang=en`);
  await page.getByTestId('kiosk-appointment').click();
  for (const d of '100002') await page.getByTestId(`kiosk-pad-${d}`).click();
  await page.getByTestId('kiosk-code-confirm').click();
  // The demo's booking 100002 is for the wealth service today; on time it gets appointment priority.
  await expect(page.getByTestId('kiosk-ticket-number')).toHaveText(/^V\d{3}$/);
  await page.goto(`${hub.url}/kiosk?lang=en`);
  await page.getByTestId('kiosk-appointment').click();
  for (const d of '100002') await page.getByTestId(`kiosk-pad-${d}`).click();
  await page.getByTestId('kiosk-code-confirm').click();
  await expect(page.getByTestId('kiosk-error')).toHaveAttribute('data-code', 'conflict');
});
