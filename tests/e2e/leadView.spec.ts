import { expect, test } from './support/test.js';
import type { Browser, Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { messages } from '../../shared/i18n/resources/index.js';
import { asTeller, call, issueTicket } from './support/hubApi.js';
import type { Creds } from './support/hubApi.js';
import { HubProcess } from './support/hubProcess.js';
import { screenshot } from './support/screens.js';
import { openLead } from './support/signIn.js';

/*
 * The lead's management view (issue 14) over a day played through the hub's API: tickets issued,
 * served at windows 1 and 2, one no-show, some still waiting. The lead sees the day's figures on
 * the live board, the tickets, the day and month reports; exports a table and the file opens;
 * every tab in the three languages at 1920x1080 with nothing cut or running off the screen
 * (screenshots in artifacts/screenshots/leadView-*.png).
 */

const LANGS = ['zh-CN', 'zh-TW', 'en'] as const;
const VIEW = { width: 1920, height: 1080 };
const TABS = ['board', 'tickets', 'alerts', 'evaluation', 'notices', 'day', 'month'] as const;

let hub: HubProcess;
let key = 0;
/** What the day holds once played. */
const played = { servedAt1: 0, servedAt2: 0, noShows: 0, waiting: 0, firstServed: '' };

async function act(teller: Creds, n: number, action: string): Promise<any> {
  const answer = await call(hub.url, 'POST', `/api/v1/counters/${n}/${action}`, { creds: teller, body: {}, headers: { 'Idempotency-Key': `lead-view-${key++}` } });
  expect(answer.status, `${action} at window ${n}: ${JSON.stringify(answer.json)}`).toBe(200);
  return answer.json;
}

test.beforeAll(async () => {
  hub = await HubProcess.start();
  for (const service of ['A', 'A', 'B', 'A', 'B', 'A', 'A', 'B', 'A']) await issueTicket(hub.url, { service });
  const at1 = await asTeller(hub.url, 1);
  const at2 = await asTeller(hub.url, 2);
  // Waits of a couple of seconds, handling of a second or so: real time, small numbers.
  await new Promise((r) => setTimeout(r, 1500));
  for (let i = 0; i < 3; i++) {
    const called = await act(at1, 1, 'call-next');
    played.firstServed ||= called.ticket?.number ?? '';
    await act(at1, 1, 'start');
    await new Promise((r) => setTimeout(r, 600));
    await act(at1, 1, 'finish');
    played.servedAt1++;
  }
  for (let i = 0; i < 2; i++) {
    await act(at2, 2, 'call-next');
    await act(at2, 2, 'start');
    await act(at2, 2, 'finish');
    played.servedAt2++;
  }
  // A no-show after the recalls the rules ask for first.
  await act(at2, 2, 'call-next');
  await act(at2, 2, 'recall');
  await act(at2, 2, 'recall');
  await new Promise((r) => setTimeout(r, 31_000));
  await act(at2, 2, 'no-show');
  played.noShows = 1;
  played.waiting = 9 - played.servedAt1 - played.servedAt2 - played.noShows;
});
test.afterAll(async () => hub.stop());

async function leadPage(browser: Browser, lang: string, path = '/lead'): Promise<Page> {
  const context = await browser.newContext({ locale: lang, viewport: VIEW, acceptDownloads: true });
  const page = await context.newPage();
  await openLead(page, hub.url, `${path}?lang=${lang}`);
  return page;
}

/** Nothing wider than the screen, and no table header or tab cut inside its box. */
async function expectNothingCut(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth), 'no sideways scrolling').toBeLessThanOrEqual(VIEW.width);
  const cut = await page.locator('th, .lead-station__tab, .figures-tile dt, .figures-table__head h3, .button').evaluateAll((els) =>
    els.filter((e) => (e as HTMLElement).offsetParent !== null && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)).map((e) => e.textContent),
  );
  expect(cut, 'no cut labels').toEqual([]);
}

