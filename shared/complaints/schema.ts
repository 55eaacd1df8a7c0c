import { z } from 'zod';
import { CounterNumber, StaffRole } from '../config/primitives.js';
import { FollowUpRating } from '../ratings/api.js';
import { DayUnit } from './policy.js';

/**
 * The complaint log (投诉受理登记): one shape per thing, types from the schemas. The schemas fix
 * the SHAPE only; the rules (who may do what, in which order, what closing needs) are in
 * workflow.ts, so that a document merged from two devices that breaks a rule can still be read
 * and shown to the lead with its flags (document.ts) instead of disappearing.
 */

const StaffId = z.string().min(1).max(64);
const Instant = z.iso.datetime();
const Text = (max: number) => z.string().trim().min(1).max(max);
/** Free text that may be left out (null), never an empty string. */
const OptionalText = (max: number) => Text(max).nullable();

// ---- Names ---------------------------------------------------------------------------------

/**
 * registered → accepted → investigating → answered → callback_done → closed; withdrawn (the
 * complainant withdraws) ends it early; a closed item may be reopened, and goes back into
 * investigating from there.
 */
export const COMPLAINT_STATUSES = ['registered', 'accepted', 'investigating', 'answered', 'callback_done', 'closed', 'withdrawn', 'reopened'] as const;
export const ComplaintStatus = z.enum(COMPLAINT_STATUSES);
export type ComplaintStatus = z.infer<typeof ComplaintStatus>;

/** How it reached us (seed 004 part 1 七): at the window, by phone, by letter, in the lobby, through the media, referred by a leader. */
export const ComplaintChannel = z.enum(['counter', 'phone', 'letter', 'lobby', 'media', 'referred']);
export type ComplaintChannel = z.infer<typeof ComplaintChannel>;

export const ComplaintCategory = z.enum(['attitude', 'waiting', 'error', 'policy', 'environment', 'other']);
export type ComplaintCategory = z.infer<typeof ComplaintCategory>;

/** A complaint proper, or a dissatisfied rating followed up like one (差评). */
export const ComplaintKind = z.enum(['complaint', 'dissatisfied_rating']);
export type ComplaintKind = z.infer<typeof ComplaintKind>;

/** Escalation order (seed 004: the person concerned → the shift leader → the department head → head office). */
export const COMPLAINT_LEVELS = ['teller', 'duty_lead', 'branch_head', 'head_office'] as const;
export const ComplaintLevel = z.enum(COMPLAINT_LEVELS);
export type ComplaintLevel = z.infer<typeof ComplaintLevel>;

export const Complexity = z.enum(['simple', 'complex']);
export type Complexity = z.infer<typeof Complexity>;

/** The verdict of the investigation (经查证属实 / 部分属实 / 不属实). */
export const Finding = z.enum(['upheld', 'partly', 'not_upheld']);
export type Finding = z.infer<typeof Finding>;

/** How the complainant was told (an answer, an acknowledgement, an extension). */
export const ContactHow = z.enum(['phone', 'letter', 'in_person', 'sms']);
export type ContactHow = z.infer<typeof ContactHow>;

/** What the complainant said when called back. */
export const CallbackView = z.enum(['satisfied', 'acceptable', 'dissatisfied']);
export type CallbackView = z.infer<typeof CallbackView>;

/**
 * The review of a teller's appeal against a dissatisfied rating (申诉复核): 'upheld' = the rating
 * was mistaken or unfounded (误评/恶意差评) and does not count against the teller; 'rejected' =
 * it stands. Either way the rating itself is never deleted.
 */
export const AppealOutcome = z.enum(['upheld', 'rejected']);
export type AppealOutcome = z.infer<typeof AppealOutcome>;

/** A signed-in person acting on a complaint. */
export const ComplaintActor = z.object({ staffId: StaffId, role: StaffRole });
export type ComplaintActor = z.infer<typeof ComplaintActor>;

/** Every step of the workflow, each a function in workflow.ts. */
export const ComplaintAction = z.enum([
  'register',
  'accept',
  'start_investigation',
  'record_finding',
  'answer',
  'record_callback',
  'close',
  'withdraw',
  'reopen',
  'escalate',
  'hand_over',
  'extend',
  'request_appeal',
  'review_appeal',
]);
export type ComplaintAction = z.infer<typeof ComplaintAction>;

