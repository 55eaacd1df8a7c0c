import type { QueueEvent } from '../../shared/queue/events.js';
import { evidenceFlags, spanOfRecording } from '../../shared/recording/evidence.js';
import type { ServiceSpan } from '../../shared/recording/evidence.js';
import { dayRange } from '../../shared/recording/search.js';
import { spanOfVisit, visitsOf } from '../../shared/serviceRecord/visits.js';
import type { RecordingSearchQuery } from '../../shared/recording/search.js';
import type { RecordingSearchHit, RecordingSearchResponse } from '../../shared/recording/searchResult.js';
import type { SqlDb } from '../db/sqlDb.js';

interface HitRow {
  id: string;
  counter: number;
  teller_id: string;
  ticket_id: string | null;
  ticket_number: string | null;
  service: string | null;
  started_at: Date | string;
  ended_at: Date | string;
  duration_ms: number;
  bytes: number | string;
  sha256: string;
  finished_as: 'complete' | 'interrupted';
  held: boolean;
  silent: boolean | null;
  rating: number | null;
  on_hub: boolean;
  hq_at: Date | string | null;
  total: number | string;
}

const iso = (v: Date | string) => new Date(v).toISOString();

/**
 * Held for a dispute: the counter's latest hold or release, or a complaint linking the service
 * (recording_dispute_holds, server/hub/complaints/: by recording, or by ticket and window for a
 * recording that reached the hub after the complaint). A held recording is never pruned.
 */
export const HELD = `(coalesce(h.held, r.held) or exists (select 1 from recording_dispute_holds d
  where d.recording_id = r.id or (d.ticket_id = r.ticket_id and d.counter = r.counter)))`;

/**
 * The lead's search, newest first. Every filter is a bound parameter; "held" is the latest
 * hold/release the counter sent, "onHub" means the hub holds a verified copy of this very hash.
 */
export async function searchRecordings(db: Pick<SqlDb, 'query'>, q: RecordingSearchQuery, timezone: string): Promise<RecordingSearchResponse> {
  const ratings = await ratingsJoin(db);
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (q.counter !== undefined) add((p) => `r.counter = ${p}`, q.counter);
  if (q.teller !== undefined) add((p) => `r.teller_id = ${p}`, q.teller);
  if (q.ticket !== undefined) add((p) => `r.ticket_number like ${p}`, `${q.ticket}%`);
  if (q.date !== undefined) {
    const { from, to } = dayRange(q.date, timezone);
    add((p) => `r.started_at >= ${p}::timestamptz`, from);
    add((p) => `r.started_at < ${p}::timestamptz`, to);
  }
  if (q.minSeconds !== undefined) add((p) => `r.duration_ms >= ${p}`, q.minSeconds * 1000);
  if (q.maxSeconds !== undefined) add((p) => `r.duration_ms <= ${p}`, q.maxSeconds * 1000);
  if (q.minRating !== undefined) add((p) => `g.value >= ${p}`, q.minRating);
  if (q.maxRating !== undefined) add((p) => `g.value <= ${p}`, q.maxRating);
  if (q.held !== undefined) add((p) => `${HELD} = ${p}`, q.held);
  params.push(q.limit, q.offset);
  const { rows } = await db.query<HitRow>(
    `select r.id, r.counter, r.teller_id, r.ticket_id, r.ticket_number, r.service, r.started_at, r.ended_at, r.duration_ms, r.bytes,
            r.sha256, r.finished_as, ${HELD} as held, r.silent, g.value as rating,
            (u.record_id is not null) as on_hub, x.verified_at as hq_at, count(*) over () as total
     from recording_index r
     left join recording_holds h on h.recording_id = r.id
     ${ratings}
     left join uploads u on u.record_id = r.id and u.sha256 = r.sha256
     left join recording_hq_relay x on x.record_id = r.id
     ${where.length ? `where ${where.join(' and ')}` : ''}
     order by r.started_at desc, r.id desc
     limit $${params.length - 1} offset $${params.length}`,
    params,
  );
  const spans = await serviceSpans(db, rows.flatMap((r) => (r.ticket_id ? [r.ticket_id] : [])));
  return {
    total: Number(rows[0]?.total ?? 0),
    recordings: rows.map(
      (r): RecordingSearchHit => ({
        id: r.id,
        counter: Number(r.counter),
        tellerId: r.teller_id,
        ticketId: r.ticket_id,
        ticketNumber: r.ticket_number,
        service: r.service,
        startedAt: iso(r.started_at),
        endedAt: iso(r.ended_at),
        durationMs: Number(r.duration_ms),
        bytes: Number(r.bytes),
        sha256: r.sha256,
        finishedAs: r.finished_as,
        heldForDispute: r.held,
        rating: r.rating === null ? null : Number(r.rating),
        onHub: r.on_hub,
        atHeadOfficeAt: r.hq_at === null ? null : iso(r.hq_at),
        silent: r.silent,
        flags: evidenceFlags(
          { startedAt: iso(r.started_at), endedAt: iso(r.ended_at), durationMs: Number(r.duration_ms), finishedAs: r.finished_as, silent: r.silent },
          spanOfRecording({ startedAt: iso(r.started_at), endedAt: iso(r.ended_at) }, spans.get(`${r.ticket_id}@${r.counter}`) ?? []),
        ),
      }),
    ),
  };
}

