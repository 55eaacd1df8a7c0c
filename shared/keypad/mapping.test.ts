import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { actionFor, actionsFor, forgetAction, keyFor, keyIdOf, learnKey, parseMapping, phraseNumber, ratePosition } from './mapping.js';
import type { KeyPress } from './mapping.js';
import { EMPTY_MAPPING, KeypadAction, KeypadMapping } from './schema.js';
import type { KeypadDevice } from './schema.js';

const press = (code: string, key = code, mods: Partial<KeyPress> = {}): KeyPress => ({ code, key, ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, ...mods });
const F_KEYS = ['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9'];

function learned(...steps: Array<[KeypadDevice, KeypadAction, string]>): KeypadMapping {
  let m = EMPTY_MAPPING;
  for (const [device, action, key] of steps) {
    const r = learnKey(m, { device, action, key });
    if (!r.ok) throw new Error(`could not learn ${key}: ${r.reason}`);
    m = r.mapping;
  }
  return m;
}

describe('keyIdOf', () => {
  it('names the physical key with the modifiers held, whatever NumLock makes the key say', () => {
    expect(keyIdOf(press('Numpad1', '1'))).toBe('Numpad1');
    expect(keyIdOf(press('Numpad1', 'End'))).toBe('Numpad1');
    expect(keyIdOf(press('F13'))).toBe('F13');
    expect(keyIdOf(press('KeyA', 'a', { ctrlKey: true, altKey: true }))).toBe('Ctrl+Alt+KeyA');
    expect(keyIdOf(press('Digit1', '!', { shiftKey: true, metaKey: true }))).toBe('Shift+Meta+Digit1');
    expect(keyIdOf(press('', 'AudioVolumeUp'))).toBe('key:AudioVolumeUp');
  });

  it('never learns a modifier alone, Tab, Escape or a key the browser cannot name', () => {
    for (const p of [press('ShiftLeft', 'Shift'), press('ControlRight', 'Control'), press('AltLeft', 'Alt'), press('MetaLeft', 'Meta'), press('Tab'), press('Escape'), press('NumLock'), press('', 'Unidentified'), press('', '')]) {
      expect(keyIdOf(p), JSON.stringify(p)).toBeNull();
    }
  });
});

