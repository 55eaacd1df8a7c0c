import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { QueuedTicket } from '../ticket.js';
import { nextConsecutivePriority, selectNext } from './selectNext.js';
import { waitingAhead } from './waitingAhead.js';
import { T0, counterA, minutesAfter, policy, ticket } from '../testTickets.fixtures.js';

const ctx = (nowMinutes = 10, consecutivePriority = 0) => ({ policy, now: minutesAfter(T0, nowMinutes), consecutivePriority });

describe('waitingAhead: the people called before a ticket, in selectNext order', () => {
  it('counts the normal tickets of the same service issued before a normal ticket', () => {
    const a1 = ticket(0);
    const b1 = ticket(1, { service: 'B' });
    const a2 = ticket(2);
    const a3 = ticket(3);
    expect(waitingAhead(a1, [a1, b1, a2, a3], ctx())).toBe(0);
    expect(waitingAhead(a3, [a1, b1, a2, a3], ctx())).toBe(2);
  });

  it('gives a priority ticket behind normal ones nobody ahead (issue 14: the elderly ticket said 2 ahead and was called first)', () => {
    const normal = [ticket(0), ticket(1)];
    const elderly = ticket(2, { priority: 'elderly' });
    expect(waitingAhead(elderly, [...normal, elderly], ctx())).toBe(0);
    // The normal tickets count the priority ticket that passes them.
    expect(waitingAhead(normal[0]!, [...normal, elderly], ctx())).toBe(1);
  });

  it('ranks the priority classes as selectNext does: appointment, then elderly, then VIP', () => {
    const vip = ticket(0, { priority: 'vip' });
    const elderly = ticket(1, { priority: 'elderly' });
    const appointment = ticket(2, { priority: 'appointment' });
    const all = [vip, elderly, appointment];
    expect([appointment, elderly, vip].map((t) => waitingAhead(t, all, ctx()))).toEqual([0, 1, 2]);
  });

  it('lets a normal customer through once the priority cap is reached', () => {
    const normal = ticket(0);
    const elderly = ticket(1, { priority: 'elderly' });
    expect(waitingAhead(elderly, [normal, elderly], ctx(10, policy.maxConsecutivePriority))).toBe(1);
  });

  it('puts an overdue ticket first, whatever its class', () => {
    const overdue = ticket(0);
    const elderly = ticket(policy.maxWaitMinutes + 5, { priority: 'elderly' });
    expect(waitingAhead(elderly, [overdue, elderly], ctx(policy.maxWaitMinutes + 6))).toBe(1);
  });

  it('ignores tickets that are not waiting and those pinned to another window', () => {
    const called = ticket(0, { status: 'called', counter: 1 });
    const pinned = ticket(1, { targetCounter: 3 });
    const mine = ticket(2);
    expect(waitingAhead(mine, [called, pinned, mine], ctx())).toBe(0);
  });

  it('agrees with the call order of a window that serves only the service', () => {
    const arb = fc.array(fc.record({ minutes: fc.integer({ min: 0, max: 60 }), priority: fc.constantFrom('none', 'none', 'elderly', 'vip', 'appointment') }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 3 }), (specs, streak0) => {
        const tickets: QueuedTicket[] = specs.map((s) => ticket(s.minutes, { priority: s.priority as QueuedTicket['priority'] }));
        const now = minutesAfter(T0, 70);
        // The order one window calls them in.
        const order: string[] = [];
        let rest = [...tickets];
        let streak = streak0;
        for (;;) {
          const next = selectNext(rest, { counter: counterA, policy, now, consecutivePriority: streak });
          if (!next) break;
          order.push(next.ticket.id);
          streak = nextConsecutivePriority(streak, next.ticket);
          rest = rest.filter((t) => t.id !== next.ticket.id);
        }
        for (const t of tickets) expect(waitingAhead(t, tickets, { policy, now, consecutivePriority: streak0 })).toBe(order.indexOf(t.id));
      }),
    );
  });
});
