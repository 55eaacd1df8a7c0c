import { deltasOf } from '../../../shared/hq/deltas.js';
import type { HqDelta } from '../../../shared/hq/deltas.js';
import { COUNTER_EVENT, PAUSE_RECORD, QUEUE_EVENT } from '../../../shared/sync/kinds.js';
import type { SyncRecord } from '../../../shared/sync/protocol.js';
import type { SqlDb, SqlTx } from '../../db/sqlDb.js';
import type { FreshRecords } from '../../sync/recordStore.js';
import { DIRECTORY_STAMP_SQL, directoryIn, unknownBranch } from './branchDirectory.js';
import type { BranchEntry } from './branchDirectory.js';
import { DeltaRows } from './deltaRows.js';
import type { DeltaRow } from './deltaRows.js';

/*
 * The store's share of head office's figures: a batch's deltas, folded, written as ONE row of
 * hq_fig_delta in the transaction that stores the batch, and merged into the day table later (in
 * the background, before every read, before every consumer page). Adding them to the day table
 * under the sequence lock cost the store 6.5 ms a batch of 500 (the once-keys' and cells' index
 * lookups, one row each), which every pusher waited for; one row costs it a fraction of that, and
 * the merge does the lookups beside the pushes (docs/hq-figures.md, tests/bench/hqFiguresBench.ts).
 */

/** The kinds that carry figures (shared/hq/deltas.ts); the rest are stepped over. */
export const FIGURE_KINDS: readonly string[] = [QUEUE_EVENT, COUNTER_EVENT, PAUSE_RECORD];

/** Log rows (batches) merged per transaction. */
const MERGE_ROWS = 200;

/**
 * Every writer of the day table and the once-keys (a consumer page, a merge of the log, a
 * rebuild) holds this in its transaction: each updates many cells, and two in different orders
 * could deadlock; and a consumer page, which merges the log first, must not pass a merge that
 * took older batches and has not committed. PGlite runs one transaction at a time anyway.
 */
export async function lockDayTable(db: SqlDb, tx: Pick<SqlTx, 'query'>): Promise<void> {
  if (db.kind === 'postgres') await tx.query("select pg_advisory_xact_lock(hashtext('guichet.hq_fig_day'))");
}

/** The directory the store's hook uses, per database, with the stamp of the documents it was read at. */
const inlineDirectories = new WeakMap<SqlDb, { stamp: string; directory: Map<string, BranchEntry> }>();

/**
 * The store's hook (server/sync/recordStore.ts): logs a batch's new records' deltas in the
 * transaction that stores them, and moves the consumer's cursor past them, so they commit (or
 * not) together, exactly once, as the consumer's pages do. Only when the consumer has read every
 * record stored before this batch and is not reading now (its cursor row is free): otherwise the
 * deltas are left to it and the cursor stays, so nothing is counted twice or skipped. The store
 * holds the sequence lock here, so "every record before" is every record committed before, and
 * the log's ids (each batch's last server_seq) rise in commit order.
 *
 * One statement (under the sequence lock every round trip holds up every pusher): the check, the
 * log row, the cursor. The deltas are made with the branch directory kept from an earlier batch;
 * the statement checks that no branch's configuration changed since, and if one did, the
 * directory is read again and the statement made again. Returns whether it logged them.
 */
