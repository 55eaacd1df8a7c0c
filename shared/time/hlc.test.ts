import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HybridClock, decodeHlc, encodeHlc } from './hlc.js';

const HOUR = 3_600_000;

describe('hybrid logical clock', () => {
  it('follows the wall clock when it moves forward', () => {
    let now = 1_000;
    const c = new HybridClock('dev-a', () => now);
    expect(decodeHlc(c.tick())).toEqual({ wallMs: 1_000, counter: 0, node: 'dev-a' });
    now = 2_000;
    expect(decodeHlc(c.tick()).wallMs).toBe(2_000);
  });

  it('never goes backwards on one device when its PC clock is set back two hours', () => {
    let now = 10 * HOUR;
    const c = new HybridClock('counter-3', () => now);
    const before = [c.tick(), c.tick()];
    now -= 2 * HOUR; // someone fixes the fast clock
    const after = [c.tick(), c.tick()];
    const all = [...before, ...after];
    expect([...all].sort()).toEqual(all);
    expect(new Set(all).size).toBe(4);
  });

  it('orders an edit made after seeing another device’s edit after it, even with a slow clock', () => {
    const fast = new HybridClock('fast', () => 100 * HOUR + 2 * HOUR);
    const slow = new HybridClock('slow', () => 100 * HOUR - 24 * HOUR);
    const fastEdit = fast.tick();
    slow.receive(fastEdit); // the slow device syncs and sees the fast one's edit
    expect(slow.tick() > fastEdit).toBe(true);
  });

  it('survives a restart: the restored clock continues after its last value', () => {
    const now = () => 5_000;
    const c = new HybridClock('d', now);
    const last = [c.tick(), c.tick(), c.tick()].at(-1)!;
    const restored = new HybridClock('d', now, last);
    expect(restored.tick() > last).toBe(true);
  });

  it('string order equals (wall, counter, node) order for any timestamps', () => {
    const hlc = fc.record({ wallMs: fc.integer({ min: 0, max: 2 ** 45 }), counter: fc.integer({ min: 0, max: 36 ** 5 - 1 }), node: fc.constantFrom('a', 'b', 'c') });
    fc.assert(
      fc.property(hlc, hlc, (x, y) => {
        const tuple = (h: typeof x) => [h.wallMs, h.counter, h.node] as const;
        const [a, b] = [tuple(x), tuple(y)];
        const cmp = a[0] !== b[0] ? Math.sign(a[0] - b[0]) : a[1] !== b[1] ? Math.sign(a[1] - b[1]) : a[2] === b[2] ? 0 : a[2] < b[2] ? -1 : 1;
        const s = encodeHlc(x) === encodeHlc(y) ? 0 : encodeHlc(x) < encodeHlc(y) ? -1 : 1;
        expect(s).toBe(cmp);
      }),
    );
  });

  it('refuses a malformed timestamp', () => {
    expect(() => decodeHlc('yesterday')).toThrow(RangeError);
  });
});