describe('learnKey', () => {
  it('learns a key for an action and finds the action from a later press of that key', () => {
    const m = learned(['caller', 'callNext', 'Numpad0'], ['caller', 'phrase:3', 'Numpad3'], ['rating', 'rate:4', 'NumpadSubtract']);
    expect(actionFor(m, 'caller', press('Numpad0', 'Insert'))).toBe('callNext');
    expect(actionFor(m, 'caller', press('Numpad3', '3'))).toBe('phrase:3');
    expect(actionFor(m, 'rating', press('NumpadSubtract', '-'))).toBe('rate:4');
    expect(keyFor(m, 'caller', 'phrase:3')).toBe('Numpad3');
    expect(KeypadMapping.safeParse(m).success).toBe(true);
  });

  it('ignores unknown keys, keys of the other device and unlearnable keys', () => {
    const m = learned(['caller', 'recall', 'Numpad1'], ['rating', 'rate:1', 'Numpad9']);
    expect(actionFor(m, 'caller', press('Numpad2'))).toBeNull();
    expect(actionFor(m, 'caller', press('Numpad1', '1', { shiftKey: true }))).toBeNull();
    // A rating key pressed on the teller's window does nothing there, and a caller key rates nothing.
    expect(actionFor(m, 'caller', press('Numpad9'))).toBeNull();
    expect(actionFor(m, 'rating', press('Numpad1'))).toBeNull();
    expect(actionFor(m, 'caller', press('ShiftLeft', 'Shift'))).toBeNull();
  });

  it('re-learning an action moves it to the new key and frees the old one', () => {
    const m = learned(['caller', 'noShow', 'KeyQ'], ['caller', 'noShow', 'KeyW']);
    expect(m.bindings).toEqual([{ device: 'caller', action: 'noShow', key: 'KeyW' }]);
    expect(actionFor(m, 'caller', press('KeyQ'))).toBeNull();
  });

  it('a key bound to another action is a conflict, on the same device or the other one, unless replaced', () => {
    const m = learned(['caller', 'callNext', 'Numpad0'], ['rating', 'rate:1', 'Numpad1']);
    expect(learnKey(m, { device: 'caller', action: 'recall', key: 'Numpad0' })).toEqual({
      ok: false,
      reason: 'conflict',
      key: 'Numpad0',
      boundTo: { device: 'caller', action: 'callNext', key: 'Numpad0' },
    });
    expect(learnKey(m, { device: 'caller', action: 'finish', key: 'Numpad1' })).toMatchObject({ ok: false, reason: 'conflict', boundTo: { device: 'rating', action: 'rate:1' } });

    const r = learnKey(m, { device: 'caller', action: 'recall', key: 'Numpad0' }, { replace: true });
    expect(r).toMatchObject({ ok: true, replaced: { action: 'callNext' } });
    if (!r.ok) return;
    expect(actionFor(r.mapping, 'caller', press('Numpad0'))).toBe('recall');
    expect(keyFor(r.mapping, 'caller', 'callNext')).toBeNull();
  });

  it('learning the same key for the same action again changes nothing', () => {
    const m = learned(['rating', 'rate:2', 'KeyB']);
    expect(learnKey(m, { device: 'rating', action: 'rate:2', key: 'KeyB' })).toEqual({ ok: true, mapping: m, replaced: null });
  });

  it('refuses the teller’s own function keys and actions of the other device', () => {
    expect(learnKey(EMPTY_MAPPING, { device: 'caller', action: 'recall', key: 'F2' }, { reserved: F_KEYS })).toEqual({ ok: false, reason: 'reserved', key: 'F2' });
    expect(learnKey(EMPTY_MAPPING, { device: 'rating', action: 'rate:1', key: 'F4' }, { reserved: F_KEYS })).toMatchObject({ ok: false, reason: 'reserved' });
    expect(learnKey(EMPTY_MAPPING, { device: 'caller', action: 'rate:1', key: 'KeyA' })).toMatchObject({ ok: false, reason: 'wrong_device' });
    expect(learnKey(EMPTY_MAPPING, { device: 'rating', action: 'callNext', key: 'KeyA' })).toMatchObject({ ok: false, reason: 'wrong_device' });
    expect(learnKey(EMPTY_MAPPING, { device: 'caller', action: 'recall', key: 'F10' }, { reserved: F_KEYS })).toMatchObject({ ok: true });
  });

  it('forgets one action without touching the others', () => {
    const m = forgetAction(learned(['caller', 'pause', 'KeyP'], ['rating', 'rate:1', 'KeyR']), 'caller', 'pause');
    expect(m.bindings).toEqual([{ device: 'rating', action: 'rate:1', key: 'KeyR' }]);
  });

  it('whatever is learned, a key does one thing and an action has one key per device (property)', () => {
    const device = fc.constantFrom<KeypadDevice>('caller', 'rating');
    const step = fc.record({ device, pos: fc.integer({ min: 0, max: 13 }), key: fc.constantFrom('KeyA', 'KeyB', 'Numpad1', 'Numpad2', 'F1', 'F13'), replace: fc.boolean() });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let m = EMPTY_MAPPING;
        for (const s of steps) {
          const actions = actionsFor(s.device, 5);
          const r = learnKey(m, { device: s.device, action: actions[s.pos % actions.length]!, key: s.key }, { reserved: F_KEYS, replace: s.replace });
          if (r.ok) m = r.mapping;
        }
        expect(KeypadMapping.safeParse(m).success).toBe(true);
        expect(m.bindings.some((b) => F_KEYS.includes(b.key))).toBe(false);
      }),
    );
  });
});

describe('actions', () => {
  it('the caller keypad has the five commands and phrases 1-9; the rating keypad one key per level', () => {
    expect(actionsFor('caller', 4)).toEqual(['callNext', 'recall', 'noShow', 'finish', 'pause', 'phrase:1', 'phrase:2', 'phrase:3', 'phrase:4', 'phrase:5', 'phrase:6', 'phrase:7', 'phrase:8', 'phrase:9']);
    expect(actionsFor('rating', 4)).toEqual(['rate:1', 'rate:2', 'rate:3', 'rate:4']);
    expect(actionsFor('rating', 5)).toHaveLength(5);
    expect(phraseNumber('phrase:7')).toBe(7);
    expect(phraseNumber('phrase:10')).toBeNull();
    expect(ratePosition('rate:5')).toBe(5);
    expect(ratePosition('recall')).toBeNull();
    expect(KeypadAction.safeParse('phrase:0').success).toBe(false);
    expect(KeypadAction.safeParse('rate:11').success).toBe(false);
    expect(KeypadAction.safeParse('dance').success).toBe(false);
  });

  it('a stored mapping that does not hold together reads back as empty', () => {
    const good = learned(['caller', 'callNext', 'KeyA']);
    expect(parseMapping(JSON.parse(JSON.stringify(good)))).toEqual(good);
    expect(parseMapping({ version: 1, bindings: [...good.bindings, { device: 'caller', action: 'recall', key: 'KeyA' }] })).toEqual(EMPTY_MAPPING);
    expect(parseMapping({ version: 2, bindings: [] })).toEqual(EMPTY_MAPPING);
    expect(parseMapping('garbage')).toEqual(EMPTY_MAPPING);
  });
});
