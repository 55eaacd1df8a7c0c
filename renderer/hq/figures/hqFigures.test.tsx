// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HqSummary } from '../../../shared/hq/summary.js';
import type { Lang } from '../../../shared/i18n/localized.js';
import { i18n, initI18n } from '../../i18n/index.js';
import { setPlatformForTests } from '../../platform/index.js';
import { HqConsole } from '../HqConsole.js';
import { branchState } from './branchState.js';
import { FiguresPanel } from './FiguresPanel.js';
import { branchRankings, configBranches, networkMonth, pudongMonth, reportList, tellerRankings } from './hqFixtures.testing.js';
import { RankingsPanel } from './RankingsPanel.js';
import { ReportsPanel } from './ReportsPanel.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let requests: Array<{ path: string; method: string; auth: string | null }> = [];
let answer: (path: string, method: string) => Response;
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

let root: Root | null = null;
let container: HTMLElement;
const q = (id: string) => container.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const all = (id: string) => Array.from(container.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));

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

function cells(table: string, key: string): Record<string, string> {
  const row = container.querySelector(`[data-testid="hqf-table-${table}"] tr[data-row="${key}"]`);
  expect(row, `row ${key} of ${table}`).not.toBeNull();
  return Object.fromEntries(Array.from(row!.querySelectorAll('td'), (td) => [td.getAttribute('data-col'), td.textContent ?? '']));
}

beforeAll(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const u = new URL(url);
      const headers = new Headers(init?.headers);
      requests.push({ path: u.pathname + u.search, method: init?.method ?? 'GET', auth: headers.get('authorization') });
      return answer(u.pathname + u.search, init?.method ?? 'GET');
    }),
  );
  setPlatformForTests({ kind: 'browser', host: { invoke: (() => Promise.reject(new Error('no host'))) as never }, hubUrl: () => Promise.resolve('http://hq.test') });
  initI18n('zh-CN');
});
afterAll(() => {
  vi.unstubAllGlobals();
  setPlatformForTests(null);
});
beforeEach(() => {
  requests = [];
  answer = (path) => {
    if (path.startsWith('/api/v1/hq/figures?') && path.includes('branch=sh-pudong')) return json(pudongMonth);
    if (path.startsWith('/api/v1/hq/figures?')) return json(networkMonth);
    if (path.startsWith('/api/v1/hq/rankings?') && path.includes('of=tellers')) return json(tellerRankings);
    if (path.startsWith('/api/v1/hq/rankings?')) return json(branchRankings);
    if (path.startsWith('/api/v1/hq/config/branches')) return json(configBranches);
    if (path.startsWith('/api/v1/hq/reports?')) return json(reportList);
    return json({ error: { code: 'not_found', message: 'no' } }, 404);
  };
});
afterEach(() => {
  act(() => root?.unmount());
  root = null;
  container?.remove();
});

describe('figures tab', () => {
  it('opens on last month of the whole network with every branch by name and its figures', async () => {
    await render(<FiguresPanel token="admin-token-0123456789" />);
    const now = new Date();
    const last = new Date(now.getFullYear(), now.getMonth() - 1, 15);
    const expected = `${last.getFullYear()}-${String(last.getMonth() + 1).padStart(2, '0')}`;
    expect(requests[0]).toMatchObject({ path: `/api/v1/hq/figures?month=${expected}`, auth: 'Bearer admin-token-0123456789' });
    const pudong = cells('branches', 'branch:sh-pudong');
    expect(pudong).toMatchObject({ name: '浦东支行', parent: '华东区', arrivals: '400', averageWait: '5:00', waitWithinTarget: '95.0%', satisfaction: '95.0%', complaints: '2', upheld: '1', overdue: '1', callbackRate: '50.0%' });
    // Nothing rated: a dash, not 0 %.
    expect(cells('branches', 'branch:sh-xuhui').satisfaction).toBe('–');
    expect(q('hqf-tile-complaints')?.textContent).toContain('2');
    // Recordings coverage: 342 of 380 services served were recorded; files with nothing to hear, and cut short.
    expect(pudong).toMatchObject({ recorded: '342', recordingCoverage: '90.0%', recordingsEmpty: '4', recordingsCut: '2' });
    expect(q('hqf-tile-recordingCoverage')?.textContent).toContain('71.3%');
  });

  it('drills down from the network to a branch, whose windows and tellers are named, and back', async () => {
    await render(<FiguresPanel token="t0123456789abcdef" />, 'en');
    await act(async () => container.querySelector<HTMLElement>('tr[data-row="branch:sh-pudong"]')!.click());
    await settle();
    expect(requests.at(-1)?.path).toMatch(/^\/api\/v1\/hq\/figures\?month=\d{4}-\d{2}&branch=sh-pudong$/);
    expect(q('hqf-title')?.textContent).toContain('Pudong branch');
    expect(q('hqf-title')?.textContent).toContain('Asia/Shanghai');
    expect(cells('windows', 'window:3').name).toBe('Window 3');
    expect(cells('tellers', 'teller:s-1001').name).toBe('Wang Li');
    expect(q('hqf-crumbs')?.textContent).toContain('Pudong branch');
    await act(async () => q('hqf-crumbs')!.querySelector('button')!.click());
    await settle();
    expect(q('hqf-table-branches')).not.toBeNull();
  });

  it('switches to a day', async () => {
    await render(<FiguresPanel token="t0123456789abcdef" />);
    await act(async () => q('hqf-period-day')!.click());
    await settle();
    expect(requests.at(-1)?.path).toMatch(/^\/api\/v1\/hq\/figures\?day=\d{4}-\d{2}-01$/);
  });
});

