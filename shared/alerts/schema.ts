import { z } from 'zod';
import { CounterNumber, IsoDate, ServiceCode } from '../config/primitives.js';

/**
 * An alert is a record (issue 14): raised by a rule, acknowledged by a named person, resolved
 * when its condition ends. One alert per rule and subject per business day (`key`), so a rule
 * that keeps firing never piles up duplicates.
 */
export const ALERTS_API = {
  list: '/api/v1/alerts',
  acknowledge: '/api/v1/alerts/:id/acknowledge',
} as const;

export const AlertKind = z.enum([
  /** The seed's alert: this many people waiting (policy.alertWaitingCount, default 20). */
  'waiting_count',
  /** At the present rate the longest wait passes its target within the horizon. */
  'wait_breach_forecast',
  /** A window configured to open at opening time is not open. */
  'window_not_open',
  /** A pause has run past its allowed length. */
  'pause_overrun',
  /** A complaint is near (or past) its deadline. */
  'complaint_deadline',
]);
export type AlertKind = z.infer<typeof AlertKind>;

export const AlertState = z.enum(['raised', 'acknowledged', 'resolved']);
export type AlertState = z.infer<typeof AlertState>;

/** What the rule saw, for the message and for the lead's decision. */
export const AlertDetail = z.object({
  service: ServiceCode.optional(),
  counter: CounterNumber.optional(),
  waiting: z.number().int().min(0).optional(),
  threshold: z.number().int().min(0).optional(),
  /** wait_breach_forecast: seconds until the longest wait passes the target. */
  breachInSeconds: z.number().int().min(0).optional(),
  targetWaitSeconds: z.number().int().min(0).optional(),
  /** wait_breach_forecast: the closed window whose opening would fix it ("open window 4 for A"). */
  suggestOpenCounter: CounterNumber.optional(),
  pauseId: z.string().optional(),
  overrunSeconds: z.number().int().min(0).optional(),
  complaintId: z.string().optional(),
  dueAt: z.iso.datetime().optional(),
  /** complaint_deadline: which supervision reminder is due (shared/complaints/deadlines.ts dueReminders). */
  reminder: z.enum(['before_deadline', 'overdue', 'acknowledgement_overdue']).optional(),
  /** window_not_open: the session's opening time, branch-local "YYYY-MM-DDTHH:MM". */
  openedAtLocal: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/).optional(),
  staffId: z.string().optional(),
}).strict();
export type AlertDetail = z.infer<typeof AlertDetail>;

/** A rule's finding at one moment; the store turns findings into records. */
export const AlertFinding = z.object({
  kind: AlertKind,
  /** Subject within the kind, e.g. the service code or window number; part of the record's key. */
  subject: z.string().min(1).max(64),
  detail: AlertDetail,
});
export type AlertFinding = z.infer<typeof AlertFinding>;

export const AlertRecord = AlertFinding.extend({
  id: z.string().min(1),
  businessDay: IsoDate,
  state: AlertState,
  raisedAt: z.iso.datetime(),
  acknowledgedAt: z.iso.datetime().nullable(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedByName: z.string().nullable(),
  resolvedAt: z.iso.datetime().nullable(),
  /**
   * How many times the condition began this business day: a resolved alert that fires again the
   * same day is raised again in the same record (the key), not a new one, so the day's list keeps
   * one row per trouble with its count; each acknowledgement is also in the security audit.
   */
  timesRaised: z.number().int().min(1).default(1),
});
export type AlertRecord = z.infer<typeof AlertRecord>;

export const AlertList = z.object({ day: IsoDate, alerts: z.array(AlertRecord) });
export type AlertList = z.infer<typeof AlertList>;

export const AlertListQuery = z.object({ day: IsoDate.optional() }).strict();

/**
 * On the live stream (/api/v1/stream), to lead stations only: the records an evaluation or an
 * acknowledgement just changed (new ones included), so the list follows without polling.
 */
export const AlertsMessage = z.object({ type: z.literal('alerts'), changed: z.array(AlertRecord) });
export type AlertsMessage = z.infer<typeof AlertsMessage>;

/** POST /api/v1/alerts/:id/acknowledge: no body fields; who acknowledges is the signed-in session. */
export const AcknowledgeBody = z.object({}).strict();
export const AcknowledgeAnswer = z.object({ alert: AlertRecord });
export type AcknowledgeAnswer = z.infer<typeof AcknowledgeAnswer>;
