import { deltasOf } from '../../../shared/hq/deltas.js';
import type { HqDelta } from '../../../shared/hq/deltas.js';
import { addSums, cellKey, zeroSums } from '../../../shared/hq/sums.js';
import type { HqCell, HqSums } from '../../../shared/hq/sums.js';
import { CONFIG_BRANCH, COUNTER_EVENT, PAUSE_RECORD, QUEUE_EVENT } from '../../../shared/sync/kinds.js';
import type { SqlDb, SqlTx } from '../../db/sqlDb.js';
import { loadBranchDirectory, unknownBranch } from './branchDirectory.js';
import type { BranchEntry } from './branchDirectory.js';
import { SUM_COLUMNS } from './columns.js';
import { RecordFollower } from '../../sync/recordFollower.js';
import { setStoreHook } from '../../sync/recordStore.js';
import { monthsAway } from '../../sync/partitions.js';
import { QueueError } from '../../../shared/api/errors.js';
import type { FreshRecords } from '../../sync/recordStore.js';
import type { SyncRecord } from '../../../shared/sync/protocol.js';

/**
 * A queue event's body cut down to QueueEventFacts (shared/hq/deltas.ts) in the database: the
 * ticket's history and display fields are not sent back, which halves the consumer's reading.
 */
const QUEUE_FACTS_SQL = `case when kind = '${QUEUE_EVENT}' then jsonb_build_object(
    'type', body->'type', 'at', body->'at', 'counter', body->'counter', 'detail', body->'detail',
    'ticket', jsonb_build_object('id', body#>'{ticket,id}', 'businessDay', body#>'{ticket,businessDay}', 'service', body#>'{ticket,service}',
      'issuedAt', body#>'{ticket,issuedAt}', 'startedAt', body#>'{ticket,startedAt}', 'finishedAt', body#>'{ticket,finishedAt}', 'counter', body#>'{ticket,counter}'))
  else body end`;

/** Records read per transaction. */
const PAGE = 2000;
/** A burst of pushes makes one pass of up to a page (reads catch up first, so a screen never waits for it). */
const WAKE_DELAY_MS = 250;
/** The kinds that carry figures (shared/hq/deltas.ts); the rest are stepped over by the cursor. */
const KINDS = [QUEUE_EVENT, COUNTER_EVENT, PAUSE_RECORD];

export interface FigureConsumerOptions {
  db: SqlDb;
  warn?: (message: string) => void;
}

/**
 * Keeps hq_fig_day as records are ingested, exactly once: it follows sync_records by server_seq
 * (= commit order, server/sync/migrations.ts) and adds each page's deltas in the transaction that
 * moves its cursor, so a crash between the two never skips or doubles a record. A record that
 * arrives twice is stored once by storeRecords (same id), so it is counted once; a record that
 * arrives days late gets a late server_seq and lands on its own business day. Facts that count
 * once per ticket (first call, greeting) go through hq_fig_once in the same transaction.
 * Several head-office processes share the cursor row: one consumes, the others skip.
 *
 * Most of the time the sums are not added here but by the store itself (keepInline): reading
 * back what was just written cost more than storing it (tests/bench/hqFiguresBench.ts).
 */
export class FigureConsumer {
  private readonly follower: RecordFollower;
  /**
   * Batches the store's hook left to the pass (declined or failed), and how many of them had
   * been when the last finished pass began; -1: records stored before this process. While the
   * two agree, a push needs no pass: the store kept its sums. A pass waking for every push took
   * the cursor row's lock beside the next batch, whose hook then had to leave it, and every batch
   * after it, to the pass (tests/bench/hqFiguresBench.ts).
   */
  private declined = 0;
  private countedUpTo = -1;
  private wakeTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(private readonly o: FigureConsumerOptions) {
    this.follower = new RecordFollower({
      db: o.db,
      cursorTable: 'hq_fig_cursor',
      columns: `server_seq, kind, branch_id, corrected_at, ${QUEUE_FACTS_SQL} as body`,
      where: () => ({ sql: 'kind = any($4::text[])', params: [KINDS] }),
      page: PAGE,
      skipWhenLocked: true,
      name: 'figures consumer',
      ...(o.warn ? { warn: o.warn } : {}),
      apply: async (tx, rows) => {
        // Names and targets change rarely: kept per database until a branch's configuration changes.
        const directory = await directoryIn(o.db, tx);
        const branch = (id: string): BranchEntry => directory.get(id) ?? unknownBranch(id);
        const deltas: HqDelta[] = [];
        for (const row of rows) {
          const r = row as unknown as { kind: string; branch_id: string; corrected_at: Date | string; body: unknown };
          const at = r.corrected_at instanceof Date ? r.corrected_at.toISOString() : new Date(r.corrected_at).toISOString();
          for (const d of deltasOf({ kind: r.kind, branchId: r.branch_id, correctedAt: at, body: r.body }, branch(r.branch_id).facts, { validated: true })) deltas.push(d);
        }
        await applyDeltas(tx, deltas);
        return { written: rows.length };
      },
    });
    setStoreHook(o.db, {
      prepare: (record, correctedAt) => prepareDeltas(o.db, record, correctedAt),
      apply: async (tx, fresh) => {
        let kept = false;
        try {
          kept = await keepInline(o.db, tx, fresh);
        } finally {
          // Declined or failed (the store undoes the hook's writes and stores the records): the pass counts them.
          if (!kept) this.declined++;
        }
      },
    });
  }

