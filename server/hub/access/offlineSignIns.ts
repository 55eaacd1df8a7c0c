import { z } from 'zod';
import { StaffRole } from '../../../shared/config/primitives.js';
import { COUNTER_EVENT } from '../../../shared/sync/kinds.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { RecordFollower } from '../../sync/recordFollower.js';
import type { AuditLog } from './auditLog.js';

/** The counter's local event of a sign-in made while the hub was unreachable (renderer/device/localEvents.ts). */
export const OFFLINE_SIGN_IN_EVENT = 'staff.signed_in_offline';

/** Its payload as the counter writes it; a record that does not read so is still audited, as unreadable. */
const OfflineSignInPayload = z.object({
  staffId: z.string().min(1).max(64),
  role: StaffRole,
  method: z.enum(['id', 'badge']),
});

/** Records read per transaction. */
const PAGE = 500;

export interface OfflineSignInsDeps {
  db: SqlDb;
  audit: AuditLog;
  branchId: () => string;
  warn?: (message: string) => void;
}

/**
 * Turns the offline sign-ins a counter reconciles when the hub returns (its `counter.event`
 * records of type `staff.signed_in_offline`, pushed through the sync API) into security-audit
 * entries `sign_in_offline` the lead sees and head office receives, dated when the sign-in
 * happened (the record's wall time), naming the person, the counter and its window. The entries
 * are written in the transaction that moves the cursor (server/sync/recordFollower.ts), so a
 * crash neither skips nor doubles one.
 */
export class OfflineSignIns {
  private readonly follower: RecordFollower;

  constructor(private readonly deps: OfflineSignInsDeps) {
    this.follower = new RecordFollower({
      db: deps.db,
      cursorTable: 'access_offline_projection',
      columns: 'server_seq, device_id, wall_at, body',
      where: () => ({ sql: `kind = '${COUNTER_EVENT}' and body->>'type' = '${OFFLINE_SIGN_IN_EVENT}' and branch_id = $4`, params: [deps.branchId()] }),
      page: PAGE,
      name: 'offline sign-in audit',
      ...(deps.warn ? { warn: deps.warn } : {}),
      apply: async (tx, rows) => {
        const entries = rows.map((row) => {
          const r = row as unknown as { device_id: string; wall_at: string; body: { counter?: unknown; payload?: unknown } };
          const p = OfflineSignInPayload.safeParse(r.body.payload);
          const window = typeof r.body.counter === 'number' ? r.body.counter : null;
          const at = Number.isFinite(Date.parse(r.wall_at)) ? new Date(r.wall_at).toISOString() : null;
          const detail = p.success
            ? `signed in at window ${window ?? '?'} while the hub was unreachable (by ${p.data.method === 'badge' ? 'badge' : 'staff id'}), checked on the counter's verifier`
            : 'an offline sign-in the counter reported, unreadable';
          const entry = this.deps.audit.entry('sign_in_offline', { staffId: p.success ? p.data.staffId : null, deviceId: r.device_id, window, detail });
          // Dated when it happened at the counter, not when the hub heard of it.
          return at ? { ...entry, at } : entry;
        });
        if (entries.length > 0) await this.deps.audit.writeIn(tx, entries);
        return { written: entries.length };
      },
    });
  }

  /** Audits every offline sign-in stored so far; single flight. Returns the entries written. */
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
