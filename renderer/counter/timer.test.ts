import { describe, expect, it } from 'vitest';
import { timerLevel } from './timer.js';

describe('timerLevel', () => {
  it('turns amber at 80 % of the target and red at the target', () => {
    expect(timerLevel(0, 8)).toBe('ok');
    expect(timerLevel(383, 8)).toBe('ok');
    expect(timerLevel(384, 8)).toBe('warn');
    expect(timerLevel(479, 8)).toBe('warn');
    expect(timerLevel(480, 8)).toBe('over');
    expect(timerLevel(5000, 8)).toBe('over');
  });
});