  /** Consumes every record stored so far; single flight. Returns the records read. */
  async catchUp(): Promise<number> {
    const declined = this.declined;
    const read = await this.follower.catchUp();
    this.countedUpTo = declined;
    return read;
  }

  /** After a push: one pass shortly (debounced), unless the store kept the sums of everything since the last. */
  wakeSoon(): void {
    if (this.countedUpTo === this.declined || this.wakeTimer || this.stopped) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      this.catchUp().catch((err: unknown) => this.o.warn?.(`figures consumer failed: ${(err as Error).message}`));
    }, WAKE_DELAY_MS);
    this.wakeTimer.unref?.();
  }

  stop(): Promise<void> {
    this.stopped = true;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    setStoreHook(this.o.db, null);
    return this.follower.stop();
  }

  /**
   * Forgets every sum and consumes all stored records again (after a change of definition, or to
   * check the sums): the delete and the cursor's reset commit together, then catch-up refills.
   * Refused (conflict, reason months_away) while a month is detached or dropped.
   */
  async rebuild(): Promise<number> {
    // The sums are the only record left of a detached or dropped month's records: starting
    // over from the stored records would lose them.
    const away = await monthsAway(this.o.db);
    if (away.length > 0) {
      throw new QueueError('conflict', `the figures cannot be rebuilt while the records of ${away.join(', ')} are detached or dropped: their sums would be lost (attach them first)`, 'months_away');
    }
    await this.follower.settle();
    await this.o.db.transaction(async (tx) => {
      await tx.query('select cursor from hq_fig_cursor for update');
      await tx.query('delete from hq_fig_day');
      await tx.query('delete from hq_fig_once');
      await tx.query('update hq_fig_cursor set cursor = 0');
    });
    return this.catchUp();
  }
}

/**
 * The branch directory read through the transaction at hand (on PGlite nothing else can run
 * during it; on PostgreSQL a second connection taken under the sequence lock could wait for a
 * pool that every waiting pusher holds). loadBranchDirectory keeps its answer per object it reads
 * through, so each database gets one reader, lent to one transaction at a time.
 */
const readers = new WeakMap<SqlDb, { tx: Pick<SqlTx, 'query'> | null; turn: Promise<unknown>; query: SqlTx['query'] }>();
function directoryIn(db: SqlDb, tx: Pick<SqlTx, 'query'>): Promise<Map<string, BranchEntry>> {
  let reader = readers.get(db);
  if (!reader) {
    const r: { tx: Pick<SqlTx, 'query'> | null; turn: Promise<unknown>; query: SqlTx['query'] } = { tx: null, turn: Promise.resolve(), query: (sql, params) => r.tx!.query(sql, params) };
    readers.set(db, r);
    reader = r;
  }
  const r = reader;
  const mine = r.turn.then(async () => {
    r.tx = tx;
    try {
      return await loadBranchDirectory(r);
    } finally {
      r.tx = null;
    }
  });
  r.turn = mine.catch(() => undefined);
  return mine;
}

/** The directory the store's hook uses, per database, with the stamp of the documents it was read at. */
const inlineDirectories = new WeakMap<SqlDb, { stamp: string; directory: Map<string, BranchEntry> }>();

