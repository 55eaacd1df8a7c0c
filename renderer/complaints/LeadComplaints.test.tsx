// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { acceptComplaint, BANK_COMPLAINT_POLICY, maskPhone, startInvestigation, withMaskedPhone } from '../../shared/complaints/index.js';
import type { Complaint, ComplaintActor } from '../../shared/complaints/index.js';
import { must, registered } from '../../shared/complaints/testComplaints.fixtures.js';
import { demoBranch } from '../../shared/config/demoBranch.js';
import type { Lang } from '../../shared/i18n/localized.js';
import { resetCredentialsForTests } from '../api/credentials.js';
import { useStaffSessionStore } from '../device/staffSession.js';
import { i18n, initI18n } from '../i18n/index.js';
import { setPlatformForTests } from '../platform/index.js';
import { LeadComplaints } from './LeadComplaints.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const config = demoBranch('2026-09-30');
const BANK = BANK_COMPLAINT_POLICY;
const LEAD: ComplaintActor = { staffId: 's-9001', role: 'lead' };
const TELLER: ComplaintActor = { staffId: 's-1001', role: 'teller' };
const over = { branchId: config.branchId, service: { ticketId: 't-7', ticketNumber: 'A007', window: 2, tellerId: 's-1002', recordingId: null } };

// Registered three hours ago (the page counts the deadline from today's clock).
const HOUR = 3_600_000;
const ago = (h: number) => new Date(Date.now() - h * HOUR);
/** Registered at window 1 by teller s-1001 about s-1002: the teller owns it. */
const tellers = registered(BANK, { ...over, id: 'C-TELLER' }, TELLER, ago(3));
/** Registered by the lead by phone, accepted and under investigation: the lead owns it. */
const leads = must(
  startInvestigation(
    must(acceptComplaint(registered(BANK, { ...over, id: 'C-LEAD', channel: 'phone' }, LEAD, ago(3)), { type: 'accept', acknowledgedHow: 'phone' }, LEAD, ago(2), BANK)).complaint,
    { type: 'start_investigation' },
    LEAD,
    ago(1),
    BANK,
  ),
).complaint;

function detail(c: Complaint, extra: Record<string, unknown> = {}) {
  return {
    complaint: withMaskedPhone(c),
    history: [c.lastStep],
    flags: [],
    overdue: false,
    remainingDays: 10,
    dueReminders: [],
    reminders: [],
    closeBlockers: [],
    mayRevealPhone: true,
    ...extra,
  };
}

interface Call {
  method: string;
  path: string;
  body: unknown;
}
let calls: Call[] = [];
let answer: (call: Call) => Response | null = () => null;
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const fetchMock = vi.fn(async (url: string, init: RequestInit = {}) => {
  const u = new URL(url);
  const call: Call = { method: init.method ?? 'GET', path: u.pathname + u.search, body: init.body ? JSON.parse(String(init.body)) : undefined };
  calls.push(call);
  const custom = answer(call);
  if (custom) return custom;
  if (u.pathname === '/api/v1/complaints/C-TELLER') return json(detail(tellers, { flags: ['two_owners: s-1001 (step 2 accept by s-1001) and s-9001 (step 2 hand_over by s-9001)'] }));
  if (u.pathname === '/api/v1/complaints/C-LEAD') return json(detail(leads));
  if (u.pathname === '/api/v1/complaints/C-LEAD/reveal-phone') return json({ id: 'C-LEAD', phone: '13812345678' });
  if (u.pathname === '/api/v1/complaints/stats') {
    return json({ from: '2026-09-01', to: '2026-09-30', received: { complaints: 2, dissatisfiedRatings: 2 }, closed: 0, withdrawn: 0, open: 2, overdue: 0, flagged: 1, callbackRate: { due: 2, done: 1, percent: 50, targetPercent: 100 }, countsAgainstTellers: 2 });
  }
  if (u.pathname === '/api/v1/complaints') {
    const row = (c: Complaint) => ({ ...withMaskedPhone(c), flags: [], overdue: false, remainingDays: 10 });
    return json({ complaints: [row(leads), row(tellers)], nextCursor: null });
  }
  return json({ error: { code: 'not_found', message: 'no' } }, 404);
});

