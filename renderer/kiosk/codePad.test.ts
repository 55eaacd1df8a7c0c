import { describe, expect, it } from 'vitest';
import { isComplete, pressKey } from './codePad.js';
import type { PadKey } from './codePad.js';

describe('appointment code pad', () => {
  it('takes six digits and no more', () => {
    const keys: PadKey[] = ['1', '0', '0', '0', '0', '1', '9'];
    const code = keys.reduce(pressKey, '');
    expect(code).toBe('100001');
    expect(isComplete(code)).toBe(true);
  });

  it('deletes and clears', () => {
    expect(pressKey('123', 'delete')).toBe('12');
    expect(pressKey('', 'delete')).toBe('');
    expect(pressKey('123', 'clear')).toBe('');
    expect(isComplete('12345')).toBe(false);
  });
});