/**
 * The services the queue recorded for these tickets, per ticket and window (`<ticketId>@<n>`):
 * what each recording should cover, for its cut-short flag. One query for the whole page.
 */
export async function serviceSpans(db: Pick<SqlDb, 'query'>, ticketIds: readonly string[]): Promise<Map<string, ServiceSpan[]>> {
  const out = new Map<string, ServiceSpan[]>();
  if (ticketIds.length === 0) return out;
  const { rows } = await db.query<{ ticket_id: string; body: QueueEvent }>(
    `select ticket_id, body from queue_events where ticket_id = any($1::text[]) and type <> 'ticket.issued' order by seq`,
    [[...new Set(ticketIds)]],
  );
  const byTicket = new Map<string, QueueEvent[]>();
  for (const r of rows) {
    const list = byTicket.get(r.ticket_id) ?? [];
    list.push(r.body);
    byTicket.set(r.ticket_id, list);
  }
  for (const [ticketId, events] of byTicket) {
    for (const v of visitsOf(events)) {
      const span = spanOfVisit(v);
      if (!span) continue;
      const key = `${ticketId}@${v.counter}`;
      const list = out.get(key) ?? [];
      list.push(span);
      out.set(key, list);
    }
  }
  return out;
}

/** One recording of the index (the replay grant needs its counter and ticket). */
export async function findRecording(db: Pick<SqlDb, 'query'>, id: string): Promise<{ id: string; counter: number; tellerId: string; ticketNumber: string | null; sha256: string } | null> {
  const { rows } = await db.query<{ id: string; counter: number; teller_id: string; ticket_number: string | null; sha256: string }>(
    'select id, counter, teller_id, ticket_number, sha256 from recording_index where id = $1',
    [id],
  );
  const r = rows[0];
  return r ? { id: r.id, counter: Number(r.counter), tellerId: r.teller_id, ticketNumber: r.ticket_number, sha256: r.sha256 } : null;
}

const hasRatings = new WeakMap<object, boolean>();

/**
 * The customer's rating of the recorded service: the ratings capability's `rating_services` row of
 * the same ticket at the same window (a transferred ticket is rated per window). A hub without
 * that table (an older build) searches without ratings: every rating is null.
 */
async function ratingsJoin(db: Pick<SqlDb, 'query'>): Promise<string> {
  if (!hasRatings.get(db)) {
    const { rows } = await db.query<{ present: boolean }>("select to_regclass('rating_services') is not null as present");
    // Only a yes is kept: the table may come with the next migration.
    if (rows[0]?.present !== true) return 'left join (select null::integer as value) g on false';
    hasRatings.set(db, true);
  }
  return `left join lateral (select s.value from rating_services s
            where s.ticket_id = r.ticket_id and s.counter = r.counter and s.status = 'rated'
            order by s.finished_at desc limit 1) g on true`;
}
