// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { demoBranch } from '../../shared/config/demoBranch.js';
import type { Lang } from '../../shared/i18n/localized.js';
import { messages } from '../../shared/i18n/resources/index.js';
import { i18n, initI18n } from '../i18n/index.js';
import { setPlatformForTests } from '../platform/index.js';
import { DayFigures } from './DayFigures.js';
import { dayFixture, monthFixture } from './figureFixtures.testing.js';
import { FigureTableView } from './FigureTableView.js';
import { MonthFigures } from './MonthFigures.js';
import { daysOfMonth, monthChart, slotLabelShown } from './charts.js';
import { hms, tablesToXlsx, tableToCsv } from './exportTable.js';
import { servicesTable, tellersTable } from './tables.js';
import type { TableContext } from './tables.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const config = demoBranch('2025-01-06');
const zh = messages['zh-CN'].figures;
const en = messages.en.figures;

let requests: string[] = [];
let answer: (path: string) => Response = () => new Response('{}', { status: 404 });
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

let root: Root | null = null;
let container: HTMLElement;
const q = (id: string) => container.querySelector<HTMLElement>(`[data-testid="${id}"]`);

async function settle(ms = 30): Promise<void> {
  await act(async () => {
    await new Promise((r) => setTimeout(r, ms));
  });
}

async function render(node: ReactNode, lang: Lang = 'zh-CN'): Promise<void> {
  await act(async () => {
    await i18n.changeLanguage(lang);
  });
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  await act(async () => {
    root?.render(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>);
  });
  await settle();
}

function ctx(lang: Lang): TableContext {
  return { t: i18n.getFixedT(lang), lang, local: (l) => (lang === 'en' ? l.en : l[lang]) ?? l['zh-CN'], config };
}

/** The text of each cell of a table's row, by column id. */
function rowCells(tableName: string, key: string): Record<string, string> {
  const row = container.querySelector(`[data-testid="figures-table-${tableName}"] tr[data-row="${key}"]`);
  expect(row, `row ${key} of ${tableName}`).not.toBeNull();
  return Object.fromEntries(Array.from(row!.querySelectorAll('td'), (td) => [td.getAttribute('data-col'), td.textContent ?? '']));
}

/** exceljs reads a cell with a time format back as a Date from Excel's epoch: the seconds it holds. */
function durationSeconds(value: unknown): number {
  const serial = value instanceof Date ? (value.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000 : Number(value);
  return Math.round(serial * 86_400);
}

const headers = (tableName: string) => Array.from(container.querySelectorAll(`[data-testid="figures-table-${tableName}"] th`), (th) => th.textContent);

beforeAll(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      const u = new URL(url);
      requests.push(u.pathname + u.search);
      return answer(u.pathname + u.search);
    }),
  );
  setPlatformForTests({ kind: 'browser', host: { invoke: (() => Promise.reject(new Error('no host'))) as never }, hubUrl: () => Promise.resolve('http://hub.test') });
  initI18n('zh-CN');
});
afterAll(() => {
  vi.unstubAllGlobals();
  setPlatformForTests(null);
});
beforeEach(() => {
  requests = [];
  answer = (path) => (path.startsWith('/api/v1/figures/day') ? json(dayFixture) : path.startsWith('/api/v1/figures/month') ? json(monthFixture) : json({ error: { code: 'not_found', message: 'no' } }, 404));
});
afterEach(() => {
  act(() => root?.unmount());
  root = null;
  container?.remove();
});

describe('the figures tables', () => {
  it('show each service against its targets, in Chinese: lengths as m:ss, shares as percentages, nothing measured as a dash', async () => {
    await render(<FigureTableView table={servicesTable(ctx('zh-CN'), dayFixture.services)} fileStem="t" />);
    expect(headers('services')).toEqual([zh.col.service, zh.col.arrivals, zh.col.served, zh.col.noShows, zh.col.transfers, zh.col.averageWait, zh.col.targetWait, zh.col.waitWithinTarget, zh.col.averageHandling, zh.col.targetHandling]);
    const a = rowCells('services', 'A');
    expect(a).toMatchObject({ service: 'A 个人业务', arrivals: '70', served: '63', noShows: '3', averageWait: '20:00', targetWait: '15 分钟', waitWithinTarget: '50.0%', averageHandling: '12:30' });
    const b = rowCells('services', 'B');
    expect(b).toMatchObject({ averageWait: '5:00', waitWithinTarget: '100.0%' });
    // V served nobody: no average, no share (not 0:00, not 0%).
    expect(rowCells('services', 'V')).toMatchObject({ averageWait: '–', waitWithinTarget: '–', averageHandling: '–' });
    // Over the target is marked; within it is not.
    const cell = (key: string, col: string) => container.querySelector(`[data-testid="figures-table-services"] tr[data-row="${key}"] td[data-col="${col}"]`)!;
    expect(cell('A', 'averageWait').getAttribute('data-level')).toBe('alert');
    expect(cell('B', 'averageWait').getAttribute('data-level')).toBe('ok');
  });

  it('show each teller’s day in English with the English headers', async () => {
    await render(<FigureTableView table={tellersTable(ctx('en'), dayFixture.tellers)} fileStem="t" />, 'en');
    expect(headers('tellers')).toEqual([en.col.teller, en.col.served, en.col.averageHandling, en.col.noShows, en.col.transfers, en.col.pauses, en.col.pauseTime, en.col.rated, en.col.satisfaction, en.col.greetingRate, en.col.farewellRate]);
    expect(rowCells('tellers', 's-1001')).toEqual({ teller: 'Wang Li', served: '60', averageHandling: '7:00', noShows: '2', transfers: '1', pauses: '2', pauseTime: '20:50', rated: '40', satisfaction: '95.0%', greetingRate: '90.0%', farewellRate: '85.0%' });
    expect(rowCells('tellers', 's-1002')).toMatchObject({ rated: '0', satisfaction: '–', greetingRate: '–' });
  });
});

