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
