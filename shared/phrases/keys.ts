// Hotkeys of the phrase panel: the digits 1-9 of the keyboard, and the caller keypad's
// "phrase:N" actions (their format belongs to the keypad: shared/keypad/mapping.ts). Pure.
import { phraseNumber } from '../keypad/mapping.js';
import type { HotKey, Phrase } from './schema.js';

/** The hotkey of a keypad action "phrase:N", or null for any other action. */
export function hotKeyOfAction(action: string): HotKey | null {
  return phraseNumber(action);
}

/** The hotkey of a key press: a digit 1-9 (top row or keypad) without modifiers, else null. */
export function hotKeyOfKeyboard(e: { key: string; ctrlKey?: boolean; altKey?: boolean; metaKey?: boolean }): HotKey | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  return /^[1-9]$/.test(e.key) ? Number(e.key) : null;
}

/** The phrase on hotkey `key` in a list from phrasesForMoment, or null when the key is free. */
export function phraseForKey(list: readonly Phrase[], key: HotKey): Phrase | null {
  return list.find((p) => p.key === key) ?? null;
}
