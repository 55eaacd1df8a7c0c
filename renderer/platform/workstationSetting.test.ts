// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { workstationSetting, workstationSettings } from './workstationSetting.js';

const parseWindow = (json: unknown): { window: number } => {
  const v = json as { window?: unknown };
  if (typeof v?.window !== 'number') throw new Error('not a window');
  return { window: v.window };
};

beforeEach(() => localStorage.clear());

describe('a workstation setting', () => {
  it('is kept in this browser, and null removes it', () => {
    const s = workstationSetting('guichet.test.v1', parseWindow, null);
    expect(s.read()).toBeNull();
    expect(s.save({ window: 3 })).toBe(true);
    expect(s.read()).toEqual({ window: 3 });
    expect(workstationSetting('guichet.test.v1', parseWindow, null).read()).toEqual({ window: 3 }); // another window of the PC
    s.save(null);
    expect(localStorage.getItem('guichet.test.v1')).toBeNull();
    expect(s.read()).toBeNull();
  });

  it('reads what no longer parses (another version, a hand edit) as nothing chosen', () => {
    const s = workstationSetting('guichet.test.v1', parseWindow, null);
    localStorage.setItem('guichet.test.v1', '{"window":"three"}');
    expect(s.read()).toBeNull();
    localStorage.setItem('guichet.test.v1', 'not json');
    expect(s.read()).toBeNull();
  });

  it('gives the same object while the stored text is the same (React compares snapshots)', () => {
    const s = workstationSetting('guichet.test.v1', parseWindow, null);
    s.save({ window: 1 });
    expect(s.read()).toBe(s.read());
  });

  it('tells its listeners of a save here and of a change by another window, not of other keys', () => {
    const s = workstationSetting('guichet.test.v1', parseWindow, null);
    let heard = 0;
    const stop = s.subscribe(() => heard++);
    s.save({ window: 2 });
    window.dispatchEvent(new StorageEvent('storage', { key: 'guichet.test.v1' }));
    window.dispatchEvent(new StorageEvent('storage', { key: 'guichet.other.v1' }));
    expect(heard).toBe(2);
    stop();
    s.save({ window: 4 });
    expect(heard).toBe(2);
  });

  it('keeps one setting per window number', () => {
    const of = workstationSettings('guichet.test.v1.', parseWindow, null);
    expect(of(1)).toBe(of(1));
    of(1).save({ window: 1 });
    expect(of(2).read()).toBeNull();
    expect(localStorage.getItem('guichet.test.v1.1')).toBe('{"window":1}');
  });
});
