import { z } from 'zod';
import { Localized } from '../i18n/localized.js';

export { BranchKind, ClockTime, CounterNumber, IsoDate, Priority, ServiceCode, StaffRole } from './primitives.js';
import { BranchKind, ClockTime, CounterNumber, IsoDate, ServiceCode, StaffRole } from './primitives.js';
import { ServiceStandards } from './standards.js';
import { AccessPolicy } from '../access/policy.js';
import { ComplaintPolicy, DEFAULT_COMPLAINT_POLICY } from '../complaints/policy.js';

/** A session may close at "24:00" (midnight at the end of the day). */
export const Session = z
  .object({ open: ClockTime, close: z.union([ClockTime, z.literal('24:00')]) })
  .refine((s) => s.open < s.close, 'a session must open before it closes');

const DaySessions = z.array(Session);

export const OpeningHours = z.object({
  timezone: z.string().min(1),
  /** Index 0 = Sunday ... 6 = Saturday, like Date.getDay(). */
  weekly: z.array(DaySessions).length(7),
  /** Public holidays when the branch is closed although the weekday is normally open. */
  closedDates: z.array(IsoDate).default([]),
  /** Adjusted working days (调休) when a normally closed weekday opens with these sessions. */
  extraOpenDates: z.array(z.object({ date: IsoDate, sessions: DaySessions })).default([]),
});
export type OpeningHours = z.infer<typeof OpeningHours>;

/**
 * A service's two targets, each given in whole minutes, as most branches count, or in seconds
 * where a service takes seconds (a toll lane issues a card in 5 s and charges a vehicle in 20 s,
 * seed 004): one of `...Minutes` / `...Seconds` per target, never both. Configurations written
 * before seconds existed (minutes only) parse as they did. Read them with targetWaitSecondsOf
 * and targetHandlingSecondsOf, never the fields.
 */
export const Service = z
  .object({
    code: ServiceCode,
    name: Localized,
    /** The longest a customer should wait, from the ticket to the first call. */
    targetWaitMinutes: z.number().int().positive().optional(),
    targetWaitSeconds: z.number().int().positive().optional(),
    /** How long serving one customer should take, from the start of service to its finish. */
    targetHandlingMinutes: z.number().int().positive().optional(),
    targetHandlingSeconds: z.number().int().positive().optional(),
  })
  .superRefine((s, ctx) => {
    for (const [minutes, seconds] of [
      ['targetWaitMinutes', 'targetWaitSeconds'],
      ['targetHandlingMinutes', 'targetHandlingSeconds'],
    ] as const) {
      if ((s[minutes] === undefined) === (s[seconds] === undefined)) {
        ctx.addIssue({ code: 'custom', path: [minutes], message: `give ${minutes} or ${seconds}, one of the two` });
      }
    }
  });
export type Service = z.infer<typeof Service>;

/** The service's target wait in seconds, whichever way it was given (Infinity: no target). */
export function targetWaitSecondsOf(s: Pick<Service, 'targetWaitMinutes' | 'targetWaitSeconds'>): number {
  return s.targetWaitSeconds ?? (s.targetWaitMinutes === undefined ? Number.POSITIVE_INFINITY : s.targetWaitMinutes * 60);
}

/** The service's target handling time in seconds, whichever way it was given (Infinity: no target). */
export function targetHandlingSecondsOf(s: Pick<Service, 'targetHandlingMinutes' | 'targetHandlingSeconds'>): number {
  return s.targetHandlingSeconds ?? (s.targetHandlingMinutes === undefined ? Number.POSITIVE_INFINITY : s.targetHandlingMinutes * 60);
}

export const Staff = z.object({
  id: z.string().min(1),
  name: Localized,
  badge: z.string().min(1),
  stars: z.number().int().min(0).max(3),
  role: StaffRole.default('teller'),
  /**
   * Sign-in PIN, scrypt-hashed (server/hub/access/pinHash.ts); absent: this person cannot sign in.
   * Never leaves the hub except to an enrolled counter (GET /api/v1/session/verifiers).
   */
  pinHash: z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/, 'pinHash is scrypt$N$r$p$salt$hash').optional(),
});
export type Staff = z.infer<typeof Staff>;

export const Counter = z.object({
  number: CounterNumber,
  /** The services this window serves. */
  services: z.array(ServiceCode).min(1),
  staffId: z.string().min(1),
});
export type Counter = z.infer<typeof Counter>;

export const Appointment = z.object({
  code: z.string().regex(/^\d{6}$/, 'an appointment code has 6 digits'),
  service: ServiceCode,
  /** Local date and time of the booked slot, "YYYY-MM-DDTHH:MM". */
  slot: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/),
});
export type Appointment = z.infer<typeof Appointment>;

export const QueuePolicy = z.object({
  /** After this many priority calls in a row, a waiting normal ticket is called. */
  maxConsecutivePriority: z.number().int().min(1),
  /** A ticket waiting longer than this goes before every other, oldest first. */
  maxWaitMinutes: z.number().int().positive(),
  /** No-show (过号) is allowed only after this many recalls ... */
  recallsBeforeNoShow: z.number().int().min(0),
  /** ... and this long after the last call or recall. */
  minSecondsBetweenCalls: z.number().int().min(0),
  /** An appointment counts as on time from this many minutes before its slot to this many after. */
  appointmentEarlyMinutes: z.number().int().min(0),
  appointmentLateMinutes: z.number().int().min(0),
  /** Waiting count at which the duty leader is alerted (seed 004: 20, the default). */
  alertWaitingCount: z.number().int().positive().default(20),
});
export type QueuePolicy = z.infer<typeof QueuePolicy>;

export const AnnouncementConfig = z.object({
  /** How many times each call is spoken (a recall is spoken the same number of times). */
  repeat: z.number().int().min(1).max(3),
  /** Number of recent calls the hall shows. */
  hallHistory: z.number().int().min(1).max(12),
});
export type AnnouncementConfig = z.infer<typeof AnnouncementConfig>;

/**
 * The region head office files a branch under (figures, rankings and reports per region,
 * network -> region -> branch). The id groups; the name is shown, in the three languages.
 */
export const BranchRegion = z.object({
  id: z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9-]*$/, 'a region id is lower case letters, digits and dashes'),
  name: Localized,
});
export type BranchRegion = z.infer<typeof BranchRegion>;

export const BranchConfig = z.object({
  branchId: z.string().min(1),
  name: Localized,
  /** Absent: head office lists the branch under "no region". */
  region: BranchRegion.optional(),
  /** The kind of branch; picks the default phrase catalogue (shared/phrases/catalogue.ts). Default: a bank branch. */
  branchType: BranchKind.default('bank'),
  services: z.array(Service).min(1),
  counters: z.array(Counter).min(1),
  staff: z.array(Staff),
  hours: OpeningHours,
  policy: QueuePolicy,
  announcement: AnnouncementConfig,
  appointments: z.array(Appointment).default([]),
  standards: ServiceStandards.default(() => ServiceStandards.parse({})),
  /** Sign-in policy: PIN length, idle lock, session length, lockout (shared/access/policy.ts). */
  access: AccessPolicy.default(() => AccessPolicy.parse({})),
  /** Complaint-log time limits, reminders and call-back rules per branch type (shared/complaints/policy.ts); default: a bank branch's. */
  complaints: ComplaintPolicy.default(() => structuredClone(DEFAULT_COMPLAINT_POLICY)),
});
export type BranchConfig = z.infer<typeof BranchConfig>;
