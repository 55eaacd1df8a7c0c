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
});
export type AlertRecord = z.infer<typeof AlertRecord>;

export const AlertList = z.object({ day: IsoDate, alerts: z.array(AlertRecord) });
export type AlertList = z.infer<typeof AlertList>;

export const AlertListQuery = z.object({ day: IsoDate.optional() }).strict();
