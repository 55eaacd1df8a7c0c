import { useSyncExternalStore } from 'react';

/**
 * A setting of this workstation (keypad keys, sound output, microphone), kept in localStorage:
 * the windows of one PC share it (same origin), another PC has its own. Read values are parsed
 * once per stored text; a value that no longer parses reads as `empty`. Changes are heard in this
 * window (save) and in the workstation's other windows (the storage event).
 */
export interface WorkstationSetting<T> {
  read(): T;
  /** null removes it; false when the browser refuses to store (private mode, quota). */
  save(value: T | null): boolean;
  subscribe(listener: () => void): () => void;
  readonly empty: T;
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function workstationSetting<T>(key: string, parse: (json: unknown) => T, empty: T): WorkstationSetting<T> {
  const listeners = new Set<() => void>();
  let cached: { raw: string | null; value: T } = { raw: null, value: empty };
  const read = (): T => {
    let raw: string | null = null;
    try {
      raw = storage()?.getItem(key) ?? null;
    } catch {
      raw = null;
    }
    if (raw === cached.raw) return cached.value;
    let value = empty;
    try {
      value = raw === null ? empty : parse(JSON.parse(raw));
    } catch {
      value = empty; // not JSON, or not this setting's shape: as if nothing was chosen
    }
    cached = { raw, value };
    return value;
  };
  const save = (value: T | null): boolean => {
    try {
      if (value === null) storage()?.removeItem(key);
      else storage()?.setItem(key, JSON.stringify(value));
    } catch {
      return false;
    }
    for (const l of [...listeners]) l();
    return true;
  };
  const subscribe = (listener: () => void): (() => void) => {
    listeners.add(listener);
    const onStorage = (e: StorageEvent) => {
      if (e.key === null || e.key === key) listener();
    };
    globalThis.addEventListener?.('storage', onStorage);
    return () => {
      listeners.delete(listener);
      globalThis.removeEventListener?.('storage', onStorage);
    };
  };
  return { read, save, subscribe, empty };
}

/** One setting per key suffix (e.g. per window number), made once so hooks get stable functions. */
export function workstationSettings<T>(prefix: string, parse: (json: unknown) => T, empty: T): (suffix: string | number) => WorkstationSetting<T> {
  const made = new Map<string, WorkstationSetting<T>>();
  return (suffix) => {
    const key = `${prefix}${suffix}`;
    let s = made.get(key);
    if (!s) made.set(key, (s = workstationSetting(key, parse, empty)));
    return s;
  };
}

/** The setting's value, re-rendering when any window of this workstation changes it. */
export function useWorkstationSetting<T>(setting: WorkstationSetting<T>): T {
  return useSyncExternalStore(setting.subscribe, setting.read, () => setting.empty);
}
