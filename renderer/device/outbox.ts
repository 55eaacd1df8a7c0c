import { SyncError } from '../../shared/sync/drain.js';
import type { Backlog, DeadLetterEntry } from '../../shared/sync/drain.js';
import type { SyncRecord } from '../../shared/sync/protocol.js';
import { ackOutbox, deadLetterOutbox, outboxBacklog, peekOutbox } from './db.js';
import type { CounterDb } from './db.js';

/** The storage side of the drainer (shared/sync/drain.ts) over the counter's Dexie outbox. */
export interface OutboxAdapter {
  peek(limit: number): Promise<SyncRecord[]>;
  ack(ids: string[]): Promise<void>;
  deadLetter(entries: DeadLetterEntry[]): Promise<void>;
  measure(): Promise<Backlog>;
}

/**
 * `branchId()` is the enrolled branch: records written before the counter was enrolled carry
 * none and get it here, as they leave; without an enrolment nothing can be pushed.
 */
export function dexieOutbox(db: CounterDb, branchId: () => string | null | undefined, now: () => number = Date.now): OutboxAdapter {
  return {
    async peek(limit) {
      const branch = branchId();
      if (!branch) throw new SyncError('unauthorized', 'not enrolled: the branch of this counter is not known yet');
      const records = await peekOutbox(db, limit);
      return records.map((r) => ({ ...r, branchId: r.branchId ?? branch }));
    },
    ack: (ids) => ackOutbox(db, ids),
    deadLetter: (entries) => deadLetterOutbox(db, entries, new Date(now())),
    measure: () => outboxBacklog(db),
  };
}