describe('the exports', () => {
  it('CSV: a UTF-8 BOM, the screen’s headers, numbers a spreadsheet reads back', () => {
    const csv = tableToCsv(servicesTable(ctx('zh-CN'), dayFixture.services));
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const parsed = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const [head, a, , v] = parsed.data;
    expect(head).toEqual([zh.col.service, zh.col.arrivals, zh.col.served, zh.col.noShows, zh.col.transfers, zh.col.averageWait, zh.col.targetWait, zh.col.waitWithinTarget, zh.col.averageHandling, zh.col.targetHandling]);
    expect(a).toEqual(['A 个人业务', '70', '63', '3', '2', '0:20:00', '0:15:00', '50.0%', '0:12:30', '0:08:00']);
    expect(v!.slice(5, 9)).toEqual(['', '0:10:00', '', '']);
  });

  it('XLSX: one sheet per table, headers in the language, counts as numbers, lengths as durations, shares as percentages', async () => {
    const c = ctx('zh-TW');
    const bytes = await tablesToXlsx([servicesTable(c, dayFixture.services), tellersTable(c, dayFixture.tellers)]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes);
    expect(book.worksheets.map((s) => s.name)).toEqual([messages['zh-TW'].figures.tables.services, messages['zh-TW'].figures.tables.tellers]);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe(messages['zh-TW'].figures.col.service);
    expect(sheet.getRow(2).getCell(1).value).toBe('A 個人業務');
    expect(sheet.getRow(2).getCell(2).value).toBe(70);
    const wait = sheet.getRow(2).getCell(6);
    expect(durationSeconds(wait.value)).toBe(1200);
    expect(wait.numFmt).toBe('[h]:mm:ss');
    const share = sheet.getRow(2).getCell(8);
    expect(share.value).toBeCloseTo(0.5, 9);
    expect(share.numFmt).toBe('0.0%');
    // Nothing measured stays an empty cell, not a zero.
    expect(sheet.getRow(4).getCell(6).value).toBeNull();
    expect(sheet.rowCount).toBe(4);
  });

  it('hms writes lengths as h:mm:ss', () => {
    expect(hms(0)).toBe('0:00:00');
    expect(hms(754)).toBe('0:12:34');
    expect(hms(3725)).toBe('1:02:05');
  });
});

