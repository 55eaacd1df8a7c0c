// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AlertRecord } from '../../shared/alerts/schema.js';
import { demoBranch } from '../../shared/config/demoBranch.js';
import type { StaffRole } from '../../shared/config/schema.js';
import type { Lang } from '../../shared/i18n/localized.js';
import { i18n, initI18n } from '../i18n/index.js';
import { setPlatformForTests } from '../platform/index.js';
import { receiveMessage } from '../queue/store.js';
import { AlertsPanel } from './AlertsPanel.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const config = demoBranch('2026-03-02');
const base = { businessDay: '2026-03-02', acknowledgedAt: null, acknowledgedBy: null, acknowledgedByName: null, resolvedAt: null, timesRaised: 1 };
// 02:05 UTC = 10:05 in Shanghai: the branch's clock, whatever the machine's zone.
const forecast: AlertRecord = { ...base, id: 'al-1', kind: 'wait_breach_forecast', subject: 'A', state: 'raised', raisedAt: '2026-03-02T02:05:00.000Z', detail: { service: 'A', waiting: 9, breachInSeconds: 250, targetWaitSeconds: 900, suggestOpenCounter: 2 } };
const crowd: AlertRecord = {
  ...base,
  id: 'al-2',
  kind: 'waiting_count',
  subject: 'branch',
  state: 'resolved',
  raisedAt: '2026-03-02T01:30:00.000Z',
  acknowledgedAt: '2026-03-02T01:32:00.000Z',
  acknowledgedBy: 's-9001',
  acknowledgedByName: '赵刚',
  resolvedAt: '2026-03-02T01:50:00.000Z',
  timesRaised: 2,
  detail: { waiting: 21, threshold: 20 },
};

interface Call {
  method: string;
  path: string;
  body: unknown;
}
let calls: Call[] = [];
let ackAnswer: (id: string) => Response;
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const fetchMock = vi.fn(async (url: string, init: RequestInit = {}) => {
  const u = new URL(url);
  const call = { method: init.method ?? 'GET', path: u.pathname + u.search, body: init.body ? JSON.parse(String(init.body)) : undefined };
  calls.push(call);
  if (u.pathname === '/api/v1/alerts') return json({ day: u.searchParams.get('day'), alerts: [crowd, forecast] });
  const ack = /^\/api\/v1\/alerts\/([^/]+)\/acknowledge$/.exec(u.pathname);
  if (ack && call.method === 'POST') return ackAnswer(ack[1]!);
  return json({ error: { code: 'not_found', message: 'no' } }, 404);
});

let root: Root | null = null;
let container: HTMLElement;
const q = (sel: string) => container.querySelector<HTMLElement>(sel);
const byId = (id: string) => q(`[data-testid="${id}"]`);

async function settle(ms = 30): Promise<void> {
  await act(async () => {
    await new Promise((r) => setTimeout(r, ms));
  });
}

async function render(role: StaffRole, lang: Lang = 'zh-CN'): Promise<void> {
  await act(async () => {
    await i18n.changeLanguage(lang);
  });
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  await act(async () => {
    root?.render(
      <I18nextProvider i18n={i18n}>
        <AlertsPanel config={config} role={role} />
      </I18nextProvider>,
    );
  });
  for (let i = 0; i < 20 && !byId('alerts-table'); i++) await settle(20);
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
  ackAnswer = (id) => json({ alert: { ...forecast, id, state: 'acknowledged', acknowledgedAt: '2026-03-02T02:06:00.000Z', acknowledgedBy: 's-9001', acknowledgedByName: '赵刚' } });
});
afterEach(async () => {
  await act(async () => root?.unmount());
  root = null;
  container.remove();
});

describe('the alert list', () => {
  it('shows each alert with its state, raised time on the branch clock, what would fix it and who acknowledged it', async () => {
    await render('lead');
    const rows = [...container.querySelectorAll('tbody tr')];
    // Open alerts first.
    expect(rows.map((r) => r.getAttribute('data-state'))).toEqual(['raised', 'resolved']);
    const open = byId('alert-wait_breach_forecast-A')!;
    expect(open.textContent).toContain('未确认');
    expect(open.textContent).toContain('10:05');
    expect(open.textContent).toContain('A 个人业务：最长等候约 5 分钟后将超过目标 15 分钟');
    expect(open.querySelector('[data-testid="alert-fix"]')?.textContent).toBe('请开启 2 号窗口办理 A 业务');
    const done = byId('alert-waiting_count-branch')!;
    expect(done.textContent).toContain('已解除');
    expect(done.textContent).toContain('今日第 2 次');
    expect(done.querySelector('[data-testid="alert-acknowledged-by"]')?.textContent).toBe('赵刚 · 09:32');
    expect(byId('alerts-counts')?.textContent).toBe('未确认 1 · 已确认 0 · 已解除 1');
    expect(calls[0]?.path).toMatch(/^\/api\/v1\/alerts\?day=\d{4}-\d{2}-\d{2}$/);
  });

  it('acknowledges as the signed-in lead: the request names nobody, the row shows who did', async () => {
    await render('lead');
    await act(async () => byId('alert-acknowledge')!.click());
    await settle();
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post).toEqual({ method: 'POST', path: '/api/v1/alerts/al-1/acknowledge', body: {} });
    const row = byId('alert-wait_breach_forecast-A')!;
    expect(row.getAttribute('data-state')).toBe('acknowledged');
    expect(row.querySelector('[data-testid="alert-acknowledged-by"]')?.textContent).toBe('赵刚 · 10:06');
    expect(byId('alert-acknowledge')).toBeNull();
  });

  it('says in the screen’s language why the hub refused', async () => {
    ackAnswer = () => json({ error: { code: 'conflict', message: 'alert al-1 is resolved', reason: 'alert_resolved' } }, 409);
    await render('lead');
    await act(async () => byId('alert-acknowledge')!.click());
    await settle();
    expect(byId('alerts-refusal')?.textContent).toBe('该告警已解除，无需确认');
  });

  it('follows the records the hub pushes on the live stream', async () => {
    await render('auditor');
    await act(async () => {
      receiveMessage({ type: 'alerts', changed: [{ ...forecast, state: 'acknowledged', acknowledgedAt: '2026-03-02T02:07:00.000Z', acknowledgedBy: 's-9001', acknowledgedByName: '赵刚' }] });
    });
    const row = byId('alert-wait_breach_forecast-A')!;
    expect(row.getAttribute('data-state')).toBe('acknowledged');
    expect(row.querySelector('[data-testid="alert-acknowledged-by"]')?.textContent).toBe('赵刚 · 10:07');
  });

  it('offers no button to an auditor', async () => {
    await render('auditor');
    expect(byId('alerts-table')).not.toBeNull();
    expect(byId('alert-acknowledge')).toBeNull();
  });

  it('reads in English, with the 24-hour clock', async () => {
    await render('lead', 'en');
    const open = byId('alert-wait_breach_forecast-A')!;
    expect(open.textContent).toContain('The longest wait for A Personal Banking passes its 15 min target in about 5 min');
    expect(open.querySelector('[data-testid="alert-fix"]')?.textContent).toBe('Open window 2 for A');
    expect(byId('alert-waiting_count-branch')?.querySelector('[data-testid="alert-acknowledged-by"]')?.textContent).toBe('Zhao Gang · 09:32');
    await act(async () => {
      await i18n.changeLanguage('zh-CN');
    });
  });
});
