import { describe, expect, it } from 'vitest';
import { setAt } from './draft.js';

describe('setAt', () => {
  it('replaces a nested value without touching the original', () => {
    const root = { a: { b: [1, 2, 3] }, c: 1 };
    const next = setAt(root, ['a', 'b', 1], 9);
    expect(next).toEqual({ a: { b: [1, 9, 3] }, c: 1 });
    expect(root.a.b).toEqual([1, 2, 3]);
    expect(next.c).toBe(1);
  });

  it('removes an object key set to undefined (a target switched to the other unit)', () => {
    expect(setAt({ s: { m: 5, x: 1 } }, ['s', 'm'], undefined)).toEqual({ s: { x: 1 } });
  });
});
