import { describe, expect, it } from 'vitest';
import { AttemptLimiter, keyOf } from './attemptLimiter.js';

describe('the limit on failed attempts per address', () => {
  it('lets an address fail max times a window, then makes it wait for the window to end', () => {
    let t = 1_000_000;
    const limiter = new AttemptLimiter({ max: 3, windowMs: 60_000 }, () => t);
    for (let i = 0; i < 3; i++) {
      expect(limiter.waitFor('10.0.0.7')).toBe(0);
      limiter.failed('10.0.0.7');
      t += 1_000;
    }
    expect(limiter.waitFor('10.0.0.7')).toBe(57_000);
    expect(limiter.waitFor('10.0.0.8')).toBe(0);
    t += 57_000;
    expect(limiter.waitFor('10.0.0.7')).toBe(0);
    limiter.failed('10.0.0.7');
    expect(limiter.waitFor('10.0.0.7')).toBe(0);
  });

  it('counts an IPv6 machine by its /64 and an IPv4-mapped address as the IPv4 one', () => {
    expect(keyOf('2001:db8:0:12:aaaa::1')).toBe('2001:db8:0:12::/64');
    expect(keyOf('2001:0db8:0000:0012:ffff:ffff:ffff:ffff')).toBe('2001:db8:0:12::/64');
    expect(keyOf('::1')).toBe('0:0:0:0::/64');
    expect(keyOf('::ffff:192.168.1.20')).toBe('192.168.1.20');
    expect(keyOf('192.168.1.20')).toBe('192.168.1.20');
    const limiter = new AttemptLimiter({ max: 1, windowMs: 60_000 }, () => 0);
    limiter.failed('2001:db8:0:12::1');
    expect(limiter.waitFor('2001:db8:0:12::2')).toBe(60_000);
    expect(limiter.waitFor('2001:db8:0:13::1')).toBe(0);
  });
});
