import { expect, test } from './support/test.js';
import type { Locator, Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { asLead, asTeller, call, issueTicket, ok, read } from './support/hubApi.js';
import { HubProcess } from './support/hubProcess.js';
import { openLead } from './support/signIn.js';

/*
 * Issue 14, digital media (seed 001 section 2.2 (5)): the lead publishes a notice with a picture
 * at the lead station and the hall rolls it beside the calls, covering neither the calls nor the
 * voice banner; the kiosk ticket says how long it is expected to wait. Screenshots at the screens'
 * real sizes go to /tmp/shots-notices/ to be looked at.
 */

const SHOTS = '/tmp/shots-notices';
let hub: HubProcess;

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  hub = await HubProcess.start();
  // Calls on the hall, and people waiting for A with window 3 busy: the forecast has a number.
  for (const service of ['A', 'B', 'A', 'A', 'B', 'A', 'A']) await issueTicket(hub.url, { service });
  const teller = await asTeller(hub.url, 3);
  let key = 0;
  const at3 = async (action: string) => call(hub.url, 'POST', `/api/v1/counters/3/${action}`, { creds: teller, body: {}, headers: { 'Idempotency-Key': `notices-${key++}` } });
  for (let i = 0; i < 3; i++) {
    expect((await at3('call-next')).status).toBe(200);
    expect((await at3('start')).status).toBe(200);
    expect((await at3('finish')).status).toBe(200);
  }
  expect((await at3('call-next')).status).toBe(200);
});
test.afterAll(async () => hub.stop());

