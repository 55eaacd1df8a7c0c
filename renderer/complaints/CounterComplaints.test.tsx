// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SignedInStaff } from '../../shared/access/session.js';
import { COMPLAINT_DOC_TYPE, fromFields, mergeComplaintOps } from '../../shared/complaints/index.js';
import { demoBranch } from '../../shared/config/demoBranch.js';
import type { Ticket } from '../../shared/queue/ticket.js';
import type { DocOpBody } from '../../shared/sync/kinds.js';
import { counterDb, peekOutbox } from '../device/db.js';
import { i18n, initI18n } from '../i18n/index.js';
import { setPlatformForTests } from '../platform/index.js';
import { useQueueStore } from '../queue/store.js';
import { CounterComplaints } from './CounterComplaints.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const config = demoBranch('2025-01-06');
const counter = config.counters.find((c) => c.number === 3)!;
const teller: SignedInStaff = { id: 's-1003', name: { 'zh-CN': '张敏', 'zh-TW': '張敏', en: 'Zhang Min' }, badge: '1003', role: 'teller', stars: 2 };
const serving: Ticket = {
  id: 'ticket-A012',
  businessDay: '2025-01-06',
  service: 'A',
  number: 'A012',
  priority: 'none',
  issuedAt: '2025-01-06T01:00:00.000Z',
  status: 'serving',
  counter: 3,
  targetCounter: null,
  calledAt: '2025-01-06T01:10:00.000Z',
  lastCalledAt: '2025-01-06T01:10:00.000Z',
  recalls: 0,
  startedAt: '2025-01-06T01:11:00.000Z',
  finishedAt: null,
  outcome: null,
  items: ['A'],
  transfers: 0,
};

/** The hub is down: nothing answers. */
const fetchMock = vi.fn(async (_url: string, _init?: RequestInit): Promise<Response> => {
  throw new TypeError('Failed to fetch');
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

function setValue(el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string): void {
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value);
  el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
}

async function fill(id: string, value: string): Promise<void> {
  await act(async () => setValue(q<HTMLInputElement>(id)!, value));
}

async function click(id: string): Promise<void> {
  await act(async () => q(id)!.click());
  await settle();
}

async function render(current: Ticket | null): Promise<void> {
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  await act(async () => {
    root!.render(
      <I18nextProvider i18n={i18n}>
        <CounterComplaints config={config} counter={counter} teller={teller} current={current} />
      </I18nextProvider>,
    );
  });
  await until(() => q('counter-complaints')?.dataset.loaded === 'true', 'the day’s complaints');
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
  initI18n('zh-CN');
  useQueueStore.setState({ connected: false, status: 'offline', offlineSince: Date.now() });
});

afterEach(async () => {
  await act(async () => root?.unmount());
  root = null;
  container.remove();
  const db = counterDb(counter.number);
  await db.transaction('rw', [db.records, db.outbox, db.meta, db.events], async () => {
    await Promise.all([db.records.clear(), db.outbox.clear(), db.meta.clear(), db.events.clear()]);
  });
});

