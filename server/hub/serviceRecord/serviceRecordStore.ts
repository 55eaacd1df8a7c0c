import { COMPLAINT_DOC_TYPE, fromFields, mergeComplaintOps, stepsOf } from '../../../shared/complaints/document.js';
import type { BranchConfig } from '../../../shared/config/schema.js';
import type { Localized } from '../../../shared/i18n/localized.js';
import { Pause } from '../../../shared/pause/schema.js';
import { branchCatalogue } from '../../../shared/phrases/catalogue.js';
import { holidayGreetingsFor } from '../../../shared/phrases/select.js';
import { PHRASE_USED, PhraseUsedPayload } from '../../../shared/phrases/usage.js';
import type { QueueEvent } from '../../../shared/queue/events.js';
import { Ticket } from '../../../shared/queue/ticket.js';
import { BANK_SCALE, GOV_SCALE } from '../../../shared/ratings/scales.js';
import type { RatingScale } from '../../../shared/ratings/schema.js';
import { PAUSE_AROUND_MS, ratingLabel } from '../../../shared/serviceRecord/assemble.js';
import type { PhraseInput, RecordingInput, ServiceRecordInputs } from '../../../shared/serviceRecord/assemble.js';
import type { RecordComplaint, RecordRating } from '../../../shared/serviceRecord/schema.js';
import { spanOfVisit, visitsOf } from '../../../shared/serviceRecord/visits.js';
import { COUNTER_EVENT, DOC_OP, DocOpBody } from '../../../shared/sync/kinds.js';
import type { DocOp } from '../../../shared/sync/lww.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { HELD } from '../../recordingHub/search.js';

type Db = Pick<SqlDb, 'query'>;

/** jsonb gives timestamps as "2026-12-07T06:27:13.65+00:00": the record's are ISO in UTC. */
const iso = (v: Date | string): string => new Date(v).toISOString();

/**
 * Reads everything the hub holds about one ticket, for the service record (assembled by
 * shared/serviceRecord/assemble.ts): the ticket and its queue events, its recordings (index,
 * hold, copy on the hub, copy at head office), the phrase.used records the counters pushed for it
 * or at its window meanwhile, the pauses at its windows around it, its ratings and the complaints
 * whose `service` names it (merged from their doc.op records, the complaint log's source of
 * truth, with shared/complaints/document.ts). null when the hub has no such ticket.
 */
export async function readServiceRecordInputs(db: Db, config: BranchConfig, ticketId: string, now: Date): Promise<ServiceRecordInputs | null> {
  // Two statements, not eight: on PGlite each statement costs about a millisecond whatever it
  // reads (npm run bench service-record). The first reads by ticket; the second needs the
  // windows and times of its visits.
  const first = (await db.query<FirstRow>(BY_TICKET_SQL, [ticketId, config.branchId])).rows[0];
  if (!first?.ticket) return null;
  const ticket = Ticket.parse(first.ticket);
  const events = first.events;

  // The windows it was at, and from when to when: phrases and pauses are looked for there.
  const visits = visitsOf(events);
  const spans = visits.flatMap((v) => spanOfVisit(v) ?? []);
  const counters = [...new Set(visits.map((v) => v.counter))];
  const from = spans.length ? Math.min(...spans.map((s) => Date.parse(s.start))) : Date.parse(ticket.issuedAt);
  const to = spans.length ? Math.max(...spans.map((s) => (s.end ? Date.parse(s.end) : now.getTime()))) : now.getTime();
  const second = (
    await db.query<SecondRow>(AROUND_SQL, [
      ticketId,
      counters.map(String),
      new Date(from).toISOString(),
      new Date(to).toISOString(),
      counters,
      new Date(from - PAUSE_AROUND_MS).toISOString(),
      new Date(to + PAUSE_AROUND_MS).toISOString(),
      now.toISOString(),
    ])
  ).rows[0]!;

  return {
    ticket,
    events,
    recordings: first.recordings.map(recordingOf),
    phrases: phrasesOf(config, second.phrases),
    pauses: second.pauses.flatMap((doc) => {
      const p = Pause.safeParse(doc);
      return p.success ? [p.data] : [];
    }),
    ratings: ratingsOf(config, first.ratings),
    complaints: complaintsOf(ticketId, first.complaint_ops),
    now,
  };
}

