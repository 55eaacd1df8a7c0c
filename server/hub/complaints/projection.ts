import { COMPLAINT_DOC_TYPE } from '../../../shared/complaints/index.js';
import { DOC_OP } from '../../../shared/sync/kinds.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { refreshComplaint } from './complaintTable.js';
import type { ComplaintTable, MergedComplaint } from './complaintTable.js';

/** Records read per transaction. */
const PAGE = 500;
/** A burst of pushes makes one pass. */
const WAKE_DELAY_MS = 50;

export interface ComplaintProjectionOptions {
  db: SqlDb;
  table: ComplaintTable;
  /** The table holding the cursor (one row, `cursor bigint`). */
  cursorTable: string;
  /** Only this branch's records (a hub); every branch when absent (head office). */
  branchId?: () => string;
  /**
   * Records of this device are skipped: the hub's own steps update their row in the transaction
   * that stores them, so the projection need not merge them again.
   */
  ownDeviceId?: string;
  /** Told after a pass that changed complaints (their merges), e.g. to notify screens. */
  onChanged?: (changed: ReadonlyArray<MergedComplaint & { branchId: string; docId: string }>) => void;
  warn?: (message: string) => void;
}

/**
 * Follows the `doc.op` records of complaint documents stored after a cursor (what devices pushed
 * to the hub, what hubs pushed to head office) and rewrites the row of every complaint they
 * touch from ALL its ops, in one transaction with the cursor, so a crash never skips or doubles
 * a record. Sequence order is commit order (server/sync/migrations.ts): every record up to the
 * highest stored number is visible, so the cursor moves to it without stepping over a later
 * commit. Several head-office processes share the cursor row; one projects while the others
 * skip (`for update skip locked`).
 */
export class ComplaintProjection {
  private running: Promise<number> | null = null;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(private readonly o: ComplaintProjectionOptions) {}

  /** Projects every record stored so far; single flight (a call during a pass runs one more). Returns the complaints rewritten. */
  catchUp(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let total = 0;
      do {
        this.again = false;
        total += await this.run();
      } while (this.again && !this.stopped);
      return total;
    })().finally(() => (this.running = null));
    return this.running;
  }

  /** After a push stored records: one pass shortly (debounced). */
  wakeSoon(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.catchUp().catch((err: unknown) => this.o.warn?.(`complaint projection failed: ${(err as Error).message}`));
    }, WAKE_DELAY_MS);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private async run(): Promise<number> {
    let rewritten = 0;
    for (;;) {
      const changed: Array<MergedComplaint & { branchId: string; docId: string }> = [];
      const more = await this.o.db.transaction(async (tx) => {
        const locked = await tx.query<{ cursor: string | number }>(`select cursor from ${this.o.cursorTable} for update skip locked`);
        // Another process holds it: that one is projecting.
        if (locked.rows.length === 0) return false;
        const cursor = Number(locked.rows[0]!.cursor);
        const top = Number((await tx.query<{ m: string | number | null }>('select max(server_seq) as m from sync_records')).rows[0]!.m ?? 0);
        if (top <= cursor) return false;
        const branch = this.o.branchId?.();
        const { rows } = await tx.query<{ server_seq: string | number; branch_id: string; device_id: string; doc_id: string }>(
          `select server_seq, branch_id, device_id, body->>'docId' as doc_id from sync_records
           where server_seq > $1 and server_seq <= $2 and kind = '${DOC_OP}' and body->>'docType' = '${COMPLAINT_DOC_TYPE}'
             ${branch === undefined ? '' : 'and branch_id = $4'}
           order by server_seq limit $3`,
          branch === undefined ? [cursor, top, PAGE] : [cursor, top, PAGE, branch],
        );
        const docs = new Map<string, { branchId: string; docId: string }>();
        for (const r of rows) {
          if (r.device_id === this.o.ownDeviceId || typeof r.doc_id !== 'string') continue;
          docs.set(`${r.branch_id}/${r.doc_id}`, { branchId: r.branch_id, docId: r.doc_id });
        }
        for (const d of docs.values()) {
          const m = await refreshComplaint(tx, this.o.table, d.branchId, d.docId);
          if (m) changed.push({ ...m, ...d });
        }
        const full = rows.length === PAGE;
        const next = full ? Number(rows[rows.length - 1]!.server_seq) : top;
        await tx.query(`update ${this.o.cursorTable} set cursor = $1`, [next]);
        return full;
      });
      rewritten += changed.length;
      if (changed.length > 0) this.o.onChanged?.(changed);
      if (!more || this.stopped) return rewritten;
    }
  }
}
