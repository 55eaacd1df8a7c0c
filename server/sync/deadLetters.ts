/** The dead-letter list: records refused for good (recordStore.ts), as the lead and HQ see them. */
import type { SqlDb } from '../db/sqlDb.js';

type Db = Pick<SqlDb, 'query'>;

export interface DeadLetterRow {
  id: string;
  deviceId: string;
  deviceSeq: number;
  via: string;
  branch: string;
  kind: string;
  code: string;
  reason: string;
  at: string;
  record: unknown;
}

/** The dead-letter list the lead sees: records refused for good, newest first. */
export async function listDeadLetters(db: Db, f: { branch?: string; limit: number }): Promise<DeadLetterRow[]> {
  const { rows } = await db.query<{
    id: string;
    device_id: string;
    device_seq: number | string;
    via_device_id: string;
    branch_id: string;
    kind: string;
    code: string;
    reason: string;
    at: Date | string;
    record: unknown;
  }>(
    `select id, device_id, device_seq, via_device_id, branch_id, kind, code, reason, at, record from dead_letters
     where $1::text is null or branch_id = $1::text order by at desc, id limit $2`,
    [f.branch ?? null, f.limit],
  );
  return rows.map((r) => ({
    id: r.id,
    deviceId: r.device_id,
    deviceSeq: Number(r.device_seq),
    via: r.via_device_id,
    branch: r.branch_id,
    kind: r.kind,
    code: r.code,
    reason: r.reason,
    at: new Date(r.at).toISOString(),
    record: r.record,
  }));
}
