import { z } from 'zod';
import { StaffRole } from '../config/primitives.js';

/**
 * The complaint log's time limits and rules per kind of branch, as head office configures them
 * (BranchConfig.complaints). Every number has a default taken from the rules the branch answers
 * to; see the comments on each default below.
 */

/** The kind of branch, which decides the default time limits. */
export const BranchType = z.enum([
  /** A bank branch (also post-office savings counters): the 2020 banking and insurance consumer-complaint rules. */
  'bank',
  /** A government service hall (also a housing-fund centre): the 政务服务"好差评" rules. */
  'government_hall',
  /** Anything else (telecom hall, toll station): no regulation in the seeds; working days throughout. */
  'other',
]);
export type BranchType = z.infer<typeof BranchType>;

/**
 * How days are counted:
 * - 'working': official working days of the State Council's calendar (chinese-days), so holidays
 *   are skipped and adjusted working days (调休, e.g. a Saturday) count;
 * - 'calendar': every day counts (日), the day of receipt does not, and a last day that is not a
 *   working day moves to the next working day when `rollToWorkingDay` is set.
 */
export const DayUnit = z.enum(['working', 'calendar']);
export type DayUnit = z.infer<typeof DayUnit>;

/**
 * When a call-back (回访) is needed before the item may be closed:
 * - 'reachable': whenever a phone number is on file;
 * - 'real_name': when the person gave their real name (实名);
 * - 'never': not required (a call-back may still be recorded).
 */
export const CallbackRule = z.enum(['reachable', 'real_name', 'never']);
export type CallbackRule = z.infer<typeof CallbackRule>;

/**
 * The time to answer (作出处理决定并告知), counted from the day of receipt (not counted itself):
 * `simpleDays`; a complex case may be extended once to `complexDays` in total; with a recorded
 * approval once more by `approvedExtensionDays`. null: that extension does not exist.
 */
export const DeadlineRule = z
  .object({
    unit: DayUnit,
    simpleDays: z.number().int().min(1).max(365),
    complexDays: z.number().int().min(1).max(365).nullable(),
    approvedExtensionDays: z.number().int().min(1).max(365).nullable(),
    /** Calendar days only: a last day on a holiday or weekend moves to the next working day. */
    rollToWorkingDay: z.boolean().default(true),
  })
  .refine((r) => r.complexDays === null || r.complexDays >= r.simpleDays, 'complexDays must be at least simpleDays')
  .refine((r) => r.approvedExtensionDays === null || r.complexDays !== null, 'an approved extension follows the complex-case extension');
export type DeadlineRule = z.infer<typeof DeadlineRule>;

const ComplaintPolicyShape = z.object({
  branchType: BranchType,
  /** Complaints (kind 'complaint'). */
  complaint: DeadlineRule,
  /** Dissatisfied ratings turned into complaint-log items (kind 'dissatisfied_rating'). */
  dissatisfiedRating: DeadlineRule,
  /**
   * Acknowledgement (受理告知): 0 = by the end of the business day of receipt (the next working
   * day when it came in on a day off); n = by the end of the n-th working day after receipt.
   */
  acknowledgeWorkingDays: z.number().int().min(0).max(5).default(0),
  /** A supervision reminder (督办) this many working days before the last day; 0 = none before, only when overdue. */
  remindWorkingDaysBefore: z.number().int().min(0).max(10).default(2),
  callback: z.object({
    complaint: CallbackRule,
    dissatisfiedRating: CallbackRule,
  }),
  /** The answer must tell the complainant where to turn if they disagree (核查、调解、仲裁、诉讼). */
  answerRequiresRecourse: z.boolean(),
  /** Who may approve the second extension (上级机构或者总行、总公司高级管理人员审批). */
  extensionApproverRoles: z.array(StaffRole).min(1).default(['hq_admin']),
});
export type ComplaintPolicy = z.infer<typeof ComplaintPolicyShape>;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A configured policy over the defaults of its branch type: `{ branchType: 'government_hall' }`
 * alone is the government hall's policy; any field given overrides that default (the deadline
 * rules and the call-back rules field by field).
 */
