import { businessDayOf } from '../queue/rules/businessDay.js';
import type { z } from 'zod';
import { QueueEvent } from '../queue/events.js';
import { figureDelta } from '../figures/definitions.js';
import type { FigureContext } from '../figures/definitions.js';
import { Ticket } from '../queue/ticket.js';
import { PauseRecordBody } from '../pause/wire.js';
import { FAREWELL_SITUATIONS, GREETING_SITUATIONS } from '../phrases/rates.js';
import { PHRASE_USED, PhraseUsedPayload } from '../phrases/usage.js';
import { BANK_SCALE, GOV_SCALE } from '../ratings/scales.js';
import { evidenceFlags } from '../recording/evidence.js';
import { RECORDING_EVENT, RecordingFinishedPayload } from '../recording/indexRecord.js';
import { dayScore, needsFollowUp } from '../ratings/rules.js';
import type { RatingScale } from '../ratings/schema.js';
import { COUNTER_EVENT, CounterEventBody, PAUSE_RECORD, QUEUE_EVENT } from '../sync/kinds.js';
import type { HqCell, HqSums } from './sums.js';

/**
 * What one stored record adds to head office's sums (issue 15). Pure: the consumer at head
 * office (server/hq/figures) applies these as records are ingested, and the rebuild applies them
 * to every stored record again, so both agree by construction.
 *
 * Queue figures (arrivals, waits, calls, served, handling, no-shows, transfers, within target)
 * are the branch's own, defined once in shared/figures/definitions.ts (figureDelta); head office
 * files them per branch x day x window x teller x service. Whether a call is the ticket's first is
 * a matter of its history: here a `once` key per ticket, so only the first call head office sees
 * counts a wait (a recall, a call back from hold, a call after a transfer does not).
 * Head office adds, per teller and window:
 * - satisfaction: a rating above the middle of its scale (the ratings' own dayScore rule);
 *   low = one the scale marks low (a follow-up).
 * - pauses: counted when they end (`pause.ended`), length and overrun as the hub measured them,
 *   on the business day the pause started.
 * - greeted / farewelled: tickets with at least one greeting (farewell) phrase used for them,
 *   once per ticket; the rate divides by served.
 * - recordings: a counter's `recording.finished` record, on the business day the recording
 *   started, at its window and teller: one recording; one recorded service per ticket (once, so
 *   a ticket recorded twice counts once against served); empty = nothing to hear (under a second,
 *   or silent), cut = repaired after a crash (evidenceFlags; head office has no queue span to
 *   measure a shorter cover against, the hub's service record has).
 * Complaints are not record deltas: they are merged documents (hq_complaints), counted there.
 */

export interface BranchFacts {
  timeZone: string;
  /** The branch's services with their targets (shared/figures/definitions.ts judges within target). */
  services: FigureContext['services'];
}

export interface IngestedRecord {
  kind: string;
  branchId: string;
  correctedAt: string;
  body: unknown;
}

export interface HqDelta {
  cell: HqCell;
  sums: Partial<HqSums>;
  /** Counts only the first time this key is seen for the branch (first call, first greeting of a ticket). */
  once?: string;
}

/**
 * The part of a queue event the figures read. A full event parses as this too (the rest is
 * dropped), and head office's consumer asks the database for only these fields
 * (server/hq/figures/figureConsumer.ts), which halves what it reads back.
 */
export const QueueEventFacts = QueueEvent.pick({ type: true, at: true, counter: true, detail: true }).extend({
  ticket: Ticket.pick({ id: true, businessDay: true, service: true, issuedAt: true, startedAt: true, finishedAt: true, counter: true }),
});
export type QueueEventFacts = z.infer<typeof QueueEventFacts>;

const SCALES: Record<string, RatingScale> = { [BANK_SCALE.id]: BANK_SCALE, [GOV_SCALE.id]: GOV_SCALE };

export interface DeltaOptions {
  /**
   * The body was checked against its kind's schema already (head office stores only records
   * whose body passed, server/sync/batchRows.ts), so it is read as is: checking it again per
   * record was most of the consumer's time. Anything else is parsed first.
   */
  validated?: boolean;
}

export function deltasOf(r: IngestedRecord, facts: BranchFacts, opts: DeltaOptions = {}): HqDelta[] {
  if (r.kind === QUEUE_EVENT) return queueDeltas(r, facts, opts.validated === true);
  if (r.kind === COUNTER_EVENT) return counterDeltas(r, facts, opts.validated === true);
  if (r.kind === PAUSE_RECORD) return pauseDeltas(r, facts);
  return [];
}

/** The sums both the branch and head office keep, under the same names. */
const SHARED_FIELDS = ['arrivals', 'called', 'served', 'noShows', 'transfers', 'waitCount', 'waitSecondsSum', 'waitWithinTarget', 'handlingCount', 'handlingSecondsSum', 'handlingWithinTarget'] as const;

