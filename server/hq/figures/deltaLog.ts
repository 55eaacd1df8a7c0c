import type { HqDelta } from '../../../shared/hq/deltas.js';
import type { SyncRecord } from '../../../shared/sync/protocol.js';
import type { SqlDb, SqlTx } from '../../db/sqlDb.js';
import type { FreshRecords, StoreHook } from '../../sync/recordStore.js';
import { directoryIn, loadStampedDirectory } from './branchDirectory.js';
import type { StampedDirectory } from './branchDirectory.js';
import { DeltaRows } from './deltaRows.js';
import type { DeltaRow } from './deltaRows.js';
import { LoggedBatches } from './loggedBatches.js';
import { FIGURE_COLUMNS, FIGURE_KINDS, recordDeltas, rowDeltas } from './recordRows.js';
import type { FigureRow } from './recordRows.js';

/*
 * The store's share of head office's figures. The statement that stores a batch's last records
 * also writes a row of hq_fig_delta (id = the batch's last server_seq, first_seq = the value
 * before it) and moves the consumer's cursor past the batch: "these records are counted by the
 * merge", committed with them. The merge adds their deltas to the day table later (in the
 * background, before every read, before every consumer page), and deletes the row in the same
 * transaction, so a batch counts once whatever crashes when.
 *
 * The deltas themselves stay in this process's memory (loggedBatches.ts), made while the store
 * checked the records; a row whose deltas are not held here is merged from its records read back.
 * The store therefore pays one small row per batch and no round trip of its own: adding the sums
 * under the sequence lock cost it 6.5 ms a batch of 500, a log row of the deltas as JSON (in a
 * statement of its own) about 1.5 ms (docs/hq-figures.md, tests/bench/hqFiguresBench.ts).
 */

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

/** A record's deltas made as the store checked it, with the stamp of the directory they were made with. */
interface Prepared {
  stamp: string;
  deltas: HqDelta[];
}

export class DeltaLog {
  private readonly batches = new LoggedBatches();
  /** The directory the store's records are prepared with: the one the last merge read (or the first load). */
  private directory: StampedDirectory | null = null;

  constructor(private readonly db: SqlDb) {}

  /**
   * The store's hook (server/sync/recordStore.ts). Its statement logs the batch only when the
   * consumer has read every record stored before it and is not reading now (its cursor row is
   * free): otherwise the records are left to the consumer and the cursor stays, so nothing is
   * counted twice or skipped. The store holds the sequence lock, so "every record before" is
   * every record committed before, and the log's ids rise in commit order.
   */
  hook(onStored: (logged: boolean) => void): StoreHook {
    return {
      prepare: (record, correctedAt) => this.prepare(record, correctedAt),
      sql: (before) => ({
        ctes: `fig_guard as (select cursor from hq_fig_cursor
                   where (select top from batch_top) > ${before}
                     and cursor >= (select coalesce(max(server_seq), 0) from sync_records where server_seq <= ${before})
                   for update skip locked),
               fig_log as (insert into hq_fig_delta (id, first_seq) select (select top from batch_top), ${before} where exists (select 1 from fig_guard)),
               fig_cursor as (update hq_fig_cursor set cursor = (select top from batch_top) where exists (select 1 from fig_guard))`,
        answer: 'exists (select 1 from fig_guard)',
      }),
      committed: (fresh, answer) => {
        const logged = answer === true;
        if (logged) this.remember(fresh);
        onStored(logged);
      },
    };
  }

  /** Reads the directory the store's records are prepared with (until then, merges read them back). */
  async loadDirectory(): Promise<void> {
    const read = await loadStampedDirectory(this.db);
    // (A merge may have read a newer one meanwhile.)
    this.directory ??= read;
  }

