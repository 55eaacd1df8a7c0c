import type { Localized } from '../i18n/localized.js';
import type { Pause } from '../pause/schema.js';
import type { QueueEvent } from '../queue/events.js';
import type { Ticket } from '../queue/ticket.js';
import { evidenceFlags, spanOfRecording } from '../recording/evidence.js';
import type { RecordComplaint, RecordPause, RecordPhrase, RecordRating, RecordRecording, RecordVisit, ServiceRecord, TimelineEntry, TimelineKind } from './schema.js';
import { spanOfVisit, visitsOf } from './visits.js';

/** A recording of the ticket as the hub's index holds it (before its flags). */
export type RecordingInput = Omit<RecordRecording, 'flags'>;

/** A phrase used at a window (a counter's phrase.used record), with the catalogue's text when known. */
export interface PhraseInput extends Omit<RecordPhrase, 'id'> {
  id: string;
  /** The ticket the counter said it was used for; null when the window had none. */
  ticketId: string | null;
}

/** Everything the hub holds about one ticket, read by the service record's store (server/hub/serviceRecord/). */
export interface ServiceRecordInputs {
  /** The ticket's state now. */
  ticket: Ticket;
  /** Its queue events (any order). */
  events: readonly QueueEvent[];
  recordings: readonly RecordingInput[];
  /** Phrases used at its windows around its time; those for another ticket are left out here. */
  phrases: readonly PhraseInput[];
  /** Pauses at its windows around its time; those too far away are left out here. */
  pauses: readonly Pause[];
  ratings: readonly RecordRating[];
  complaints: readonly RecordComplaint[];
  now: Date;
}

/** Pauses this close to a visit at the same window are "around" the service. */
export const PAUSE_AROUND_MS = 30 * 60_000;

const ms = (iso: string): number => Date.parse(iso);
const seconds = (from: string, to: string): number => Math.max(0, Math.round((ms(to) - ms(from)) / 1000));

/** The kinds at one instant, in the order they are shown: the queue's own events first. */
const KIND_ORDER: Record<TimelineKind, number> = {
  recording_started: 0,
  queue: 1,
  phrase: 2,
  pause_started: 3,
  pause_ended: 4,
  rating: 5,
  recording_ended: 6,
  complaint_step: 7,
};

/**
 * The service record of one ticket: pure, from what the hub read. The timeline holds every
 * happening in time order, each placed on the recording that covers its instant (its own
 * window's first) with its offset in seconds from that recording's start, so the page can mark
 * it on the player and jump there.
 */