// ---- Parts ---------------------------------------------------------------------------------

/** A phone number as given: digits with the usual separators. Stored whole; shown masked (masking.ts). */
export const PhoneNumber = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^\+?[\d\s\-()]+$/, 'a phone number has digits, spaces, dashes, parentheses and a leading +');

/** Who complained. Anonymous: no name, no phone, realName false. */
export const Complainant = z
  .object({
    name: OptionalText(64),
    phone: PhoneNumber.nullable(),
    /** The person gave their real name (实名): a real-name dissatisfied rating must be called back. */
    realName: z.boolean(),
  })
  .refine((c) => !c.realName || c.name !== null, 'a real-name complainant has a name');
export type Complainant = z.infer<typeof Complainant>;

/** The service the complaint is about: ticket, window, teller, and the recording and rating of it. */
export const LinkedService = z.object({
  ticketId: z.string().min(1).max(64),
  ticketNumber: z.string().min(1).max(16),
  window: CounterNumber,
  tellerId: StaffId,
  recordingId: z.string().min(1).max(64).nullable().default(null),
  /** The rated service (a rating record is keyed by its serviceId). */
  ratingId: z.string().min(1).max(64).nullable().default(null),
});
export type LinkedService = z.infer<typeof LinkedService>;

export const Answer = z.object({
  text: Text(4000),
  how: ContactHow,
  at: Instant,
  /** Where to turn if they disagree (e.g. review by the superior institution within 30 days, mediation, arbitration, court). */
  recourse: OptionalText(1000),
});
export type Answer = z.infer<typeof Answer>;

export const Callback = z.object({
  at: Instant,
  by: StaffId,
  view: CallbackView,
  note: OptionalText(1000),
});
export type Callback = z.infer<typeof Callback>;

export const Accountability = z.object({
  staffId: StaffId,
  measure: Text(500),
});
export type Accountability = z.infer<typeof Accountability>;

export const Extension = z.object({
  /** 'complex': to the complex-case limit; 'approved': the further extension with an approval. */
  kind: z.enum(['complex', 'approved']),
  at: Instant,
  /** Who recorded it; for 'approved', the approver themself. */
  by: StaffId,
  reason: Text(1000),
  /** The complainant was told (告知投诉人), and how. */
  informedHow: ContactHow,
  /** The handling round it belongs to (0, then +1 per reopening). */
  round: z.number().int().min(0),
});
export type Extension = z.infer<typeof Extension>;

export const Escalation = z.object({
  from: ComplaintLevel,
  to: ComplaintLevel,
  at: Instant,
  by: StaffId,
  /** The owner at the new level. */
  ownerId: StaffId,
  reason: Text(1000),
});
export type Escalation = z.infer<typeof Escalation>;

export const HandOver = z.object({
  from: StaffId,
  to: StaffId,
  at: Instant,
  by: StaffId,
  /**
   * 'recusal': registered by the teller complained about, passed at once to the duty lead (回避);
   * 'hand_over': the owner hands it on; 'take_over': a lead or head office takes it over.
   */
  reason: z.enum(['recusal', 'hand_over', 'take_over']),
  note: OptionalText(500),
});
export type HandOver = z.infer<typeof HandOver>;

export const AppealReview = z.object({
  at: Instant,
  by: StaffId,
  outcome: AppealOutcome,
  note: OptionalText(1000),
});
export type AppealReview = z.infer<typeof AppealReview>;

/** A teller's appeal against a dissatisfied rating (申诉), and its review (复核). */
export const Appeal = z.object({
  requestedAt: Instant,
  requestedBy: StaffId,
  reason: Text(1000),
  review: AppealReview.nullable(),
});
export type Appeal = z.infer<typeof Appeal>;

export const Withdrawal = z.object({
  at: Instant,
  by: StaffId,
  reason: Text(500),
});
export type Withdrawal = z.infer<typeof Withdrawal>;