  /** Merges every logged batch in the caller's transaction (which holds lockDayTable). Returns the batches merged. */
  async mergeIn(tx: Pick<SqlTx, 'query'>): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.mergeSome(tx);
      total += n;
      if (n < MERGE_ROWS) return total;
    }
  }

  /** Merges every logged batch, MERGE_ROWS per transaction. Returns the batches merged. */
  async merge(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.db.transaction(async (tx) => {
        await lockDayTable(this.db, tx);
        return this.mergeSome(tx);
      });
      total += n;
      if (n < MERGE_ROWS) return total;
    }
  }

  /** Forgets what is held (the log was emptied: a rebuild). */
  forget(): void {
    this.batches.clear();
  }

  private prepare(record: SyncRecord, correctedAt: string): Prepared | undefined {
    const d = this.directory;
    return d ? { stamp: d.stamp, deltas: recordDeltas(d.directory, record, correctedAt) } : undefined;
  }

  /** A committed, logged batch: its deltas are held for the merge if every record was prepared with one directory. */
  private remember(fresh: FreshRecords): void {
    const stamp = (fresh.records[0]?.prepared as Prepared | undefined)?.stamp;
    if (stamp === undefined) return;
    const deltas: HqDelta[] = [];
    for (const r of fresh.records) {
      const p = r.prepared as Prepared | undefined;
      if (!p || p.stamp !== stamp) return;
      for (const d of p.deltas) deltas.push(d);
    }
    this.batches.remember(fresh.records[fresh.records.length - 1]!.serverSeq, { first: fresh.before, stamp, deltas });
  }

  /**
   * Merges up to MERGE_ROWS logged batches, oldest first, into the day table, in the caller's
   * transaction (which holds lockDayTable): the rows are deleted as they are added. A batch's
   * deltas come from memory when this process made them with the directory the database holds
   * now, else from its records read back (the consumer's way); a row logged as JSON by an
   * earlier version carries them. A once-key counts for the first batch that logged it, and only
   * if no earlier batch or consumer page had it (hq_fig_once).
   */
  private async mergeSome(tx: Pick<SqlTx, 'query'>): Promise<number> {
    const { rows } = await tx.query<{ id: string | number; first_seq: string | number | null; delta_rows: string | null }>(
      'delete from hq_fig_delta where id in (select id from hq_fig_delta order by id limit $1) returning id, first_seq, delta_rows',
      [MERGE_ROWS],
      { prepared: true },
    );
    if (rows.length === 0) return 0;
    const current = await directoryIn(this.db, tx);
    this.directory = current;
    const logged = rows
      .map((r) => ({ id: Number(r.id), first: Number(r.first_seq), json: r.delta_rows }))
      .sort((a, b) => a.id - b.id)
      .map((r) => ({ ...r, held: r.json === null ? this.batches.take(r.id, r.first, current.stamp) : undefined }));
    // The batches not held here, read back in one statement (each record tagged with its batch's id).
    const missing = logged.filter((r) => r.json === null && !r.held);
    const readBack = new Map<number, FigureRow[]>();
    if (missing.length > 0) {
      const back = await tx.query<FigureRow & { batch: string | number }>(
        `select m.hi as batch, ${FIGURE_COLUMNS} from unnest($1::bigint[], $2::bigint[]) as m(lo, hi)
         join sync_records on server_seq > m.lo and server_seq <= m.hi
         where kind = any($3::text[]) order by server_seq`,
        [missing.map((r) => r.first), missing.map((r) => r.id), FIGURE_KINDS],
        { prepared: true },
      );
      for (const row of back.rows) {
        const batch = Number(row.batch);
        const list = readBack.get(batch);
        if (list) list.push(row);
        else readBack.set(batch, [row]);
      }
    }
    // In log order, so a once-key counts for the batch stored first.
    const folded = new DeltaRows();
    for (const r of logged) {
      if (r.json !== null) for (const row of JSON.parse(r.json) as DeltaRow[]) folded.addRow(row);
      else if (r.held) for (const d of r.held) folded.add(d);
      else for (const row of readBack.get(r.id) ?? []) for (const d of rowDeltas(current.directory, row)) folded.add(d);
    }
    await folded.apply(tx);
    return rows.length;
  }
}
