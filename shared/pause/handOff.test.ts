import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { Change } from '../queue/commands.js';
import { ticket } from '../queue/testTickets.fixtures.js';
import type { Ticket } from '../queue/ticket.js';
import { handBackChanges, rerouteFromPaused } from './handOff.js';
import { handBack } from './rules.js';
import type { PauseWindow, WindowStatus } from './schema.js';

const hall = (over: Partial<Record<number, WindowStatus>> = {}): PauseWindow[] => [
  { number: 1, services: ['A'], status: over[1] ?? 'idle' },
  { number: 2, services: ['A', 'B'], status: over[2] ?? 'idle' },
  { number: 3, services: ['B', 'A'], status: over[3] ?? 'idle' },
  { number: 4, services: ['V', 'A'], status: over[4] ?? 'idle' },
];

describe('handBackChanges: the hand-back as queue changes', () => {
  it('puts every ticket back to waiting with its issue time, pinned where handBack says, with the reason', () => {
    const called = ticket(0, { status: 'called', counter: 1, calledAt: 'x', lastCalledAt: 'x', recalls: 2 } as Partial<Ticket>);
    const held = ticket(1, { status: 'held', counter: 1, calledAt: 'x', lastCalledAt: 'x' } as Partial<Ticket>);
    const pinned = ticket(2, { targetCounter: 1 });
    const tickets = [called, held, pinned, ticket(3)];
    const windows = hall({ 1: 'paused' });
    const changes = handBackChanges(handBack(1, tickets, windows), tickets, 1, 'window_paused');
    expect(changes.map((c) => [c.ticket.id, c.type, c.ticket.status, c.ticket.targetCounter, c.detail.toCounter, c.detail.reason])).toEqual([
      [called.id, 'ticket.transferred', 'waiting', null, undefined, 'window_paused'],
      [held.id, 'ticket.transferred', 'waiting', 2, 2, 'window_paused'],
      [pinned.id, 'ticket.transferred', 'waiting', 2, 2, 'window_paused'],
    ]);
    for (const c of changes) {
      const before = tickets.find((t) => t.id === c.ticket.id)!;
      expect(c.ticket).toMatchObject({ issuedAt: before.issuedAt, number: before.number, counter: null, transfers: before.transfers });
      expect(c.detail.fromCounter).toBe(1);
    }
    expect(changes[0]!.ticket).toMatchObject({ recalls: 0, calledAt: null, lastCalledAt: null });
  });

  it('never loses a ticket: every ticket tied to the window ends up waiting', () => {
    const arb = fc.array(
      fc
        .record({ status: fc.constantFrom<Ticket['status']>('waiting', 'called', 'held', 'serving'), counter: fc.integer({ min: 1, max: 4 }), pinned: fc.boolean() })
        .map((r) => ticket(0, { status: r.status, counter: r.status === 'waiting' ? null : r.counter, targetCounter: r.status === 'waiting' && r.pinned ? r.counter : null })),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(arb, fc.integer({ min: 1, max: 4 }), (tickets, n) => {
        const changes = handBackChanges(handBack(n, tickets, hall({ [n]: 'paused' })), tickets, n, 'window_paused');
        const after = new Map(tickets.map((t) => [t.id, t]));
        for (const c of changes) after.set(c.ticket.id, c.ticket);
        for (const t of after.values()) {
          expect(t.counter === n && t.status !== 'waiting').toBe(false);
          expect(t.targetCounter === n).toBe(false);
        }
      }),
    );
  });
});

describe('rerouteFromPaused: a transfer to a paused window', () => {
  const transferTo = (to: number): Change => ({
    type: 'ticket.transferred',
    ticket: ticket(0, { targetCounter: to }),
    detail: { fromService: 'A', toService: 'A', fromCounter: 3, toCounter: to },
  });

  it('goes to the window on the paused window’s sign', () => {
    const [c] = rerouteFromPaused([transferTo(1)], hall({ 1: 'paused' }), 3);
    expect(c!.ticket.targetCounter).toBe(2);
    expect(c!.detail).toMatchObject({ toCounter: 2, reason: 'window_paused', fromCounter: 3 });
  });

  it('goes back to its service’s queue rather than to the window that sent it', () => {
    const [c] = rerouteFromPaused([transferTo(1)], hall({ 1: 'paused' }), 2);
    expect(c!.ticket.targetCounter).toBeNull();
    expect(c!.detail.toCounter).toBeUndefined();
  });

  it('leaves transfers to open windows, and other changes, as they are', () => {
    const open = transferTo(2);
    expect(rerouteFromPaused([open], hall({ 1: 'paused' }), 3)).toEqual([open]);
  });
});