describe('rankings tab', () => {
  it('ranks branches with score against the pass mark 95 and the reasons in words', async () => {
    await render(<RankingsPanel token="t0123456789abcdef" />, 'en');
    expect(container.textContent).toContain('Pass mark 95');
    const rows = all('hqr-row');
    expect(rows.map((r) => r.getAttribute('data-row'))).toEqual(['sh-pudong', 'sh-xuhui']);
    expect(rows[0]!.textContent).toContain('Pudong branch');
    // Pudong lost points for its upheld and overdue complaint: the first reason names it.
    expect(rows[0]!.querySelector('[data-testid="hqr-reasons"] li')?.textContent).toMatch(/^Complaints −\d/);
    // Xuhui had no ratings: satisfaction is left out of its score and the row says so.
    expect(rows[1]!.textContent).toContain('Left out: Satisfaction');
    expect(rows[1]!.textContent).toContain('Below the mark');
  });

  it('shows a teller\'s stars, what the next star needs, and the network\'s star shares against the targets', async () => {
    await render(<RankingsPanel token="t0123456789abcdef" />);
    await act(async () => q('hqr-of-tellers')!.click());
    await settle();
    expect(requests.at(-1)?.path).toMatch(/of=tellers/);
    expect(q('hqr-stars')?.textContent).toContain('二星');
    expect(q('hqr-stars')?.textContent).toContain('评价数 100，需 120');
    expect(q('hqr-star-shares')?.textContent).toContain('三星：0.0%（目标 30.0%）');
  });
});

describe('monthly reports tab', () => {
  it('lists the network and every branch by name, and downloads a PDF in the screen\'s language', async () => {
    const created: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => (created.push(b), 'blob:x'));
    URL.revokeObjectURL = vi.fn();
    const base = answer;
    answer = (path, method) => (path.includes('/sh-pudong/pdf') ? new Response(new Uint8Array([0x25, 0x50, 0x44, 0x46]), { headers: { 'content-type': 'application/pdf' } }) : base(path, method));
    await render(<ReportsPanel token="t0123456789abcdef" />, 'en');
    const rows = all('hqp-row');
    expect(rows.map((r) => r.getAttribute('data-row'))).toEqual(['network', 'sh-pudong', 'sh-xuhui']);
    expect(rows.map((r) => r.querySelector('td')?.textContent)).toEqual(['Whole network', 'Pudong branch', 'Xuhui branch']);
    // The network's kept report is in Chinese only: in English it is not made yet.
    expect(rows[0]!.textContent).toContain('Not made yet');
    expect(rows[1]!.textContent).toContain('PDF');
    await act(async () => q('hqp-pdf-sh-pudong')!.click());
    await settle();
    expect(requests.find((r) => r.path.includes('/pdf'))).toMatchObject({ path: expect.stringMatching(/^\/api\/v1\/hq\/reports\/\d{4}-\d{2}\/sh-pudong\/pdf\?lang=en$/), auth: 'Bearer t0123456789abcdef' });
    expect(created).toHaveLength(1);
  });

  it("says when a report was made in the zone it is dated in (the branch's), not the browser's", async () => {
    await render(<ReportsPanel token="t0123456789abcdef" />, 'en');
    // Made 2026-12-01 01:00 UTC: 02:00 in Paris, whatever zone this machine is in.
    const pudong = all('hqp-row').find((r) => r.getAttribute('data-row') === 'sh-pudong')!;
    expect(pudong.textContent).toMatch(/\b02:00\b/);
    expect(pudong.querySelector('[data-testid="hqp-zone"]')?.textContent).toBe('(Europe/Paris)');
  });

  it('generates the month\'s reports in the screen\'s language and says how many', async () => {
    const base = answer;
    answer = (path, method) => (method === 'POST' && /\/reports\/\d{4}-\d{2}\/generate$/.test(path) ? json({ month: '2026-11', generated: 6 }) : base(path, method));
    await render(<ReportsPanel token="t0123456789abcdef" />, 'zh-TW');
    await act(async () => q('hqp-generate')!.click());
    await settle();
    expect(q('hqp-note')?.textContent).toBe('已生成 6 份報告');
  });
});

