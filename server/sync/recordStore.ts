import type { RejectedRecord, SyncRecord } from '../../shared/sync/protocol.js';
import type { SqlDb, SqlTx } from '../db/sqlDb.js';
import { BatchRows, DEAD_COLUMNS, goodRowsSql } from './batchRows.js';
import type { GoodRows, Via } from './batchRows.js';
import { progressCtes, progressParams } from './deviceProgress.js';
import { forgetPartitions, prepareMonths } from './partitions.js';
import type { ProgressUpdate } from './deviceProgress.js';

export type { Via } from './batchRows.js';

export interface StoreOptions {
  /** The device's own count of records left in its outbox after this batch (X-Outbox-Pending). */
  outboxPending?: number;
}

export interface StoreResult {
  /** Stored now or before: the device may drop these from its outbox. */
  acked: string[];
  /** Dead-lettered: never storable as they are. */
  rejected: RejectedRecord[];
  /** How many of `acked` were new here (the rest had already arrived, by this path or another). */
  inserted: number;
}

/** Records a batch stored that were new here, in server_seq order (from `before` + 1 on), as the store hook gets them. */
export interface FreshRecords {
  /** The sequence value before the batch: records stored before it have server_seq <= before. */
  before: number;
  records: Array<{ record: SyncRecord; serverSeq: number; correctedAt: string; prepared: unknown }>;
}

/**
 * Something a database's store also does with each batch inside the batch's transaction (head
 * office's figures, server/hq/figures/deltaLog.ts), with no round trip of its own: its CTEs run
 * in the statement that stores the batch's last records. They may read `batch_top` (one row,
 * `top`: the batch's last server_seq, or the value before the batch when nothing in it was new)
 * and the value before the batch (`before`, a placeholder); they must not fail, since the batch
 * fails with them. `answer` is an SQL expression whose value `committed` gets once the batch's
 * transaction has committed (never for a batch rolled back), with the records that were new.
 * `prepare` is called on each good record as it is checked, so on PostgreSQL it runs while the
 * database inserts the chunk before; its answer comes back with the record in `committed`.
 */
export interface StoreHook {
  prepare?: (record: SyncRecord, correctedAt: string) => unknown;
  sql: (before: string) => { ctes: string; answer: string };
  committed: (fresh: FreshRecords, answer: unknown) => void;
}
const hooks = new WeakMap<SqlDb, StoreHook>();

/** Sets (or, with null, removes) the store hook of a database. */
export function setStoreHook(db: SqlDb, hook: StoreHook | null): void {
  if (hook) hooks.set(db, hook);
  else hooks.delete(db);
}

/** A stored record as the relay and the read API see it. */
export interface StoredRecord {
  serverSeq: number;
  correctedAt: string;
  viaDeviceId: string;
  record: SyncRecord;
}

/**
 * Where the chunks of a batch end on PostgreSQL when it is stored alone (the last one takes the
 * rest). The database inserts one chunk while the next is checked here; the first is small,
 * because nothing runs beside its checking (tests/bench/ingestBench.ts).
 */
const CHUNK_ENDS = [40, 120, 240, 360, 450];

/** Records checked between two turns of the event loop when a batch is checked before its transaction. */
const CHECK_SLICE = 50;

/**
 * The store's statements have fixed texts and run for every batch: parsed and planned once per
 * connection (planning the insert's CTEs over every partition cost about what running them did).
 */
const PREPARED = { prepared: true } as const;

/** Batches in their transaction, per database: is another one holding (or waiting for) the lock? */
const inTransaction = new WeakMap<SqlDb, number>();

/**
 * Stores one batch in ONE transaction, so a batch cut halfway leaves nothing half-stored:
 * records new here get the next numbers of `sync_seq`; an id already stored is acknowledged again
 * and left as it is (however often, and by however many paths, a record arrives, it is stored
 * once); records that can never be stored go to `dead_letters`; device progress is updated.
 *
 * The device's clock error is estimated from this very request: corrected time =
 * wallAt + (serverNow - sentAt). The hub calls this directly for its own queue events.
 *
 * `deviceOrigin` is the device that delivered the batch (its id, or id and branch). The caller
 * has already checked that it may deliver these records (syncRoutes.ts).
 *
 * At head office, each record's month has its partition before the transaction begins
 * (partitions.ts); a record of a detached (archived) month is dead-lettered.
 *
 * The statements: lock the sequence row; insert the records; the last insert also writes the
 * dead letters and device progress (insertChunk), and runs the store hook's CTEs. How the
 * checking here and the database's work overlap depends on what else is being stored (below);
 * the statements and results do not.
 */
