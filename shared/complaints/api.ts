import { z } from 'zod';
import { wholeNumberText } from '../api/params.js';
import { IsoDate } from '../config/primitives.js';
import { addCalendarDays, isWorkingDay, localDateOf } from './calendar.js';
import {
  AcceptComplaint,
  AnswerComplaint,
  CloseComplaint,
  Complainant,
  Complaint,
  ComplaintActor,
  ComplaintCategory,
  ComplaintChannel,
  ComplaintKind,
  ComplaintLevel,
  ComplaintStatus,
  ComplaintStep,
  Complexity,
  EscalateComplaint,
  ExtendDeadline,
  HandOverComplaint,
  RecordCallback,
  RecordFinding,
  ReopenComplaint,
  RequestAppeal,
  ReviewAppeal,
  StartInvestigation,
  WithdrawComplaint,
} from './schema.js';
import type { ComplaintCommand } from './schema.js';

/**
 * The complaint log on the wire (docs/complaints-api.md): the hub's LAN API (server/hub/complaints/)
 * and head office's list (GET /api/v1/hq/complaints). Requests are strict (an unknown field is a
 * 400); who acts comes from the session, never from a body.
 */

export const COMPLAINTS_PATH = '/api/v1/complaints';

const StaffId = z.string().min(1).max(64);
const TicketId = z.string().min(1).max(64);

// ---- Requests ----------------------------------------------------------------------------------

/**
 * POST /api/v1/complaints. The hub takes branch and time zone from its configuration (and makes
 * the id unless the device did); it fills `service` from its own records of the ticket's
 * finished service (only `ticketId` is read, from `ticketId` or `service.ticketId`).
 */
export const RegisterComplaintRequest = z
  .object({
    /** A ULID made on the device (the screens' RegisterComplaint shape); default: the hub makes one. A second registration of it is 409 `exists`. */
    id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'a complaint id is a ULID').optional(),
    /** The hub's own branch and time zone; accepted only as they are (400 otherwise). */
    branchId: z.string().min(1).max(64).optional(),
    timezone: z.string().min(1).max(64).optional(),
    /** At a counter: 'counter' (the default there); at a lead station: phone, letter, lobby, media or referred. */
    channel: ComplaintChannel.optional(),
    receivedAt: z.iso.datetime().optional(),
    complainant: Complainant,
    category: ComplaintCategory,
    facts: z.string().trim().min(1).max(4000),
    request: z.string().trim().max(2000).optional(),
    /** The service to link: its ticket (the latest finished service of it; at a counter, at that window). */
    ticketId: TicketId.optional(),
    /** The screens' LinkedService shape: read for its ticketId only. */
    service: z.object({ ticketId: TicketId }).nullable().optional(),
    /** The teller complained about; default the linked service's teller; null: no teller. */
    subjectTellerId: StaffId.nullable().optional(),
    complexity: Complexity.optional(),
    /** Who takes a complaint the registrar made about themself (回避); default: the hub's duty lead. */
    dutyLead: ComplaintActor.nullable().optional(),
  })
  .strict();
export type RegisterComplaintRequest = z.infer<typeof RegisterComplaintRequest>;

/** The channels of a lead station (a counter registers what is said at its window: 'counter'). */
export const LEAD_CHANNELS: readonly ComplaintChannel[] = ['phone', 'letter', 'lobby', 'media', 'referred'];

const body = <S extends z.ZodObject>(schema: S) => schema.omit({ type: true }).strict();

/**
 * POST /api/v1/complaints/:id/{step}: the path segment of each step, its command type and the
 * body (the command without its type).
 */
export const COMPLAINT_STEPS = {
  accept: { type: 'accept', body: body(AcceptComplaint) },
  investigate: { type: 'start_investigation', body: body(StartInvestigation) },
  finding: { type: 'record_finding', body: body(RecordFinding) },
  answer: { type: 'answer', body: body(AnswerComplaint) },
  callback: { type: 'record_callback', body: body(RecordCallback) },
  close: { type: 'close', body: body(CloseComplaint) },
  withdraw: { type: 'withdraw', body: body(WithdrawComplaint) },
  reopen: { type: 'reopen', body: body(ReopenComplaint) },
  escalate: { type: 'escalate', body: body(EscalateComplaint) },
  'hand-over': { type: 'hand_over', body: body(HandOverComplaint) },
  extend: { type: 'extend', body: body(ExtendDeadline) },
  appeal: { type: 'request_appeal', body: body(RequestAppeal) },
  'review-appeal': { type: 'review_appeal', body: body(ReviewAppeal) },
} as const satisfies Record<string, { type: ComplaintCommand['type']; body: z.ZodType }>;
export type ComplaintStepName = keyof typeof COMPLAINT_STEPS;
export const COMPLAINT_STEP_NAMES = Object.keys(COMPLAINT_STEPS) as ComplaintStepName[];