export async function logBatch(db: SqlDb, tx: SqlTx, fresh: FreshRecords): Promise<boolean> {
  const cursorTo = fresh.records[fresh.records.length - 1]!.serverSeq;
  for (let attempt = 0; attempt < 2; attempt++) {
    let kept = inlineDirectories.get(db);
    if (!kept || attempt > 0) {
      const stamp = (await tx.query<{ s: string }>(DIRECTORY_STAMP_SQL)).rows[0]!.s;
      kept = { stamp: String(stamp), directory: await directoryIn(db, tx) };
      inlineDirectories.set(db, kept);
    }
    const rows = new DeltaRows();
    for (const { record, correctedAt, prepared } of fresh.records) {
      const p = prepared as Prepared | undefined;
      for (const d of p && p.stamp === kept.stamp ? p.deltas : recordDeltas(kept.directory, record, correctedAt)) rows.add(d);
    }
    const { rows: out } = await tx.query<{ kept: boolean; stamp: string }>(
      `with stamp as (${DIRECTORY_STAMP_SQL}),
         guard as (select cursor from hq_fig_cursor
                      where cursor >= (select coalesce(max(server_seq), 0) from sync_records where server_seq <= $1)
                        and (select s from stamp) = $2
                      for update skip locked),
         logged as (insert into hq_fig_delta (id, delta_rows) select $3, $4::text where exists (select 1 from guard) and $5),
         cur as (update hq_fig_cursor set cursor = $3 where exists (select 1 from guard))
       select exists (select 1 from guard) as kept, (select s from stamp) as stamp`,
      [fresh.before, kept.stamp, cursorTo, JSON.stringify(rows.rows()), rows.size > 0],
      { prepared: true },
    );
    // Logged, or left to the consumer (behind, or reading now): done either way, unless the
    // directory was stale.
    if (out[0]!.kept) return true;
    if (String(out[0]!.stamp) === kept.stamp) return false;
  }
  return false;
}

/** A record's deltas made as the store checked it, with the stamp of the directory they were made with. */
interface Prepared {
  stamp: string;
  deltas: HqDelta[];
}

/** The store hook's `prepare`: a record's deltas, made beside the database's work (or later, by logBatch, before any batch has loaded the directory). */
export function prepareDeltas(db: SqlDb, record: SyncRecord, correctedAt: string): Prepared | undefined {
  const kept = inlineDirectories.get(db);
  return kept ? { stamp: kept.stamp, deltas: recordDeltas(kept.directory, record, correctedAt) } : undefined;
}

function recordDeltas(directory: Map<string, BranchEntry>, r: SyncRecord, correctedAt: string): HqDelta[] {
  if (!FIGURE_KINDS.includes(r.kind)) return [];
  const facts = (directory.get(r.branchId) ?? unknownBranch(r.branchId)).facts;
  return deltasOf({ kind: r.kind, branchId: r.branchId, correctedAt, body: r.body }, facts, { validated: true });
}

/**
 * Merges up to MERGE_ROWS logged batches, oldest first, into the day table, in the caller's
 * transaction (which holds lockDayTable): the rows are deleted as they are added, so a batch is
 * merged once whatever crashes when. A once-key counts for the first batch that logged it, and
 * only if no earlier batch or consumer page had it (hq_fig_once). Returns the batches merged.
 */
async function mergeSome(tx: Pick<SqlTx, 'query'>): Promise<number> {
  const { rows } = await tx.query<{ id: string | number; delta_rows: string }>(
    'delete from hq_fig_delta where id in (select id from hq_fig_delta order by id limit $1) returning id, delta_rows',
    [MERGE_ROWS],
    { prepared: true },
  );
  const folded = new DeltaRows();
  for (const logged of rows.sort((a, b) => Number(a.id) - Number(b.id))) for (const r of JSON.parse(logged.delta_rows) as DeltaRow[]) folded.addRow(r);
  await folded.apply(tx);
  return rows.length;
}

/** Merges every logged batch in the caller's transaction (which holds lockDayTable). */
export async function mergeLogIn(tx: Pick<SqlTx, 'query'>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await mergeSome(tx);
    total += n;
    if (n < MERGE_ROWS) return total;
  }
}

/** Merges every logged batch, MERGE_ROWS per transaction. Returns the batches merged. */
export async function mergeLog(db: SqlDb): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      await lockDayTable(db, tx);
      return mergeSome(tx);
    });
    total += n;
    if (n < MERGE_ROWS) return total;
  }
}