export async function storeRecords(
  db: SqlDb,
  deviceOrigin: Via | string,
  records: readonly SyncRecord[],
  serverNow: Date,
  sentAt: Date,
  opts: StoreOptions = {},
): Promise<StoreResult> {
  // A bare device id (the hub storing its own records) belongs to the branch of its records.
  if (typeof deviceOrigin === 'string' && records.length === 0) return { acked: [], rejected: [], inserted: 0 };
  const via: Via = typeof deviceOrigin === 'string' ? { deviceId: deviceOrigin, branchId: records[0]!.branchId } : deviceOrigin;
  try {
    return await storeBatch(db, via, records, serverNow, sentAt, opts, await prepareMonths(db, records));
  } catch (err) {
    // Another head-office process detached a month this one still thought attached: nothing
    // was stored; learn the partitions again and store once more (its records now dead-lettered).
    if ((err as { code?: string }).code !== NO_PARTITION || !/no partition/i.test((err as Error).message)) throw err;
    forgetPartitions(db);
    return storeBatch(db, via, records, serverNow, sentAt, opts, await prepareMonths(db, records));
  }
}

/** PostgreSQL's "no partition of relation found for row". */
const NO_PARTITION = '23514';

async function storeBatch(
  db: SqlDb,
  via: Via,
  records: readonly SyncRecord[],
  serverNow: Date,
  sentAt: Date,
  opts: StoreOptions,
  closedMonths: ReadonlySet<string>,
): Promise<StoreResult> {
  const rows = new BatchRows(via, serverNow, sentAt, closedMonths);
  const received = serverNow.toISOString();
  // Alone on PostgreSQL, a batch is checked chunk by chunk beside the database's work on the
  // chunk before. With others in their transaction, the sequence lock is the bottleneck: this one
  // is checked whole before it takes the lock, in slices that let the lock holder's answers be
  // handled in between, and then goes in as one statement. PGlite runs in this thread: nothing
  // overlaps, one statement.
  const chunked = db.kind === 'postgres' && (inTransaction.get(db) ?? 0) === 0;
  const ends = [...(chunked ? CHUNK_ENDS.filter((e) => e < records.length) : []), records.length];
  if (!chunked) {
    for (let at = 0; at < records.length; at += CHECK_SLICE) {
      if (at > 0 && db.kind === 'postgres') await new Promise((r) => setImmediate(r));
      for (const r of records.slice(at, at + CHECK_SLICE)) rows.add(r);
    }
  }

  const hook = hooks.get(db);
  // With a hook: the ids the statements found new, and every good record's corrected time.
  const freshIds: string[] | undefined = hook ? [] : undefined;
  const byId = hook ? new Map(records.map((r) => [r.id, r])) : null;
  const prepared = new Map<string, { correctedAt: string; prepared: unknown }>();
  const take = (): GoodRows => {
    const good = rows.takeGood();
    if (hook && byId) {
      good.params[0].forEach((id, i) => {
        const correctedAt = good.params[7][i]!;
        prepared.set(id, { correctedAt, prepared: hook.prepare?.(byId.get(id)!, correctedAt) });
      });
    }
    return good;
  };

  inTransaction.set(db, (inTransaction.get(db) ?? 0) + 1);
  let before = 0;
  let answer: unknown;
  const inserted = await db.transaction(async (tx) => {
    // One statement in flight at a time; the next chunk is checked here while it runs there.
    // (Each is awaited later; marked handled at once, so a throw in between never leaves a
    // rejection unhandled.)
    const start = (statement: Promise<number>): Promise<number> => (statement.catch(() => undefined), statement);
    let running = start(lockSeq(tx).then((v) => ((before = v), 0)));
    let total = 0;
    for (const [k, end] of ends.entries()) {
      if (chunked) for (const r of records.slice(k === 0 ? 0 : ends[k - 1], end)) rows.add(r);
      const good = take();
      total += await running;
      if (k < ends.length - 1) {
        running = good.count === 0 ? Promise.resolve(0) : start(insertChunk(tx, good, received, via, undefined, freshIds));
      } else {
        const batchEnd: BatchEnd = {
          deadJson: rows.deadJson(),
          outboxPending: opts.outboxPending ?? null,
          clockOffsetMs: rows.clockOffsetMs,
          progress: rows.progressUpdates(),
          ...(hook ? { hook: { sql: hook.sql, before, answered: (a: unknown) => (answer = a) } } : {}),
        };
        running = start(insertChunk(tx, good, received, via, batchEnd, freshIds));
      }
    }
    total += await running;
    return total;
  }).finally(() => inTransaction.set(db, (inTransaction.get(db) ?? 1) - 1));
  if (hook && byId && freshIds && freshIds.length > 0) {
    const fresh = freshIds.map((id, i) => ({ record: byId.get(id)!, serverSeq: before + i + 1, ...prepared.get(id)! }));
    // The records are stored: whatever the hook does with them now cannot undo that.
    try {
      hook.committed({ before, records: fresh }, answer);
    } catch {
      /* its owner catches up some other way */
    }
  }
  return { acked: rows.acked, rejected: rows.rejected, inserted };
}

