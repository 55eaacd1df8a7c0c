import { CONFIG_BRANCH } from '../../shared/sync/kinds.js';
import type { SqlDb } from '../db/sqlDb.js';
import { deviceBacklog } from '../sync/deviceProgress.js';
import { toStored } from '../sync/recordStore.js';
import type { RecordRow } from '../sync/recordStore.js';

/** The HQ read model: plain SQL over the sync store, the same on PGlite and PostgreSQL. */

type Db = Pick<SqlDb, 'query'>;

export interface EventFilter {
  since: number;
  limit: number;
  branch?: string;
  kind?: string;
  /** body.type: ticket.issued, service.finished ... for queue and counter events. */
  type?: string;
  device?: string;
  /** Corrected time range, from inclusive, to exclusive. */
  from?: string;
  to?: string;
}

export interface HqEvent {
  seq: number;
  id: string;
  kind: string;
  type: string | null;
  branch: string;
  deviceId: string;
  deviceSeq: number;
  /** Corrected time: the device's wall time with its clock error (estimated at push) removed. */
  at: string;
  /** The device's own wall time, as it was. */
  wallAt: string;
  hlc: string;
  via: string;
  body: Record<string, unknown>;
}

export interface EventPage {
  events: HqEvent[];
  /** Pass as `since` for the next page (the last event's seq, or `since` when there was none). */
  next: number;
  hasMore: boolean;
}

/** Stored records in server order (= commit order), filtered; paging by seq never skips one. */
export async function hqEvents(db: Db, f: EventFilter): Promise<EventPage> {
  const { rows } = await db.query<RecordRow>(
    `select server_seq, id, kind, branch_id, device_id, device_seq, hlc, wall_at, corrected_at, via_device_id, body
     from sync_records
     where server_seq > $1
       and ($2::text is null or branch_id = $2::text)
       and ($3::text is null or kind = $3::text)
       and ($4::text is null or body->>'type' = $4::text)
       and ($5::text is null or device_id = $5::text)
       and ($6::timestamptz is null or corrected_at >= $6::timestamptz)
       and ($7::timestamptz is null or corrected_at < $7::timestamptz)
     order by server_seq limit $8`,
    [f.since, f.branch ?? null, f.kind ?? null, f.type ?? null, f.device ?? null, f.from ?? null, f.to ?? null, f.limit + 1],
  );
  const events = rows.slice(0, f.limit).map((row) => {
    const s = toStored(row);
    const r = s.record;
    return {
      seq: s.serverSeq,
      id: r.id,
      kind: r.kind,
      type: typeof r.body.type === 'string' ? r.body.type : null,
      branch: r.branchId,
      deviceId: r.deviceId,
      deviceSeq: r.deviceSeq,
      at: s.correctedAt,
      wallAt: r.wallAt,
      hlc: r.hlc,
      via: s.viaDeviceId,
      body: r.body,
    };
  });
  return { events, next: events.length > 0 ? events[events.length - 1]!.seq : f.since, hasMore: rows.length > f.limit };
}

export type { HqSummary } from '../../shared/hq/summary.js';
import type { HqSummary } from '../../shared/hq/summary.js';

/** Everything the HQ page shows, in a handful of queries; per-day counts over the last `days` only. */
export async function hqSummary(db: Db, now: Date, days: number): Promise<HqSummary> {
  const windowFrom = new Date(now.getTime() - days * 86_400_000).toISOString();
  const devices = await deviceBacklog(db);
  const configs = await db.query<{ key: string; version: number | string; tz: string | null }>(
    `select key, version, body->'hours'->>'timezone' as tz from config_docs where kind = '${CONFIG_BRANCH}'`,
  );
  const zones = new Map<string, string>();
  for (const c of configs.rows) if (c.tz && (await knownZone(db, c.tz))) zones.set(c.key, c.tz);
  const perDay = await db.query<{ branch: string; day: string; arrivals: number | string; served: number | string; no_shows: number | string; rated: number | string; satisfied: number | string; wait_count: number | string; wait_seconds_sum: number | string }>(
    `select branch_id as branch, to_char(day, 'YYYY-MM-DD') as day,
            sum(arrivals) as arrivals, sum(served) as served, sum(no_shows) as no_shows, sum(rated) as rated, sum(satisfied) as satisfied,
            sum(wait_count) as wait_count, sum(wait_seconds_sum) as wait_seconds_sum
     from hq_fig_day where day >= $1::date
     group by 1, 2 order by 1, 2`,
    [windowFrom.slice(0, 10)],
  );
  const dead = await db.query<{ branch_id: string; n: number | string }>('select branch_id, count(*) as n from dead_letters group by branch_id');
  const deadBy = new Map(dead.rows.map((r) => [r.branch_id, Number(r.n)]));
  const versionBy = new Map(configs.rows.map((c) => [c.key, Number(c.version)]));
  const ids = new Set([...versionBy.keys(), ...devices.map((d) => d.branchId), ...deadBy.keys()]);
  const branches = [...ids].sort().map((branchId) => {
    const own = devices.filter((d) => d.branchId === branchId);
    const seen = own.map((d) => d.lastSeenAt).filter((s): s is string => s !== null).sort();
    return {
      branchId,
      timeZone: zones.get(branchId) ?? 'UTC',
      configVersion: versionBy.get(branchId) ?? null,
      devices: own.length,
      lastSeenAt: seen[seen.length - 1] ?? null,
      pending: own.reduce((n, d) => n + d.pending, 0),
      deadLetters: deadBy.get(branchId) ?? 0,
    };
  });
  return {
    generatedAt: now.toISOString(),
    windowFrom,
    branches,
    devices,
    perDay: perDay.rows.map((r) => ({
      branch: r.branch,
      day: r.day,
      arrivals: Number(r.arrivals),
      served: Number(r.served),
      noShows: Number(r.no_shows),
      rated: Number(r.rated),
      satisfied: Number(r.satisfied),
      averageWaitSeconds: Number(r.wait_count) > 0 ? Math.round(Number(r.wait_seconds_sum) / Number(r.wait_count)) : null,
    })),
  };
}

const zoneCache = new Map<string, boolean>();

/** A zone the database knows: a branch configuration naming another one must not break the summary. */
async function knownZone(db: Db, tz: string): Promise<boolean> {
  let ok = zoneCache.get(tz);
  if (ok === undefined) {
    ok = await db.query('select now() at time zone $1', [tz]).then(
      () => true,
      () => false,
    );
    zoneCache.set(tz, ok);
  }
  return ok;
}
