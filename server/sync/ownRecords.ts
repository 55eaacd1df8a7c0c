import { newId } from '../../shared/ids.js';
import { DOC_OP } from '../../shared/sync/kinds.js';
import { HybridClock } from '../../shared/time/hlc.js';
import type { SqlDb, SqlTx } from '../db/sqlDb.js';
import { lockSeq } from './recordStore.js';
import { recordMonth } from './recordMonth.js';

type Queryable = Pick<SqlDb, 'query'>;

/**
 * A device of the hub's own (the pause desk, the rating desk ...): facts the hub itself decides
 * are records of such a device, with their own gap-free sequence, so the hub's queue-event
 * sequence stays gap-free and head office can tell who made what.
 */
export interface OwnDevice {
  deviceId: string;
  branchId: string;
  clock: HybridClock;
}

/** Opens an own device: its clock carries on after its last stored stamp. */
export async function openOwnDevice(db: Queryable, deviceId: string, branchId: string, now: () => Date): Promise<OwnDevice> {
  const { rows } = await db.query<{ hlc: string | null }>('select max(hlc) as hlc from sync_records where device_id = $1', [deviceId]);
  return { deviceId, branchId, clock: new HybridClock(deviceId, () => now().getTime(), rows[0]?.hlc ?? undefined) };
}

/**
 * Appends records of an own device inside the caller's transaction, so a fact is never stored
 * without its record for head office, nor sent without being stored. Follows the sync store's
 * lock order (the sequence row first) and numbering: server_seq from the one-row counter,
 * device_seq after the device's last. A document op carries its record's stamp (its merge order).
 * Returns the record ids, in order.
 */
export async function appendOwnRecords(tx: SqlTx, device: OwnDevice, bodies: ReadonlyArray<{ kind: string; body: unknown }>, now: Date): Promise<string[]> {
  if (bodies.length === 0) return [];
  const base = await lockSeq(tx);
  const { rows } = await tx.query<{ seq: number | string | null }>('select max(device_seq) as seq from sync_records where device_id = $1', [device.deviceId]);
  const lastSeq = Number(rows[0]?.seq ?? 0);
  const at = now.toISOString();
  const records = bodies.map((b, i) => {
    const hlc = device.clock.tick();
    const body = b.kind === DOC_OP && b.body !== null && typeof b.body === 'object' ? { ...(b.body as object), hlc } : b.body;
    const id = newId();
    return { id, server_seq: base + i + 1, kind: b.kind, device_seq: lastSeq + i + 1, hlc, body, record_month: recordMonth(id, hlc) };
  });
  await tx.query(
    `insert into sync_records (id, server_seq, kind, branch_id, device_id, device_seq, hlc, wall_at, corrected_at, received_at, via_device_id, body, record_month)
     select x.id, x.server_seq, x.kind, $2::text, $3::text, x.device_seq, x.hlc, $4::text, $4::text::timestamptz, $4::text::timestamptz, $3::text, x.body, x.record_month
     from jsonb_to_recordset($1::jsonb) as x(id text, server_seq bigint, kind text, device_seq bigint, hlc text, body jsonb, record_month date)`,
    [JSON.stringify(records), device.branchId, device.deviceId, at],
  );
  await tx.query('update sync_seq set value = $1', [base + records.length]);
  return records.map((r) => r.id);
}
