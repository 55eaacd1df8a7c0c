// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { demoBranch } from '../../shared/config/demoBranch.js';
import type { QueueEvent } from '../../shared/queue/events.js';
import { messages } from '../../shared/i18n/resources/index.js';
import type { Ticket } from '../../shared/queue/ticket.js';
import { i18n, initI18n } from '../i18n/index.js';
import { setPlatformForTests } from '../platform/index.js';
import { receiveEvent, useQueueStore } from '../queue/store.js';
import { LeadTickets } from './LeadTickets.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const config = demoBranch('2025-01-06');
const zh = messages['zh-CN'];

const ticket = (number: string, o: Partial<Ticket> = {}): Ticket => ({
  id: `t-${number}`,
  businessDay: '2025-01-06',
  service: number[0]!,
  number,
  priority: 'none',
  issuedAt: '2025-01-06T01:00:00.000Z',
  status: 'waiting',
  counter: null,
  targetCounter: null,
  calledAt: null,
  lastCalledAt: null,
  recalls: 0,
  startedAt: null,
  finishedAt: null,
  outcome: null,
  items: [],
  transfers: 0,
  ...o,
});

let root: Root | null = null;
let container: HTMLElement;
const q = (id: string) => container.querySelector<HTMLElement>(`[data-testid="${id}"]`);

function Station({ role }: { role: 'lead' | 'auditor' }) {
  return <LeadTickets config={config} role={role} />;
}

async function render(role: 'lead' | 'auditor' = 'lead'): Promise<void> {
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  await act(async () => root?.render(<I18nextProvider i18n={i18n}><Station role={role} /></I18nextProvider>));
}

async function search(text: string): Promise<void> {
  const input = q('lead-tickets-search') as HTMLInputElement;
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, text);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

const numbers = (id: string) => Array.from(container.querySelectorAll(`[data-testid="${id}"] tbody tr[data-status]`), (r) => r.getAttribute('data-testid')!.replace('lead-ticket-', ''));

let asked: string[] = [];
/** The day's ended tickets as the hub stores them (GET /api/v1/tickets?state=ended). */
let hubEnded: Ticket[] = [];
let hubDown = false;
const a001 = ticket('A001', { status: 'done', counter: 2, calledAt: '2025-01-06T00:58:00.000Z', startedAt: '2025-01-06T00:59:00.000Z', finishedAt: '2025-01-06T01:03:00.000Z', issuedAt: '2025-01-06T00:55:00.000Z' });
beforeAll(() => {
  initI18n('zh-CN');
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      const u = new URL(url);
      asked.push(`${u.pathname}${u.search}`);
      if (hubDown) return new Response(JSON.stringify({ error: { code: 'hub_unreachable', message: 'down' } }), { status: 503, headers: { 'content-type': 'application/json' } });
      if (u.pathname === '/api/v1/tickets') {
        return new Response(JSON.stringify({ day: u.searchParams.get('day'), tickets: hubEnded, total: hubEnded.length }), { headers: { 'content-type': 'application/json' } });
      }
      return new Response(JSON.stringify({ error: { code: 'not_found', message: 'no' } }), { status: 404, headers: { 'content-type': 'application/json' } });
    }),
  );
  setPlatformForTests({ kind: 'browser', host: { invoke: (() => Promise.reject(new Error('no host'))) as never }, hubUrl: () => Promise.resolve('http://hub.test') });
});
afterAll(() => {
  vi.unstubAllGlobals();
  setPlatformForTests(null);
});
beforeEach(() => {
  asked = [];
  hubEnded = [a001];
  hubDown = false;
  useQueueStore.setState({
    snapshot: {
      branchId: 'demo-001',
      businessDay: '2025-01-06',
      lastSeq: 1,
      tickets: [ticket('A002', { status: 'serving', counter: 1, calledAt: '2025-01-06T01:05:00.000Z', startedAt: '2025-01-06T01:06:00.000Z' }), ticket('B001'), ticket('A003', { issuedAt: '2025-01-06T01:02:00.000Z' })],
      recentCalls: [{ ticketId: 't-A001', number: 'A001', service: 'A', counter: 2, at: '2025-01-06T00:59:00.000Z', recall: false }],
    },
    connected: true,
    status: 'online',
    offlineSince: null,
  });
});
afterEach(() => {
  act(() => root?.unmount());
  root = null;
  container?.remove();
});