export function assembleServiceRecord(i: ServiceRecordInputs): ServiceRecord {
  const events = [...i.events].sort((a, b) => a.seq - b.seq);
  const visits = visitsOf(events);
  const recordVisits: RecordVisit[] = visits.map((v) => {
    const start = v.startedAt ?? v.calledAt;
    return { ...v, handlingSeconds: start !== null && v.endedAt !== null ? seconds(start, v.endedAt) : null };
  });

  // ---- figures
  const first = visits[0];
  const firstAt = first ? (first.calledAt ?? first.startedAt) : null;
  const last = visits[visits.length - 1];
  const handled = recordVisits.filter((v) => v.handlingSeconds !== null);
  const figures = {
    waitSeconds: firstAt ? seconds(i.ticket.issuedAt, firstAt) : null,
    handlingSeconds: handled.length > 0 ? handled.reduce((n, v) => n + v.handlingSeconds!, 0) : null,
    totalSeconds: last?.endedAt ? seconds(i.ticket.issuedAt, last.endedAt) : null,
  };
  const servedBy: string[] = [];
  for (const v of visits) for (const s of v.staffIds) if (!servedBy.includes(s)) servedBy.push(s);

  // ---- recordings, with their flags against the visit they recorded
  const recordings: RecordRecording[] = [...i.recordings]
    .sort((a, b) => ms(a.startedAt) - ms(b.startedAt) || a.id.localeCompare(b.id))
    .map((r) => {
      const spans = visits.filter((v) => v.counter === r.counter).flatMap((v) => spanOfVisit(v) ?? []);
      return { ...r, flags: evidenceFlags(r, spanOfRecording(r, spans)) };
    });

  // ---- phrases: said for this ticket, or at its window while it was there
  const during = (counter: number, at: string): boolean =>
    visits.some((v) => {
      const span = spanOfVisit(v);
      return v.counter === counter && span !== null && ms(at) >= ms(span.start) && ms(at) <= ms(span.end ?? i.now.toISOString());
    });
  const phrases: RecordPhrase[] = i.phrases
    .filter((p) => p.ticketId === i.ticket.id || (p.ticketId === null && during(p.counter, p.at)))
    .map(({ ticketId: _ticketId, ...p }) => p)
    .sort((a, b) => ms(a.at) - ms(b.at) || a.id.localeCompare(b.id));

  // ---- pauses around the visits at the same window
  const pauses: RecordPause[] = [];
  for (const p of [...i.pauses].sort((a, b) => ms(a.startedAt) - ms(b.startedAt))) {
    const spans = visits.filter((v) => v.counter === p.counter).flatMap((v) => spanOfVisit(v) ?? []);
    if (spans.length === 0) continue;
    const ps = ms(p.startedAt);
    const pe = p.endedAt ? ms(p.endedAt) : i.now.getTime();
    const bounds = spans.map((s) => ({ s: ms(s.start), e: s.end ? ms(s.end) : i.now.getTime() }));
    if (!bounds.some((b) => ps <= b.e + PAUSE_AROUND_MS && pe >= b.s - PAUSE_AROUND_MS)) continue;
    const relation = bounds.some((b) => ps <= b.e && pe >= b.s) ? 'during' : pe < Math.min(...bounds.map((b) => b.s)) ? 'before' : 'after';
    pauses.push({ id: p.id, counter: p.counter, reason: p.reason, startedAt: p.startedAt, endedAt: p.endedAt, staffId: p.staffId ?? null, approvedBy: p.approvedBy, relation });
  }

  const ratings = [...i.ratings].sort((a, b) => ms(a.finishedAt) - ms(b.finishedAt));
  const complaints = [...i.complaints]
    .sort((a, b) => ms(a.receivedAt) - ms(b.receivedAt))
    .map((c) => ({ ...c, steps: [...c.steps].sort((a, b) => a.seq - b.seq || ms(a.at) - ms(b.at)) }));

  // ---- the timeline
  const placed = (at: string, counter: number | null): Pick<TimelineEntry, 'recordingId' | 'offsetSeconds'> => {
    const t = ms(at);
    const covering = recordings.filter((r) => t >= ms(r.startedAt) && t <= ms(r.endedAt));
    const r = covering.find((x) => x.counter === counter) ?? covering[0];
    return r ? { recordingId: r.id, offsetSeconds: Math.round((t - ms(r.startedAt)) / 100) / 10 } : { recordingId: null, offsetSeconds: null };
  };
  const entries: (TimelineEntry & { order: number })[] = [];
  const add = (e: Omit<TimelineEntry, 'recordingId' | 'offsetSeconds'>, order: number) => entries.push({ ...e, ...placed(e.at, e.counter), order });
  events.forEach((e, n) =>
    add({ id: `queue:${e.id}`, at: e.at, kind: 'queue', type: e.type, counter: e.counter, staffId: e.detail.staffId ?? null, detail: e.detail }, n),
  );
  for (const r of recordings) {
    add({ id: `recording_started:${r.id}`, at: r.startedAt, kind: 'recording_started', type: r.finishedAs, counter: r.counter, staffId: r.tellerId, detail: null }, 0);
    add({ id: `recording_ended:${r.id}`, at: r.endedAt, kind: 'recording_ended', type: r.finishedAs, counter: r.counter, staffId: r.tellerId, detail: null }, 0);
  }
  for (const p of phrases) add({ id: `phrase:${p.id}`, at: p.at, kind: 'phrase', type: p.situation, counter: p.counter, staffId: p.teller, detail: null }, 0);
  for (const p of pauses) {
    add({ id: `pause_started:${p.id}`, at: p.startedAt, kind: 'pause_started', type: p.reason, counter: p.counter, staffId: p.staffId, detail: null }, 0);
    if (p.endedAt) add({ id: `pause_ended:${p.id}`, at: p.endedAt, kind: 'pause_ended', type: p.reason, counter: p.counter, staffId: p.staffId, detail: null }, 0);
  }
  for (const r of ratings) {
    if (r.status === 'rated' && r.ratedAt) add({ id: `rating:${r.serviceId}`, at: r.ratedAt, kind: 'rating', type: String(r.value), counter: r.counter, staffId: r.tellerId, detail: null }, 0);
  }
  for (const c of complaints) {
    for (const s of c.steps) add({ id: `complaint_step:${c.id}:${s.seq}`, at: s.at, kind: 'complaint_step', type: s.action, counter: null, staffId: s.by, detail: null }, s.seq);
  }
  entries.sort((a, b) => ms(a.at) - ms(b.at) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.order - b.order || a.id.localeCompare(b.id));
  const timeline: TimelineEntry[] = entries.map(({ order: _order, ...e }) => e);

  const t = i.ticket;
  return {
    ticket: {
      id: t.id,
      number: t.number,
      service: t.service,
      businessDay: t.businessDay,
      priority: t.priority,
      issuedAt: t.issuedAt,
      status: t.status,
      outcome: t.outcome,
      items: t.items,
      transfers: t.transfers,
    },
    figures,
    visits: recordVisits,
    servedBy,
    timeline,
    recordings,
    phrases,
    pauses,
    ratings,
    complaints,
    assembledAt: i.now.toISOString(),
  };
}

/** The level of a rating value on a scale, for the record's label. */
export function ratingLabel(levels: readonly { value: number; label: Localized; low: boolean }[], value: number | null): { label: Localized | null; low: boolean } {
  const level = value === null ? undefined : levels.find((l) => l.value === value);
  return { label: level?.label ?? null, low: level?.low ?? false };
}
