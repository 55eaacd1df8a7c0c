import type { SqlDb } from '../../db/sqlDb.js';
import { directoryIn } from './branchDirectory.js';
import { DeltaRows } from './deltaRows.js';
import { DeltaLog, lockDayTable } from './deltaLog.js';
import { FIGURE_COLUMNS, FIGURE_KINDS, rowDeltas } from './recordRows.js';
import type { FigureRow } from './recordRows.js';
import { RecordFollower } from '../../sync/recordFollower.js';
import { SinglePass } from '../../sync/singlePass.js';
import { setStoreHook } from '../../sync/recordStore.js';
import { monthsAway } from '../../sync/partitions.js';
import { QueueError } from '../../../shared/api/errors.js';

/** Records read per transaction. */
const PAGE = 2000;
/** A burst of pushes makes one pass of up to a page (reads catch up first, so a screen never waits for it). */
const WAKE_DELAY_MS = 250;
/**
 * How long logged batches wait to be merged. Reads merge first, so nobody waits for it; each
 * merge has a cost of its own, and beside a busy push stream merging every 200 ms cost the
 * pushers more than once a second (tests/bench/hqFiguresBench.ts). A branch's many small
 * batches of one day also fold into one update per cell.
 */
const MERGE_DELAY_MS = 1000;

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
 * Most of the time the records are not read back here: the store itself logs each batch and
 * moves the cursor (deltaLog.ts), and this merges the log into the day table shortly after, and
 * before every read (catchUp), with the deltas the store's checks made. Reading back what was
 * just written cost more than storing it (tests/bench/hqFiguresBench.ts).
 */
export class FigureConsumer {
  private readonly follower: RecordFollower;
  private readonly log: DeltaLog;
  private readonly merger: SinglePass;
  /**
   * Batches the store's hook left to the pass (declined), and how many of them had been when
   * the last finished pass began; -1: records stored before this process. While the
   * two agree, a push needs no pass: the store logged its deltas. A pass waking for every push
   * took the cursor row's lock beside the next batch, whose hook then had to leave it, and every
   * batch after it, to the pass (tests/bench/hqFiguresBench.ts).
   */
  private declined = 0;
  private countedUpTo = -1;
  /** The same for the log: batches the hook logged, and how many had been when the last finished merge began. */
  private logged = 0;
  private mergedUpTo = 0;
  private wakeTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(private readonly o: FigureConsumerOptions) {
    this.log = new DeltaLog(o.db);
    this.merger = new SinglePass({
      name: 'figures merge',
      wakeDelayMs: MERGE_DELAY_MS,
      ...(o.warn ? { warn: o.warn } : {}),
      pass: async () => {
        const logged = this.logged;
        const merged = await this.log.merge();
        this.mergedUpTo = logged;
        return merged;
      },
    });
    this.follower = new RecordFollower({
      db: o.db,
      cursorTable: 'hq_fig_cursor',
      columns: FIGURE_COLUMNS,
      where: () => ({ sql: 'kind = any($4::text[])', params: [FIGURE_KINDS] }),
      page: PAGE,
      skipWhenLocked: true,
      name: 'figures consumer',
      ...(o.warn ? { warn: o.warn } : {}),
      apply: async (tx, rows) => {
        // The log holds batches stored before this page (the hook logs only behind the
        // cursor): they go in first, so a once-key counts for the record stored first.
        await lockDayTable(o.db, tx);
        await this.log.mergeIn(tx);
        // Names and targets change rarely: kept per database until a branch's configuration changes.
        const { directory } = await directoryIn(o.db, tx);
        const deltas = new DeltaRows();
        for (const row of rows) for (const d of rowDeltas(directory, row as unknown as FigureRow)) deltas.add(d);
        await deltas.apply(tx);
        return { written: rows.length };
      },
    });
    setStoreHook(
      o.db,
      // Logged, or left to the pass (declined: behind, or reading now).
      this.log.hook((logged) => (logged ? this.logged++ : this.declined++)),
    );
    // The directory the store's records are prepared with; until it is read, merges read the records back.
    this.log.loadDirectory().catch((err: unknown) => o.warn?.(`figures directory not read: ${(err as Error).message}`));
  }

  /** Brings the sums up to every record stored so far (consumed and merged); single flight. Returns the records read back. */
  async catchUp(): Promise<number> {
    const declined = this.declined;
    const read = await this.follower.catchUp();
    this.countedUpTo = declined;
    await this.merger.run();
    return read;
  }

  /**
   * After a push: a merge of what the store logged, and a pass only if the store left some
   * batch to it; both shortly (debounced).
   */
  wakeSoon(): void {
    if (this.stopped) return;
    if (this.mergedUpTo !== this.logged) this.merger.wakeSoon();
    if (this.countedUpTo === this.declined || this.wakeTimer) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      this.catchUp().catch((err: unknown) => this.o.warn?.(`figures consumer failed: ${(err as Error).message}`));
    }, WAKE_DELAY_MS);
    this.wakeTimer.unref?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    setStoreHook(this.o.db, null);
    await this.merger.stop();
    await this.follower.stop();
  }

  /**
   * Forgets every sum and consumes all stored records again (after a change of definition, or to
   * check the sums): the deletes and the cursor's reset commit together, then catch-up refills.
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
    await this.merger.settle();
    await this.o.db.transaction(async (tx) => {
      await tx.query('select cursor from hq_fig_cursor for update');
      await lockDayTable(this.o.db, tx);
      await tx.query('delete from hq_fig_day');
      await tx.query('delete from hq_fig_once');
      // Logged batches are behind the cursor: the pass reads their records again.
      await tx.query('delete from hq_fig_delta');
      await tx.query('update hq_fig_cursor set cursor = 0');
    });
    this.log.forget();
    return this.catchUp();
  }
}
