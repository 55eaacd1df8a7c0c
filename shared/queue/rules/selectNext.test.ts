import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { Counter, OpeningHours } from '../../config/schema.js';
import type { QueuedTicket } from '../ticket.js';
import { nextConsecutivePriority, selectNext } from './selectNext.js';
import { mayCall } from './eligibility.js';
import { kioskState } from './openingHours.js';
import { T0, counterA, counterAB, minutesAfter, policy, ticket } from '../testTickets.fixtures.js';

const at = (minutes: number) => ({ policy, now: minutesAfter(T0, minutes), consecutivePriority: 0 });

/** Calls `n` tickets in a row at one window as the hub would, returning their ids in call order. */
function callInTurn(tickets: QueuedTicket[], counter: Counter, n: number, nowMinutes: number): string[] {
  const queue = tickets.map((t) => ({ ...t }));
  const called: string[] = [];
  let consecutivePriority = 0;
  for (let i = 0; i < n; i++) {
    const pick = selectNext(queue, { counter, policy, now: minutesAfter(T0, nowMinutes), consecutivePriority });
    if (!pick) break;
    called.push(pick.ticket.id);
    consecutivePriority = nextConsecutivePriority(consecutivePriority, pick.ticket);
    queue.find((t) => t.id === pick.ticket.id)!.status = 'called';
  }
  return called;
}

describe('selectNext: who a window may call', () => {
  it('returns null when nobody the window serves is waiting', () => {
    const tickets = [ticket(0, { service: 'B' }), ticket(1, { status: 'called', counter: 1 }), ticket(2, { status: 'held' })];
    expect(selectNext(tickets, { counter: counterA, ...at(10) })).toBeNull();
  });

  it('skips tickets pinned to another window and calls tickets pinned to this one, whatever their service', () => {
    const pinnedElsewhere = ticket(0, { targetCounter: 2 });
    const pinnedHere = ticket(1, { service: 'B', targetCounter: 1 });
    const pick = selectNext([pinnedElsewhere, pinnedHere], { counter: counterA, ...at(10) });
    expect(pick?.ticket.id).toBe(pinnedHere.id);
  });

  it('calls normal tickets oldest first, breaking equal times by id', () => {
    const later = ticket(5);
    const sameTimeB = ticket(2, { id: 'b' });
    const sameTimeA = ticket(2, { id: 'a' });
    const pick = selectNext([later, sameTimeB, sameTimeA], { counter: counterAB, ...at(10) });
    expect(pick).toEqual({ ticket: sameTimeA, why: 'order' });
  });

  it('does not care about opening hours: the queue keeps being called after closing', () => {
    const hours: OpeningHours = {
      timezone: 'Asia/Shanghai',
      weekly: Array.from({ length: 7 }, () => [{ open: '09:00', close: '17:00' }]),
      closedDates: [],
      extraOpenDates: [],
    };
    const issuedBeforeClosing = ticket(6 * 60 + 50); // 16:50 local
    const afterClosing = minutesAfter(T0, 7 * 60 + 30); // 17:30 local
    expect(kioskState(hours, afterClosing).open).toBe(false);
    const pick = selectNext([issuedBeforeClosing], { counter: counterA, policy, now: afterClosing, consecutivePriority: 0 });
    expect(pick?.ticket.id).toBe(issuedBeforeClosing.id);
  });
});

describe('selectNext: priority customers', () => {
  it('calls appointment before elderly before VIP, each class oldest first', () => {
    const vip = ticket(0, { priority: 'vip' });
    const elderlyLate = ticket(3, { priority: 'elderly' });
    const elderlyEarly = ticket(2, { priority: 'elderly' });
    const appointment = ticket(4, { priority: 'appointment' });
    const normal = ticket(-1);
    const order = callInTurn([vip, elderlyLate, elderlyEarly, appointment, normal], counterA, 5, 10);
    expect(order).toEqual([appointment.id, elderlyEarly.id, elderlyLate.id, normal.id, vip.id]);
  });

  it('with 3 elderly and normals waiting and a cap of 3, the 4th call is the oldest normal', () => {
    const elderly = [ticket(5, { priority: 'elderly' }), ticket(6, { priority: 'elderly' }), ticket(7, { priority: 'elderly' })];
    const normals = [ticket(0), ticket(1)];
    const order = callInTurn([...normals, ...elderly], counterA, 5, 10);
    expect(order.slice(0, 3)).toEqual(elderly.map((t) => t.id));
    expect(order[3]).toBe(normals[0]!.id);
  });

  it('after the cap, an older priority ticket does not take the normal customer’s turn', () => {
    const elderly = [0, 1, 2, 3].map((m) => ticket(m, { priority: 'elderly' }));
    const normal = ticket(8);
    const order = callInTurn([...elderly, normal], counterA, 5, 10);
    expect(order).toEqual([elderly[0]!.id, elderly[1]!.id, elderly[2]!.id, normal.id, elderly[3]!.id]);
  });

  it('keeps calling priority tickets past the cap when no normal ticket waits', () => {
    const vip = ticket(0, { priority: 'vip' });
    const elderly = ticket(1, { priority: 'elderly' });
    const pick = selectNext([vip, elderly], { counter: counterA, policy, now: minutesAfter(T0, 10), consecutivePriority: 7 });
    expect(pick).toEqual({ ticket: elderly, why: 'priority' });
  });

  it('counts consecutive priority calls and resets on a normal call', () => {
    expect(nextConsecutivePriority(0, { priority: 'elderly' })).toBe(1);
    expect(nextConsecutivePriority(2, { priority: 'appointment' })).toBe(3);
    expect(nextConsecutivePriority(3, { priority: 'none' })).toBe(0);
  });
});

