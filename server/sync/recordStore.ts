import type { RejectedRecord, SyncRecord } from '../../shared/sync/protocol.js';
import type { SqlDb, SqlTx } from '../db/sqlDb.js';
import { checkRecord, storableJson } from './recordChecks.js';
import { recordProgress } from './deviceProgress.js';

/** The authenticated device a batch came through: the records' own device, or its hub relaying. */
export interface Via {
  deviceId: string;
  branchId: string;
}

export interface StoreOptions {
  /** The device's own count of records left in its outbox after this batch (X-Outbox-Pending). */
  outboxPending?: number;
}

export interface StoreResult {
  /** Stored now or before: the device may drop these from its outbox. */
  acked: string[];
  /** Dead-lettered: never storable as they are. */
  rejected: RejectedRecord[];
  /** How many of `acked` were new here (the rest had already arrived, by this path or another). */
  inserted: number;
}

/** A stored record as the relay and the read API see it. */
export interface StoredRecord {
  serverSeq: number;
  correctedAt: string;
  viaDeviceId: string;
  record: SyncRecord;
}

/**
 * Stores one batch in ONE transaction, so a batch cut halfway leaves nothing half-stored:
 * records new here get the next numbers of `sync_seq`; an id already stored is acknowledged again
 * and left as it is (however often, and by however many paths, a record arrives, it is stored
 * once); records that can never be stored go to `dead_letters`; device progress is updated.
 *
 * The device's clock error is estimated from this very request: corrected time =
 * wallAt + (serverNow - sentAt). The hub calls this directly for its own queue events.
 *
 * `deviceOrigin` is the device that delivered the batch (its id, or id and branch). The caller
 * has already checked that it may deliver these records (syncRoutes.ts).
 */
export async function storeRecords(
  db: SqlDb,
  deviceOrigin: Via | string,
  records: readonly SyncRecord[],
  serverNow: Date,
  sentAt: Date,
  opts: StoreOptions = {},
): Promise<StoreResult> {
  // A bare device id (the hub storing its own records) belongs to the branch of its records.
  if (typeof deviceOrigin === 'string' && records.length === 0) return { acked: [], rejected: [], inserted: 0 };
  const via: Via = typeof deviceOrigin === 'string' ? { deviceId: deviceOrigin, branchId: records[0]!.branchId } : deviceOrigin;
  const offsetMs = serverNow.getTime() - sentAt.getTime();
  const good: string[] = [];
  const goodIds: string[] = [];
  const bad: string[] = [];
  const rejected: RejectedRecord[] = [];
  const seen = new Set<string>();
  const progress = new Map<string, { device_id: string; branch_id: string; highest: number; seen: number }>();

  for (const r of records) {
    // The same id twice in one batch is one record.
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    const bodyJson = JSON.stringify(r.body);
    const parsedWall = Date.parse(r.wallAt);
    // A refused wallAt is no instant: the record's dead letter is stamped with the receive time.
    // A relayed record carries its hub's correction for the device's clock; only the hub's own
    // clock error is left to remove. A device's own claim about its records is not trusted.
    const relayedMs = r.correctedAt !== undefined && r.deviceId !== via.deviceId ? Date.parse(r.correctedAt) : Number.NaN;
    const correctedMs = Number.isFinite(relayedMs) ? relayedMs + offsetMs : Number.isFinite(parsedWall) ? parsedWall + offsetMs : serverNow.getTime();
    // Assembled by hand so the body is serialised once (ingest speed: tests/bench/ingestBench.ts).
    const envelope = `{"id":${JSON.stringify(r.id)},"kind":${JSON.stringify(r.kind)},"branch_id":${JSON.stringify(r.branchId)},"device_id":${JSON.stringify(r.deviceId)},"device_seq":${r.deviceSeq},"hlc":${JSON.stringify(r.hlc)},"wall_at":${JSON.stringify(r.wallAt)},"corrected_at":"${new Date(correctedMs).toISOString()}"`;
    const refusal = checkRecord(r, envelope + bodyJson, Buffer.byteLength(bodyJson, 'utf8'));
    if (refusal) {
      rejected.push(refusal);
      bad.push(storableJson(`${envelope},"code":${JSON.stringify(refusal.code)},"reason":${JSON.stringify(refusal.message)},"record":${JSON.stringify(r)}}`));
    } else {
      good.push(`${envelope},"ord":${good.length + 1},"body":${bodyJson}}`);
      goodIds.push(r.id);
    }
    // A dead-lettered record still arrived: it must not leave a permanent gap in the device's sequence.
    const p = progress.get(r.deviceId);
    const seenAt = Math.min(correctedMs, serverNow.getTime());
    if (!p) progress.set(r.deviceId, { device_id: r.deviceId, branch_id: r.branchId, highest: r.deviceSeq, seen: seenAt });
    else {
      p.highest = Math.max(p.highest, r.deviceSeq);
      p.seen = Math.max(p.seen, seenAt);
    }
  }

  const inserted = await db.transaction(async (tx) => {
    const base = await lockSeq(tx);
    const { rows } = await tx.query<{ inserted: number | string }>(
      `with
         x as (select * from jsonb_to_recordset($1::jsonb) as x(ord int, id text, kind text, branch_id text, device_id text,
                 device_seq bigint, hlc text, wall_at text, corrected_at timestamptz, body jsonb)),
         fresh as (select x.*, row_number() over (order by x.ord) as rn from x
                   where not exists (select 1 from sync_records r where r.id = x.id)),
         ins as (insert into sync_records (id, server_seq, kind, branch_id, device_id, device_seq, hlc, wall_at, corrected_at,
                   received_at, via_device_id, body)
                 select id, $2::bigint + rn, kind, branch_id, device_id, device_seq, hlc, wall_at, corrected_at, $3::timestamptz, $4::text, body
                 from fresh
                 on conflict (id) do nothing
                 returning server_seq),
         seq as (update sync_seq set value = greatest(value, (select max(server_seq) from ins))
                 where exists (select 1 from ins)),
         dl as (insert into dead_letters (id, device_id, device_seq, via_device_id, branch_id, kind, code, reason, record, at)
                select id, device_id, device_seq, $4::text, branch_id, kind, code, reason, record, $3::timestamptz
                from jsonb_to_recordset($5::jsonb) as d(id text, device_id text, device_seq bigint, branch_id text, kind text,
                       code text, reason text, record jsonb)
                on conflict (id) do nothing),
         via as (insert into device_progress as p (device_id, branch_id, last_seen_at, outbox_pending, clock_offset_ms)
                 values ($4::text, $6::text, $3::timestamptz, $7::int, $8::bigint)
                 on conflict (device_id) do update set
                   last_seen_at = greatest(p.last_seen_at, excluded.last_seen_at),
                   outbox_pending = excluded.outbox_pending,
                   clock_offset_ms = excluded.clock_offset_ms)
       select count(*) as inserted from ins`,
      [`[${good.join(',')}]`, base, serverNow.toISOString(), via.deviceId, `[${bad.join(',')}]`, via.branchId, opts.outboxPending ?? null, offsetMs],
    );
    if (progress.size > 0) {
      await recordProgress(tx, [...progress.values()].map((p) => ({ ...p, seen: new Date(p.seen).toISOString() })));
    }
    return Number(rows[0]!.inserted);
  });
  return { acked: goodIds, rejected, inserted };
}

