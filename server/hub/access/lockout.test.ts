import { describe, expect, it } from 'vitest';
import { Lockout, addressKey, staffKey } from './lockout.js';

const policy = { maxFailures: 5, windowMs: 15 * 60_000 };

describe('Lockout', () => {
  it('reserves before the check: 200 concurrent tries get 5 checks, and the 5 wrong ones lock the right one out', () => {
    let now = 1_000_000;
    const lockout = new Lockout(() => policy, () => now);
    const keys = [staffKey('s-1002'), addressKey('10.0.0.7')];
    const tries = Array.from({ length: 201 }, () => lockout.reserve(keys));
    const held = tries.filter((t) => t.ok);
    expect(held).toHaveLength(5);
    expect(tries.filter((t) => !t.ok).every((t) => !t.ok && t.retryAfterMs > 0)).toBe(true);
    // The five checks end wrong: the key locks, the fifth failure says so.
    const locked = held.map((t) => (t.ok ? t.reservation.failed() : []));
    expect(locked.slice(0, 4).flat()).toEqual([]);
    expect(locked[4]).toEqual(keys);
    const after = lockout.reserve(keys);
    expect(after.ok).toBe(false);
    if (!after.ok) expect(after.retryAfterMs).toBe(policy.windowMs);
    // Until the window has passed.
    now += policy.windowMs - 1;
    expect(lockout.reserve(keys).ok).toBe(false);
    now += 2;
    expect(lockout.reserve(keys).ok).toBe(true);
  });

  it('locks a key by the failures on it alone: an address across different people, a person across addresses', () => {
    const lockout = new Lockout(() => policy, () => 0);
    for (let i = 0; i < 5; i++) {
      const r = lockout.reserve([staffKey(`s-${i}`), addressKey('10.0.0.8')]);
      expect(r.ok).toBe(true);
      if (r.ok) r.reservation.failed();
    }
    const fromThere = lockout.reserve([staffKey('s-9'), addressKey('10.0.0.8')]);
    expect(fromThere.ok).toBe(false);
    if (!fromThere.ok) expect(fromThere.key).toBe(addressKey('10.0.0.8'));
    const elsewhere = lockout.reserve([staffKey('s-9'), addressKey('10.0.0.9')]);
    expect(elsewhere.ok).toBe(true);
  });

  it('forgets a person’s failures after the right PIN, not the address’s', () => {
    const lockout = new Lockout(() => policy, () => 0);
    const keys = [staffKey('s-1'), addressKey('::ffff:10.0.0.1')];
    for (let i = 0; i < 4; i++) {
      const r = lockout.reserve(keys);
      if (r.ok) r.reservation.failed();
    }
    const right = lockout.reserve(keys);
    expect(right.ok).toBe(true);
    if (right.ok) right.reservation.succeeded([staffKey('s-1')]);
    expect(lockout.state(staffKey('s-1'))).toEqual({ failures: 0, inFlight: 0 });
    // IPv4-mapped and plain IPv4 are one address.
    expect(lockout.state(addressKey('10.0.0.1'))).toEqual({ failures: 4, inFlight: 0 });
  });

  it('counts restored failures (kept across a restart) like new ones, and drops them once the window has passed', () => {
    let now = 10_000_000;
    const lockout = new Lockout(() => policy, () => now);
    const key = staffKey('s-1');
    lockout.restore(key, [now - 3_000, now - 2_000, now - 1_000, now - 500, now - 100]);
    const r = lockout.reserve([key]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.retryAfterMs).toBe(policy.windowMs - 3_000);
    now += policy.windowMs;
    expect(lockout.reserve([key]).ok).toBe(true);
  });

  it('settles a reservation once', () => {
    const lockout = new Lockout(() => policy, () => 0);
    const r = lockout.reserve([staffKey('s-1')]);
    if (!r.ok) throw new Error('reserved');
    r.reservation.succeeded();
    expect(() => r.reservation.failed()).toThrow();
  });
});
