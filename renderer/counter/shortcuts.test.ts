import { describe, expect, it } from 'vitest';
import { SHORTCUTS, actionForKey } from './shortcuts.js';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'altKey' | 'metaKey' | 'shiftKey', boolean>> = {}) => ({
  key: k,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  shiftKey: false,
  ...mods,
});

describe('counter shortcuts', () => {
  it('maps F1..F4 to the main actions', () => {
    expect(actionForKey(key('F1'))).toBe('callNext');
    expect(actionForKey(key('F2'))).toBe('recall');
    expect(actionForKey(key('F3'))).toBe('noShow');
    expect(actionForKey(key('F4'))).toBe('finish');
  });

  it('ignores other keys and modified keys', () => {
    expect(actionForKey(key('a'))).toBeNull();
    expect(actionForKey(key('F1', { ctrlKey: true }))).toBeNull();
  });

  it('gives every action its own key', () => {
    const keys = Object.values(SHORTCUTS);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