function overDefaults(input: unknown): unknown {
  if (!isRecord(input)) return input;
  const type = BranchType.safeParse(input.branchType ?? 'bank');
  if (!type.success) return input;
  const base: Record<string, unknown> = { ...COMPLAINT_POLICY_DEFAULTS[type.data] };
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(input)) {
    out[key] = isRecord(value) && isRecord(base[key]) ? { ...base[key], ...value } : value;
  }
  return out;
}

/** The complaint policy of a branch; missing fields come from its branch type's defaults (bank when none is given). */
export const ComplaintPolicy = z.preprocess(overDefaults, ComplaintPolicyShape);

/**
 * Bank branches: 银行业保险业消费投诉处理管理办法 (CBIRC order 2020 No. 3, in force 2020-03-01),
 * the article on handling time: a decision within 15 日 of receipt for a clear, simple case,
 * extendable to 30 日 when complicated, and by 30 日 more for a particularly complicated case
 * with the approval of the superior institution or head-office senior management, the
 * complainant being told each time. The rules say 日, not 工作日 (the 2012 CBRC notice they replace
 * said 15 个工作日, at most 60), so they are counted as calendar days; the day of receipt is not
 * counted and a last day falling on a day off moves to the next working day (Civil Code arts.
 * 201 and 203, which govern how periods are counted). The answer tells the complainant of the
 * recourse channels. A dissatisfied rating is no consumer complaint: it is followed up like the
 * government hall's bad reviews, in 5 working days (our choice, no rule in the seeds).
 */
export const BANK_COMPLAINT_POLICY: ComplaintPolicy = ComplaintPolicyShape.parse({
  branchType: 'bank',
  complaint: { unit: 'calendar', simpleDays: 15, complexDays: 30, approvedExtensionDays: 30 },
  dissatisfiedRating: { unit: 'working', simpleDays: 5, complexDays: null, approvedExtensionDays: null },
  callback: { complaint: 'reachable', dissatisfiedRating: 'real_name' },
  answerRequiresRecourse: true,
});

/**
 * Government service halls: the 好差评 system (国办发〔2019〕51号 and the local rules under it) —
 * every bad review and complaint verified, rectified and answered within 5 working days; a
 * complicated case goes on a ledger with a time limit (15 working days here: our choice); every
 * real-name bad review is called back (实名差评回访率 100%).
 */
export const GOVERNMENT_HALL_COMPLAINT_POLICY: ComplaintPolicy = ComplaintPolicyShape.parse({
  branchType: 'government_hall',
  complaint: { unit: 'working', simpleDays: 5, complexDays: 15, approvedExtensionDays: null },
  dissatisfiedRating: { unit: 'working', simpleDays: 5, complexDays: null, approvedExtensionDays: null },
  callback: { complaint: 'reachable', dissatisfiedRating: 'real_name' },
  answerRequiresRecourse: false,
});

/** Other counters (telecom, toll): 15 working days, 30 when complicated (the older banking practice). */
export const OTHER_COMPLAINT_POLICY: ComplaintPolicy = ComplaintPolicyShape.parse({
  branchType: 'other',
  complaint: { unit: 'working', simpleDays: 15, complexDays: 30, approvedExtensionDays: null },
  dissatisfiedRating: { unit: 'working', simpleDays: 5, complexDays: null, approvedExtensionDays: null },
  callback: { complaint: 'reachable', dissatisfiedRating: 'real_name' },
  answerRequiresRecourse: false,
});

export const COMPLAINT_POLICY_DEFAULTS: Readonly<Record<BranchType, ComplaintPolicy>> = {
  bank: BANK_COMPLAINT_POLICY,
  government_hall: GOVERNMENT_HALL_COMPLAINT_POLICY,
  other: OTHER_COMPLAINT_POLICY,
};

/** The default policy of a kind of branch (a fresh copy, safe to change). */
export function complaintPolicyFor(type: BranchType): ComplaintPolicy {
  return structuredClone(COMPLAINT_POLICY_DEFAULTS[type]);
}

/** A branch configuration without a `complaints` section is a bank branch (the demo and default catalogue are a bank's). */
export const DEFAULT_COMPLAINT_POLICY: ComplaintPolicy = BANK_COMPLAINT_POLICY;
