import { COMPLAINT_DOC_TYPE, fromFields, mergeComplaintOps, stepsOf } from '../../../shared/complaints/document.js';
import type { BranchConfig } from '../../../shared/config/schema.js';
import type { Localized } from '../../../shared/i18n/localized.js';
import { Pause } from '../../../shared/pause/schema.js';
import { branchCatalogue } from '../../../shared/phrases/catalogue.js';
import { holidayGreetingsFor } from '../../../shared/phrases/select.js';
import { PHRASE_USED, PhraseUsedPayload } from '../../../shared/phrases/usage.js';
import type { QueueEvent } from '../../../shared/queue/events.js';
import { BANK_SCALE, GOV_SCALE } from '../../../shared/ratings/scales.js';
import type { RatingScale } from '../../../shared/ratings/schema.js';
import { PAUSE_AROUND_MS, ratingLabel } from '../../../shared/serviceRecord/assemble.js';
import type { PhraseInput, RecordingInput, ServiceRecordInputs } from '../../../shared/serviceRecord/assemble.js';
import type { RecordComplaint, RecordRating } from '../../../shared/serviceRecord/schema.js';
import { spanOfVisit, visitsOf } from '../../../shared/serviceRecord/visits.js';
import { COUNTER_EVENT, DOC_OP, DocOpBody } from '../../../shared/sync/kinds.js';
import type { DocOp } from '../../../shared/sync/lww.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { loadTicket } from '../queue/queueStore.js';

type Db = Pick<SqlDb, 'query'>;

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
  const ticket = await loadTicket(db, ticketId);
  if (!ticket) return null;
  const events = (await db.query<{ body: QueueEvent }>('select body from queue_events where ticket_id = $1 order by seq', [ticketId])).rows.map((r) => r.body);

  // The windows it was at, and from when to when: phrases and pauses are looked for there.
  const visits = visitsOf(events);
  const spans = visits.flatMap((v) => spanOfVisit(v) ?? []);
  const counters = [...new Set(visits.map((v) => v.counter))];
  const from = spans.length ? Math.min(...spans.map((s) => Date.parse(s.start))) : Date.parse(ticket.issuedAt);
  const to = spans.length ? Math.max(...spans.map((s) => (s.end ? Date.parse(s.end) : now.getTime()))) : now.getTime();

  const [recordings, phrases, pauses, ratings, complaints] = await Promise.all([
    readRecordings(db, ticketId),
    readPhrases(db, config, ticketId, counters, new Date(from), new Date(to)),
    readPauses(db, counters, new Date(from - PAUSE_AROUND_MS), new Date(to + PAUSE_AROUND_MS), now),
    readRatings(db, config, ticketId),
    readComplaints(db, config.branchId, ticketId),
  ]);
  return { ticket, events, recordings, phrases, pauses, ratings, complaints, now };
}

interface RecordingRow {
  id: string;
  counter: number;
  teller_id: string;
  started_at: Date | string;
  ended_at: Date | string;
  duration_ms: number;
  finished_as: 'complete' | 'interrupted';
  silent: boolean | null;
  held: boolean;
  on_hub: boolean;
  hq_at: Date | string | null;
}

async function readRecordings(db: Db, ticketId: string): Promise<RecordingInput[]> {
  const { rows } = await db.query<RecordingRow>(
    `select r.id, r.counter, r.teller_id, r.started_at, r.ended_at, r.duration_ms, r.finished_as, r.silent,
            coalesce(h.held, r.held) as held, (u.record_id is not null) as on_hub, x.verified_at as hq_at
     from recording_index r
     left join recording_holds h on h.recording_id = r.id
     left join uploads u on u.record_id = r.id and u.sha256 = r.sha256
     left join recording_hq_relay x on x.record_id = r.id
     where r.ticket_id = $1
     order by r.started_at, r.id`,
    [ticketId],
  );
  return rows.map((r) => ({
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
  }));
}

async function readPhrases(db: Db, config: BranchConfig, ticketId: string, counters: number[], from: Date, to: Date): Promise<PhraseInput[]> {
  const { rows } = await db.query<{ id: string; body: { counter: number; staffId?: string; payload: unknown }; corrected_at: Date | string }>(
    `select id, body, corrected_at from sync_records
     where kind = $1 and body->>'type' = $2
       and (body->'payload'->>'ticketId' = $3
            or (body->>'counter' = any($4::text[]) and corrected_at between $5::timestamptz and $6::timestamptz))
     order by corrected_at, server_seq`,
    [COUNTER_EVENT, PHRASE_USED, ticketId, counters.map(String), from.toISOString(), to.toISOString()],
  );
  const catalogue = branchCatalogue(config);
  const textOf = (phraseId: string, at: Date): Localized | null =>
    catalogue.phrases.find((p) => p.id === phraseId)?.text ?? holidayGreetingsFor(catalogue, at, config.hours.timezone).find((p) => p.id === phraseId)?.text ?? null;
  return rows.flatMap((r) => {
    const p = PhraseUsedPayload.safeParse(r.body.payload);
    if (!p.success) return [];
    const at = new Date(r.corrected_at);
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

async function readPauses(db: Db, counters: number[], from: Date, to: Date, now: Date): Promise<Pause[]> {
  if (counters.length === 0) return [];
  const { rows } = await db.query<{ doc: unknown }>(
    `select doc from pauses where counter = any($1::int[]) and started_at <= $3::timestamptz and coalesce(ended_at, $4::timestamptz) >= $2::timestamptz order by started_at`,
    [counters, from.toISOString(), to.toISOString(), now.toISOString()],
  );
  return rows.flatMap((r) => {
    const p = Pause.safeParse(r.doc);
    return p.success ? [p.data] : [];
  });
}

interface RatingRow {
  service_id: string;
  counter: number;
  teller_id: string;
  finished_at: Date | string;
  scale_id: string;
  status: 'awaiting' | 'rated' | 'not_rated';
  value: number | null;
  source: string | null;
  rated_at: Date | string | null;
  follow_up_id: string | null;
}

async function readRatings(db: Db, config: BranchConfig, ticketId: string): Promise<RecordRating[]> {
  const { rows } = await db.query<RatingRow>(
    `select service_id, counter, teller_id, finished_at, scale_id, status, value, source, rated_at, follow_up_id
     from rating_services where ticket_id = $1 order by finished_at`,
    [ticketId],
  );
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
async function readComplaints(db: Db, branchId: string, ticketId: string): Promise<RecordComplaint[]> {
  const ids = (
    await db.query<{ id: string }>(
      `select distinct body->>'docId' as id from sync_records
       where kind = $1 and body->>'docType' = $2 and body->>'field' = 'service' and body->'value'->>'ticketId' = $3`,
      [DOC_OP, COMPLAINT_DOC_TYPE, ticketId],
    )
  ).rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const { rows } = await db.query<{ body: unknown }>(
    `select body from sync_records
     where branch_id = $1 and kind = $2 and body->>'docType' = $3 and body->>'docId' = any($4::text[])
     order by server_seq`,
    [branchId, DOC_OP, COMPLAINT_DOC_TYPE, ids],
  );
  const byDoc = new Map<string, DocOp[]>();
  for (const r of rows) {
    const op = DocOpBody.safeParse(r.body);
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
