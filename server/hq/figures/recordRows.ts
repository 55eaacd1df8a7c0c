import { deltasOf } from '../../../shared/hq/deltas.js';
import type { HqDelta } from '../../../shared/hq/deltas.js';
import { COUNTER_EVENT, PAUSE_RECORD, QUEUE_EVENT } from '../../../shared/sync/kinds.js';
import type { SyncRecord } from '../../../shared/sync/protocol.js';
import { unknownBranch } from './branchDirectory.js';
import type { BranchEntry } from './branchDirectory.js';

/*
 * Stored records as head office's figures read them back (the consumer's pages, and the merge of
 * a logged batch whose deltas this process does not hold), and the deltas of a record either way.
 */

/** The kinds that carry figures (shared/hq/deltas.ts); the rest are stepped over. */
export const FIGURE_KINDS: readonly string[] = [QUEUE_EVENT, COUNTER_EVENT, PAUSE_RECORD];

/**
 * A queue event's body cut down to QueueEventFacts (shared/hq/deltas.ts) in the database: the
 * ticket's history and display fields are not sent back, which halves the reading.
 */
const QUEUE_FACTS_SQL = `case when kind = '${QUEUE_EVENT}' then jsonb_build_object(
    'type', body->'type', 'at', body->'at', 'counter', body->'counter', 'detail', body->'detail',
    'ticket', jsonb_build_object('id', body#>'{ticket,id}', 'businessDay', body#>'{ticket,businessDay}', 'service', body#>'{ticket,service}',
      'issuedAt', body#>'{ticket,issuedAt}', 'startedAt', body#>'{ticket,startedAt}', 'finishedAt', body#>'{ticket,finishedAt}', 'counter', body#>'{ticket,counter}'))
  else body end`;

/** What is read of sync_records for the figures (`server_seq` first). */
export const FIGURE_COLUMNS = `server_seq, kind, branch_id, corrected_at, ${QUEUE_FACTS_SQL} as body`;

/** A row of FIGURE_COLUMNS. */
export interface FigureRow {
  server_seq: string | number;
  kind: string;
  branch_id: string;
  corrected_at: Date | string;
  body: unknown;
}

/** A stored record's deltas (its body passed its kind's schema when it was stored). */
export function recordDeltas(directory: Map<string, BranchEntry>, r: Pick<SyncRecord, 'kind' | 'branchId'> & { body: unknown }, correctedAt: string): HqDelta[] {
  if (!FIGURE_KINDS.includes(r.kind)) return [];
  const facts = (directory.get(r.branchId) ?? unknownBranch(r.branchId)).facts;
  return deltasOf({ kind: r.kind, branchId: r.branchId, correctedAt, body: r.body }, facts, { validated: true });
}

/** The deltas of a row read back. */
export function rowDeltas(directory: Map<string, BranchEntry>, row: FigureRow): HqDelta[] {
  const at = row.corrected_at instanceof Date ? row.corrected_at.toISOString() : new Date(row.corrected_at).toISOString();
  return recordDeltas(directory, { kind: row.kind, branchId: row.branch_id, body: row.body }, at);
}
