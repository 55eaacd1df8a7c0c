import { create } from 'zustand';
import { useEffect } from 'react';
import { BranchConfig } from '../../shared/config/schema.js';
import { QueueError } from '../../shared/api/errors.js';
import { fetchConfig } from '../api/hub.js';

const CACHE_KEY = 'guichet.branchConfig';
const RETRY_MS = 5000;

export interface ConfigState {
  config: BranchConfig | null;
  /** True when `config` came from this device's cache because the hub did not answer. */
  fromCache: boolean;
  error: QueueError | null;
}

export const useConfigStore = create<ConfigState>(() => ({ config: readCache(), fromCache: readCache() !== null, error: null }));

function readCache(): BranchConfig | null {
  try {
    const raw = globalThis.localStorage?.getItem(CACHE_KEY);
    if (!raw) return null;
    const parsed = BranchConfig.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function writeCache(config: BranchConfig): void {
  try {
    globalThis.localStorage?.setItem(CACHE_KEY, JSON.stringify(config));
  } catch {
    // private mode or quota: the cache is only a convenience
  }
}

let loading: Promise<void> | null = null;
let retryTimer: ReturnType<typeof setTimeout> | null = null;

/** Loads the branch configuration from the hub, retrying until it answers. */
export function loadConfig(): Promise<void> {
  loading ??= fetchConfig()
    .then((config) => {
      writeCache(config);
      useConfigStore.setState({ config, fromCache: false, error: null });
    })
    .catch((err: unknown) => {
      const error = err instanceof QueueError ? err : new QueueError('internal', String(err));
      useConfigStore.setState({ error });
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = setTimeout(() => void loadConfig(), RETRY_MS);
    })
    .finally(() => {
      loading = null;
    });
  return loading;
}

/** The branch configuration (possibly the cached copy); starts loading on first use. */
export function useBranchConfig(): ConfigState {
  const state = useConfigStore();
  useEffect(() => {
    if (!state.config || state.fromCache) void loadConfig();
  }, []);
  return state;
}
