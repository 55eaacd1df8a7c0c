import { liveQuery } from 'dexie';
import type { BranchConfig } from '../../shared/config/schema.js';
import type { CounterDb } from './db.js';
import { useConfigStore } from '../queue/configStore.js';
import { readConfigDoc } from './pull.js';

/**
 * The counter's configuration source. The screens read the branch configuration from
 * useConfigStore (renderer/queue/configStore.ts), which loads GET /api/v1/config and falls back
 * to a localStorage copy. While the counter's sync runs, a `config.branch` document pulled for
 * the counter's own branch (saved in the counter's Dexie `syncState`) wins:
 *
 *   pulled doc for the enrolled branch  >  GET /api/v1/config  >  localStorage copy
 *
 * The rule is simply "a pulled document, when there is one, is what the counter uses": it is
 * the head office's version, it survives a restart with the hub down, and a counter back after
 * a week offline switches to the newest one as soon as the pull has caught up (liveQuery sees
 * the new document). When the hub's answer replaces the store's configuration, the pulled one is
 * put back at once. Without a pulled document nothing changes.
 */
export function preferPulledConfig(db: CounterDb, branchId: string): () => void {
  let pulled: BranchConfig | null = null;
  const apply = () => {
    if (pulled && useConfigStore.getState().config !== pulled) useConfigStore.setState({ config: pulled, fromCache: false, error: null });
  };
  const docs = liveQuery(() => readConfigDoc(db, branchId)).subscribe({
    next: (doc) => {
      pulled = doc?.body ?? null;
      apply();
    },
    error: () => undefined,
  });
  const unsubscribe = useConfigStore.subscribe((state) => {
    if (pulled && state.config !== pulled) apply();
  });
  return () => {
    docs.unsubscribe();
    unsubscribe();
  };
}
