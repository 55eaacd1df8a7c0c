import { describe, expect, it } from 'vitest';
import { demoBranch } from '../config/demoBranch.js';
import { QueueError } from '../api/errors.js';
import type { CounterCommand } from './commands.js';
import { decide } from './commands.js';
import type { Ticket } from './ticket.js';

const config = demoBranch('2025-06-03');
const T0 = new Date('2025-06-03T02:00:00.000Z');
const at = (s: number): Date => new Date(T0.getTime() + s * 1000);

function ticket(id: string, over: Partial<Ticket> = {}): Ticket {
  return {
    id, businessDay: '2025-06-03', service: 'A', number: `A${id.padStart(3, '0')}`, priority: 'none',
    issuedAt: T0.toISOString(), status: 'waiting', counter: null, targetCounter: null, calledAt: null,
    lastCalledAt: null, recalls: 0, startedAt: null, finishedAt: null, outcome: null, items: [], transfers: 0,
    ...over,
  };
}

const run = (tickets: Ticket[], n: number, cmd: CounterCommand, now = at(60)) =>
  decide({ config, tickets, consecutivePriority: 0 }, n, cmd, now);

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof QueueError) return e.code;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('a teller at a window', () => {
  it('calls the oldest waiting ticket of the window’s services and records the wait', () => {
    const d = run([ticket('2', { issuedAt: at(10).toISOString() }), ticket('1'), ticket('3', { service: 'B' })], 1, { kind: 'call-next' });
    expect(d.result).toMatchObject({ id: '1', status: 'called', counter: 1 });
    expect(d.changes).toEqual([expect.objectContaining({ type: 'ticket.called', detail: { waitSeconds: 60 } })]);
  });

  it('gets nothing (not an error) when nobody waits', () => {
    expect(run([ticket('3', { service: 'B' })], 1, { kind: 'call-next' }).result).toBeNull();
  });

  it('finishes the customer being served when calling the next one', () => {
    const serving = ticket('1', { status: 'serving', counter: 1, startedAt: at(0).toISOString() });
    const d = run([serving, ticket('2')], 1, { kind: 'call-next' }, at(300));
    expect(d.changes.map((c) => c.type)).toEqual(['service.finished', 'ticket.called']);
    expect(d.changes[0]!.detail).toEqual({ outcome: 'completed', handlingSeconds: 300 });
  });

  it('cannot call another ticket while one is still only called', () => {
    const called = ticket('1', { status: 'called', counter: 1, lastCalledAt: at(0).toISOString() });
    expect(refusal(() => run([called, ticket('2')], 1, { kind: 'call-next' }))).toBe('conflict');
  });

  it('marks no-show only after the recalls and the gap the policy asks for', () => {
    const called = ticket('1', { status: 'called', counter: 1, calledAt: at(0).toISOString(), lastCalledAt: at(0).toISOString() });
    expect(refusal(() => run([called], 1, { kind: 'no-show' }, at(100)))).toBe('no_show_too_soon');
    const recalled = run([called], 1, { kind: 'recall' }, at(40)).result!;
    const twice = run([recalled], 1, { kind: 'recall' }, at(80)).result!;
    expect(twice.recalls).toBe(2);
    expect(refusal(() => run([twice], 1, { kind: 'no-show' }, at(90)))).toBe('no_show_too_soon');
    expect(run([twice], 1, { kind: 'no-show' }, at(110)).result).toMatchObject({ status: 'no_show' });
  });

  it('calls a chosen ticket out of order only with a reason, and records it', () => {
    const d = run([ticket('1'), ticket('2')], 1, { kind: 'call', ticketId: '2', reason: 'elderly customer, standing' });
    expect(d.result?.id).toBe('2');
    expect(d.changes[0]!.detail).toMatchObject({ outOfOrder: true, reason: 'elderly customer, standing' });
  });

  it('parks a ticket and calls it back later', () => {
    const serving = ticket('1', { status: 'serving', counter: 1 });
    const held = run([serving], 1, { kind: 'hold' }).result!;
    expect(held).toMatchObject({ status: 'held', counter: 1 });
    expect(refusal(() => run([held], 2, { kind: 'call-held', ticketId: '1' }))).toBe('conflict');
    expect(run([held], 1, { kind: 'call-held', ticketId: '1' }).result).toMatchObject({ status: 'called', counter: 1 });
  });

  it('transfers to another service keeping the original issue time', () => {
    const serving = ticket('1', { status: 'serving', counter: 1, issuedAt: at(-600).toISOString() });
    const moved = run([serving], 1, { kind: 'transfer', toService: 'B' }).result!;
    expect(moved).toMatchObject({ service: 'B', status: 'waiting', counter: null, issuedAt: at(-600).toISOString(), transfers: 1 });
    // The B window calls it before a B ticket issued later.
    const later = ticket('9', { service: 'B', issuedAt: at(0).toISOString() });
    expect(run([later, moved], 3, { kind: 'call-next' }).result?.id).toBe('1');
  });

  it('transfers to a chosen window, which alone may call it', () => {
    const serving = ticket('1', { status: 'serving', counter: 1 });
    const moved = run([serving], 1, { kind: 'transfer', toCounter: 4 }).result!;
    expect(moved.targetCounter).toBe(4);
    expect(run([moved], 2, { kind: 'call-next' }).result).toBeNull();
    expect(run([moved], 4, { kind: 'call-next' }).result?.id).toBe('1');
  });

  it('records several services in one visit and the handling time at finish', () => {
    const called = ticket('1', { status: 'called', counter: 2 });
    const started = run([called], 2, { kind: 'start' }, at(0)).result!;
    const more = run([started], 2, { kind: 'add-item', service: 'B' }, at(100)).result!;
    const done = run([more], 2, { kind: 'finish', outcome: 'completed' }, at(400));
    expect(done.result).toMatchObject({ status: 'done', items: ['A', 'B'], outcome: 'completed' });
    expect(done.changes[0]!.detail.handlingSeconds).toBe(400);
  });

  it('refuses a window that does not exist', () => {
    expect(refusal(() => run([], 9, { kind: 'call-next' }))).toBe('not_found');
  });
});
