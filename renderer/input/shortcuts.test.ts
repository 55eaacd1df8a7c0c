import { describe, expect, it } from 'vitest';
import { actionsFor } from '../../shared/keypad/mapping.js';
import { COMPLAINT_SHORTCUT, PAUSE_SHORTCUT, SHORTCUTS, actionForKey, actionForKeypad } from './shortcuts.js';

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
    const keys = [...Object.values(SHORTCUTS), PAUSE_SHORTCUT, COMPLAINT_SHORTCUT];
    expect(new Set(keys).size).toBe(keys.length);
    expect(actionForKey(key(PAUSE_SHORTCUT))).toBeNull();
    expect(actionForKey(key(COMPLAINT_SHORTCUT))).toBeNull();
  });

  it('runs the caller keypad’s four panel commands; pause, phrases and ratings are not the panel’s', () => {
    const handled = actionsFor('caller', 4).filter((a) => actionForKeypad(a) !== null);
    expect(handled).toEqual(['callNext', 'recall', 'noShow', 'finish']);
    expect(handled.map(actionForKeypad)).toEqual(['callNext', 'recall', 'noShow', 'finish']);
    expect(actionsFor('rating', 5).map(actionForKeypad)).toEqual([null, null, null, null, null]);
    expect(actionForKeypad('hold')).toBeNull();
  });
});