/** The time limits of the current round, as computed by deadlines.ts (stored, so every device shows the same). */
export const ComplaintDeadlines = z.object({
  /** The round's start: receipt, or the reopening. */
  startedAt: Instant,
  /** Acknowledge (受理告知) before this instant... */
  acknowledgeBy: Instant,
  /** ...i.e. on or before this local date. */
  acknowledgeByDate: z.iso.date(),
  /** Answer before this instant (24:00 of the last day, branch time)... */
  answerBy: Instant,
  /** ...i.e. on or before this local date. */
  answerByDate: z.iso.date(),
  /** The limit applied, and its unit. */
  days: z.number().int().min(1),
  unit: DayUnit,
});
export type ComplaintDeadlines = z.infer<typeof ComplaintDeadlines>;

/**
 * One step of the workflow: the value of the `lastStep` field and the body of a "complaint step
 * taken" event. `parent` is the step the author's copy was at (null for the registration), so
 * the steps of a merged document form a tree and two steps taken on the same parent on two
 * devices (a fork) can be found and flagged (document.ts).
 */
export const ComplaintStep = z.object({
  /** `${seq}@${at}/${by}` */
  id: z.string().min(1).max(160),
  parent: z.string().min(1).max(160).nullable(),
  seq: z.number().int().min(1),
  action: ComplaintAction,
  at: Instant,
  by: StaffId,
  role: z.union([StaffRole, z.literal('system')]),
  from: ComplaintStatus.nullable(),
  to: ComplaintStatus,
  /** Owner and level after the step. */
  ownerId: StaffId,
  level: ComplaintLevel,
  round: z.number().int().min(0),
  note: OptionalText(1000),
});
export type ComplaintStep = z.infer<typeof ComplaintStep>;

// ---- The complaint ---------------------------------------------------------------------------

export const Complaint = z.object({
  /** Made on the device (ULID); the document id. */
  id: z.string().min(1).max(64),
  branchId: z.string().min(1).max(64),
  /** The branch's time zone: deadlines are counted in its calendar days. */
  timezone: z.string().min(1).max(64),
  kind: ComplaintKind,
  channel: ComplaintChannel,
  receivedAt: Instant,
  complainant: Complainant,
  category: ComplaintCategory,
  /** What happened, in the complainant's words. Empty only for a rating item (the rating says it). */
  facts: z.string().trim().max(4000),
  /** What they ask for. */
  request: z.string().trim().max(2000),
  service: LinkedService.nullable(),
  /** The rating, for a dissatisfied-rating item. */
  rating: FollowUpRating.nullable(),
  /** The teller complained about (被投诉人), who may never handle or close it (回避). */
  subjectTellerId: StaffId.nullable(),
  /** Who took it first (首问负责人). */
  firstResponderId: StaffId,
  ownerId: StaffId,
  level: ComplaintLevel,
  status: ComplaintStatus,
  complexity: Complexity,
  /** 0, then +1 per reopening. */
  round: z.number().int().min(0),
  /** Fixed at registration from the policy then in force. */
  callbackRequired: z.boolean(),
  extensions: z.array(Extension),
  escalations: z.array(Escalation),
  handOvers: z.array(HandOver),
  deadlines: ComplaintDeadlines,
  acknowledgedAt: Instant.nullable(),
  acknowledgedHow: ContactHow.nullable(),
  finding: Finding.nullable(),
  rootCause: OptionalText(2000),
  rectification: OptionalText(2000),
  accountability: Accountability.nullable(),
  answer: Answer.nullable(),
  callback: Callback.nullable(),
  appeal: Appeal.nullable(),
  withdrawal: Withdrawal.nullable(),
  closedAt: Instant.nullable(),
  reopenedAt: Instant.nullable(),
  lastStep: ComplaintStep,
});
export type Complaint = z.infer<typeof Complaint>;

// ---- Commands --------------------------------------------------------------------------------

/** Register a complaint (登记). The registrar owns it (首问负责) unless they are the teller complained about. */
export const RegisterComplaint = z.object({
  type: z.literal('register'),
  id: z.string().min(1).max(64),
  branchId: z.string().min(1).max(64),
  timezone: z.string().min(1).max(64),
  channel: ComplaintChannel,
  /** When it came in (a letter opened today may be dated earlier); default: now. */
  receivedAt: Instant.optional(),
  complainant: Complainant,
  category: ComplaintCategory,
  facts: Text(4000),
  request: z.string().trim().max(2000).default(''),
  service: LinkedService.nullable().default(null),
  subjectTellerId: StaffId.nullable().default(null),
  complexity: Complexity.default('simple'),
  /** The duty lead on shift: required when the registrar is the teller complained about (回避). */
  dutyLead: ComplaintActor.nullable().default(null),
});
export type RegisterComplaint = z.infer<typeof RegisterComplaint>;

