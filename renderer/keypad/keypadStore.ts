import { useSyncExternalStore } from 'react';
import { EMPTY_MAPPING } from '../../shared/keypad/schema.js';
import type { KeypadMapping } from '../../shared/keypad/schema.js';
import { parseMapping } from '../../shared/keypad/mapping.js';

/**
 * The keypad mapping of this workstation, per window number, in localStorage: the counter
 * screen and the customer display of one PC share it (same origin), and a keypad moved to
 * another PC is learned there again.
 */
const keyOf = (counter: number): string => `guichet.keypad.v1.${counter}`;

const listeners = new Set<() => void>();
const cache = new Map<number, { raw: string | null; mapping: KeypadMapping }>();

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function readMapping(counter: number): KeypadMapping {
  let raw: string | null = null;
  try {
    raw = storage()?.getItem(keyOf(counter)) ?? null;
  } catch {
    raw = null;
  }
  const cached = cache.get(counter);
  if (cached && cached.raw === raw) return cached.mapping;
  let mapping = EMPTY_MAPPING;
  if (raw !== null) {
    try {
      mapping = parseMapping(JSON.parse(raw));
    } catch {
      mapping = EMPTY_MAPPING;
    }
  }
  cache.set(counter, { raw, mapping });
  return mapping;
}

/** Stores the mapping; false when the browser refuses (private mode, quota). */
export function saveMapping(counter: number, mapping: KeypadMapping): boolean {
  try {
    storage()?.setItem(keyOf(counter), JSON.stringify(mapping));
  } catch {
    return false;
  }
  for (const l of [...listeners]) l();
  return true;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another window of this workstation (the learn screen) changed it.
  const onStorage = (e: StorageEvent) => {
    if (e.key === null || e.key.startsWith('guichet.keypad.')) listener();
  };
  globalThis.addEventListener?.('storage', onStorage);
  return () => {
    listeners.delete(listener);
    globalThis.removeEventListener?.('storage', onStorage);
  };
}

/** The mapping of window `counter`, re-rendering when any window of this workstation changes it. */
export function useKeypadMapping(counter: number): KeypadMapping {
  return useSyncExternalStore(subscribe, () => readMapping(counter), () => EMPTY_MAPPING);
}
