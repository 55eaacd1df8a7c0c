import { CALLER_COMMANDS, EMPTY_MAPPING, KeypadMapping, MAX_RATING_KEYS, PHRASE_SLOTS } from './schema.js';
import type { KeyBinding, KeyId, KeypadAction, KeypadDevice, PhraseAction, RateAction } from './schema.js';

/** What the mapping needs of a KeyboardEvent. */
export interface KeyPress {
  code: string;
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

/**
 * Keys never learned: a modifier alone (it is part of another key's id instead), Tab (moves the
 * focus), Escape (cancels learning), and keys the browser cannot name.
 */
const UNLEARNABLE_KEYS: ReadonlySet<string> = new Set([
  'Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'OS', 'Super', 'Hyper', 'Fn', 'FnLock',
  'CapsLock', 'NumLock', 'ScrollLock', 'Tab', 'Escape', 'Unidentified', 'Dead', 'Process',
]);
const MODIFIER_CODE = /^(Shift|Control|Alt|Meta|OS)(Left|Right)?$/;

/**
 * The id of a key press, or null for a key that is never learned. The physical key
 * (`code`: "Numpad1" whatever NumLock says) with the modifiers held, in a fixed order.
 */
export function keyIdOf(press: KeyPress): KeyId | null {
  if (UNLEARNABLE_KEYS.has(press.key) || MODIFIER_CODE.test(press.code)) return null;
  const base = press.code !== '' ? press.code : press.key !== '' ? `key:${press.key}` : null;
  if (base === null) return null;
  const mods = [press.ctrlKey && 'Ctrl', press.altKey && 'Alt', press.shiftKey && 'Shift', press.metaKey && 'Meta'].filter(Boolean);
  const id = [...mods, base].join('+');
  return id.length <= 64 ? id : null;
}

/** The actions a device can be taught, in the order the learn screen lists them. */
export function actionsFor(device: KeypadDevice, ratingLevels: number): KeypadAction[] {
  if (device === 'rating') {
    const n = Math.max(0, Math.min(MAX_RATING_KEYS, Math.trunc(ratingLevels)));
    return Array.from({ length: n }, (_, i): RateAction => `rate:${i + 1}`);
  }
  return [...CALLER_COMMANDS, ...Array.from({ length: PHRASE_SLOTS }, (_, i): PhraseAction => `phrase:${i + 1}`)];
}

/** Which device an action belongs to: ratings only on the rating keypad, the rest only on the caller keypad. */
export function deviceOf(action: KeypadAction): KeypadDevice {
  return action.startsWith('rate:') ? 'rating' : 'caller';
}

/** "phrase:3" -> 3; null for any other action. */
export function phraseNumber(action: string): number | null {
  const m = /^phrase:([1-9])$/.exec(action);
  return m ? Number(m[1]) : null;
}

/** "rate:2" -> 2, the position on the scale, best first (1-based); null for any other action. */
export function ratePosition(action: string): number | null {
  const m = /^rate:([1-9]|10)$/.exec(action);
  return m ? Number(m[1]) : null;
}

export type LearnResult =
  | { ok: true; mapping: KeypadMapping; /** The binding the key had before, now replaced. */ replaced: KeyBinding | null }
  /** The key is one of the teller's own function keys (or otherwise kept off keypads). */
  | { ok: false; reason: 'reserved'; key: KeyId }
  /** The key already does something else on this workstation; learn again with replace to move it. */
  | { ok: false; reason: 'conflict'; key: KeyId; boundTo: KeyBinding }
  /** A rating on the caller keypad, or a teller command on the rating keypad. */
  | { ok: false; reason: 'wrong_device'; action: KeypadAction; device: KeypadDevice };

export interface LearnOptions {
  /** Keys a keypad may never have (the counter's F-keys). */
  reserved?: Iterable<KeyId>;
  /** Take the key away from the action it does now. */
  replace?: boolean;
}

/**
 * Teaches `device` that `key` does `action`. The action's previous key on that device is freed.
 * A key does one thing on the workstation, whichever keypad and window it is pressed on: so a
 * rating key pressed while the teller's window has the focus can never call a ticket, and a
 * caller key on the customer's window can never rate.
 */
export function learnKey(mapping: KeypadMapping, binding: KeyBinding, opts: LearnOptions = {}): LearnResult {
  const { device, action, key } = binding;
  if (deviceOf(action) !== device) return { ok: false, reason: 'wrong_device', action, device };
  if (new Set(opts.reserved ?? []).has(key)) return { ok: false, reason: 'reserved', key };
  const holder = mapping.bindings.find((b) => b.key === key) ?? null;
  if (holder && holder.device === device && holder.action === action) return { ok: true, mapping, replaced: null };
  if (holder && !opts.replace) return { ok: false, reason: 'conflict', key, boundTo: holder };
  const kept = mapping.bindings.filter((b) => b.key !== key && !(b.device === device && b.action === action));
  return { ok: true, mapping: { version: 1, bindings: [...kept, { device, action, key }] }, replaced: holder };
}

/** The mapping without the action's key on `device`. */
export function forgetAction(mapping: KeypadMapping, device: KeypadDevice, action: KeypadAction): KeypadMapping {
  return { version: 1, bindings: mapping.bindings.filter((b) => !(b.device === device && b.action === action)) };
}

/** The key an action has on a device, or null. */
export function keyFor(mapping: KeypadMapping, device: KeypadDevice, action: KeypadAction): KeyId | null {
  return mapping.bindings.find((b) => b.device === device && b.action === action)?.key ?? null;
}

/**
 * What a key press does on a window listening as `device`: null for a key that is not learned,
 * learned for the other device, or never learnable. Unknown keys are ignored, never guessed.
 */
export function actionFor(mapping: KeypadMapping, device: KeypadDevice, press: KeyPress): KeypadAction | null {
  const key = keyIdOf(press);
  if (key === null) return null;
  return mapping.bindings.find((b) => b.key === key && b.device === device)?.action ?? null;
}

/** A stored mapping read back; anything unreadable is an empty mapping, never a half one. */
export function parseMapping(raw: unknown): KeypadMapping {
  const parsed = KeypadMapping.safeParse(raw);
  return parsed.success ? parsed.data : EMPTY_MAPPING;
}