describe('devices and sync', () => {
  const summary: HqSummary = {
    generatedAt: '2026-12-07T06:00:00.000Z',
    windowFrom: '2026-11-23T00:00:00.000Z',
    branches: [
      { branchId: 'sh-pudong', timeZone: 'Asia/Shanghai', configVersion: 3, devices: 2, lastSeenAt: '2026-12-07T05:59:00.000Z', pending: 0, deadLetters: 0 },
      { branchId: 'sh-xuhui', timeZone: 'Asia/Shanghai', configVersion: 1, devices: 1, lastSeenAt: '2026-12-07T01:00:00.000Z', pending: 12, deadLetters: 0 },
      { branchId: 'sh-minhang', timeZone: 'Asia/Shanghai', configVersion: 1, devices: 1, lastSeenAt: '2026-12-07T05:50:00.000Z', pending: 3, deadLetters: 0 },
    ],
    devices: [
      { deviceId: 'h-pudong', branchId: 'sh-pudong', role: 'hub', enrolled: true, revoked: false, lastSeenAt: '2026-12-07T05:59:00.000Z', contiguousSeq: 10, highestSeq: 10, missing: 0, outboxPending: 0, pending: 0, clockOffsetMs: 0 },
      { deviceId: 'c-7', branchId: 'sh-pudong', role: null, enrolled: false, revoked: false, lastSeenAt: '2026-12-07T05:58:00.000Z', contiguousSeq: 5, highestSeq: 5, missing: 0, outboxPending: null, pending: 0, clockOffsetMs: null },
    ],
    perDay: [],
  };

  it('names branches, says each one\'s state in words, shows roles and the branch\'s own clock', async () => {
    await render(<HqConsole summary={summary} token="t0123456789abcdef" />, 'en');
    const pudong = q('hq-branch-sh-pudong')!;
    expect(pudong.textContent).toContain('Pudong branch');
    expect(pudong.querySelector('[data-testid="hq-branch-state"]')?.textContent).toBe('Working, up to date');
    // 05:59 UTC is 13:59 in Shanghai, where the branch's staff read the time.
    expect(pudong.textContent).toContain('13:59');
    expect(q('hq-branch-sh-xuhui')!.querySelector('[data-testid="hq-branch-state"]')?.textContent).toBe('No contact for 5 hours');
    expect(q('hq-branch-sh-minhang')!.querySelector('[data-testid="hq-branch-state"]')?.textContent).toBe('3 records not at head office yet');
    expect(all('hq-device-role').map((c) => c.textContent)).toEqual(['Branch server', 'Enrolled at the branch']);
  });

  it('puts the worst first: refused records over a backlog; never seen over everything', () => {
    const b = summary.branches[0]!;
    const now = new Date(summary.generatedAt);
    expect(branchState({ ...b, pending: 4 }, now)).toEqual({ level: 'warn', key: 'backlog', count: 4 });
    expect(branchState({ ...b, pending: 4, deadLetters: 2 }, now)).toEqual({ level: 'alert', key: 'deadLetters', count: 2 });
    expect(branchState({ ...b, lastSeenAt: null, deadLetters: 2 }, now)).toEqual({ level: 'alert', key: 'never' });
  });
});