const Flag = z.enum(['true', 'false']).transform((v) => v === 'true');
/** A day (branch time) or an instant. */
const DayOrInstant = z.union([IsoDate, z.iso.datetime()]);
const StatusList = z
  .string()
  .max(200)
  .transform((s) => s.split(','))
  .pipe(z.array(ComplaintStatus).min(1).max(8));

const Page = {
  limit: wholeNumberText(1, 200).default(50),
  cursor: z.string().min(1).max(200).optional(),
};

/** GET /api/v1/complaints */
export const ComplaintListQuery = z
  .object({
    status: StatusList.optional(),
    overdue: Flag.optional(),
    flagged: Flag.optional(),
    owner: StaffId.optional(),
    teller: StaffId.optional(),
    category: ComplaintCategory.optional(),
    channel: ComplaintChannel.optional(),
    kind: ComplaintKind.optional(),
    from: DayOrInstant.optional(),
    to: DayOrInstant.optional(),
    ...Page,
  })
  .strict();
export type ComplaintListQuery = z.infer<typeof ComplaintListQuery>;

/** GET /api/v1/hq/complaints */
export const HqComplaintListQuery = z
  .object({
    branch: z.string().min(1).max(64).optional(),
    status: StatusList.optional(),
    overdue: Flag.optional(),
    flagged: Flag.optional(),
    kind: ComplaintKind.optional(),
    ...Page,
  })
  .strict();
export type HqComplaintListQuery = z.infer<typeof HqComplaintListQuery>;

/** GET /api/v1/complaints/stats: one day, one month, or a range of days (to inclusive); default this month. */
export const ComplaintStatsQuery = z
  .object({
    day: IsoDate.optional(),
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month is YYYY-MM').optional(),
    from: IsoDate.optional(),
    to: IsoDate.optional(),
  })
  .strict()
  .refine((q) => [q.day !== undefined, q.month !== undefined, q.from !== undefined || q.to !== undefined].filter(Boolean).length <= 1, 'give day, month, or from/to');
export type ComplaintStatsQuery = z.infer<typeof ComplaintStatsQuery>;

// ---- Answers -----------------------------------------------------------------------------------

/** A complaint as the hub shows it: the phone masked ("138****5678") unless the viewer may see it. */
export const ComplaintView = Complaint.extend({
  complainant: z.object({ name: z.string().nullable(), phone: z.string().nullable(), realName: z.boolean() }),
});
export type ComplaintView = z.infer<typeof ComplaintView>;

export const ReminderKindEnum = z.enum(['before_deadline', 'overdue', 'acknowledgement_overdue']);

/** A supervision reminder (督办) due now (shared/complaints/deadlines.ts dueReminders). */
export const DueReminderView = z.object({
  kind: ReminderKindEnum,
  key: z.string(),
  complaintId: z.string(),
  dueSince: z.iso.datetime(),
  deadline: z.iso.datetime(),
  ownerId: StaffId,
  level: ComplaintLevel,
});
export type DueReminderView = z.infer<typeof DueReminderView>;

/** A reminder the hub raised (once per key) and pushed to the owner and the lead. */
export const RaisedReminder = DueReminderView.extend({ raisedAt: z.iso.datetime() });
export type RaisedReminder = z.infer<typeof RaisedReminder>;

/**
 * The sync record kind of a raised reminder (body: RaisedReminder), written by the hub's
 * complaint device in the transaction that raises it, so head office receives every 督办 (its
 * events API, `?kind=complaint.reminder`) and can tell which branches let complaints run late.
 */
export const COMPLAINT_REMINDER_RECORD = 'complaint.reminder';

/** GET /api/v1/complaints/:id, and the answer of a registration or a step. */
export const ComplaintDetail = z.object({
  complaint: ComplaintView,
  /** Every step of every device, once each, in HLC order. */
  history: z.array(ComplaintStep),
  /** What the merge of offline edits broke (shared/complaints/document.ts), "code: detail"; never resolved silently. */
  flags: z.array(z.string()),
  overdue: z.boolean(),
  remainingDays: z.number().int().nullable(),
  dueReminders: z.array(DueReminderView),
  reminders: z.array(RaisedReminder),
  /** What closing still lacks (refusal reasons of closeBlockers). */
  closeBlockers: z.array(z.string()),
  /** Whether POST .../reveal-phone would answer this viewer. */
  mayRevealPhone: z.boolean(),
});
export type ComplaintDetail = z.infer<typeof ComplaintDetail>;

