import { describe, it, expect } from 'vitest';
import type { Counter } from '../config/schema.js';
import type { QueueSnapshot } from '../queue/events.js';
import { ticket } from '../queue/testTickets.fixtures.js';
import { newPause } from './rules.js';
import { DEFAULT_OPEN_WINDOWS, OpenWindowsPolicy } from './schema.js';
import type { PauseWindow } from './schema.js';
import { T0 } from '../queue/testTickets.fixtures.js';
import { canClose, hallWindows, redirectFor, windowStates, windowStatus } from './windows.js';

const counters: Counter[] = [
  { number: 1, services: ['A'], staffId: 's-1' },
  { number: 2, services: ['A', 'B'], staffId: 's-2' },
  { number: 3, services: ['B', 'A'], staffId: 's-3' },
  { number: 4, services: ['V', 'A'], staffId: 's-4' },
];
const snapshot = (tickets = [ticket(0, { status: 'called', counter: 3 })]): QueueSnapshot => ({ branchId: 'b', businessDay: '2025-06-03', lastSeq: 1, tickets, recentCalls: [] });
const up = newPause({ id: 'p-1', counter: 1, reason: 'break', now: T0 });

describe('windowStatus', () => {
  it('the sign first, then a customer at the window, then open or closed', () => {
    expect(windowStatus('calling', { open: true, pause: up })).toBe('paused');
    expect(windowStatus('serving', { open: false, pause: null })).toBe('serving');
    expect(windowStatus('idle', { open: true, pause: null })).toBe('idle');
    expect(windowStatus('idle', { open: false, pause: null })).toBe('closed');
  });
});

describe('hallWindows and windowStates', () => {
  const desk = (n: number) => ({ open: n !== 4, openedAt: n !== 4 ? T0.toISOString() : null, pause: n === 1 ? up : null });

  it('gives every window its services and status from the queue and the desk', () => {
    expect(hallWindows(counters, snapshot(), desk).map((w) => [w.number, w.status])).toEqual([
      [1, 'paused'],
      [2, 'idle'],
      [3, 'calling'],
      [4, 'closed'],
    ]);
    expect(hallWindows(counters, null, desk).map((w) => w.status)).toEqual(['paused', 'idle', 'idle', 'closed']);
  });

  it('names a redirect only for a window with a sign (paused or closed)', () => {
    expect(windowStates(counters, snapshot(), desk).map((w) => [w.number, w.redirectTo])).toEqual([
      [1, 2],
      [2, null],
      [3, null],
      // Window 4 serves V too, and no open window serves V: its sign names none.
      [4, null],
    ]);
    expect(windowStates(counters, snapshot(), desk)[0]).toEqual({ number: 1, open: true, openedAt: T0.toISOString(), pause: up, redirectTo: 2 });
  });
});

describe('canClose: windows may not be closed arbitrarily (seed 000)', () => {
  const hall = (s: Partial<Record<number, PauseWindow['status']>>): PauseWindow[] => counters.map((c) => ({ number: c.number, services: c.services, status: s[c.number] ?? 'idle' }));

  it('lets a window close when others serve its services, and refuses one serving a customer', () => {
    expect(canClose({ counter: 1, counters: hall({}), openingHoursOpen: true })).toEqual({ ok: true, uncovered: [] });
    expect(canClose({ counter: 1, counters: hall({ 1: 'serving' }), openingHoursOpen: true })).toEqual({ ok: false, reason: 'customer_at_counter' });
  });

  it('needs the lead’s override for the last open window of a service during opening hours only', () => {
    expect(canClose({ counter: 4, counters: hall({}), openingHoursOpen: true })).toEqual({ ok: false, reason: 'last_open_for_service', services: ['V'], needsOverride: true });
    expect(canClose({ counter: 4, counters: hall({}), openingHoursOpen: false })).toEqual({ ok: true, uncovered: ['V'] });
    expect(canClose({ counter: 4, counters: hall({}), openingHoursOpen: true, overrideBy: 'lead-1' })).toEqual({ ok: true, uncovered: ['V'] });
  });

  it('a paused or closed window changes nobody’s cover by closing', () => {
    expect(canClose({ counter: 4, counters: hall({ 4: 'paused' }), openingHoursOpen: true })).toEqual({ ok: true, uncovered: [] });
    expect(canClose({ counter: 9, counters: hall({}), openingHoursOpen: true })).toEqual({ ok: false, reason: 'unknown_counter' });
  });

  it('during opening hours closes no window at will: the lead agrees first, not only for the last one', () => {
    const policy = DEFAULT_OPEN_WINDOWS;
    expect(canClose({ counter: 1, counters: hall({}), openingHoursOpen: true, openWindows: policy })).toEqual({ ok: false, reason: 'close_needs_approval', needsOverride: true });
    expect(canClose({ counter: 1, counters: hall({}), openingHoursOpen: true, openWindows: policy, overrideBy: 'lead-1' })).toEqual({ ok: true, uncovered: [] });
    expect(canClose({ counter: 1, counters: hall({}), openingHoursOpen: false, openWindows: policy })).toEqual({ ok: true, uncovered: [] });
    // The last window keeps its own, more specific refusal.
    expect(canClose({ counter: 4, counters: hall({}), openingHoursOpen: true, openWindows: policy })).toMatchObject({ ok: false, reason: 'last_open_for_service' });
    // A branch that lets tellers close above the minimum: only a close below it needs the lead.
    const relaxed = OpenWindowsPolicy.parse({ services: { A: 3 }, closeNeedsApproval: false });
    expect(canClose({ counter: 1, counters: hall({}), openingHoursOpen: true, openWindows: relaxed })).toEqual({ ok: true, uncovered: [] });
    expect(canClose({ counter: 1, counters: hall({ 2: 'closed' }), openingHoursOpen: true, openWindows: relaxed })).toEqual({ ok: false, reason: 'below_min_open', services: ['A'], needsOverride: true });
    // Nothing stops a window that already takes nobody.
    expect(canClose({ counter: 1, counters: hall({ 1: 'paused' }), openingHoursOpen: true, openWindows: policy })).toEqual({ ok: true, uncovered: [] });
  });

  it('redirectFor names nothing for an open window', () => {
    expect(redirectFor(2, hall({ 1: 'paused' }))).toBeNull();
    expect(redirectFor(1, hall({ 1: 'paused' }))).toBe(2);
  });
});