interface FirstRow {
  ticket: unknown;
  events: QueueEvent[];
  recordings: RecordingRow[];
  ratings: RatingRow[];
  complaint_ops: unknown[];
}

interface SecondRow {
  phrases: PhraseRow[];
  pauses: unknown[];
}

// The kinds are written into the SQL, not bound: the partial indexes of migrations.ts match them only then.
const BY_TICKET_SQL = `
  select
    (select doc from tickets where id = $1) as ticket,
    (select coalesce(jsonb_agg(body order by seq), '[]'::jsonb) from queue_events where ticket_id = $1) as events,
    (select coalesce(jsonb_agg(jsonb_build_object(
        'id', r.id, 'counter', r.counter, 'teller_id', r.teller_id, 'started_at', r.started_at, 'ended_at', r.ended_at,
        'duration_ms', r.duration_ms, 'finished_as', r.finished_as, 'silent', r.silent, 'held', ${HELD},
        'on_hub', u.record_id is not null, 'hq_at', x.verified_at) order by r.started_at, r.id), '[]'::jsonb)
     from recording_index r
     left join recording_holds h on h.recording_id = r.id
     left join uploads u on u.record_id = r.id and u.sha256 = r.sha256
     left join recording_hq_relay x on x.record_id = r.id
     where r.ticket_id = $1) as recordings,
    (select coalesce(jsonb_agg(to_jsonb(s) order by s.finished_at), '[]'::jsonb)
     from (select service_id, counter, teller_id, finished_at, scale_id, status, value, source, rated_at, follow_up_id
           from rating_services where ticket_id = $1) s) as ratings,
    (select coalesce(jsonb_agg(o.body order by o.server_seq), '[]'::jsonb)
     from sync_records o
     where o.branch_id = $2 and o.kind = '${DOC_OP}' and o.body->>'docType' = '${COMPLAINT_DOC_TYPE}'
       -- The ids first (an array, not a join): then both columns of the complaint log's index apply.
       and o.body->>'docId' = any(array(select c.body->>'docId' from sync_records c
                                        where c.kind = '${DOC_OP}' and c.body->>'docType' = '${COMPLAINT_DOC_TYPE}'
                                          and c.body->>'field' = 'service' and c.body->'value'->>'ticketId' = $1))) as complaint_ops`;

// Phrases said for the ticket, or at its windows while it was there (two index scans, one union).
const AROUND_SQL = `
  select
    (select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'body', p.body, 'at', p.corrected_at) order by p.corrected_at, p.server_seq), '[]'::jsonb)
     from (select id, body, corrected_at, server_seq from sync_records
           where kind = '${COUNTER_EVENT}' and body->>'type' = '${PHRASE_USED}' and body->'payload'->>'ticketId' = $1
           union
           select id, body, corrected_at, server_seq from sync_records
           where kind = '${COUNTER_EVENT}' and body->>'type' = '${PHRASE_USED}'
             and body->>'counter' = any($2::text[]) and corrected_at between $3::timestamptz and $4::timestamptz) p) as phrases,
    (select coalesce(jsonb_agg(doc order by started_at), '[]'::jsonb) from pauses
     where counter = any($5::int[]) and started_at <= $7::timestamptz and coalesce(ended_at, $8::timestamptz) >= $6::timestamptz) as pauses`;

interface RecordingRow {
  id: string;
  counter: number;
  teller_id: string;
  started_at: string;
  ended_at: string;
  duration_ms: number;
  finished_as: 'complete' | 'interrupted';
  silent: boolean | null;
  held: boolean;
  on_hub: boolean;
  hq_at: string | null;
}