/** What the last chunk of a batch also writes: its dead letters, and device progress. */
interface BatchEnd {
  deadJson: string;
  outboxPending: number | null;
  clockOffsetMs: number;
  progress: ProgressUpdate[];
  /** The store hook's CTEs, the value before the batch, and where its answer goes. */
  hook?: { sql: StoreHook['sql']; before: number; answered: (answer: unknown) => void };
}

/**
 * Inserts the records of `good` that are not stored yet, numbered on from the sequence row,
 * which the caller holds locked since before this statement began: its snapshot therefore holds
 * every record committed before, "not exists" lets through only new ones, and they take the next
 * numbers with no hole. (ON CONFLICT is not needed and would cost a speculative insertion per
 * row; should an id ever slip in beside the lock, the unique key fails the whole batch, nothing
 * is stored, and the device's retry is acknowledged.)
 *
 * The last chunk's statement also writes the batch's dead letters and device progress: each
 * device of the batch (highest and contiguous sequence, latest activity) and the device that
 * delivered it (its visit, its outbox count, its clock offset), in one upsert, since one
 * statement may not change a row twice.
 */
async function insertChunk(tx: SqlTx, good: GoodRows, received: string, via: Via, end?: BatchEnd, freshIds?: string[]): Promise<number> {
  // The new ids, in server_seq order, when the caller wants them (a store hook).
  // Usually every record is new, and then they are the chunk's ids in its order (server_seq is
  // given in that order): sent back only when some were not, which spares sorting and returning
  // them under the sequence lock.
  const ids = freshIds ? ', case when count(*) < cardinality($1::text[]) then coalesce(array_agg(id order by server_seq), array[]::text[]) end as ids' : '';
  const collect = (row: { inserted: number | string; ids?: string[] | null }): number => {
    if (freshIds) freshIds.push(...(row.ids ?? good.params[0]));
    return Number(row.inserted);
  };
  const records = `
       x as (${goodRowsSql(1)}),
       fresh as (select x.*, row_number() over (order by x.ord) as rn from x
                 where not exists (select 1 from sync_records r where r.id = x.id and r.record_month = x.record_month)),
       ins as (insert into sync_records (id, server_seq, kind, branch_id, device_id, device_seq, hlc, wall_at, corrected_at,
                 received_at, via_device_id, body, record_month)
               select id, (select value from sync_seq) + rn, kind, branch_id, device_id, device_seq, hlc, wall_at, corrected_at,
                 $11::timestamptz, $12::text, body, record_month
               from fresh
               returning id, device_id, device_seq, server_seq),
       seq as (update sync_seq set value = greatest(value, (select max(server_seq) from ins))
               where exists (select 1 from ins))`;
  if (!end) {
    const { rows } = await tx.query<{ inserted: number | string; ids?: string[] | null }>(`with ${records} select count(*) as inserted${ids} from ins`, [...good.params, received, via.deviceId], PREPARED);
    return collect(rows[0]!);
  }
  // The hook's CTEs, their one parameter after the progress walk's two.
  const hooked = end.hook?.sql('$19::bigint');
  const { rows } = await tx.query<{ inserted: number | string; ids?: string[] | null; hook?: unknown }>(
    `with recursive ${records},
       dl as (insert into dead_letters (id, device_id, device_seq, via_device_id, branch_id, kind, code, reason, record, at)
              select id, device_id, device_seq, $12::text, branch_id, kind, code, reason, record, $11::timestamptz
              from jsonb_to_recordset($13::jsonb) as d(${DEAD_COLUMNS})
              on conflict (id) do nothing
              returning device_id, device_seq),
       held_now as (select device_id, device_seq from ins union all select device_id, device_seq from dl),
       ${progressCtes(17, 'held_now')},
       visit as (select $12::text as device_id, $14::text as branch_id, $11::timestamptz as seen, $15::int as outbox_pending, $16::bigint as clock_offset_ms),
       progress as (
         insert into device_progress as p (device_id, branch_id, last_seen_at, highest_seq, contiguous_seq, outbox_pending, clock_offset_ms)
         select coalesce(b.device_id, v.device_id), coalesce(b.branch_id, v.branch_id), greatest(b.seen, v.seen),
                coalesce(b.highest, 0), coalesce(b.c, 0), v.outbox_pending, v.clock_offset_ms
         from (select px.*, cont.c from px join cont on cont.device_id = px.device_id) b
         full join visit v on v.device_id = b.device_id
         on conflict (device_id) do update set
           branch_id = excluded.branch_id,
           last_seen_at = greatest(p.last_seen_at, excluded.last_seen_at),
           highest_seq = greatest(p.highest_seq, excluded.highest_seq),
           contiguous_seq = greatest(p.contiguous_seq, excluded.contiguous_seq),
           -- Only the delivering device's row carries a clock offset: the others keep theirs.
           outbox_pending = case when excluded.clock_offset_ms is null then p.outbox_pending else excluded.outbox_pending end,
           clock_offset_ms = coalesce(excluded.clock_offset_ms, p.clock_offset_ms))${
       hooked
         ? `,
       batch_top as (select coalesce((select max(server_seq) from ins), (select value from sync_seq)) as top),
       ${hooked.ctes}`
         : ''
     }
     select count(*) as inserted${ids}${hooked ? `, ${hooked.answer} as hook` : ''} from ins`,
    [...good.params, received, via.deviceId, end.deadJson, via.branchId, end.outboxPending, end.clockOffsetMs, ...progressParams(end.progress), ...(end.hook ? [end.hook.before] : [])],
    PREPARED,
  );
  end.hook?.answered(rows[0]!.hook);
  return collect(rows[0]!);
}