let root: Root | null = null;
let container: HTMLElement;
const q = <T extends HTMLElement = HTMLElement>(id: string) => container.querySelector<T>(`[data-testid="${id}"]`);
const qa = (id: string) => [...container.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

async function settle(ms = 30): Promise<void> {
  await act(async () => {
    await new Promise((r) => setTimeout(r, ms));
  });
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (check()) return;
    await settle(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function click(el: HTMLElement | null): Promise<void> {
  await act(async () => el!.click());
  await settle();
}

async function choose(id: string, value: string): Promise<void> {
  const el = q<HTMLSelectElement>(id)!;
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')!.set!.call(el, value);
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

async function render(path: string, lang: Lang = 'zh-CN'): Promise<void> {
  initI18n(lang);
  window.history.replaceState(null, '', path);
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  await act(async () => {
    root!.render(
      <I18nextProvider i18n={i18n}>
        <LeadComplaints config={config} />
      </I18nextProvider>,
    );
  });
}

beforeAll(() => {
  vi.stubGlobal('fetch', fetchMock);
  setPlatformForTests({ kind: 'browser', host: { invoke: () => Promise.reject(new Error('no host')) } as never, hubUrl: () => Promise.resolve('http://hub.test') });
});

afterAll(() => {
  vi.unstubAllGlobals();
  setPlatformForTests(null);
});

beforeEach(() => {
  calls = [];
  answer = () => null;
  useStaffSessionStore.setState({ phase: 'signed_in', staff: { id: 's-9001', name: { 'zh-CN': '赵刚', 'zh-TW': '趙剛', en: 'Zhao Gang' }, badge: '9001', role: 'lead', stars: 3 } });
});

afterEach(async () => {
  await act(async () => root?.unmount());
  root = null;
  container.remove();
  resetCredentialsForTests();
});

describe('a complaint’s page at the lead station', () => {
  it('offers the lead who owns it only the steps the domain allows now', async () => {
    await render('/lead/complaints/C-LEAD');
    await until(() => q('complaint-page')?.dataset.loaded === 'true', 'the complaint');
    // Investigating, owned by this lead: finding, answer, close (with what it lacks), and the owner's other steps; not accept, callback, reopen or appeals.
    expect(q('complaint-steps')?.dataset.offered).toBe('record_finding answer close extend hand_over escalate withdraw');
    expect(q('complaint-take-over')).toBeNull();
    await click(q('complaint-step-close'));
    expect(q('step-close-missing')?.dataset.missing).toBe('close_requires_finding close_requires_answer close_requires_callback');
    expect(q<HTMLButtonElement>('step-submit')!.disabled).toBe(true);
    expect(q('step-close-missing')?.textContent).toContain('办结前须完成回访');
  });

  it('offers a lead who does not own it to take it over, and nothing of the owner’s; merge flags are shown', async () => {
    await render('/lead/complaints/C-TELLER');
    await until(() => q('complaint-page')?.dataset.loaded === 'true', 'the complaint');
    expect(q('complaint-steps')?.dataset.offered).toBe('hand_over escalate withdraw');
    expect(q('complaint-take-over')).not.toBeNull();
    expect(q('complaint-flags')?.textContent).toContain('同时出现两位负责人');
    expect(q('complaint-service-record')?.getAttribute('href')).toBe('/lead/services/t-7');
    await click(q('complaint-take-over'));
    const sent = calls.find((c) => c.method === 'POST');
    expect(sent).toMatchObject({ path: '/api/v1/complaints/C-TELLER/hand-over', body: { to: { staffId: 's-9001', role: 'lead' }, note: null } });
  });

  it('shows the number masked, and whole after "reveal" (which the hub records)', async () => {
    await render('/lead/complaints/C-LEAD');
    await until(() => q('complaint-page')?.dataset.loaded === 'true', 'the complaint');
    expect(q('complaint-phone')?.textContent).toBe(maskPhone('13812345678'));
    await click(q('complaint-reveal-phone'));
    await until(() => q('complaint-phone')?.dataset.revealed === 'true', 'the number');
    expect(q('complaint-phone')?.textContent).toBe('13812345678');
    expect(calls.some((c) => c.method === 'POST' && c.path === '/api/v1/complaints/C-LEAD/reveal-phone')).toBe(true);
  });

  it.each<[Lang, string]>([
    ['zh-CN', '只有本投诉的负责人可以办理'],
    ['zh-TW', '只有本投訴的負責人可以辦理'],
    ['en', 'Only the owner of this complaint can do this'],
  ])('%s: a step the hub refuses says why in the screen’s language, never the hub’s English', async (lang, text) => {
    answer = (call) => (call.method === 'POST' ? json({ error: { code: 'forbidden', message: 'only the owner may do this', reason: 'not_owner' } }, 403) : null);
    await render('/lead/complaints/C-LEAD', lang);
    await until(() => q('complaint-page')?.dataset.loaded === 'true', 'the complaint');
    await click(q('complaint-step-record_finding'));
    await choose('step-finding', 'not_upheld');
    await click(q('step-submit'));
    await until(() => q('complaint-step-error') !== null, 'the refusal');
    expect(q('complaint-step-error')!.textContent).toBe(text);
    expect(calls.find((c) => c.method === 'POST')).toMatchObject({ path: '/api/v1/complaints/C-LEAD/finding', body: { finding: 'not_upheld', rootCause: null, rectification: null, accountability: null, note: null } });
  });
});

describe('the complaint log', () => {
  it('registers a complaint by letter at the hub, with the wire’s strict body, and opens its page', async () => {
    const created = detail({ ...leads, id: 'C-NEW', channel: 'letter', status: 'registered' });
    answer = (call) => (call.path === '/api/v1/complaints/C-NEW' ? json(created) : call.method === 'POST' && call.path === '/api/v1/complaints' ? json(created, 201) : null);
    await render('/lead/complaints');
    await until(() => qa('complaint-row').length === 2, 'the rows');
    await click(q('complaint-log-register'));
    await choose('complaint-channel', 'letter');
    const fill = async (id: string, value: string) => {
      const el = q<HTMLInputElement>(id)!;
      const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      await act(async () => {
        Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value);
        el.dispatchEvent(new Event('input', { bubbles: true }));
      });
    };
    await fill('complaint-name', '李先生');
    await fill('complaint-phone', '010-12345678');
    await click(q('complaint-real-name-yes'));
    await choose('complaint-category', 'policy');
    await choose('complaint-subject', 's-1002');
    await fill('complaint-facts', '来信反映贷款利率解释不清');
    await click(q('complaint-register-submit'));
    await until(() => window.location.pathname === '/lead/complaints/C-NEW', 'the new complaint’s page');
    const sent = calls.find((c) => c.method === 'POST' && c.path === '/api/v1/complaints')!;
    expect(sent.body).toEqual({
      channel: 'letter',
      complainant: { name: '李先生', phone: '010-12345678', realName: true },
      category: 'policy',
      facts: '来信反映贷款利率解释不清',
      request: '',
      subjectTellerId: 's-1002',
      complexity: 'simple',
    });
    await until(() => q('complaint-page')?.dataset.id === 'C-NEW', 'the page');
  });

  it('offers no register button to an auditor (who reviews, and registers nothing)', async () => {
    useStaffSessionStore.setState({ staff: { id: 's-9002', name: { 'zh-CN': '周洁', 'zh-TW': '周潔', en: 'Zhou Jie' }, badge: '9002', role: 'auditor', stars: 3 } });
    await render('/lead/complaints');
    await until(() => qa('complaint-row').length === 2, 'the rows');
    expect(q('complaint-log-register')).toBeNull();
  });

  it('shows no call-back rate when the hub sends no figures, rather than the rate of one page', async () => {
    answer = (call) => (call.path.startsWith('/api/v1/complaints/stats') ? json({ error: { code: 'forbidden', message: 'no' } }, 403) : null);
    await render('/lead/complaints');
    await until(() => qa('complaint-row').length === 2, 'the rows');
    await until(() => (q('complaint-callback-rate')?.textContent ?? '').includes('暂未提供'), 'the rate');
    expect(q('complaint-callback-rate')?.dataset.percent).toBe('');
    expect(q('complaint-callback-rate')?.textContent).toContain('—');
  });

  it('lists the complaints with the call-back rate, and filters through the hub', async () => {
    await render('/lead/complaints');
    await until(() => qa('complaint-row').length === 2, 'the rows');
    expect(q('complaint-callback-rate')?.dataset.percent).toBe('50');
    expect(q('complaint-callback-rate')?.textContent).toContain('目标 100%');
    expect(q('complaint-callback-rate')?.textContent).toContain('已回访 1 / 应回访 2');
    expect(qa('complaint-row').map((r) => r.dataset.id)).toEqual(['C-LEAD', 'C-TELLER']);
    await choose('complaint-filter-status', 'investigating');
    await settle();
    expect(calls.at(-2)?.path ?? calls.at(-1)?.path).toMatch(/^\/api\/v1\/complaints\?status=investigating&limit=50$/);
    await click(qa('complaint-row-link')[0]!);
    await until(() => q('complaint-page')?.dataset.loaded === 'true', 'the complaint');
    expect(window.location.pathname).toBe('/lead/complaints/C-LEAD');
  });
});
