// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { demoBranch } from '../../shared/config/demoBranch.js';
import type { StaffRole } from '../../shared/config/schema.js';
import type { DailySheet } from '../../shared/evaluation/dailyForm.js';
import { fullMarks } from '../../shared/evaluation/dailyForm.js';
import { i18n, initI18n } from '../i18n/index.js';
import { setPlatformForTests } from '../platform/index.js';
import { DailyEvaluationPanel } from './DailyEvaluationPanel.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const config = demoBranch('2026-03-02');
let sheets: DailySheet[] = [];
let putAnswer: ((body: any, day: string, staffId: string) => Response) | null = null;
interface Call {
  method: string;
  path: string;
  body: any;
}
let calls: Call[] = [];
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const sheet = (over: Partial<DailySheet>): DailySheet => ({
  day: '2026-03-02',
  staffId: 's-1001',
  scores: fullMarks(),
  notes: {},
  remark: '',
  total: 100,
  revision: 1,
  updatedAt: '2026-03-02T09:00:00.000Z',
  updatedBy: 's-9001',
  updatedByName: '赵刚',
  ...over,
});

const fetchMock = vi.fn(async (url: string, init: RequestInit = {}) => {
  const u = new URL(url);
  const call = { method: init.method ?? 'GET', path: u.pathname + u.search, body: init.body ? JSON.parse(String(init.body)) : undefined };
  calls.push(call);
  if (u.pathname === '/api/v1/evaluations/daily' && call.method === 'GET') {
    const day = u.searchParams.get('day')!;
    const mine = sheets.filter((s) => s.day === day);
    return json({ day, sheets: mine, revisions: mine.map(({ staffId, revision, total, updatedAt, updatedBy, updatedByName }) => ({ staffId, revision, total, updatedAt, updatedBy, updatedByName })) });
  }
  const put = /^\/api\/v1\/evaluations\/daily\/([^/]+)\/([^/]+)$/.exec(u.pathname);
  if (put && call.method === 'PUT') return putAnswer!(call.body, decodeURIComponent(put[1]!), decodeURIComponent(put[2]!));
  return json({ error: { code: 'not_found', message: 'no' } }, 404);
});

let root: Root | null = null;
let container: HTMLElement;
const byId = (id: string) => container.querySelector<HTMLElement>(`[data-testid="${id}"]`);
async function settle(ms = 30): Promise<void> {
  await act(async () => {
    await new Promise((r) => setTimeout(r, ms));
  });
}
async function render(role: StaffRole): Promise<void> {
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  await act(async () => {
    root?.render(
      <I18nextProvider i18n={i18n}>
        <DailyEvaluationPanel config={config} role={role} />
      </I18nextProvider>,
    );
  });
  for (let i = 0; i < 20 && !byId('evaluation-tellers'); i++) await settle(20);
}
async function setDay(day: string): Promise<void> {
  const input = byId('evaluation-day') as HTMLInputElement;
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, day);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('blur', { bubbles: true }));
  });
  for (let i = 0; i < 20 && !calls.some((c) => c.path.endsWith(`day=${day}`)); i++) await settle(20);
  await settle();
}
async function type(id: string, value: string): Promise<void> {
  const el = byId(id) as HTMLInputElement | HTMLTextAreaElement;
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  await act(async () => {
    Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
async function click(id: string): Promise<void> {
  await act(async () => byId(id)!.click());
  await settle();
}

beforeAll(() => {
  vi.stubGlobal('fetch', fetchMock);
  setPlatformForTests({ kind: 'browser', host: { invoke: (() => Promise.reject(new Error('no host'))) as never }, hubUrl: () => Promise.resolve('http://hub.test') });
  initI18n('zh-CN');
});
afterAll(() => {
  vi.unstubAllGlobals();
  setPlatformForTests(null);
});
beforeEach(() => {
  calls = [];
  sheets = [sheet({ staffId: 's-1001', total: 95, scores: { ...fullMarks(), attitude: 15 }, notes: { attitude: '语气生硬' } })];
  putAnswer = (body, day, staffId) => json({ sheet: sheet({ day, staffId, scores: body.scores, notes: body.notes, remark: body.remark, total: 97, revision: body.baseRevision + 1, updatedAt: '2026-03-02T10:00:00.000Z' }) });
});
afterEach(async () => {
  await act(async () => root?.unmount());
  root = null;
  container.remove();
});

describe('the daily on-site evaluation form', () => {
  it('lists every teller with the day’s total, and who evaluated when', async () => {
    await render('lead');
    await setDay('2026-03-02');
    expect(byId('evaluation-teller-s-1001')?.textContent).toContain('95');
    expect(byId('evaluation-teller-s-1001')?.textContent).toContain('第 1 版 · 赵刚 · 17:00');
    expect(byId('evaluation-teller-s-1002')?.textContent).toContain('未考评');
    // The first teller's stored sheet fills the form.
    expect((byId('evaluation-score-attitude') as HTMLInputElement).value).toBe('15');
    expect((byId('evaluation-note-attitude') as HTMLInputElement).value).toBe('语气生硬');
  });

  it('asks why before a deduction is saved, then saves as the signed-in lead (no name sent)', async () => {
    await render('lead');
    await setDay('2026-03-02');
    await click('evaluation-teller-s-1002');
    await type('evaluation-score-language', '12');
    expect(byId('evaluation-total')?.textContent).toBe('总分 97 / 100');
    expect((byId('evaluation-save') as HTMLButtonElement).disabled).toBe(true);
    expect(container.textContent).toContain('请写明 文明用语 的扣分原因');
    await type('evaluation-note-language', '未使用送别语');
    await type('evaluation-remark', '午后排队较长');
    await click('evaluation-save');
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.path).toBe('/api/v1/evaluations/daily/2026-03-02/s-1002');
    expect(put.body).toEqual({ scores: { ...fullMarks(), language: 12 }, notes: { language: '未使用送别语' }, remark: '午后排队较长', baseRevision: 0 });
    expect(byId('evaluation-message')?.textContent).toBe('已保存（第 1 版）');
    expect(byId('evaluation-teller-s-1002')?.textContent).toContain('97');
  });

  it('reloads a sheet someone else changed, and says so', async () => {
    putAnswer = () => json({ error: { code: 'conflict', message: 'the sheet is at revision 2', reason: 'sheet_changed' } }, 409);
    await render('lead');
    await setDay('2026-03-02');
    const gets = calls.filter((c) => c.method === 'GET').length;
    await click('evaluation-save');
    expect(byId('evaluation-message')?.textContent).toBe('这张考评表刚被他人修改，已重新读取，请核对后再保存');
    expect(calls.filter((c) => c.method === 'GET').length).toBe(gets + 1);
  });

  it('is read-only for an auditor', async () => {
    await render('auditor');
    expect(byId('evaluation-save')).toBeNull();
    expect((byId('evaluation-score-appearance') as HTMLInputElement).disabled).toBe(true);
  });
});