test('the lead sees the day played: live queues and staff, the tickets, the day and month reports', async ({ browser }) => {
  const page = await leadPage(browser, 'zh-CN');
  const zh = messages['zh-CN'].figures;

  // Live: the snapshot's waiting count, the hub's average wait so far and today's staff.
  await expect(page.getByTestId('lead-total-waiting')).toHaveText(String(played.waiting));
  await expect(page.getByTestId('lead-queue-average-A')).not.toHaveText('–', { timeout: 20_000 });
  const staff = page.getByTestId('figures-table-staff');
  await expect(staff.locator('tr[data-row="s-1001"] td[data-col="served"]')).toHaveText(String(played.servedAt1));
  await expect(staff.locator('tr[data-row="s-1002"] td[data-col="served"]')).toHaveText(String(played.servedAt2));
  await expect(staff.locator('tr[data-row="s-1002"] td[data-col="noShows"]')).toHaveText('1');

  // Tickets: the waiting ones, searchable; a number opens its service record.
  await page.getByTestId('lead-tab-tickets').click();
  await expect(page.locator('[data-testid="lead-tickets-current"] tbody tr[data-status="waiting"]')).toHaveCount(played.waiting);
  const first = await page.locator('[data-testid="lead-tickets-current"] tbody tr[data-status="waiting"]').first().getAttribute('data-testid');
  const number = first!.replace('lead-ticket-', '');
  await page.getByTestId('lead-tickets-search').fill(number.toLowerCase());
  await expect(page.locator('[data-testid="lead-tickets-current"] tbody tr[data-status]')).toHaveCount(1);
  await page.getByTestId(`lead-ticket-record-${number}`).click();
  await expect(page).toHaveURL(/\/lead\/services\//);
  await page.goBack();

  // The day: what was played, per service and per teller.
  await page.getByTestId('lead-tab-day').click();
  const totals = page.getByTestId('figures-day-totals');
  await expect(totals.locator('[data-figure="served"] dd')).toHaveText(String(played.servedAt1 + played.servedAt2));
  await expect(totals.locator('[data-figure="arrivals"] dd')).toHaveText('9');
  await expect(totals.locator('[data-figure="noShows"] dd')).toHaveText('1');
  await expect(page.locator('[data-testid="figures-table-tellers"] tr[data-row="s-1001"] td[data-col="served"]')).toHaveText(String(played.servedAt1));
  await expect(page.getByTestId('figures-day-slots-chart').locator('svg')).toBeVisible();
  await expect(page.getByTestId('figures-day-wait-chart').locator('svg')).toBeVisible();
  const arrivalsA = await page.locator('[data-testid="figures-table-services"] tr[data-row="A"] td[data-col="arrivals"]').textContent();
  expect(arrivalsA).toBe('6');

  // Exported, the table opens with the screen's headers and the same figures.
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('figures-export-tellers-xlsx').click()]);
  expect(xlsx.suggestedFilename()).toMatch(/-tellers\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await xlsx.path());
  const sheet = book.worksheets[0]!;
  expect(sheet.getRow(1).getCell(1).value).toBe(zh.col.teller);
  expect(sheet.getRow(1).getCell(2).value).toBe(zh.col.served);
  const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) => sheet.getRow(i + 2));
  const wang = rows.find((r) => r.getCell(1).value === '王丽');
  expect(wang?.getCell(2).value).toBe(played.servedAt1);

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('figures-export-services-csv').click()]);
  const text = readFileSync(await csv.path(), 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const table = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
  expect(table[0]![0]).toBe(zh.col.service);
  expect(table.find((r) => r[0]!.startsWith('A '))?.[1]).toBe('6');

  // Printed (the print window's "Save as PDF" is the PDF): the report without the station's controls.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.figures-toolbar')).toBeHidden();
  await expect(page.locator('.lead-station__tabs')).toBeHidden();
  await expect(page.getByTestId('figures-day-totals')).toBeVisible();
  await screenshot(page, 'leadView-day-print-zh-CN');
  await page.emulateMedia({ media: 'screen' });

  // The month holds today.
  await page.getByTestId('lead-tab-month').click();
  await expect(page.locator('[data-testid="figures-table-days"] tbody tr[data-row]')).toHaveCount(1);
  await expect(page.getByTestId('figures-month-totals').locator('[data-figure="served"] dd')).toHaveText(String(played.servedAt1 + played.servedAt2));
  await page.context().close();
});

for (const lang of LANGS) {
  test(`every tab of the lead station fits 1920x1080 in ${lang}`, async ({ browser }) => {
    const page = await leadPage(browser, lang);
    for (const tab of TABS) {
      await page.getByTestId(`lead-tab-${tab}`).click();
      await expect(page.locator('main[data-testid="lead"]')).toHaveAttribute('data-page', tab);
      if (tab === 'board') await expect(page.getByTestId('lead-queue-average-A')).not.toHaveText('–', { timeout: 20_000 });
      if (tab === 'day') await expect(page.getByTestId('figures-day-slots-chart').locator('svg')).toBeVisible();
      if (tab === 'month') await expect(page.getByTestId('figures-month-chart').locator('svg')).toBeVisible();
      await expectNothingCut(page);
      await screenshot(page, `leadView-${tab}-${lang}`, { viewport: true });
      await screenshot(page, `leadView-${tab}-${lang}-full`);
    }
    await page.context().close();
  });
}
