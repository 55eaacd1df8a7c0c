import type { SqlDb, SqlTx } from '../db/sqlDb.js';
import { SinglePass } from './singlePass.js';

/** One page of followed records, as the follower's SELECT returned them (always with server_seq). */
export type FollowedRow = Record<string, unknown> & { server_seq: string | number };

export interface PageOutcome {
  /** How many things the page wrote (rows rewritten, entries added), summed into catchUp()'s answer. */
  written: number;
  /** Run once the page's transaction has committed (e.g. to tell screens): never for a rolled-back page. */
  afterCommit?: () => void;
}

export interface RecordFollowerOptions {
  db: SqlDb;
  /** The one-row table holding the cursor (`cursor bigint`). */
  cursorTable: string;
  /** What the pass reads of sync_records, e.g. "server_seq, branch_id, body". server_seq is required. */
  columns: string;
  /** The follower's condition on sync_records (kind, body fields, branch), its parameters numbered from $4. */
  where: () => { sql: string; params: readonly unknown[] };
  /** Records per transaction. */
  page: number;
  /** Applies one page, inside the transaction that moves the cursor past it. */
  apply: (tx: SqlTx, rows: FollowedRow[]) => Promise<PageOutcome>;
  /**
   * Head office may run several processes over one database: the one holding the cursor row
   * follows, the others skip (`for update skip locked`). A hub has one process and waits instead.
   */
  skipWhenLocked?: boolean;
  /** How long after a push the pass starts (a longer wait makes bigger pages under heavy ingest). */
  wakeDelayMs?: number;
  /** What a failed background pass is called in the warning. */
  name: string;
  warn?: (message: string) => void;
}

/**
 * Follows sync_records after a cursor, exactly once: each page is applied in the transaction
 * that moves the cursor past it, so a crash neither skips nor doubles a record. Sequence order is
 * commit order (server/sync/migrations.ts): every record up to the highest stored number is
 * visible, so the cursor can move to it without stepping over a later commit. Used by every
 * projection of stored records (the complaint table, the offline sign-ins' audit, head office's
 * figures), which differ only in what they read and what they write.
 */
export class RecordFollower {
  private readonly pass: SinglePass;

  constructor(private readonly o: RecordFollowerOptions) {
    this.pass = new SinglePass({ pass: () => this.run(), name: o.name, ...(o.wakeDelayMs !== undefined ? { wakeDelayMs: o.wakeDelayMs } : {}), ...(o.warn ? { warn: o.warn } : {}) });
  }

  /** Follows every record stored so far; single flight (a call during a pass runs one more). Returns what the pages wrote. */
  catchUp(): Promise<number> {
    return this.pass.run();
  }

  /** After a push stored records: one pass shortly (debounced). */
  wakeSoon(): void {
    this.pass.wakeSoon();
  }

  /** Waits for a pass under way, if any (before resetting what it writes). */
  settle(): Promise<void> {
    return this.pass.settle();
  }

  stop(): Promise<void> {
    return this.pass.stop();
  }

  private async run(): Promise<number> {
    let written = 0;
    for (;;) {
      let after: (() => void) | undefined;
      const more = await this.o.db.transaction(async (tx) => {
        const locked = await tx.query<{ cursor: string | number }>(`select cursor from ${this.o.cursorTable} for update${this.o.skipWhenLocked ? ' skip locked' : ''}`);
        // Another process holds it: that one is following.
        if (locked.rows.length === 0) return false;
        const cursor = Number(locked.rows[0]!.cursor);
        const top = Number((await tx.query<{ m: string | number | null }>('select max(server_seq) as m from sync_records')).rows[0]!.m ?? 0);
        if (top <= cursor) return false;
        const where = this.o.where();
        const { rows } = await tx.query<FollowedRow>(
          `select ${this.o.columns} from sync_records
           where server_seq > $1 and server_seq <= $2 and (${where.sql})
           order by server_seq limit $3`,
          [cursor, top, this.o.page, ...where.params],
        );
        const outcome = rows.length > 0 ? await this.o.apply(tx, rows) : { written: 0 };
        const full = rows.length === this.o.page;
        await tx.query(`update ${this.o.cursorTable} set cursor = $1`, [full ? Number(rows[rows.length - 1]!.server_seq) : top]);
        written += outcome.written;
        after = outcome.afterCommit;
        return full;
      });
      after?.();
      if (!more || this.pass.isStopped) return written;
    }
  }
}
