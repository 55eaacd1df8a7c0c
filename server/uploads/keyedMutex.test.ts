import { describe, expect, it } from 'vitest';
import { KeyedMutex } from './keyedMutex.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('the keyed mutex', () => {
  it('runs one function per key at a time, other keys in parallel, and survives a failure', async () => {
    const m = new KeyedMutex();
    const log: string[] = [];
    const job = (key: string, name: string, fail = false) =>
      m.run(key, async () => {
        log.push(`${name}+`);
        await tick();
        log.push(`${name}-`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([job('a', 'a1', true), job('a', 'a2'), job('b', 'b1')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(log.indexOf('a2+')).toBeGreaterThan(log.indexOf('a1-'));
    expect(log.indexOf('b1+')).toBeLessThan(log.indexOf('a1-'));
  });
});