/** Accept it and tell the complainant so (受理告知). */
export const AcceptComplaint = z.object({ type: z.literal('accept'), acknowledgedHow: ContactHow, note: OptionalText(1000).default(null) });
export type AcceptComplaint = z.infer<typeof AcceptComplaint>;

export const StartInvestigation = z.object({ type: z.literal('start_investigation'), note: OptionalText(1000).default(null) });
export type StartInvestigation = z.infer<typeof StartInvestigation>;

/** Record (or amend) what the investigation found; a field left out keeps its value. */
export const RecordFinding = z.object({
  type: z.literal('record_finding'),
  finding: Finding,
  rootCause: OptionalText(2000).optional(),
  rectification: OptionalText(2000).optional(),
  accountability: Accountability.nullable().optional(),
  note: OptionalText(1000).default(null),
});
export type RecordFinding = z.infer<typeof RecordFinding>;

/** Tell the complainant the decision (答复). */
export const AnswerComplaint = z.object({
  type: z.literal('answer'),
  text: Text(4000),
  how: ContactHow,
  recourse: OptionalText(1000).default(null),
  /** A finding given with the answer (else the recorded one is used). */
  finding: Finding.optional(),
});
export type AnswerComplaint = z.infer<typeof AnswerComplaint>;

/** The call-back after the answer (回访). */
export const RecordCallback = z.object({ type: z.literal('record_callback'), view: CallbackView, note: OptionalText(1000).default(null) });
export type RecordCallback = z.infer<typeof RecordCallback>;

export const CloseComplaint = z.object({ type: z.literal('close'), note: OptionalText(1000).default(null) });
export type CloseComplaint = z.infer<typeof CloseComplaint>;

/** The complainant withdraws (撤回): handling ends the day it is received. */
export const WithdrawComplaint = z.object({ type: z.literal('withdraw'), reason: Text(500) });
export type WithdrawComplaint = z.infer<typeof WithdrawComplaint>;

export const ReopenComplaint = z.object({ type: z.literal('reopen'), reason: Text(1000) });
export type ReopenComplaint = z.infer<typeof ReopenComplaint>;

/** One level up (逐级上报), to a named owner there. */
export const EscalateComplaint = z.object({ type: z.literal('escalate'), to: ComplaintLevel, newOwner: ComplaintActor, reason: Text(1000) });
export type EscalateComplaint = z.infer<typeof EscalateComplaint>;

/** An explicit hand-over of ownership at the same level (the only way ownership moves besides escalation). */
export const HandOverComplaint = z.object({ type: z.literal('hand_over'), to: ComplaintActor, note: OptionalText(500).default(null) });
export type HandOverComplaint = z.infer<typeof HandOverComplaint>;

export const ExtendDeadline = z.object({
  type: z.literal('extend'),
  extension: z.enum(['complex', 'approved']),
  reason: Text(1000),
  informedHow: ContactHow,
});
export type ExtendDeadline = z.infer<typeof ExtendDeadline>;

export const RequestAppeal = z.object({ type: z.literal('request_appeal'), reason: Text(1000) });
export type RequestAppeal = z.infer<typeof RequestAppeal>;

export const ReviewAppeal = z.object({ type: z.literal('review_appeal'), outcome: AppealOutcome, note: OptionalText(1000).default(null) });
export type ReviewAppeal = z.infer<typeof ReviewAppeal>;

/** Every command on an existing complaint (the LAN API body). */
export const ComplaintCommand = z.discriminatedUnion('type', [
  AcceptComplaint,
  StartInvestigation,
  RecordFinding,
  AnswerComplaint,
  RecordCallback,
  CloseComplaint,
  WithdrawComplaint,
  ReopenComplaint,
  EscalateComplaint,
  HandOverComplaint,
  ExtendDeadline,
  RequestAppeal,
  ReviewAppeal,
]);
export type ComplaintCommand = z.infer<typeof ComplaintCommand>;
