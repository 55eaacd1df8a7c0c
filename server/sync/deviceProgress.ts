import type { SqlDb } from '../db/sqlDb.js';
import { storableJson } from './recordChecks.js';

export interface ProgressUpdate {
  device_id: string;
  branch_id: string;
  /** Highest deviceSeq of this device in the batch. */
  highest: number;
  /** ISO: the device's latest activity known from the batch (corrected time, never in the future). */
  seen: string;
  /** The batch's sequence numbers of this device as runs [lo, hi] of consecutive numbers. */
  runs: ReadonlyArray<readonly [number, number]>;
}

/** The two parameters progressCtes reads: the devices of a batch, and the runs of their numbers. */
export function progressParams(updates: readonly ProgressUpdate[]): [string, string] {
  const runs = updates.flatMap((u) => u.runs.map(([lo, hi]) => ({ device_id: u.device_id, lo, hi })));
  // A relayed record's device id may hold text the database refuses; its records are dead letters then.
  return [storableJson(JSON.stringify(updates.map(({ runs: _, ...u }) => u))), storableJson(JSON.stringify(runs))];
}

/**
 * CTEs for the end of a batch's statement (a `with recursive` list; sync_seq already locked):
 * `px` (the batch's devices: highest sequence and latest activity), and `cont`, each device's
 * contiguous sequence walked forward over what is stored or dead-lettered. The records and dead
 * letters written by this very statement are not in its snapshot; they come as `heldNow`, a CTE
 * of (device_id, device_seq). Parameters $first (updates) and $first+1 (runs): progressParams.
 *
 * The walk starts at the previous contiguous point. Where a run of the batch's own numbers
 * starts, it counts that range (two index range scans and heldNow) and, when every number is
 * there, jumps to the run's end: a batch of 500 in order costs one step, not 500 probes.
 * Otherwise (a number missing, or an id that was already stored under another sequence) it steps
 * one number at a time, so the result is always what the tables hold.
 */
export function progressCtes(first: number, heldNow: string): string {
  return `px as (select * from jsonb_to_recordset($${first}::jsonb) as x(device_id text, branch_id text, highest bigint, seen timestamptz)),
       runs as (select * from jsonb_to_recordset($${first + 1}::jsonb) as r(device_id text, lo bigint, hi bigint)),
       walk(device_id, s) as (
         select px.device_id, coalesce(p.contiguous_seq, 0) from px left join device_progress p on p.device_id = px.device_id
         union all
         select w.device_id, n.s from walk w cross join lateral (
           select coalesce(
             (select r.hi from runs r
              where r.device_id = w.device_id and r.lo <= w.s + 1 and r.hi > w.s
                and (select count(*) from (
                       select device_seq from sync_records where device_id = w.device_id and device_seq between w.s + 1 and r.hi
                       union
                       select device_seq from dead_letters where device_id = w.device_id and device_seq between w.s + 1 and r.hi
                       union
                       select device_seq from ${heldNow} h where h.device_id = w.device_id and h.device_seq between w.s + 1 and r.hi) c) = r.hi - w.s),
             -- Scalar probes, not EXISTS: PostgreSQL may turn an EXISTS into a hash of the whole table.
             case when (select 1 from sync_records r where r.device_id = w.device_id and r.device_seq = w.s + 1 limit 1) is not null
                    or (select 1 from dead_letters l where l.device_id = w.device_id and l.device_seq = w.s + 1 limit 1) is not null
                    or (select 1 from ${heldNow} h where h.device_id = w.device_id and h.device_seq = w.s + 1 limit 1) is not null
                  then w.s + 1 end) as s
           -- Kept a subquery, so the step is computed once (pulled up, it would run for the
           -- select list and again for the where clause).
           offset 0) n
         where n.s is not null),
       cont as (select device_id, max(s) as c from walk group by device_id)`;
}

/** A device called in (a pull): it is alive. One statement, no sync_seq lock needed. */
export async function touchDevice(db: Pick<SqlDb, 'query'>, deviceId: string, branchId: string, at: Date): Promise<void> {
  await db.query(
    `insert into device_progress as p (device_id, branch_id, last_seen_at) values ($1, $2, $3)
     on conflict (device_id) do update set last_seen_at = greatest(p.last_seen_at, excluded.last_seen_at)`,
    [deviceId, branchId, at.toISOString()],
  );
}

export type { DeviceBacklog } from '../../shared/hq/summary.js';
import type { DeviceBacklog } from '../../shared/hq/summary.js';

interface BacklogRow {
  device_id: string;
  branch_id: string;
  role: string | null;
  enrolled: boolean;
  revoked: boolean;
  last_seen_at: Date | string | null;
  contiguous_seq: number | string | null;
  highest_seq: number | string | null;
  outbox_pending: number | null;
  clock_offset_ms: number | string | null;
  above: number | string | null;
}

/**
 * Every device known here, enrolled or seen through records, with how far behind it is. The hub
 * shows it on its status page; HQ on its devices list and summary.
 */
export async function deviceBacklog(db: Pick<SqlDb, 'query'>, filter: { branchId?: string } = {}): Promise<DeviceBacklog[]> {
  const { rows } = await db.query<BacklogRow>(
    `select coalesce(p.device_id, d.device_id) as device_id, coalesce(d.branch_id, p.branch_id) as branch_id, d.role,
            d.device_id is not null as enrolled, d.revoked_at is not null as revoked,
            p.last_seen_at, p.contiguous_seq, p.highest_seq, p.outbox_pending, p.clock_offset_ms,
            -- Received above the contiguous point: normally none, so these probes find nothing.
            (select count(distinct s) from (
               select device_seq as s from sync_records r where r.device_id = p.device_id and r.device_seq > p.contiguous_seq
               union all
               select device_seq from dead_letters l where l.device_id = p.device_id and l.device_seq > p.contiguous_seq) a) as above
     from device_progress p full join sync_devices d on d.device_id = p.device_id
     where $1::text is null or coalesce(d.branch_id, p.branch_id) = $1::text
     order by 2, 1`,
    [filter.branchId ?? null],
  );
  return rows.map((r) => {
    const contiguous = Number(r.contiguous_seq ?? 0);
    const highest = Number(r.highest_seq ?? 0);
    const missing = Math.max(0, highest - contiguous - Number(r.above ?? 0));
    return {
      deviceId: r.device_id,
      branchId: r.branch_id,
      role: r.role,
      enrolled: r.enrolled,
      revoked: r.revoked,
      lastSeenAt: r.last_seen_at === null ? null : new Date(r.last_seen_at).toISOString(),
      contiguousSeq: contiguous,
      highestSeq: highest,
      missing,
      outboxPending: r.outbox_pending,
      pending: missing + (r.outbox_pending ?? 0),
      clockOffsetMs: r.clock_offset_ms === null ? null : Number(r.clock_offset_ms),
    };
  });
}
