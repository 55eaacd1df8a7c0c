import { z } from 'zod';
import { CounterNumber, ServiceCode } from '../config/primitives.js';
import { WindowStatus } from '../api/queueApi.js';
import { TicketStatus } from '../queue/ticket.js';
import { Localized } from '../i18n/localized.js';

/** Why a window stops serving for a while (暂停服务). */
export const PauseReason = z.enum([
  'break', // the teller's own short break
  'shift_handover', // 交接班 (seed 004 part 4 二)
  'device_failure', // the window's computer, printer, keypad ... does not work
  'cash_replenishment', // cash box top-up or hand-in, an internal chore
  'called_by_lead', // the duty leader needs the teller in person (a dispute, a complaint)
  'other',
]);
export type PauseReason = z.infer<typeof PauseReason>;
export const PAUSE_REASONS: readonly PauseReason[] = PauseReason.options;

/** What one reason allows, and what the window's sign tells the customers meanwhile. */
export const PausePolicy = z.object({
  /** Past this length the pause is an overrun and the lead is alerted. */
  allowedMinutes: z.number().int().min(1).max(240),
  /** The duty leader must consent (seed 003 (8) 6); until then the lead sees the pause flagged. */
  needsApproval: z.boolean(),
  /** Customer-facing sign text on the counter display, e.g. "交接班中，请稍候". */
  sign: Localized,
  /** The reason's name on the teller's and the lead's screens. */
  label: Localized,
});
export type PausePolicy = z.infer<typeof PausePolicy>;

/** One policy for every reason: a missing reason is a configuration error, not a silent default. */
export const PausePolicies = z.record(PauseReason, PausePolicy);
export type PausePolicies = z.infer<typeof PausePolicies>;

/**
 * How many windows stay open during opening hours. Seed 000: windows are not closed at will, and
 * internal activities may not stop service even at some windows (不得随意关闭对外窗口 ... 也不允许
 * 部分窗口停止对外营业). So during opening hours:
 * - a pause or close that leaves a service with fewer open windows than its minimum (or the branch
 *   with fewer than `minTotal`) needs the lead: a pause goes up flagged until a signed-in lead
 *   approves it (POST /api/v1/pauses/{id}/approve), a close waits for the lead's agreement
 *   (POST /api/v1/counters/{n}/override);
 * - closing any window needs the lead's agreement (`closeNeedsApproval`), above the minimums too:
 *   a pause is the way to step away, a close stops a window for the rest of the day;
 * - the last open window of a service stops only with the lead's agreement given beforehand
 *   (canPause's 'last_open_for_service'), whatever these numbers say.
 * A device failure is never held back (the window cannot serve anyway). Outside opening hours none
 * of this applies.
 */
export const OpenWindowsPolicy = z.object({
  /** Open windows each service keeps during opening hours. */
  minPerService: z.number().int().min(1).max(50).default(1),
  /** Minimums of particular services that replace `minPerService`, e.g. { "A": 2 } for a busy queue. */
  services: z.record(ServiceCode, z.number().int().min(1).max(50)).default({}),
  /** Open windows of the whole branch. */
  minTotal: z.number().int().min(1).max(100).default(1),
  /** Closing a window during opening hours needs the lead's agreement, whatever the counts. */
  closeNeedsApproval: z.boolean().default(true),
});
export type OpenWindowsPolicy = z.infer<typeof OpenWindowsPolicy>;
export const DEFAULT_OPEN_WINDOWS: OpenWindowsPolicy = OpenWindowsPolicy.parse({});

export const Pause = z
  .object({
    id: z.string().min(1),
    counter: CounterNumber,
    reason: PauseReason,
    startedAt: z.iso.datetime(),
    /** null while the sign is up. */
    endedAt: z.iso.datetime().nullable(),
    /** The lead who consented, and when; both null until then. */
    approvedBy: z.string().min(1).nullable(),
    approvedAt: z.iso.datetime().nullable(),
    /** The lead who let the last open window of a service pause (see canPause). */
    overrideBy: z.string().min(1).nullable(),
    /** The teller signed in at the window who put the sign up (absent on pauses stored before sign-in). */
    staffId: z.string().min(1).nullable().optional(),
    /**
     * The pause left a service (or the branch) below its minimum of open windows during opening
     * hours (OpenWindowsPolicy): the lead must consent whatever the reason's policy says.
     */
    belowMinimum: z.boolean().optional(),
  })
  .refine((p) => (p.approvedBy === null) === (p.approvedAt === null), 'approvedBy and approvedAt go together')
  .refine((p) => p.endedAt === null || Date.parse(p.endedAt) >= Date.parse(p.startedAt), 'a pause cannot end before it starts');
export type Pause = z.infer<typeof Pause>;

/**
 * What a window is doing as the pause rules need it: the queue status (counterStatusOf in
 * shared/queue/snapshot.ts), or 'paused' while its sign is up, or 'closed' when nobody staffs it.
 * Defined beside the queue summary that reports it (shared/api/queueApi.ts).
 */
export { WindowStatus };

export const PauseWindow = z.object({
  number: CounterNumber,
  services: z.array(ServiceCode).min(1),
  status: WindowStatus,
});
export type PauseWindow = z.infer<typeof PauseWindow>;

/** What happens to one ticket tied to a window whose pause starts (see handBack in rules.ts). */
export const HandBack = z.object({
  ticketId: z.string().min(1),
  number: z.string(),
  service: ServiceCode,
  /** The ticket's status at the paused window. */
  from: TicketStatus,
  /**
   * 'requeue': back to waiting for its service, any window may call it.
   * 'transfer': back to waiting, pinned to window `toCounter`.
   * Either way issuedAt is kept, so the customer keeps their place.
   */
  action: z.enum(['requeue', 'transfer']),
  toCounter: CounterNumber.nullable(),
});
export type HandBack = z.infer<typeof HandBack>;
