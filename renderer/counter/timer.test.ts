import { describe, expect, it } from 'vitest';
import { timerLevel } from './timer.js';

describe('timerLevel', () => {
  it('turns amber at 80 % of the target and red at the target', () => {
    expect(timerLevel(0, 480)).toBe('ok');
    expect(timerLevel(383, 480)).toBe('ok');
    expect(timerLevel(384, 480)).toBe('warn');
    expect(timerLevel(479, 480)).toBe('warn');
    expect(timerLevel(480, 480)).toBe('over');
    expect(timerLevel(5000, 480)).toBe('over');
  });

  it('takes targets of seconds (a toll lane issues a card in 5 s) and ignores a missing one', () => {
    expect(timerLevel(3, 5)).toBe('ok');
    expect(timerLevel(4, 5)).toBe('warn');
    expect(timerLevel(5, 5)).toBe('over');
    expect(timerLevel(5000, Number.POSITIVE_INFINITY)).toBe('ok');
    expect(timerLevel(5000, 0)).toBe('ok');
  });
});
