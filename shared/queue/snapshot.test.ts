import { describe, it, expect } from 'vitest';
import type { QueueEvent, QueueEventType, QueueSnapshot } from './events.js';
import type { Ticket } from './ticket.js';
import { applyEvent, counterStatusOf, hallCalls, recentCallsOf, waitingFor } from './snapshot.js';
import { T0, counterA, counterAB, minutesAfter, ticket } from './testTickets.fixtures.js';

const empty: QueueSnapshot = { branchId: 'b-1', businessDay: '2025-06-03', lastSeq: 0, tickets: [], recentCalls: [] };

function event(seq: number, type: QueueEventType, t: Ticket, counter: number | null = t.counter): QueueEvent {
  return { id: `e-${seq}`, seq, type, at: minutesAfter(T0, seq).toISOString(), branchId: 'b-1', counter, ticket: t, detail: {} };
}

/** Applies events in order, as a client does while following the hub's stream. */
const replay = (events: QueueEvent[], limit = 6, from = empty) => events.reduce((s, e) => applyEvent(s, e, limit), from);

describe('applyEvent', () => {
  const issued = ticket(0);
  const called = { ...issued, status: 'called' as const, counter: 2, calledAt: minutesAfter(T0, 2).toISOString() };

  it('adds an issued ticket and replaces it in place as it changes', () => {
    const other = ticket(1);
    const s = replay([event(1, 'ticket.issued', issued), event(2, 'ticket.issued', other), event(3, 'ticket.called', called)]);
    expect(s.tickets).toEqual([called, other]);
    expect(s.lastSeq).toBe(3);
  });

  it('ignores a replayed or duplicated event', () => {
    const s = replay([event(1, 'ticket.issued', issued), event(2, 'ticket.called', called)]);
    const stale = event(1, 'ticket.issued', issued);
    expect(applyEvent(s, stale, 6)).toBe(s);
    expect(applyEvent(s, event(2, 'ticket.called', called), 6)).toBe(s);
  });

  it('drops tickets once they are done, no-show or expired', () => {
    for (const status of ['done', 'no_show', 'expired'] as const) {
      const s = replay([event(1, 'ticket.issued', issued), event(2, 'service.finished', { ...issued, status })]);
      expect(s.tickets).toEqual([]);
      expect(s.lastSeq).toBe(2);
    }
  });

  it('keeps held tickets, which their window will call back', () => {
    const held = { ...called, status: 'held' as const };
    expect(replay([event(1, 'ticket.issued', issued), event(2, 'ticket.held', held)]).tickets).toEqual([held]);
  });

  it('records calls newest first, cut to the hall history length', () => {
    const others = [1, 2, 3].map((i) => ticket(i));
    const events = [
      event(1, 'ticket.issued', issued),
      event(2, 'ticket.called', called),
      ...others.map((t, i) => event(3 + i, 'ticket.called', { ...t, status: 'called' as const, counter: 1 })),
    ];
    const s = replay(events, 2);
    expect(s.recentCalls.map((c) => c.number)).toEqual([others[2]!.number, others[1]!.number]);
    expect(replay(events.slice(0, 2)).recentCalls[0]).toMatchObject({ recall: false, counter: 2 });
  });

  it('keeps one row per ticket: a recall moves its row to the top and marks it (issue 14: A004 three times)', () => {
    const other = ticket(1);
    const otherCalled = { ...other, status: 'called' as const, counter: 3 };
    const events = [
      event(1, 'ticket.issued', issued),
      event(2, 'ticket.issued', other),
      event(3, 'ticket.called', called),
      event(4, 'ticket.called', otherCalled),
      event(5, 'ticket.recalled', { ...called, recalls: 1 }),
      event(6, 'ticket.recalled', { ...called, recalls: 2 }),
    ];
    const s = replay(events);
    expect(s.recentCalls).toEqual([
      { ticketId: issued.id, number: issued.number, service: 'A', counter: 2, at: minutesAfter(T0, 6).toISOString(), recall: true },
      { ticketId: other.id, number: other.number, service: 'A', counter: 3, at: minutesAfter(T0, 4).toISOString(), recall: false },
    ]);
    // The hub builds the same list from its stored events at start.
    expect(recentCallsOf(events, 6)).toEqual(s.recentCalls);
  });

  it('does not modify the snapshot it was given', () => {
    const before = structuredClone(empty);
    applyEvent(empty, event(1, 'ticket.called', called), 6);
    expect(empty).toEqual(before);
  });
});

