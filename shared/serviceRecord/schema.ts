import { z } from 'zod';
import { CounterNumber, IsoDate, Priority, ServiceCode, StaffRole } from '../config/primitives.js';
import { Localized } from '../i18n/localized.js';
import { QueueEventDetail, QueueEventType } from '../queue/events.js';
import { Outcome, TicketStatus } from '../queue/ticket.js';
import { EvidenceFlag } from '../recording/evidence.js';

/**
 * The service record (issue 13): everything that happened to one ticket, on one page. Assembled
 * by `assembleServiceRecord` (assemble.ts, pure) from what the hub holds: the queue's events, the
 * phrases used at the window, the pauses around it, its recordings, its rating and any complaint
 * about it. GET /api/v1/services/{ticketId}/record answers with it (a lead or auditor at the lead
 * station; every opening is audited: it holds personal data and a recording).
 */

const Instant = z.iso.datetime();

export const SERVICE_RECORD_PATH = '/api/v1/services/:ticketId/record';
export const serviceRecordPath = (ticketId: string): string => `/api/v1/services/${encodeURIComponent(ticketId)}/record`;

export const ServiceRecordParams = z.object({ ticketId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a ticket id') });

export const RecordTicket = z.object({
  id: z.string(),
  number: z.string(),
  service: ServiceCode,
  businessDay: IsoDate,
  priority: Priority,
  issuedAt: Instant,
  status: TicketStatus,
  outcome: Outcome.nullable(),
  /** Services handled in the visit, in order (several services in one visit). */
  items: z.array(ServiceCode),
  transfers: z.number().int().min(0),
});
export type RecordTicket = z.infer<typeof RecordTicket>;

export const RecordVisit = z.object({
  counter: CounterNumber,
  calledAt: Instant.nullable(),
  startedAt: Instant.nullable(),
  endedAt: Instant.nullable(),
  endedBy: z.enum(['service.finished', 'ticket.no_show', 'ticket.held', 'ticket.transferred', 'ticket.expired']).nullable(),
  recalls: z.number().int().min(0),
  staffIds: z.array(z.string()),
  /** From its start (or call) to its end; null while under way. */
  handlingSeconds: z.number().int().min(0).nullable(),
});
export type RecordVisit = z.infer<typeof RecordVisit>;

export const RecordFigures = z.object({
  /** From the ticket to its first call. */
  waitSeconds: z.number().int().min(0).nullable(),
  /** At the windows: every visit's start (or call) to its end, added up. */
  handlingSeconds: z.number().int().min(0).nullable(),
  /** From the ticket to the end of its last visit. */
  totalSeconds: z.number().int().min(0).nullable(),
});
export type RecordFigures = z.infer<typeof RecordFigures>;

export const RecordRecording = z.object({
  id: z.string(),
  counter: CounterNumber,
  tellerId: z.string(),
  startedAt: Instant,
  endedAt: Instant,
  durationMs: z.number().int().min(0),
  finishedAs: z.enum(['complete', 'interrupted']),
  /** As the recorder measured it; null when not known. */
  silent: z.boolean().nullable(),
  heldForDispute: z.boolean(),
  /** The hub holds a verified copy: it can be replayed. */
  onHub: z.boolean(),
  atHeadOfficeAt: Instant.nullable(),
  flags: z.array(EvidenceFlag),
});
export type RecordRecording = z.infer<typeof RecordRecording>;

export const RecordPhrase = z.object({
  id: z.string(),
  at: Instant,
  counter: CounterNumber,
  phraseId: z.string(),
  situation: z.string(),
  how: z.enum(['spoken', 'shown', 'said']),
  teller: z.string().nullable(),
  /** The catalogue's text, when the phrase is (still) in it. */
  text: Localized.nullable(),
});
export type RecordPhrase = z.infer<typeof RecordPhrase>;

export const RecordPause = z.object({
  id: z.string(),
  counter: CounterNumber,
  reason: z.string(),
  startedAt: Instant,
  endedAt: Instant.nullable(),
  staffId: z.string().nullable(),
  approvedBy: z.string().nullable(),
  /** Where it fell against the ticket's visits at that window. */
  relation: z.enum(['before', 'during', 'after']),
});
export type RecordPause = z.infer<typeof RecordPause>;

export const RecordRating = z.object({
  serviceId: z.string(),
  counter: CounterNumber,
  tellerId: z.string(),
  finishedAt: Instant,
  status: z.enum(['awaiting', 'rated', 'not_rated']),
  value: z.number().int().nullable(),
  label: Localized.nullable(),
  low: z.boolean(),
  source: z.string().nullable(),
  ratedAt: Instant.nullable(),
  followUpId: z.string().nullable(),
});
export type RecordRating = z.infer<typeof RecordRating>;

export const RecordComplaintStep = z.object({
  seq: z.number().int().min(1),
  action: z.string(),
  at: Instant,
  by: z.string(),
  role: z.union([StaffRole, z.literal('system')]),
  from: z.string().nullable(),
  to: z.string(),
  note: z.string().nullable(),
});
export type RecordComplaintStep = z.infer<typeof RecordComplaintStep>;

export const RecordComplaint = z.object({
  id: z.string(),
  kind: z.string(),
  channel: z.string(),
  category: z.string(),
  status: z.string(),
  receivedAt: Instant,
  ownerId: z.string(),
  level: z.string(),
  /** What happened, in the complainant's words (no name, no phone: those stay in the complaint log). */
  facts: z.string(),
  steps: z.array(RecordComplaintStep),
});
export type RecordComplaint = z.infer<typeof RecordComplaint>;

export const TimelineKind = z.enum(['queue', 'phrase', 'pause_started', 'pause_ended', 'recording_started', 'recording_ended', 'rating', 'complaint_step']);
export type TimelineKind = z.infer<typeof TimelineKind>;

/** One happening on the record's one timeline, with where it falls in a recording. */
export const TimelineEntry = z.object({
  /** Unique in the record: `<kind>:<source id>`. */
  id: z.string(),
  at: Instant,
  kind: TimelineKind,
  /** The queue event's type, the phrase's situation, the pause's reason, the complaint step's action ... */
  type: z.string(),
  counter: CounterNumber.nullable(),
  staffId: z.string().nullable(),
  /** The queue event's detail (queue entries only). */
  detail: QueueEventDetail.nullable(),
  /** The recording that holds this instant (the one of its window first), and how far into it. */
  recordingId: z.string().nullable(),
  offsetSeconds: z.number().min(0).nullable(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const ServiceRecord = z.object({
  ticket: RecordTicket,
  figures: RecordFigures,
  visits: z.array(RecordVisit),
  /** Everyone who served it, in order. */
  servedBy: z.array(z.string()),
  timeline: z.array(TimelineEntry),
  recordings: z.array(RecordRecording),
  phrases: z.array(RecordPhrase),
  pauses: z.array(RecordPause),
  ratings: z.array(RecordRating),
  complaints: z.array(RecordComplaint),
  /** When the hub put it together. */
  assembledAt: Instant,
});
export type ServiceRecord = z.infer<typeof ServiceRecord>;

/** The queue event types, re-exported for the page's labels. */
export { QueueEventType };
