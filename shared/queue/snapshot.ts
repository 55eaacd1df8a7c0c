import type { Counter, CounterNumber } from '../config/schema.js';
import type { CounterStatus } from '../api/queueApi.js';
import type { QueueEvent, QueueSnapshot, RecentCall } from './events.js';
import type { Ticket, TicketStatus } from './ticket.js';
import { byIssueOrder, mayCall } from './rules/eligibility.js';

// The snapshot holds only tickets still in play; finished ones live in the hub's history.
const IN_PLAY: ReadonlySet<TicketStatus> = new Set(['waiting', 'called', 'serving', 'held']);

/**
 * The snapshot after one event. Clients receive events over a stream that may replay or
 * duplicate after a reconnect, so anything at or below lastSeq is ignored and applying the
 * same event twice is harmless.
 */
export function applyEvent(s: QueueSnapshot, e: QueueEvent, historyLimit: number): QueueSnapshot {
  if (e.seq <= s.lastSeq) return s;

  let tickets: Ticket[];
  if (IN_PLAY.has(e.ticket.status)) {
    const at = s.tickets.findIndex((t) => t.id === e.ticket.id);
    // Replace in place so lists drawn from the snapshot do not jump around on every update.
    tickets = at === -1 ? [...s.tickets, e.ticket] : s.tickets.map((t, i) => (i === at ? e.ticket : t));
  } else {
    tickets = s.tickets.filter((t) => t.id !== e.ticket.id);
  }

  const call = recentCallOf(e);
  const recentCalls = call ? withRecentCall(s.recentCalls, call, historyLimit) : s.recentCalls;
  return { ...s, lastSeq: e.seq, tickets, recentCalls };
}

/**
 * The recent calls with `call` on top, newest first: one row per ticket, so a recall (or the
 * ticket called again at another window) moves its row up and marks it, never adds a second one.
 */
export function withRecentCall(calls: readonly RecentCall[], call: RecentCall, limit: number): RecentCall[] {
  return [call, ...calls.filter((c) => c.ticketId !== call.ticketId)].slice(0, Math.max(0, limit));
}

/** The recent calls of call and recall events given oldest first, as applyEvent would keep them. */
export function recentCallsOf(events: readonly QueueEvent[], limit: number): RecentCall[] {
  return events.reduce<RecentCall[]>((calls, e) => {
    const call = recentCallOf(e);
    return call ? withRecentCall(calls, call, limit) : calls;
  }, []);
}

/**
 * What the hall shows: "now calling" is the newest call whose ticket is still called or served
 * at that window (never one that was a no-show, finished, transferred or held since), and the
 * history is the other recent calls, newest first.
 */
export function hallCalls(s: QueueSnapshot, historyLength: number): { current: RecentCall | null; history: RecentCall[] } {
  const current =
    s.recentCalls.find((c) => s.tickets.some((t) => t.id === c.ticketId && t.counter === c.counter && (t.status === 'called' || t.status === 'serving'))) ?? null;
  return { current, history: s.recentCalls.filter((c) => c !== current).slice(0, Math.max(0, historyLength)) };
}

/** The hall's history line for a call or recall event; null for every other event. */
export function recentCallOf(e: QueueEvent): RecentCall | null {
  const counter = e.counter ?? e.ticket.counter;
  if ((e.type !== 'ticket.called' && e.type !== 'ticket.recalled') || counter === null) return null;
  return { ticketId: e.ticket.id, number: e.ticket.number, service: e.ticket.service, counter, at: e.at, recall: e.type === 'ticket.recalled' };
}

/** What a window is doing, as the hall display and the lead's overview show it. */
export function counterStatusOf(
  s: QueueSnapshot,
  counterNumber: CounterNumber,
): { status: CounterStatus; ticket: Ticket | null } {
  const mine = s.tickets.filter((t) => t.counter === counterNumber);
  // Serving wins if stale data ever shows both: the customer is at the window.
  const serving = mine.find((t) => t.status === 'serving');
  if (serving) return { status: 'serving', ticket: serving };
  const calling = mine.find((t) => t.status === 'called');
  if (calling) return { status: 'calling', ticket: calling };
  return { status: 'idle', ticket: null };
}

/** Tickets this window may call, oldest first (not the call order: see rules/selectNext). */
export function waitingFor(s: QueueSnapshot, counter: Counter): Ticket[] {
  return s.tickets.filter((t) => mayCall(counter, t)).sort(byIssueOrder);
}
