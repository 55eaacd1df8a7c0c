import { useSyncExternalStore } from 'react';
import { Microphone } from '../../shared/recording/hostChannels.js';

/**
 * The microphone this workstation records window `counter` from, in localStorage (as the keypads
 * and the sound output): the host's name for it, with its label so a missing one can be named.
 * Null: the system's default input.
 */
const keyOf = (counter: number): string => `guichet.recording.microphone.v1.${counter}`;
const listeners = new Set<() => void>();
const cache = new Map<number, { raw: string | null; choice: Microphone | null }>();

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function readMicrophoneChoice(counter: number): Microphone | null {
  let raw: string | null = null;
  try {
    raw = storage()?.getItem(keyOf(counter)) ?? null;
  } catch {
    raw = null;
  }
  const cached = cache.get(counter);
  if (cached && cached.raw === raw) return cached.choice;
  let choice: Microphone | null = null;
  try {
    const parsed = raw === null ? null : Microphone.safeParse(JSON.parse(raw));
    choice = parsed?.success ? parsed.data : null;
  } catch {
    choice = null; // not JSON: as if nothing was chosen
  }
  cache.set(counter, { raw, choice });
  return choice;
}

/** Stores the choice (null: the system default); false when the browser refuses to store it. */
export function saveMicrophoneChoice(counter: number, choice: Microphone | null): boolean {
  try {
    if (choice) storage()?.setItem(keyOf(counter), JSON.stringify(choice));
    else storage()?.removeItem(keyOf(counter));
  } catch {
    return false;
  }
  for (const l of [...listeners]) l();
  return true;
}

/** Calls `listener` when this window or another of this workstation changes a choice. */
export function onMicrophoneChoice(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === null || e.key.startsWith('guichet.recording.microphone.')) listener();
  };
  globalThis.addEventListener?.('storage', onStorage);
  return () => {
    listeners.delete(listener);
    globalThis.removeEventListener?.('storage', onStorage);
  };
}

export function useMicrophoneChoice(counter: number): Microphone | null {
  return useSyncExternalStore(onMicrophoneChoice, () => readMicrophoneChoice(counter), () => null);
}