describe('the lead’s tickets of the day', () => {
  it('lists the tickets in play, and the tickets that end while the station is open, each opening its service record', async () => {
    await render();
    expect(numbers('lead-tickets-current')).toEqual(['A002', 'B001', 'A003']);
    const row = q('lead-ticket-A002')!;
    expect(row.textContent).toContain(zh.common.status.serving);
    // Waited from 01:00 to the first call at 01:05.
    expect(row.querySelectorAll('td')[6]!.textContent).toBe('5:00');
    expect(q('lead-ticket-record-A002')?.getAttribute('href')).toContain('/lead/services/t-A002');
    // A001 ended before the station opened: the hub's stored tickets of the day list it, with its record.
    await act(async () => new Promise((r) => setTimeout(r, 30)));
    expect(asked).toEqual(['/api/v1/tickets?day=2025-01-06&state=ended&limit=500']);
    expect(numbers('lead-tickets-ended')).toEqual(['A001']);
    expect(q('lead-ticket-A001')!.querySelectorAll('td')[6]!.textContent).toBe('3:00');
    expect(q('lead-ticket-record-A001')?.getAttribute('href')).toContain('/lead/services/t-A001');

    // A002 finishes: it leaves the snapshot, and the hub is asked again shortly after.
    const finished = ticket('A002', { status: 'done', counter: 1, calledAt: '2025-01-06T01:05:00.000Z', startedAt: '2025-01-06T01:06:00.000Z', finishedAt: '2025-01-06T01:16:30.000Z', outcome: 'completed' });
    hubEnded = [finished, a001];
    await act(async () => {
      receiveEvent({ seq: 2, type: 'service.finished', at: '2025-01-06T01:16:30.000Z', ticket: finished } as unknown as QueueEvent);
    });
    expect(numbers('lead-tickets-current')).toEqual(['B001', 'A003']);
    await act(async () => new Promise((r) => setTimeout(r, 1000)));
    expect(asked).toHaveLength(2);
    expect(numbers('lead-tickets-ended')).toEqual(['A002', 'A001']);
    expect(q('lead-ticket-A002')!.querySelectorAll('td')[7]!.textContent).toBe('10:30');
  });

  it('keeps the last list and says why when the hub cannot answer', async () => {
    await render();
    await act(async () => new Promise((r) => setTimeout(r, 30)));
    expect(numbers('lead-tickets-ended')).toEqual(['A001']);
    hubDown = true;
    const gone = ticket('B001', { status: 'no_show', counter: 1 });
    await act(async () => {
      receiveEvent({ seq: 2, type: 'ticket.no_show', at: '2025-01-06T01:20:00.000Z', ticket: gone } as unknown as QueueEvent);
    });
    await act(async () => new Promise((r) => setTimeout(r, 1000)));
    expect(q('lead-tickets-error')?.getAttribute('role')).toBe('alert');
    expect(numbers('lead-tickets-ended')).toEqual(['A001']);
  });

  it('finds a number however it is typed, and says so when there is none', async () => {
    await render();
    await search(' a00 ');
    expect(numbers('lead-tickets-current')).toEqual(['A002', 'A003']);
    await search('a003');
    expect(numbers('lead-tickets-current')).toEqual(['A003']);
    await search('C999');
    expect(q('lead-tickets-no-match')?.textContent).toBe(zh.figures.tickets.noMatch.replace('{{q}}', 'C999'));
  });
});