function queueDeltas(r: IngestedRecord, facts: BranchFacts, validated: boolean): HqDelta[] {
  let e: QueueEventFacts;
  if (validated && typeof r.body === 'object' && r.body !== null && typeof (r.body as { ticket?: unknown }).ticket === 'object') e = r.body as QueueEventFacts;
  else {
    const parsed = QueueEventFacts.safeParse(r.body);
    if (!parsed.success) return [];
    e = parsed.data;
  }
  // figureDelta reads only the fields QueueEventFacts keeps (type, at, counter, detail, and the
  // ticket's id, day, service, issue and start times); calledBefore = false: the once-key decides.
  const d = figureDelta(e as unknown as QueueEvent, { timezone: facts.timeZone, services: facts.services }, false);
  if (!d) return [];
  const sums: Partial<HqSums> = {};
  for (const f of SHARED_FIELDS) if (d.sums[f] !== 0) sums[f] = d.sums[f];
  if (Object.keys(sums).length === 0) return [];
  const cell: HqCell = { branchId: r.branchId, day: d.key.day, counter: d.key.counter ?? 0, staffId: d.key.staffId ?? '', service: d.key.service };
  return [e.type === 'ticket.called' ? { cell, sums, once: `wait:${e.ticket.id}` } : { cell, sums }];
}

function counterDeltas(r: IngestedRecord, facts: BranchFacts, validated: boolean): HqDelta[] {
  let b: CounterEventBody;
  // Stored bodies passed this very schema at the store (server/sync/recordChecks.ts); parsing
  // again was a third of the store hook's time in JavaScript. Its payload was not checked there.
  if (validated) b = r.body as CounterEventBody;
  else {
    const parsed = CounterEventBody.safeParse(r.body);
    if (!parsed.success) return [];
    b = parsed.data;
  }
  const p = b.payload;
  if (b.type === 'rating.rated') {
    const value = typeof p.value === 'number' ? p.value : null;
    if (value === null) return [];
    const scale = SCALES[String(p.scaleId)] ?? BANK_SCALE;
    const score = dayScore([{ status: 'rated', value }], scale);
    if (score.rated === 0) return [];
    return [
      {
        cell: {
          branchId: r.branchId,
          day: typeof p.businessDay === 'string' ? p.businessDay : businessDayOf(new Date(r.correctedAt), facts.timeZone),
          counter: typeof p.counter === 'number' ? p.counter : b.counter,
          staffId: typeof p.tellerId === 'string' ? p.tellerId : (b.staffId ?? ''),
          service: typeof p.serviceCode === 'string' ? p.serviceCode : '',
        },
        sums: { rated: 1, satisfied: score.satisfied, lowRated: needsFollowUp({ status: 'rated', value }, scale) ? 1 : 0 },
      },
    ];
  }
  if (b.type === RECORDING_EVENT.finished) return recordingDeltas(r, b, facts);
  if (b.type === PHRASE_USED) {
    const u = PhraseUsedPayload.safeParse(p);
    if (!u.success || u.data.ticketId === null) return [];
    const greeting = (GREETING_SITUATIONS as readonly string[]).includes(u.data.situation);
    const farewell = (FAREWELL_SITUATIONS as readonly string[]).includes(u.data.situation);
    if (!greeting && !farewell) return [];
    const cell: HqCell = {
      branchId: r.branchId,
      day: businessDayOf(new Date(r.correctedAt), facts.timeZone),
      counter: b.counter,
      staffId: u.data.teller ?? b.staffId ?? '',
      service: '',
    };
    return greeting
      ? [{ cell, sums: { greeted: 1 }, once: `greet:${u.data.ticketId}` }]
      : [{ cell, sums: { farewelled: 1 }, once: `bye:${u.data.ticketId}` }];
  }
  return [];
}

function recordingDeltas(r: IngestedRecord, b: CounterEventBody, facts: BranchFacts): HqDelta[] {
  const parsed = RecordingFinishedPayload.safeParse(b.payload);
  if (!parsed.success) return [];
  const p = parsed.data;
  const flags = evidenceFlags(p);
  const cell: HqCell = { branchId: r.branchId, day: businessDayOf(new Date(p.startedAt), facts.timeZone), counter: b.counter, staffId: p.tellerId, service: p.service ?? '' };
  const file: HqDelta = {
    cell,
    // The counter writes this record once per file (renderer/recording/db.ts) and the sync stores a record once: no once-key needed.
    sums: { recordings: 1, recordingsEmpty: flags.includes('empty') || flags.includes('silent') ? 1 : 0, recordingsCut: flags.includes('cut_short') ? 1 : 0 },
  };
  return p.ticketId === null ? [file] : [file, { cell, sums: { recorded: 1 }, once: `recorded:${p.ticketId}` }];
}

function pauseDeltas(r: IngestedRecord, facts: BranchFacts): HqDelta[] {
  const parsed = PauseRecordBody.safeParse(r.body);
  if (!parsed.success || parsed.data.type !== 'pause.ended') return [];
  const b = parsed.data;
  return [
    {
      cell: {
        branchId: r.branchId,
        day: businessDayOf(new Date(b.pause.startedAt), facts.timeZone),
        counter: b.pause.counter,
        staffId: b.staffId ?? b.pause.staffId ?? '',
        service: '',
      },
      sums: { pauses: 1, pauseSeconds: b.lengthSeconds ?? 0, pauseOverruns: (b.overrunSeconds ?? 0) > 0 ? 1 : 0 },
    },
  ];
}