describe('selectNext: nobody starves', () => {
  it('a ticket waiting longer than maxWaitMinutes beats any priority ticket', () => {
    const longWaiting = ticket(0);
    const appointment = ticket(40, { priority: 'appointment' });
    const pick = selectNext([appointment, longWaiting], { counter: counterA, ...at(46) });
    expect(pick).toEqual({ ticket: longWaiting, why: 'overdue' });
  });

  it('at exactly maxWaitMinutes the ticket is not yet overdue', () => {
    const normal = ticket(0);
    const elderly = ticket(30, { priority: 'elderly' });
    expect(selectNext([normal, elderly], { counter: counterA, ...at(45) })?.why).toBe('priority');
  });

  it('calls the oldest overdue ticket first, even a normal one before an overdue elderly one', () => {
    const elderly = ticket(1, { priority: 'elderly' });
    const normal = ticket(0);
    expect(selectNext([elderly, normal], { counter: counterA, ...at(60) })).toEqual({ ticket: normal, why: 'overdue' });
  });

  it('measures the wait from issuedAt, so a transferred ticket that waited long is overdue at once', () => {
    const transferred = ticket(0, { service: 'B', transfers: 1 });
    const fresh = ticket(50, { service: 'B', priority: 'vip' });
    expect(selectNext([fresh, transferred], { counter: counterAB, ...at(50) })?.why).toBe('overdue');
  });
});

describe('selectNext properties', () => {
  const counters: Counter[] = [
    counterA,
    counterAB,
    { number: 3, services: ['B', 'A'], staffId: 's-3' },
    { number: 4, services: ['V', 'A'], staffId: 's-4' },
  ];
  const arbTicket = fc.record({
    id: fc.string({ minLength: 1, maxLength: 4 }),
    service: fc.constantFrom<string>('A', 'B', 'V'),
    priority: fc.constantFrom<QueuedTicket['priority']>('none', 'appointment', 'elderly', 'vip'),
    issuedAt: fc.integer({ min: -120, max: 0 }).map((m) => minutesAfter(T0, m).toISOString()),
    targetCounter: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
    status: fc.constantFrom<QueuedTicket['status']>('waiting', 'called', 'serving', 'held', 'done'),
  });

  it('never returns a ticket the window may not call, and never null while one waits', () => {
    fc.assert(
      fc.property(
        fc.array(arbTicket, { maxLength: 25 }),
        fc.constantFrom(...counters),
        fc.integer({ min: 0, max: 5 }),
        (tickets, counter, consecutivePriority) => {
          const pick = selectNext(tickets, { counter, policy, now: T0, consecutivePriority });
          const anyCandidate = tickets.some((t) => mayCall(counter, t));
          if (pick === null) return !anyCandidate;
          const serves = pick.ticket.targetCounter === null ? counter.services.includes(pick.ticket.service) : pick.ticket.targetCounter === counter.number;
          return pick.ticket.status === 'waiting' && serves && tickets.includes(pick.ticket);
        },
      ),
    );
  });

  it('does not reorder or change the caller’s array', () => {
    fc.assert(
      fc.property(fc.array(arbTicket, { maxLength: 25 }), (tickets) => {
        const before = JSON.stringify(tickets);
        selectNext(tickets, { counter: counterAB, policy, now: T0, consecutivePriority: 0 });
        return JSON.stringify(tickets) === before;
      }),
    );
  });
});