const box = async (l: Locator) => (await l.boundingBox())!;
const overlaps = (a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** A browser that refuses sound until a click: the hall shows its voice banner above the stage. */
async function refuseSound(page: Page): Promise<void> {
  await page.addInitScript(() => {
    HTMLMediaElement.prototype.play = function play() {
      return Promise.reject(new DOMException('play() needs a user gesture', 'NotAllowedError'));
    };
  });
}

/** A picture a lead might publish (a poster drawn on a canvas in the page), as a PNG or JPEG file. */
async function poster(page: Page, type: 'image/png' | 'image/jpeg'): Promise<Buffer> {
  const base64 = await page.evaluate((type) => {
    const c = document.createElement('canvas');
    c.width = 800;
    c.height = 450;
    const g = c.getContext('2d')!;
    const grad = g.createLinearGradient(0, 0, 800, 450);
    grad.addColorStop(0, '#c8102e');
    grad.addColorStop(1, '#7a0a1c');
    g.fillStyle = grad;
    g.fillRect(0, 0, 800, 450);
    g.fillStyle = '#ffcc33';
    g.font = 'bold 84px sans-serif';
    g.fillText('储蓄国债', 60, 170);
    g.fillStyle = '#fff';
    g.font = 'bold 64px sans-serif';
    g.fillText('3 年期 2.38%', 60, 280);
    g.font = '36px sans-serif';
    g.fillText('Savings bonds on sale from 10 Dec', 60, 370);
    return c.toDataURL(type, 0.85).split(',')[1]!;
  }, type);
  return Buffer.from(base64, 'base64');
}

test('the lead publishes a notice with a picture at the lead station and it appears on the hall', async ({ browser }) => {
  const lead = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await openLead(lead, hub.url, '/lead');
  // The notices tab of the lead station's management view.
  await lead.locator('.lead-station__tabs a[href*="/lead/notices"]').click();
  const panel = lead.getByTestId('notices-panel');
  await expect(panel).toBeVisible();
  await panel.getByTestId('notice-new').click();
  const form = lead.getByTestId('notice-form');
  await form.getByTestId('notice-text-zh-CN').fill('储蓄国债（电子式）12 月 10 日起发售，详询理财窗口。');
  await form.getByTestId('notice-text-zh-TW').fill('儲蓄國債（電子式）12 月 10 日起發售，詳詢理財窗口。');
  await form.getByTestId('notice-text-en').fill('Savings bonds on sale from 10 December; ask at the wealth window.');
  await form.getByTestId('notice-image-file').setInputFiles({ name: 'poster.png', mimeType: 'image/png', buffer: await poster(lead, 'image/png') });
  await expect(form.getByTestId('notice-image-preview')).toBeVisible();
  await lead.screenshot({ path: `${SHOTS}/lead-notice-form-zh-CN.png` });
  await form.getByTestId('notice-submit').click();
  const card = panel.getByTestId('notice-card').first();
  await expect(card).toHaveAttribute('data-state', 'showing');
  await expect(card.getByTestId('notice-card-text')).toContainText('储蓄国债');
  await lead.screenshot({ path: `${SHOTS}/lead-notices-zh-CN.png` });

  // As the hub stored it: by the signed-in lead, the picture with it.
  const active = await read(hub.url, '/api/v1/notices/active');
  const stored = active.notices.find((n: { text: { en: string } }) => n.text.en.startsWith('Savings bonds'));
  expect(stored).toMatchObject({ origin: 'branch', publishedBy: 's-9001' });
  // An 800x450 PNG is over the limit: the panel sent it scaled down as a JPEG.
  expect(stored.image).toMatch(/^data:image\/(png|jpeg);base64,/);

  const hall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await hall.goto(`${hub.url}/hall`);
  await expect(hall.locator(`[data-testid="hall-notice"][data-notice-id="${stored.id}"]`)).toBeVisible({ timeout: 30_000 });
  await expect(hall.getByTestId('hall-notice-image')).toBeVisible();

  // Withdrawn at the lead station, it is gone from the hall at its next look.
  lead.once('dialog', (d) => void d.accept());
  await card.getByTestId('notice-withdraw').click();
  await expect(panel.locator(`[data-notice-id="${stored.id}"]`)).toHaveAttribute('data-state', 'withdrawn');
  await hall.reload();
  await expect(hall.getByTestId('hall-history-row').first()).toBeVisible();
  await expect(hall.locator(`[data-notice-id="${stored.id}"]`)).toHaveCount(0);
  await hall.close();
  await lead.close();
});

test('the hall rolls notices beside the calls, covering neither the calls nor the voice banner', async ({ browser }) => {
  const lead = await asLead(hub.url);
  const schedule = { from: '2000-01-01', to: '2099-12-31', days: [0, 1, 2, 3, 4, 5, 6] };
  const drawer = await browser.newPage();
  const image = `data:image/jpeg;base64,${(await poster(drawer, 'image/jpeg')).toString('base64')}`;
  await drawer.close();
  const first = await ok(hub.url, 'POST', '/api/v1/notices', { creds: lead, body: { text: { 'zh-CN': '储蓄国债（电子式）12 月 10 日起发售，详询理财窗口。', 'zh-TW': '儲蓄國債（電子式）12 月 10 日起發售，詳詢理財窗口。', en: 'Savings bonds on sale from 10 December; ask at the wealth window.' }, image, schedule } });
  const second = await ok(hub.url, 'POST', '/api/v1/notices', { creds: lead, body: { text: { 'zh-CN': '元旦假期（1 月 1 日）暂停营业，自助设备照常服务。', en: 'Closed on 1 January; the self-service machines stay open.' }, schedule } });

  for (const lang of ['zh-CN', 'en'] as const) {
    const hall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await refuseSound(hall);
    await hall.goto(`${hub.url}/hall?lang=${lang}`);
    const strip = hall.getByTestId('hall-notices');
    await expect(strip).toHaveAttribute('data-count', '2');
    // The newest first; it rolls to the other after a while.
    await expect(hall.getByTestId('hall-notice')).toHaveAttribute('data-notice-id', second.notice.id);
    await expect(hall.getByTestId('enable-audio')).toBeVisible();
    await expect(hall.getByTestId('hall-history-row').first()).toBeVisible();
    await expect(hall.getByTestId('hall-notice')).toHaveAttribute('data-notice-id', first.notice.id, { timeout: 15_000 });
    await expect(hall.getByTestId('hall-notice-image')).toBeVisible();
    await expect(hall.getByTestId('hall-notice-text')).toContainText(lang === 'en' ? 'Savings bonds' : '储蓄国债');
    // The calls stay the main thing: the notices lie over none of them, nor the voice banner.
    const s = await box(strip);
    for (const other of [hall.getByTestId('hall-current-call'), hall.locator('.hall__history'), hall.getByTestId('enable-audio'), hall.getByTestId('hall-waiting')]) {
      expect(overlaps(s, await box(other)), 'the notices cover nothing').toBe(false);
    }
    expect((await box(hall.getByTestId('hall-current-call'))).width, 'the call keeps the widest column').toBeGreaterThan(s.width);
    const number = await box(hall.getByTestId('hall-current-number'));
    const current = await box(hall.getByTestId('hall-current-call'));
    expect(number.x + number.width, 'the number fits its panel').toBeLessThanOrEqual(current.x + current.width);
    const window = await box(hall.getByTestId('hall-current-window'));
    expect(window.x, 'the window to go to fits its panel').toBeGreaterThanOrEqual(current.x);
    expect(window.x + window.width, 'the window to go to fits its panel').toBeLessThanOrEqual(current.x + current.width);
    const list = await box(hall.locator('.hall__history-list'));
    for (const row of await hall.getByTestId('hall-history-row').all()) {
      const r = await box(row);
      expect(r.y + r.height, 'a history row ends inside its list').toBeLessThanOrEqual(list.y + list.height + 1);
    }
    // The forecast under the waiting count, only where the hub gives a number.
    const forecast = await read(hub.url, '/api/v1/figures/expected-wait');
    const a = forecast.services.find((x: { service: string }) => x.service === 'A');
    if (a?.expectedWaitSeconds != null) await expect(hall.getByTestId('hall-expected-A')).toContainText(lang === 'en' ? 'about' : '预计约');
    await hall.screenshot({ path: `${SHOTS}/hall-notice-${lang}.png` });
    await hall.close();
  }

  for (const n of [first, second]) await ok(hub.url, 'POST', `/api/v1/notices/${n.notice.id}/withdraw`, { creds: lead, body: { version: 1 } });
  const hall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await hall.goto(`${hub.url}/hall`);
  await expect(hall.getByTestId('hall-history-row').first()).toBeVisible();
  await expect(hall.getByTestId('hall-notices')).toHaveCount(0);
  await hall.close();
});

for (const lang of ['zh-CN', 'en'] as const) {
  test(`the kiosk ticket says the expected wait (${lang}), and the printed ticket too`, async ({ browser }) => {
    const forecast = await read(hub.url, '/api/v1/figures/expected-wait');
    const a = forecast.services.find((x: { service: string }) => x.service === 'A');
    expect(a?.expectedWaitSeconds, 'window 3 is open and busy with people waiting: the forecast has a number').toEqual(expect.any(Number));
    const kiosk = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    await kiosk.goto(`${hub.url}/kiosk?lang=${lang}`);
    await kiosk.getByTestId('kiosk-service-A').click();
    const expected = kiosk.getByTestId('kiosk-ticket-expected');
    await expect(expected).toBeVisible();
    const minutes = Number(await expected.getAttribute('data-minutes'));
    expect(minutes).toBeGreaterThanOrEqual(1);
    // The number the hub forecast before the ticket was taken, in whole minutes.
    expect(minutes).toBe(Math.max(1, Math.round(a.expectedWaitSeconds / 60)));
    await expect(expected).toContainText(lang === 'en' ? `about ${minutes} min` : `预计等候约 ${minutes} 分钟`);
    await kiosk.screenshot({ path: `${SHOTS}/kiosk-ticket-${lang}.png` });
    const id = await kiosk.getByTestId('kiosk-ticket').getAttribute('data-ticket-id');
    await kiosk.close();

    const paper = await browser.newPage({ viewport: { width: 400, height: 900 } });
    await paper.goto(`${hub.url}/ticket/${id}?paper=80&wait=${minutes}`);
    await expect(paper.getByTestId('ticket-expected')).toContainText(`预计等候约 ${minutes} 分钟`);
    await expect(paper.getByTestId('ticket-expected')).toContainText(`about ${minutes} min`);
    await paper.screenshot({ path: `${SHOTS}/printed-ticket-${lang}.png` });
    await paper.close();
  });
}

test('a priority ticket gets no forecast: the service’s would overstate its wait', async ({ browser }) => {
  const kiosk = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  await kiosk.goto(`${hub.url}/kiosk`);
  await kiosk.getByTestId('kiosk-priority-elderly').click();
  await kiosk.getByTestId('kiosk-service-A').click();
  await expect(kiosk.getByTestId('kiosk-ticket-number')).toBeVisible();
  await expect(kiosk.getByTestId('kiosk-ticket-expected')).toHaveCount(0);
  await kiosk.close();
});
