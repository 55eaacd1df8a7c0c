// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { HubReportList } from '../../shared/hq/branchReports.js';
import { deriveFigures, complaintFigures } from '../../shared/hq/derive.js';
import { zeroSums } from '../../shared/hq/sums.js';
import type { Lang } from '../../shared/i18n/localized.js';
import { messages } from '../../shared/i18n/resources/index.js';
import { i18n, initI18n } from '../i18n/index.js';
import { setPlatformForTests } from '../platform/index.js';
import { setDeviceToken, setSessionToken } from '../api/credentials.js';
import { DEVICE_HEADER } from '../../shared/access/credentials.js';
import { LeadHqReports } from './LeadHqReports.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const file = (format: 'pdf' | 'xlsx', lang: Lang, here: boolean) => ({ format, lang, bytes: 40_000, generatedAt: '2026-04-01T16:30:00.000Z', here });
const month = (m: string, over: Record<string, unknown> = {}) => ({
  month: m,
  timeZone: 'Asia/Shanghai',
  generatedAt: '2026-04-01T16:30:00.000Z',
  score: 96.4,
  passMark: 95,
  passed: true,
  rank: 2,
  of: 12,
  figures: deriveFigures({ ...zeroSums(), arrivals: 1234, served: 1200, waitCount: 1200, waitSecondsSum: 1200 * 300, waitWithinTarget: 1080, rated: 100, satisfied: 97 }),
  complaints: complaintFigures({ received: 3, upheld: 1, overdue: 0, callbackRequired: 0, calledBack: 0 }),
  tellers: [{ staffId: 's-1001', name: { 'zh-CN': '王丽', 'zh-TW': '王麗', en: 'Wang Li' }, rank: 1, score: 98.2, stars: 3 }],
  files: [file('pdf', 'zh-CN', true), file('xlsx', 'zh-CN', true)],
  ...over,
});
const list = HubReportList.parse({ reports: [month('2026-03'), month('2026-02', { score: 90, passed: false, rank: null, of: 0, files: [file('pdf', 'en', false)] })] });

let requests: Array<{ path: string; headers: Record<string, string> }> = [];
let answer: (path: string) => Response;
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
let root: Root | null = null;
let container: HTMLElement;
const q = (id: string) => container.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const settle = () => act(async () => void (await new Promise((r) => setTimeout(r, 30))));

async function render(lang: Lang): Promise<void> {
  await act(async () => void (await i18n.changeLanguage(lang)));
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  await act(async () => root?.render(<I18nextProvider i18n={i18n}><LeadHqReports /></I18nextProvider>));
  await settle();
}

beforeAll(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const u = new URL(url);
      requests.push({ path: u.pathname + u.search, headers: (init?.headers ?? {}) as Record<string, string> });
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
  answer = (path) => (path === '/api/v1/hq-reports' ? json(list) : json({ error: { code: 'not_found', message: 'no' } }, 404));
});
afterEach(() => {
  act(() => root?.unmount());
  root = null;
  container?.remove();
});

describe("the lead's list of head office's monthly reports", () => {
  it("shows each month's score against the pass mark, the rank and the figures, in the screen's language", async () => {
    await render('zh-CN');
    const rows = Array.from(container.querySelectorAll('[data-testid="lead-hqr-row"]'));
    expect(rows.map((r) => r.getAttribute('data-month'))).toEqual(['2026-03', '2026-02']);
    const march = rows[0]!.textContent!;
    for (const text of ['2026年3月', '96.4', '达标', '及格线 95 分', '第 2 名 / 共 12 个', '1,234', '5:00', '90.0%', '97.0%', '3 件，成立 1 件', '打开 PDF', '已存于本机']) expect(march).toContain(text);
    // Made 16:30 UTC on 1 April: 00:30 on 2 April in the branch's zone.
    expect(march).toMatch(/00:30/);
    const feb = rows[1]!.textContent!;
    expect(feb).toContain('未达标');
    expect(feb).toContain('未排名');
    // Only an English PDF was sent for February, not fetched yet: the button says which language, the note that it is not here.
    expect(feb).toContain('英文版');
    expect(feb).toContain('尚未从总行取回');
    expect(q('lead-hqr-xlsx-2026-02')).toBeNull();
  });

  it('opens the PDF the hub keeps, asked with the station\'s credentials, in the screen\'s language when there is one', async () => {
    const opened: string[] = [];
    URL.createObjectURL = vi.fn(() => 'blob:report');
    URL.revokeObjectURL = vi.fn();
    vi.stubGlobal('open', vi.fn((u: string) => (opened.push(u), {} as Window)));
    answer = (path) => (path.startsWith('/api/v1/hq-reports/') ? new Response(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]), { headers: { 'content-type': 'application/pdf' } }) : json(list));
    setDeviceToken('lead-device-token');
    setSessionToken('lead-session-token');
    await render('en');
    await act(async () => q('lead-hqr-pdf-2026-03')!.click());
    await settle();
    setDeviceToken(null);
    setSessionToken(null);
    expect(requests.find((r) => r.path.includes('/pdf'))?.headers).toMatchObject({ [DEVICE_HEADER]: 'lead-device-token', authorization: 'Bearer lead-session-token' });
    // No English file of March: the Simplified Chinese one, said on the button.
    expect(requests.map((r) => r.path)).toContain('/api/v1/hq-reports/2026-03/pdf?lang=zh-CN');
    expect(q('lead-hqr-pdf-2026-03')!.textContent).toContain('Simplified Chinese');
    expect(opened).toEqual(['blob:report']);
  });

  it('says why a report cannot open when the hub has not fetched it and head office is out of reach', async () => {
    answer = (path) => (path.startsWith('/api/v1/hq-reports/') ? json({ error: { code: 'not_found', message: 'x', reason: 'report_not_fetched' } }, 404) : json(list));
    await render('zh-TW');
    await act(async () => q('lead-hqr-pdf-2026-02')!.click());
    await settle();
    expect(q('lead-hqr-failure')!.textContent).toBe(messages['zh-TW'].hqReports.notFetched);
  });

  it('says so when head office has sent nothing yet', async () => {
    answer = () => json({ reports: [] });
    await render('en');
    expect(q('lead-hqr-none')!.textContent).toBe(messages.en.hqReports.none);
  });
});