/** The same stamp as branchDirectory.ts's: it changes whenever a branch's configuration does. */
const DIRECTORY_STAMP_SQL = `select coalesce(max(seq), 0) || '/' || count(*) as s from config_docs where kind = '${CONFIG_BRANCH}'`;

/**
 * The store's hook (server/sync/recordStore.ts): adds a batch's new records to the sums in the
 * transaction that stores them, and moves the consumer's cursor past them, so they commit (or
 * not) together, exactly once, as the consumer's pages do. Only when the consumer has read every
 * record stored before this batch and is not reading now (its cursor row is free): otherwise the
 * sums are left to it and the cursor stays, so nothing is added twice or skipped. The store
 * holds the sequence lock here, so "every record before" is every record committed before.
 *
 * One statement does it all (under the sequence lock every round trip holds up every pusher):
 * the check, the once-keys, the cells, the cursor. The deltas are made with the branch directory
 * kept from an earlier batch; the statement checks that no branch's configuration changed since,
 * and if one did, the directory is read again and the statement made again. Returns whether it
 * kept them.
 */
async function keepInline(db: SqlDb, tx: SqlTx, fresh: FreshRecords): Promise<boolean> {
  const cursorTo = fresh.records[fresh.records.length - 1]!.serverSeq;
  for (let attempt = 0; attempt < 2; attempt++) {
    let kept = inlineDirectories.get(db);
    if (!kept || attempt > 0) {
      const stamp = (await tx.query<{ s: string }>(DIRECTORY_STAMP_SQL)).rows[0]!.s;
      kept = { stamp: String(stamp), directory: await directoryIn(db, tx) };
      inlineDirectories.set(db, kept);
    }
    const deltas: HqDelta[] = [];
    for (const { record, correctedAt, prepared } of fresh.records) {
      const p = prepared as Prepared | undefined;
      for (const d of p && p.stamp === kept.stamp ? p.deltas : recordDeltas(kept.directory, record, correctedAt)) deltas.push(d);
    }
    const rows = deltaRows(deltas);
    const cols = SUM_COLUMNS.map((c) => c.column);
    const { rows: out } = await tx.query<{ kept: boolean; stamp: string }>(
      `with guard as (select cursor from hq_fig_cursor
                      where cursor >= (select coalesce(max(server_seq), 0) from sync_records where server_seq <= $1)
                        and (${DIRECTORY_STAMP_SQL}) = $2
                      for update skip locked),
         d as (select * from unnest($4::text[], $5::date[], $6::int[], $7::text[], $8::text[], $9::text[], ${cols.map((_, i) => `$${i + 10}::bigint[]`).join(', ')})
                 as d(branch_id, day, counter, staff_id, service, once, ${cols.join(', ')})),
         o as (insert into hq_fig_once (branch_id, key, day)
               select branch_id, once, day from d where once is not null and exists (select 1 from guard)
               on conflict do nothing returning branch_id, key),
         cells as (select d.branch_id, d.day, d.counter, d.staff_id, d.service, ${cols.map((c) => `sum(d.${c})::bigint as ${c}`).join(', ')}
                   from d left join o on o.branch_id = d.branch_id and o.key = d.once
                   where exists (select 1 from guard) and (d.once is null or o.key is not null)
                   group by d.branch_id, d.day, d.counter, d.staff_id, d.service),
         up as (insert into hq_fig_day (branch_id, day, counter, staff_id, service, ${cols.join(', ')})
                select * from cells
                on conflict (branch_id, day, counter, staff_id, service) do update set
                  ${cols.map((c) => `${c} = hq_fig_day.${c} + excluded.${c}`).join(', ')}),
         cur as (update hq_fig_cursor set cursor = $3 where exists (select 1 from guard))
       select exists (select 1 from guard) as kept, (${DIRECTORY_STAMP_SQL}) as stamp`,
      [fresh.before, kept.stamp, cursorTo, ...rows],
    );
    // Kept, or left to the consumer (behind, or reading now): done either way, unless the
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

/** The store hook's `prepare`: a record's deltas, made beside the database's work (or later, by keepInline, before any batch has loaded the directory). */
function prepareDeltas(db: SqlDb, record: SyncRecord, correctedAt: string): Prepared | undefined {
  const kept = inlineDirectories.get(db);
  return kept ? { stamp: kept.stamp, deltas: recordDeltas(kept.directory, record, correctedAt) } : undefined;
}

function recordDeltas(directory: Map<string, BranchEntry>, r: SyncRecord, correctedAt: string): HqDelta[] {
  if (!KINDS.includes(r.kind)) return [];
  const facts = (directory.get(r.branchId) ?? unknownBranch(r.branchId)).facts;
  return deltasOf({ kind: r.kind, branchId: r.branchId, correctedAt, body: r.body }, facts, { validated: true });
}

/**
 * A batch's deltas as the columns of keepInline's statement: deltas counted always are summed per
 * cell here; those counted once per key stay one row each (the first of each key), since only the
 * database knows whether the key is new.
 */
function deltaRows(deltas: readonly HqDelta[]): unknown[] {
  const always = new Map<string, { cell: HqCell; once: string | null; sums: HqSums }>();
  const once = new Map<string, { cell: HqCell; once: string | null; sums: HqSums }>();
  for (const d of deltas) {
    if (d.once === undefined) {
      const at = always.get(cellKey(d.cell));
      if (at) at.sums = addSums(at.sums, d.sums);
      else always.set(cellKey(d.cell), { cell: d.cell, once: null, sums: addSums(zeroSums(), d.sums) });
    } else if (!once.has(`${d.cell.branchId}|${d.once}`)) {
      // The same key twice in one batch: the first counts.
      once.set(`${d.cell.branchId}|${d.once}`, { cell: d.cell, once: d.once, sums: addSums(zeroSums(), d.sums) });
    }
  }
  const list = [...always.values(), ...once.values()];
  return [
    list.map((c) => c.cell.branchId),
    list.map((c) => c.cell.day),
    list.map((c) => c.cell.counter),
    list.map((c) => c.cell.staffId),
    list.map((c) => c.cell.service),
    list.map((c) => c.once),
    ...SUM_COLUMNS.map((col) => list.map((c) => c.sums[col.field])),
  ];
}

/**
 * Adds deltas to the day table in two statements: the once-keys first (only those new here let
 * their delta through), then one upsert of the summed cells.
 */
export async function applyDeltas(tx: Pick<SqlTx, 'query'>, deltas: readonly HqDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  const firstOnce = new Map<string, HqDelta>();
  for (const d of deltas) if (d.once !== undefined && !firstOnce.has(`${d.cell.branchId}|${d.once}`)) firstOnce.set(`${d.cell.branchId}|${d.once}`, d);
  let fresh = new Set<string>();
  if (firstOnce.size > 0) {
    const list = [...firstOnce.values()];
    const { rows } = await tx.query<{ branch_id: string; key: string }>(
      `insert into hq_fig_once (branch_id, key, day)
       select * from unnest($1::text[], $2::text[], $3::date[])
       on conflict do nothing returning branch_id, key`,
      [list.map((d) => d.cell.branchId), list.map((d) => d.once!), list.map((d) => d.cell.day)],
    );
    fresh = new Set(rows.map((r) => `${r.branch_id}|${r.key}`));
  }
  const cells = new Map<string, { cell: HqCell; sums: HqSums }>();
  for (const d of deltas) {
    if (d.once !== undefined) {
      const k = `${d.cell.branchId}|${d.once}`;
      // Only the first delta of a fresh key counts (the same key twice in one page: once).
      if (!fresh.has(k) || firstOnce.get(k) !== d) continue;
    }
    const key = cellKey(d.cell);
    const at = cells.get(key);
    if (at) at.sums = addSums(at.sums, d.sums);
    else cells.set(key, { cell: d.cell, sums: addSums(zeroSums(), d.sums) });
  }
  if (cells.size === 0) return;
  const list = [...cells.values()];
  const cols = SUM_COLUMNS.map((c) => c.column);
  await tx.query(
    `insert into hq_fig_day (branch_id, day, counter, staff_id, service, ${cols.join(', ')})
     select * from unnest($1::text[], $2::date[], $3::int[], $4::text[], $5::text[], ${cols.map((_, i) => `$${i + 6}::bigint[]`).join(', ')})
     on conflict (branch_id, day, counter, staff_id, service) do update set
       ${cols.map((c) => `${c} = hq_fig_day.${c} + excluded.${c}`).join(',\n       ')}`,
    [
      list.map((c) => c.cell.branchId),
      list.map((c) => c.cell.day),
      list.map((c) => c.cell.counter),
      list.map((c) => c.cell.staffId),
      list.map((c) => c.cell.service),
      ...SUM_COLUMNS.map((col) => list.map((c) => c.sums[col.field])),
    ],
  );
}