export const ComplaintListItem = ComplaintView.extend({
  flags: z.array(z.string()),
  overdue: z.boolean(),
  remainingDays: z.number().int().nullable(),
});
export type ComplaintListItem = z.infer<typeof ComplaintListItem>;

export const ComplaintList = z.object({ complaints: z.array(ComplaintListItem), nextCursor: z.string().nullable() });
export type ComplaintList = z.infer<typeof ComplaintList>;

export const RevealedPhone = z.object({ id: z.string(), phone: z.string() });
export type RevealedPhone = z.infer<typeof RevealedPhone>;

export const ComplaintStats = z.object({
  from: IsoDate,
  to: IsoDate,
  received: z.object({ complaints: z.number().int().min(0), dissatisfiedRatings: z.number().int().min(0) }),
  closed: z.number().int().min(0),
  withdrawn: z.number().int().min(0),
  /** The log now: open, overdue, flagged. */
  open: z.number().int().min(0),
  overdue: z.number().int().min(0),
  flagged: z.number().int().min(0),
  callbackRate: z.object({ due: z.number().int().min(0), done: z.number().int().min(0), percent: z.number().nullable(), targetPercent: z.literal(100) }),
  /** Dissatisfied ratings of the period still counting against tellers (an upheld appeal lifts one). */
  countsAgainstTellers: z.number().int().min(0),
});
export type ComplaintStats = z.infer<typeof ComplaintStats>;

/** The stream's notice of a raised reminder: to lead stations and to the counter of the owner. */
export const ComplaintReminderMessage = z.object({
  type: z.literal('complaint.reminder'),
  /** The reminder's key (RaisedReminder.key): a screen shows it once and remembers its dismissal by it. */
  key: z.string(),
  complaintId: z.string(),
  kind: ReminderKindEnum,
  deadline: z.iso.datetime(),
  dueSince: z.iso.datetime(),
  ownerId: StaffId,
  level: ComplaintLevel,
});
export type ComplaintReminderMessage = z.infer<typeof ComplaintReminderMessage>;

// ---- Helpers -----------------------------------------------------------------------------------

/** Statuses in which the answer is still owed (deadlines.ts): the only ones that can be overdue. */
export const AWAITING_ANSWER_STATUSES: readonly ComplaintStatus[] = ['registered', 'accepted', 'investigating', 'reopened'];

/** Overdue: the answer is owed and its deadline has passed. */
export function isOverdue(c: Pick<Complaint, 'status'> & { deadlines: Pick<Complaint['deadlines'], 'answerBy'> }, now: Date): boolean {
  return AWAITING_ANSWER_STATUSES.includes(c.status) && now.getTime() >= Date.parse(c.deadlines.answerBy);
}

/** isWorkingDay, remembered: a page of the log asks about the same few weeks fifty times. */
const workingDays = new Map<string, boolean>();
function working(ymd: string): boolean {
  let w = workingDays.get(ymd);
  if (w === undefined) {
    if (workingDays.size > 4000) workingDays.clear();
    w = isWorkingDay(ymd);
    workingDays.set(ymd, w);
  }
  return w;
}

/** The branch's date of `now`, remembered per instant and zone (one per page of the log). */
let lastToday: { at: number; tz: string; ymd: string } | null = null;
function todayOf(now: Date, tz: string): string {
  if (lastToday === null || lastToday.at !== now.getTime() || lastToday.tz !== tz) lastToday = { at: now.getTime(), tz, ymd: localDateOf(now, tz) };
  return lastToday.ymd;
}

/**
 * Days left to answer, in the rule's unit (working days skip days off), as of `now` in the
 * branch's calendar: 0 on the last day, negative once past it; null when no answer is owed.
 */
export function remainingDays(c: Pick<Complaint, 'status' | 'timezone'> & { deadlines: Pick<Complaint['deadlines'], 'answerByDate' | 'unit'> }, now: Date): number | null {
  if (!AWAITING_ANSWER_STATUSES.includes(c.status)) return null;
  let today: string;
  try {
    today = todayOf(now, c.timezone);
  } catch {
    return null;
  }
  const last = c.deadlines.answerByDate;
  if (today === last) return 0;
  const sign = today < last ? 1 : -1;
  let n = 0;
  // At most a year either way: a longer gap says little more than "far".
  for (let day = today, i = 0; day !== last && i < 400; i += 1) {
    day = addCalendarDays(day, sign);
    if (c.deadlines.unit === 'calendar' || working(day)) n += 1;
  }
  return sign * n;
}