describe('the day and month reports', () => {
  let downloads: Array<{ name: string; blob: Blob }> = [];
  beforeEach(() => {
    downloads = [];
    const blobs = new Map<string, Blob>();
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      const url = `blob:test/${blobs.size}`;
      blobs.set(url, blob as Blob);
      return url;
    });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push({ name: this.download, blob: blobs.get(this.href)! });
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it('the day: today by default, the totals, the tables; another day by the picker', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: config.hours.timezone }).format(new Date());
    await render(<DayFigures config={config} />);
    expect(requests).toEqual([`/api/v1/figures/day?day=${today}`]);
    expect(q('figures-day-totals')?.querySelector('[data-figure="served"] dd')?.textContent).toBe('104');
    expect(q('figures-day-totals')?.querySelector('[data-figure="averageWait"] dd')?.textContent).toBe('8:20');
    expect(rowCells('services', 'A').averageWait).toBe('20:00');
    expect(rowCells('tellers', 's-1001').served).toBe('60');
    // The slots table keeps the working part of the day: 09:00 to 16:45.
    const slots = Array.from(container.querySelectorAll('[data-testid="figures-table-slots"] tbody tr'), (r) => r.getAttribute('data-row'));
    expect(slots[0]).toBe('09:00');
    expect(slots.at(-1)).toBe('16:45');
    expect(q('figures-day-slots-chart')).not.toBeNull();
    expect(q('figures-day-wait-chart')).not.toBeNull();

    await act(async () => q('figures-day-prev')!.click());
    await settle();
    expect(requests.at(-1)).toMatch(/^\/api\/v1\/figures\/day\?day=\d{4}-\d{2}-\d{2}$/);
    expect(requests.at(-1)).not.toBe(`/api/v1/figures/day?day=${today}`);
    // Nothing after today.
    expect((q('figures-day-today') as HTMLButtonElement).disabled).toBe(false);
  });

  it('the hub’s refusal shows in the screen’s words, not the hub’s English', async () => {
    answer = () => json({ error: { code: 'forbidden', message: 'not for you', reason: 'role_not_allowed' } }, 403);
    await render(<DayFigures config={config} />);
    const error = q('figures-error')?.textContent ?? '';
    expect(error.startsWith(zh.error.replace('{{message}}', ''))).toBe(true);
    expect(error).not.toContain('not for you');
  });

  it('a table exported from the screen downloads an XLSX and a CSV that open with the cells shown', async () => {
    await render(<DayFigures config={config} />, 'en');
    await act(async () => q('figures-export-tellers-xlsx')!.click());
    for (let i = 0; i < 50 && downloads.length === 0; i++) await settle(20);
    expect(downloads[0]!.name).toMatch(/^demo-001-day-2025-01-06-tellers\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await downloads[0]!.blob.arrayBuffer());
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...['teller', 'served', 'averageHandling', 'noShows', 'transfers', 'pauses', 'pauseTime', 'rated', 'satisfaction', 'greetingRate', 'farewellRate'].map((k) => en.col[k as keyof typeof en.col])]);
    expect(sheet.getRow(2).getCell(1).value).toBe('Wang Li');
    expect(sheet.getRow(2).getCell(2).value).toBe(60);

    await act(async () => q('figures-export-services-csv')!.click());
    expect(downloads[1]!.name).toBe('demo-001-day-2025-01-06-services.csv');
    const text = await downloads[1]!.blob.text();
    const rows = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(rows[0]![0]).toBe(en.col.service);
    expect(rows[1]!.slice(0, 3)).toEqual(['A Personal Banking', '70', '63']);
  });

  it('the month: the days, per service and teller; the whole report in one workbook', async () => {
    await render(<MonthFigures config={config} />, 'en');
    expect(requests[0]).toMatch(/^\/api\/v1\/figures\/month\?month=\d{4}-\d{2}$/);
    expect(rowCells('days', '2025-01-06')).toMatchObject({ day: 'Mon 6 January', served: '104', satisfaction: '95.0%' });
    expect(rowCells('days', '2025-01-03').satisfaction).toBe('–');
    await act(async () => q('figures-month-export-all-xlsx')!.click());
    for (let i = 0; i < 50 && downloads.length === 0; i++) await settle(20);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await downloads[0]!.blob.arrayBuffer());
    expect(book.worksheets.map((s) => s.name)).toEqual([en.tables.days, en.tables.services, en.tables.tellers]);
  });
});

describe('the slots chart', () => {
  const slotsFrom = (first: string, n: number) => {
    const [h, m] = first.split(':').map(Number) as [number, number];
    return Array.from({ length: n }, (_, i) => {
      const at = h * 60 + m + 15 * i;
      return `${String(Math.floor(at / 60)).padStart(2, '0')}:${String(at % 60).padStart(2, '0')}`;
    });
  };
  const named = (slots: string[]) => slots.filter((s, i) => slotLabelShown(slots.length)(i, s));

  it('names every slot of a short morning, and only the hours of a long day, whichever slot it starts in', () => {
    expect(named(slotsFrom('09:00', 3))).toEqual(['09:00', '09:15', '09:30']);
    expect(named(slotsFrom('08:45', 12))).toEqual(['09:00', '10:00', '11:00']);
  });
});

describe('the month chart', () => {
  it('runs over every day of the month, the days worked in their place', () => {
    expect(daysOfMonth('2026-02')).toHaveLength(28);
    expect(daysOfMonth('2028-02').at(-1)).toBe('2028-02-29');
    const option = monthChart(i18n.t.bind(i18n), 'en', '2025-01', monthFixture.days) as { xAxis: { data: string[] }; series: Array<{ data: Array<number | null> }> };
    expect(option.xAxis.data).toHaveLength(31);
    const sixth = monthFixture.days.find((d) => d.day === '2025-01-06')!;
    expect(option.series[0]!.data[5]).toBe(sixth.arrivals);
    expect(option.series[0]!.data[0]).toBeNull();
  });
});