describe('registering a complaint at the counter, with the hub down', () => {
  it('opens on the function key, prefilled with the service, and writes the complaint to this counter’s outbox', async () => {
    await render(serving);
    expect(q('complaint-register')).toBeNull();
    await act(async () => {
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'F12', bubbles: true }));
    });
    await settle();
    const form = q('complaint-register')!;
    expect(form).not.toBeNull();
    expect(q('complaint-register-service')?.dataset.ticket).toBe('A012');
    expect(form.textContent).toContain('A012');
    expect(form.textContent).toContain('窗口受理');
    // Nothing can be sent before the form is complete; it says what is missing.
    expect(q<HTMLButtonElement>('complaint-register-submit')!.disabled).toBe(true);
    expect(q('complaint-register-missing')?.textContent).toContain('投诉类别');

    await fill('complaint-name', '王女士');
    await fill('complaint-phone', '138 1234 5678');
    await click('complaint-real-name-yes');
    await fill('complaint-category', 'attitude');
    await fill('complaint-facts', '办理时柜员没有解释手续费');
    await fill('complaint-request', '解释收费');
    expect(q<HTMLButtonElement>('complaint-register-submit')!.disabled).toBe(false);
    await click('complaint-register-submit');
    await until(() => q('complaint-register') === null, 'the form to close');

    // On this device, in the outbox, as complaint document ops: the hub was never asked.
    const db = counterDb(counter.number);
    const waiting = await peekOutbox(db, 500);
    expect(waiting.length).toBeGreaterThan(20);
    const ops = waiting.map((r) => r.body as DocOpBody);
    expect(new Set(ops.map((o) => o.docType))).toEqual(new Set([COMPLAINT_DOC_TYPE]));
    const complaint = fromFields(mergeComplaintOps(ops))!;
    expect(complaint).toMatchObject({
      channel: 'counter',
      status: 'registered',
      category: 'attitude',
      complainant: { name: '王女士', phone: '138 1234 5678', realName: true },
      service: { ticketId: 'ticket-A012', ticketNumber: 'A012', window: 3, tellerId: 's-1003' },
      ownerId: 's-1003',
      firstResponderId: 's-1003',
      subjectTellerId: null,
      branchId: config.branchId,
    });
    expect(fetchMock.mock.calls.some(([url]) => String(url).includes('/api/v1/complaints'))).toBe(false);

    // The day's list shows it, waiting to sync.
    await until(() => qa('counter-complaint-row').length === 1, 'the row');
    const row = qa('counter-complaint-row')[0]!;
    expect(row.dataset.status).toBe('registered');
    expect(row.dataset.synced).toBe('false');
    expect(row.textContent).toContain('待同步');
    expect(row.textContent).toContain('A012');
    expect(q('counter-complaint-saved')?.textContent).toContain('已保存在本机');
  });

  it('passes a complaint about the teller to the duty lead chosen; the form says in the screen’s language what is missing', async () => {
    initI18n('en');
    await render(serving);
    await click('counter-complaint-register');
    await fill('complaint-name', 'Ms Wang');
    await click('complaint-real-name-yes');
    await fill('complaint-category', 'attitude');
    await fill('complaint-facts', 'Rude');
    await act(async () => q<HTMLInputElement>('complaint-about-me')!.click());
    await settle();
    // No duty lead chosen: the form says so and cannot be sent.
    await fill('complaint-duty-lead', '');
    expect(q<HTMLButtonElement>('complaint-register-submit')!.disabled).toBe(true);
    expect(q('complaint-register-missing')?.textContent).toContain('Duty lead who takes it');
    await fill('complaint-duty-lead', 's-9001');
    await click('complaint-register-submit');
    await until(() => q('complaint-register') === null, 'the form to close');
    const ops = (await peekOutbox(counterDb(counter.number), 500)).map((r) => r.body as DocOpBody);
    expect(fromFields(mergeComplaintOps(ops))).toMatchObject({ ownerId: 's-9001', level: 'duty_lead', subjectTellerId: 's-1003' });
  });

  it('takes a later step at the window locally too: only the steps the domain allows are offered', async () => {
    await render(serving);
    await click('counter-complaint-register');
    await click('complaint-real-name-no');
    await fill('complaint-category', 'waiting');
    await fill('complaint-facts', '等候时间太长');
    await click('complaint-register-submit');
    await until(() => qa('counter-complaint-row').length === 1, 'the row');
    await act(async () => qa('counter-complaint-row')[0]!.click());
    await settle();
    expect(q('complaint-steps')?.dataset.offered).toBe('accept extend hand_over escalate withdraw');
    await click('complaint-step-accept');
    await fill('step-how', 'in_person');
    await click('step-submit');
    await until(() => q('complaint-step-done') !== null, 'the step');
    await until(() => qa('counter-complaint-row')[0]?.dataset.status === 'accepted', 'the accepted row');
    expect(q('complaint-steps')?.dataset.offered).toBe('start_investigation extend hand_over escalate withdraw');
  });
});
