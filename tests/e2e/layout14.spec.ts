import { expect, test } from './support/test.js';
import type { Locator, Page } from '@playwright/test';
import { asTeller, call, issueTicket } from './support/hubApi.js';
import { HubProcess } from './support/hubProcess.js';
import { screenshot } from './support/screens.js';
import { openCounter, openLead } from './support/signIn.js';

/*
 * Issue 14's review of the hall, the counter, the kiosk and the lead's board at the sizes they
 * run at, measured in the browser: nothing cut, nothing covered, no empty band, no chip broken
 * inside. Screenshots go to artifacts/screenshots/issue14-*.png to be looked at.
 */

let hub: HubProcess;
test.beforeAll(async () => {
  hub = await HubProcess.start();
  // Seven calls at window 3 (each finished before the next), then one recalled twice: a full
  // hall history under "now calling", and recall chips on the lead's board.
  for (const service of ['A', 'B', 'A', 'B', 'A', 'B', 'A', 'B', 'A', 'A']) await issueTicket(hub.url, { service });
  const teller = await asTeller(hub.url, 3);
  let key = 0;
  const at3 = async (action: string) => call(hub.url, 'POST', `/api/v1/counters/3/${action}`, { creds: teller, body: {}, headers: { 'Idempotency-Key': `layout14-${key++}` } });
  for (let i = 0; i < 7; i++) {
    expect((await at3('call-next')).status).toBe(200);
    expect((await at3('start')).status).toBe(200);
    expect((await at3('finish')).status).toBe(200);
  }
  expect((await at3('call-next')).status).toBe(200);
  expect((await at3('recall')).status).toBe(200);
  expect((await at3('recall')).status).toBe(200);
});
test.afterAll(async () => hub.stop());

const box = async (l: Locator) => (await l.boundingBox())!;

/** A browser that refuses sound until a click (the default without --autoplay-policy): the hall shows its voice banner. */
async function refuseSound(page: Page): Promise<void> {
  await page.addInitScript(() => {
    HTMLMediaElement.prototype.play = function play() {
      return Promise.reject(new DOMException('play() needs a user gesture', 'NotAllowedError'));
    };
  });
}

for (const lang of ['zh-CN', 'en'] as const) {
  test(`the hall at 1920x1080 (${lang}) shows every history row whole under the voice banner, each ticket once`, async ({ browser }) => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: lang });
    await refuseSound(page);
    await page.goto(`${hub.url}/hall?lang=${lang}`);
    await expect(page.getByTestId('enable-audio')).toBeVisible();
    const rows = page.getByTestId('hall-history-row');
    await expect(rows.first()).toBeVisible();
    const list = await box(page.locator('.hall__history-list'));
    const panel = await box(page.locator('.hall__history'));
    for (const row of await rows.all()) {
      const r = await box(row);
      expect(r.y + r.height, 'a history row ends inside its list').toBeLessThanOrEqual(list.y + list.height + 1);
      expect(r.y + r.height, 'and inside its panel').toBeLessThanOrEqual(panel.y + panel.height);
    }
    // The branch's whole history (announcement.hallHistory: 6), one row per ticket: the recalled
    // ticket is "now calling" and in no history row.
    await expect(rows).toHaveCount(6);
    const current = await page.getByTestId('hall-current-number').textContent();
    const numbers = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-number')));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers).not.toContain(current);
    await screenshot(page, `issue14-hall-${lang}`, { viewport: true });
    await page.close();
  });

  test(`the counter at 1366x768 (${lang}): one header row, no empty band, the microphone warning covers nothing, no hint cut`, async ({ browser }) => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: lang });
    await openCounter(page, hub.url, 1, `?lang=${lang}`);
    const header = page.locator('.counter__header');
    const children = await header.locator(':scope > *').all();
    const tops = await Promise.all(children.map(async (c) => (await box(c)).y));
    expect(Math.max(...tops) - Math.min(...tops), 'the header does not wrap').toBeLessThan(20);
    // Between the header and the business-day bar: only the recording warning, when there is one.
    const head = await box(header);
    const bar = await box(page.getByTestId('bizday-bar'));
    const alerts = page.getByTestId('recording-alerts');
    const alertHeight = (await alerts.count()) > 0 ? (await box(alerts)).height : 0;
    expect(bar.y - (head.y + head.height) - alertHeight, 'no empty band under the header').toBeLessThanOrEqual(2);
    if (alertHeight > 0) {
      expect(await alerts.evaluate((e) => getComputedStyle(e).position)).not.toBe('fixed');
      expect(await alerts.evaluate((e) => e.closest('.counter__header'))).toBeNull();
    }
    // Every action button holds its hint.
    const cut = await page.locator('.action').evaluateAll((els) => els.filter((e) => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
    expect(cut).toEqual([]);
    await screenshot(page, `issue14-counter-${lang}`, { viewport: true });
    await page.close();
  });

  test(`the kiosk at 1080x1920 (${lang}) offers the priority choice before the services`, async ({ browser }) => {
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 }, locale: lang });
    await page.goto(`${hub.url}/kiosk?lang=${lang}`);
    const priority = await box(page.locator('.kiosk-priority'));
    const first = await box(page.getByTestId('kiosk-service-A'));
    expect(priority.y + priority.height).toBeLessThanOrEqual(first.y);
    await screenshot(page, `issue14-kiosk-${lang}`, { viewport: true });
    await page.close();
  });
}

for (const lang of ['zh-CN', 'en'] as const) test(`the lead’s recent call chips at 1920 wide stay on one line each (${lang})`, async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: lang });
  await openLead(page, hub.url, `/lead?lang=${lang}`);
  const chips = page.locator('.board__calls li');
  await expect(chips.first()).toBeVisible();
  // The lines each chip's text takes: the tops of its text boxes (a broken "3 号窗|口" adds a line).
  const spreads = await chips.evaluateAll((els) =>
    els.map((e) => {
      const range = document.createRange();
      range.selectNodeContents(e);
      const tops = Array.from(range.getClientRects(), (r) => r.top);
      return Math.max(...tops) - Math.min(...tops);
    }),
  );
  expect(Math.max(...spreads), 'no chip breaks onto a second line').toBeLessThan(8);
  await screenshot(page, `issue14-lead-${lang}`, { viewport: true });
  await page.close();
});