/**
 * Locks the sequence row for the rest of the transaction and returns its value. Every writing
 * transaction of the sync store starts here (migrations.ts: one lock order, no deadlocks), and
 * holding this lock to commit is what makes sequence order commit order.
 */
export async function lockSeq(tx: SqlTx): Promise<number> {
  // JIT off for this transaction (same round trip): the planner cannot estimate the progress
  // walk's recursion, overestimates it and spent ~20 ms compiling a query that runs in 1 ms.
  const { rows } = await tx.query<{ value: number | string }>("select value, set_config('jit', 'off', true) from sync_seq for update");
  return Number(rows[0]!.value);
}

/** Records stored after `cursor`, in sequence (= commit) order: what a relay pushes upstream. */
export async function recordsAfter(db: Pick<SqlDb, 'query'>, cursor: number, limit: number): Promise<StoredRecord[]> {
  const { rows } = await db.query<RecordRow>(
    `select server_seq, id, kind, branch_id, device_id, device_seq, hlc, wall_at, corrected_at, via_device_id, body
     from sync_records where server_seq > $1 order by server_seq limit $2`,
    [cursor, limit],
  );
  return rows.map(toStored);
}

export interface RecordRow {
  server_seq: number | string;
  id: string;
  kind: string;
  branch_id: string;
  device_id: string;
  device_seq: number | string;
  hlc: string;
  wall_at: string;
  corrected_at: Date | string;
  via_device_id: string;
  body: Record<string, unknown>;
}

/** PostgreSQL's driver gives bigints as strings and PGlite as numbers: both become numbers. */
export function toStored(r: RecordRow): StoredRecord {
  return {
    serverSeq: Number(r.server_seq),
    correctedAt: new Date(r.corrected_at).toISOString(),
    viaDeviceId: r.via_device_id,
    record: {
      id: r.id,
      kind: r.kind,
      branchId: r.branch_id,
      deviceId: r.device_id,
      deviceSeq: Number(r.device_seq),
      hlc: r.hlc,
      wallAt: r.wall_at,
      body: r.body,
    },
  };
}