function recordingOf(r: RecordingRow): RecordingInput {
  return {
    id: r.id,
    counter: Number(r.counter),
    tellerId: r.teller_id,
    startedAt: iso(r.started_at),
    endedAt: iso(r.ended_at),
    durationMs: Number(r.duration_ms),
    finishedAs: r.finished_as,
    silent: r.silent,
    heldForDispute: r.held,
    onHub: r.on_hub,
    atHeadOfficeAt: r.hq_at === null ? null : iso(r.hq_at),
  };
}

interface PhraseRow {
  id: string;
  body: { counter: number; staffId?: string; payload: unknown };
  at: string;
}

function phrasesOf(config: BranchConfig, rows: readonly PhraseRow[]): PhraseInput[] {
  const catalogue = branchCatalogue(config);
  const textOf = (phraseId: string, at: Date): Localized | null =>
    catalogue.phrases.find((p) => p.id === phraseId)?.text ?? holidayGreetingsFor(catalogue, at, config.hours.timezone).find((p) => p.id === phraseId)?.text ?? null;
  return rows.flatMap((r) => {
    const p = PhraseUsedPayload.safeParse(r.body.payload);
    if (!p.success) return [];
    const at = new Date(r.at);
    return [
      {
        id: r.id,
        at: at.toISOString(),
        counter: Number(r.body.counter),
        phraseId: p.data.phraseId,
        situation: p.data.situation,
        how: p.data.how,
        teller: p.data.teller ?? r.body.staffId ?? null,
        ticketId: p.data.ticketId,
        text: textOf(p.data.phraseId, at),
      },
    ];
  });
}

interface RatingRow {
  service_id: string;
  counter: number;
  teller_id: string;
  finished_at: string;
  scale_id: string;
  status: 'awaiting' | 'rated' | 'not_rated';
  value: number | null;
  source: string | null;
  rated_at: string | null;
  follow_up_id: string | null;
}

function ratingsOf(config: BranchConfig, rows: readonly RatingRow[]): RecordRating[] {
  // The scale the customer was offered (kept by id): the branch's own, or one of the known ones.
  const scales: RatingScale[] = [config.standards.ratings.scale, BANK_SCALE, GOV_SCALE];
  return rows.map((r) => {
    const scale = scales.find((s) => s.id === r.scale_id);
    const value = r.value === null ? null : Number(r.value);
    const { label, low } = scale ? ratingLabel(scale.levels, value) : { label: null, low: false };
    return {
      serviceId: r.service_id,
      counter: Number(r.counter),
      tellerId: r.teller_id,
      finishedAt: iso(r.finished_at),
      status: r.status,
      value,
      label,
      low,
      source: r.source,
      ratedAt: r.rated_at === null ? null : iso(r.rated_at),
      followUpId: r.follow_up_id,
    };
  });
}

/**
 * The complaints whose linked service is this ticket, merged from their ops as the complaint log
 * merges them (server/hub/complaints/complaintTable.ts reads the same records). Only what the
 * record shows: no complainant's name or phone.
 */
function complaintsOf(ticketId: string, bodies: readonly unknown[]): RecordComplaint[] {
  const byDoc = new Map<string, DocOp[]>();
  for (const body of bodies) {
    const op = DocOpBody.safeParse(body);
    if (!op.success) continue;
    const list = byDoc.get(op.data.docId) ?? [];
    list.push(op.data);
    byDoc.set(op.data.docId, list);
  }
  const out: RecordComplaint[] = [];
  for (const ops of byDoc.values()) {
    const c = fromFields(mergeComplaintOps(ops));
    // A later op may have linked it to another service: the merge says what it is about now.
    if (!c || c.service?.ticketId !== ticketId) continue;
    out.push({
      id: c.id,
      kind: c.kind,
      channel: c.channel,
      category: c.category,
      status: c.status,
      receivedAt: c.receivedAt,
      ownerId: c.ownerId,
      level: c.level,
      facts: c.facts,
      steps: stepsOf(ops).map((s) => ({ seq: s.seq, action: s.action, at: s.at, by: s.by, role: s.role, from: s.from, to: s.to, note: s.note })),
    });
  }
  return out;
}
