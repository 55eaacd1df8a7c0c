import { z } from 'zod';
import { CounterNumber, IsoDate } from '../config/primitives.js';
import { HandBack, Pause, PauseReason } from './schema.js';

/*
 * The pause desk's shapes on the wire: the LAN API's bodies and answers (docs/api.md), the live
 * stream's window frame, and the records head office receives through the hub's relay.
 */

/*
 * Who acts is never in a body: the teller is the session signed in at the window, the approver
 * the lead's session at the lead station (req.actor, server/hub/access/gate.ts). A body naming a
 * person ("by", "overrideBy") is refused as an unknown field.
 */

/** POST /api/v1/counters/{n}/pause */
export const PauseBody = z.object({ reason: PauseReason }).strict();
export type PauseBody = z.infer<typeof PauseBody>;

/** POST /api/v1/counters/{n}/close */
export const CloseBody = z.object({}).strict();
export type CloseBody = z.infer<typeof CloseBody>;

/** POST /api/v1/pauses/{id}/approve: the approver is the signed-in lead. */
export const ApproveBody = z.object({}).strict();
export type ApproveBody = z.infer<typeof ApproveBody>;

/**
 * POST /api/v1/counters/{n}/override (lead station, capability 'approve'): the lead lets the
 * last open window of a service pause or close during opening hours. It holds for the window's
 * next pause or close within OVERRIDE_MINUTES, and is that pause's consent.
 */
export const OverrideBody = z.object({}).strict();
export const OVERRIDE_MINUTES = 5;
export const OverrideAnswer = z.object({ counter: CounterNumber, by: z.string(), expiresAt: z.iso.datetime() });
export type OverrideAnswer = z.infer<typeof OverrideAnswer>;

/** GET /api/v1/pauses?day=YYYY-MM-DD (default: the hub's business day). */
export const PausesQuery = z.object({ day: IsoDate.optional() }).strict();

/** One window as the pause desk keeps it, for the business day. */
export const WindowState = z.object({
  number: CounterNumber,
  /** Opened by its teller today (explicitly, or by the first call). A paused window stays open. */
  open: z.boolean(),
  openedAt: z.iso.datetime().nullable(),
  /** The pause whose sign is up, or null. */
  pause: Pause.nullable(),
  /** While paused or closed: where the sign sends customers ("请到 M 号窗口办理"); null otherwise or when no window serves them all. */
  redirectTo: CounterNumber.nullable(),
});
export type WindowState = z.infer<typeof WindowState>;

/** A pause with what the lead judges it by (its reason's policy applied at the time of the answer). */
export const PauseView = z.object({
  pause: Pause,
  /** The teller signed in at the window who put the sign up (null for a pause stored before sign-in existed). */
  staffId: z.string().nullable(),
  allowedMinutes: z.number().int().min(1),
  needsApproval: z.boolean(),
  unapproved: z.boolean(),
  overrun: z.boolean(),
  elapsedSeconds: z.number().int().min(0),
  remainingSeconds: z.number().int().min(0),
  overrunSeconds: z.number().int().min(0),
});
export type PauseView = z.infer<typeof PauseView>;

/** Answer of pause, resume and approve. */
export const PauseAnswer = z.object({
  pause: PauseView,
  /** Where the window's sign sends customers now (null once resumed, or when no window fits). */
  redirectTo: CounterNumber.nullable(),
  /** Tickets the window passed on when its sign went up (empty for resume and approve). */
  handedBack: z.array(HandBack),
});
export type PauseAnswer = z.infer<typeof PauseAnswer>;

/** Answer of open and close. */
export const WindowAnswer = z.object({ window: WindowState, handedBack: z.array(HandBack) });
export type WindowAnswer = z.infer<typeof WindowAnswer>;

export const PauseList = z.object({ day: IsoDate, pauses: z.array(PauseView) });
export type PauseList = z.infer<typeof PauseList>;

/** Why a pause, resume, close or approval is refused (the `reason` of a 409, see docs/api.md). */
export const PauseRefusal = z.enum([
  'last_open_for_service',
  'below_min_open',
  'close_needs_approval',
  'customer_at_counter',
  'already_paused',
  'not_open',
  'not_paused',
  'counter_paused',
  'self_approval',
  'nobody_signed_in',
]);
export type PauseRefusal = z.infer<typeof PauseRefusal>;

// ---------------------------------------------------------------- records for head office

/** A pause's start, consent or end, as head office keeps it (kind 'pause.record'). */
export const PauseRecordBody = z.object({
  type: z.enum(['pause.started', 'pause.approved', 'pause.ended']),
  /** The pause right after this step. */
  pause: Pause,
  staffId: z.string().nullable(),
  allowedMinutes: z.number().int().min(1),
  needsApproval: z.boolean(),
  /** Whole seconds from start to end, and past the allowed length; null until it ends. */
  lengthSeconds: z.number().int().min(0).nullable(),
  overrunSeconds: z.number().int().min(0).nullable(),
  redirectTo: CounterNumber.nullable(),
  /** Numbers of the tickets passed on when the sign went up. */
  handedBack: z.array(z.string()),
});
export type PauseRecordBody = z.infer<typeof PauseRecordBody>;

/** A window opened or closed for the business day (kind 'window.record'). */
export const WindowRecordBody = z.object({
  type: z.enum(['window.opened', 'window.closed']),
  counter: CounterNumber,
  at: z.iso.datetime(),
  businessDay: IsoDate,
  staffId: z.string().nullable(),
  /** Opened by the teller's first call rather than the Open button. */
  implicit: z.boolean(),
  overrideBy: z.string().nullable(),
});
export type WindowRecordBody = z.infer<typeof WindowRecordBody>;

/** The live stream's frame of the windows (GET /api/v1/stream): after the snapshot and on every change. */
export const WindowsMessage = z.object({ type: z.literal('windows'), windows: z.array(WindowState) });
export type WindowsMessage = z.infer<typeof WindowsMessage>;