describe('hallCalls', () => {
  const at = (seq: number) => minutesAfter(T0, seq).toISOString();
  const a = ticket(0, { status: 'called', counter: 1 });
  const b = ticket(1, { status: 'called', counter: 2 });
  const callOf = (t: Ticket, seq: number) => ({ ticketId: t.id, number: t.number, service: t.service, counter: t.counter!, at: at(seq), recall: false });

  it('shows the newest call as "now calling" and the others as history', () => {
    const s: QueueSnapshot = { ...empty, tickets: [a, b], recentCalls: [callOf(b, 2), callOf(a, 1)] };
    expect(hallCalls(s, 6)).toEqual({ current: callOf(b, 2), history: [callOf(a, 1)] });
  });

  it('keeps a call being served as "now calling"', () => {
    const s: QueueSnapshot = { ...empty, tickets: [{ ...b, status: 'serving' }], recentCalls: [callOf(b, 2)] };
    expect(hallCalls(s, 6).current).toEqual(callOf(b, 2));
  });

  it('never shows a ticket as "now calling" after its no-show, finish, transfer or hold (issue 14)', () => {
    const calls = [callOf(b, 2), callOf(a, 1)];
    // b was a no-show (or finished): gone from the tickets in play; a is still called.
    expect(hallCalls({ ...empty, tickets: [a], recentCalls: calls }, 6)).toEqual({ current: callOf(a, 1), history: [callOf(b, 2)] });
    // b transferred to another service: waiting again, at no window.
    expect(hallCalls({ ...empty, tickets: [a, { ...b, status: 'waiting', counter: null }], recentCalls: calls }, 6).current).toEqual(callOf(a, 1));
    // b held at its window.
    expect(hallCalls({ ...empty, tickets: [a, { ...b, status: 'held' }], recentCalls: calls }, 6).current).toEqual(callOf(a, 1));
    // Nothing still called: no "now calling", everything is history.
    expect(hallCalls({ ...empty, tickets: [], recentCalls: calls }, 6)).toEqual({ current: null, history: calls });
  });

  it('cuts the history to the given length', () => {
    const s: QueueSnapshot = { ...empty, tickets: [b], recentCalls: [callOf(b, 3), callOf(a, 2), callOf(ticket(2), 1)] };
    expect(hallCalls(s, 1)).toEqual({ current: callOf(b, 3), history: [callOf(a, 2)] });
  });
});

describe('counterStatusOf', () => {
  const calling = ticket(0, { status: 'called', counter: 1 });
  const serving = ticket(1, { status: 'serving', counter: 2 });
  const held = ticket(2, { status: 'held', counter: 3 });
  const s: QueueSnapshot = { ...empty, tickets: [calling, serving, held, ticket(3)] };

  it('tells whether a window is calling, serving or idle', () => {
    expect(counterStatusOf(s, 1)).toEqual({ status: 'calling', ticket: calling });
    expect(counterStatusOf(s, 2)).toEqual({ status: 'serving', ticket: serving });
    expect(counterStatusOf(s, 3)).toEqual({ status: 'idle', ticket: null }); // a held ticket does not occupy the window
    expect(counterStatusOf(s, 9)).toEqual({ status: 'idle', ticket: null });
  });
});

describe('waitingFor', () => {
  it('lists the tickets a window may call, oldest first', () => {
    const b = ticket(0, { service: 'B' });
    const a2 = ticket(5);
    const a1 = ticket(1);
    const pinnedElsewhere = ticket(-5, { targetCounter: 3 });
    const called = ticket(-10, { status: 'called', counter: 1 });
    const s: QueueSnapshot = { ...empty, tickets: [a2, b, pinnedElsewhere, called, a1] };
    expect(waitingFor(s, counterA)).toEqual([a1, a2]);
    expect(waitingFor(s, counterAB)).toEqual([b, a1, a2]);
  });
});
