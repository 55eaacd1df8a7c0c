import { COMPLAINT_DOC_TYPE } from '../../../shared/complaints/index.js';
import { DOC_OP } from '../../../shared/sync/kinds.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { RecordFollower } from '../../sync/recordFollower.js';
import { refreshComplaint } from './complaintTable.js';
import type { ComplaintTable, MergedComplaint } from './complaintTable.js';

/** Records read per transaction. */
const PAGE = 500;

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

type Changed = MergedComplaint & { branchId: string; docId: string };

/**
 * Follows the `doc.op` records of complaint documents (what devices pushed to the hub, what hubs
 * pushed to head office) and rewrites the row of every complaint they touch from ALL its ops, in
 * the transaction that moves the cursor (server/sync/recordFollower.ts). Several head-office
 * processes share the cursor row; one projects while the others skip.
 */
export class ComplaintProjection {
  private readonly follower: RecordFollower;

  constructor(o: ComplaintProjectionOptions) {
    this.follower = new RecordFollower({
      db: o.db,
      cursorTable: o.cursorTable,
      columns: `server_seq, branch_id, device_id, body->>'docId' as doc_id`,
      where: () => {
        const branch = o.branchId?.();
        return {
          sql: `kind = '${DOC_OP}' and body->>'docType' = '${COMPLAINT_DOC_TYPE}'${branch === undefined ? '' : ' and branch_id = $4'}`,
          params: branch === undefined ? [] : [branch],
        };
      },
      page: PAGE,
      skipWhenLocked: true,
      name: 'complaint projection',
      ...(o.warn ? { warn: o.warn } : {}),
      apply: async (tx, rows) => {
        const docs = new Map<string, { branchId: string; docId: string }>();
        for (const r of rows) {
          if (r.device_id === o.ownDeviceId || typeof r.doc_id !== 'string' || typeof r.branch_id !== 'string') continue;
          docs.set(`${r.branch_id}/${r.doc_id}`, { branchId: r.branch_id, docId: r.doc_id });
        }
        const changed: Changed[] = [];
        for (const d of docs.values()) {
          const m = await refreshComplaint(tx, o.table, d.branchId, d.docId);
          if (m) changed.push({ ...m, ...d });
        }
        return { written: changed.length, ...(changed.length > 0 && o.onChanged ? { afterCommit: () => o.onChanged!(changed) } : {}) };
      },
    });
  }

  /** Projects every record stored so far; single flight. Returns the complaints rewritten. */
  catchUp(): Promise<number> {
    return this.follower.catchUp();
  }

  /** After a push stored records: one pass shortly (debounced). */
  wakeSoon(): void {
    this.follower.wakeSoon();
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }
}