/**
 * Locks the sequence row for the rest of the transaction and returns its value. Every writing
 * transaction of the sync store starts here (migrations.ts: one lock order, no deadlocks), and
 * holding this lock to commit is what makes sequence order commit order.
 */
export async function lockSeq(tx: SqlTx): Promise<number> {
  // JIT off for this transaction (same round trip): the planner cannot estimate the progress
  // walk's recursion, overestimates it and spent ~20 ms compiling a query that runs in 1 ms.
  const { rows } = await tx.query<{ value: number | string }>("select value, set_config('jit', 'off', true) from sync_seq for update", [], PREPARED);
  return Number(rows[0]!.value);
}

/** Records stored after `cursor`, in sequence (= commit) order: what a relay pushes upstream. */
export async function recordsAfter(db: Pick<SqlDb, 'query'>, cursor: number, limit: number): Promise<StoredRecord[]> {
  const { rows } = await db.query<RecordRow>(
    `select server_seq, id, kind, branch_id, device_id, device_seq, hlc, wall_at, corrected_at, via_device_id, body
     from sync_records where server_seq > $1 order by server_seq limit $2`,
    [cursor, limit],
  );
  return rows.map(toStored);
}

export interface RecordRow {
  server_seq: number | string;
  id: string;
  kind: string;
  branch_id: string;
  device_id: string;
  device_seq: number | string;
  hlc: string;
  wall_at: string;
  corrected_at: Date | string;
  via_device_id: string;
  body: Record<string, unknown>;
}

/** PostgreSQL's driver gives bigints as strings and PGlite as numbers: both become numbers. */
export function toStored(r: RecordRow): StoredRecord {
  return {
    serverSeq: Number(r.server_seq),
    correctedAt: new Date(r.corrected_at).toISOString(),
    viaDeviceId: r.via_device_id,
    record: {
      id: r.id,
      kind: r.kind,
      branchId: r.branch_id,
      deviceId: r.device_id,
      deviceSeq: Number(r.device_seq),
      hlc: r.hlc,
      wallAt: r.wall_at,
      body: r.body,
    },
  };
}
