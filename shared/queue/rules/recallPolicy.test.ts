import { describe, it, expect } from 'vitest';
import { noShowCheck, recallCheck } from './recallPolicy.js';
import { T0, policy } from '../testTickets.fixtures.js';

const calledAt = T0.toISOString();
const secondsLater = (s: number) => new Date(T0.getTime() + s * 1000);

describe('noShowCheck (过号)', () => {
  it('refuses a ticket that is not currently called', () => {
    for (const status of ['waiting', 'serving', 'held', 'done'] as const) {
      expect(noShowCheck({ status, recalls: 5, lastCalledAt: calledAt }, policy, secondsLater(600))).toEqual({ ok: false, reason: 'not_called' });
    }
  });

  it('refuses until the ticket was recalled twice, saying how many recalls are missing', () => {
    expect(noShowCheck({ status: 'called', recalls: 0, lastCalledAt: calledAt }, policy, secondsLater(600))).toEqual({
      ok: false,
      reason: 'needs_recalls',
      recallsNeeded: 2,
    });
    expect(noShowCheck({ status: 'called', recalls: 1, lastCalledAt: calledAt }, policy, secondsLater(600))).toMatchObject({ recallsNeeded: 1 });
  });

  it('after 2 recalls, refuses until 30 s have passed since the last recall, saying how long to wait', () => {
    const t = { status: 'called' as const, recalls: 2, lastCalledAt: calledAt };
    expect(noShowCheck(t, policy, secondsLater(0))).toEqual({ ok: false, reason: 'too_soon', secondsLeft: 30 });
    expect(noShowCheck(t, policy, secondsLater(29.2))).toEqual({ ok: false, reason: 'too_soon', secondsLeft: 1 });
    expect(noShowCheck(t, policy, secondsLater(30))).toEqual({ ok: true });
  });

  it('a called ticket without a recorded call time is refused rather than dropped', () => {
    expect(noShowCheck({ status: 'called', recalls: 2, lastCalledAt: null }, policy, T0)).toEqual({ ok: false, reason: 'not_called' });
  });
});

describe('recallCheck', () => {
  it('lets the teller repeat a call at once, as often as needed', () => {
    expect(recallCheck({ status: 'called' })).toEqual({ ok: true });
  });

  it('refuses a recall for a ticket that is not called', () => {
    for (const status of ['waiting', 'serving', 'held', 'no_show'] as const) {
      expect(recallCheck({ status })).toEqual({ ok: false, reason: 'not_called' });
    }
  });
});
