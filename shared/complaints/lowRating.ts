import type { FollowUpRating } from '../ratings/api.js';
import { needsFollowUp, ratingLevel } from '../ratings/rules.js';
import type { RatingRecord, RatingScale } from '../ratings/schema.js';
import type { ComplaintPolicy } from './policy.js';
import { Complainant, ComplaintActor } from './schema.js';
import type { Complaint, ComplaintCategory } from './schema.js';
import { ELIGIBLE_ROLES, newComplaint } from './workflow.js';
import type { StepTaken } from './workflow.js';

/** Nobody's name, nobody's number: a rating given at the window without leaving contact details. */
export const ANONYMOUS: Complainant = { name: null, phone: null, realName: false };

export interface LowRatingContext {
  /** The new item's id (made on the device, a ULID). */
  id: string;
  branchId: string;
  timezone: string;
  /** The scale the rating was given on (what is low is the scale's business: shared/ratings). */
  scale: RatingScale;
  ticketNumber: string;
  recordingId?: string | null;
  /**
   * The customer, when they left their name and number with the rating (实名评价); anonymous
   * otherwise. A real-name dissatisfied rating must be called back.
   */
  complainant?: Complainant | null;
  /** The duty lead on shift, who owns the item (the rated teller never does: 回避). */
  dutyLead: ComplaintActor;
  category?: ComplaintCategory;
  /** What the customer wrote with the rating, if anything. */
  facts?: string;
  now: Date;
}

export type LowRatingResult =
  | StepTaken
  /** Not rated, or not a low answer on its scale: no item. */
  | { ok: false; reason: 'not_low' }
  /** The duty lead named is the rated teller (a lead covering a window): name another. */
  | { ok: false; reason: 'recusal'; staffId: string }
  | { ok: false; reason: 'not_eligible_for_level'; level: 'duty_lead'; role: ComplaintActor['role'] }
  | { ok: false; reason: 'invalid_command'; issues: string[] };

/**
 * A dissatisfied rating as a complaint-log item (kind 'dissatisfied_rating', channel 'counter',
 * received when the customer rated): linked to the ticket, window, teller, recording and rating;
 * the rated teller is its subject; the duty lead owns it at level duty_lead; registered by the
 * system (the hub), with the policy's dissatisfied-rating deadline. Whether it needs a call-back
 * follows policy.callback.dissatisfiedRating (default: a real-name rating does).
 * Null-like refusal 'not_low' for anything that is not a low rating (needsFollowUp).
 */
export function lowRatingItem(record: RatingRecord, ctx: LowRatingContext, policy: ComplaintPolicy): LowRatingResult {
  if (!needsFollowUp(record, ctx.scale) || record.value === null || record.source === null || record.ratedAt === null) return { ok: false, reason: 'not_low' };
  const complainant = Complainant.safeParse(ctx.complainant ?? ANONYMOUS);
  const lead = ComplaintActor.safeParse(ctx.dutyLead);
  if (!complainant.success || !lead.success) {
    const issues = [...(complainant.error?.issues ?? []), ...(lead.error?.issues ?? [])].map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return { ok: false, reason: 'invalid_command', issues };
  }
  if (lead.data.staffId === record.tellerId) return { ok: false, reason: 'recusal', staffId: lead.data.staffId };
  if (!ELIGIBLE_ROLES.duty_lead.includes(lead.data.role)) return { ok: false, reason: 'not_eligible_for_level', level: 'duty_lead', role: lead.data.role };
  const level = ratingLevel(record.value, ctx.scale)!;
  const rating: FollowUpRating = {
    serviceId: record.serviceId,
    value: record.value,
    label: level.label,
    scaleId: ctx.scale.id,
    source: record.source,
    ratedAt: record.ratedAt,
  };
  return newComplaint(
    {
      id: ctx.id,
      branchId: ctx.branchId,
      timezone: ctx.timezone,
      kind: 'dissatisfied_rating',
      channel: 'counter',
      receivedAt: new Date(record.ratedAt),
      complainant: complainant.data,
      category: ctx.category ?? 'other',
      facts: (ctx.facts ?? '').trim(),
      request: '',
      service: {
        ticketId: record.ticketId,
        ticketNumber: ctx.ticketNumber,
        window: record.counter,
        tellerId: record.tellerId,
        recordingId: ctx.recordingId ?? null,
        ratingId: record.serviceId,
      },
      rating,
      subjectTellerId: record.tellerId,
      complexity: 'simple',
      firstResponderId: lead.data.staffId,
      ownerId: lead.data.staffId,
      level: 'duty_lead',
      handOvers: [],
    },
    { staffId: 'system', role: 'system' },
    ctx.now,
    policy,
  );
}

export interface CallbackRate {
  /** Real-name dissatisfied ratings (each must be called back). */
  due: number;
  /** Of those, called back. */
  done: number;
  /** done / due x 100; null when none is due. */
  percent: number | null;
  /** The target: every one (实名差评回访率 100%). */
  targetPercent: 100;
}

/**
 * The call-back rate of dissatisfied ratings: call-backs done / real-name dissatisfied ratings.
 * The caller picks the items (a branch, a month); complaints proper are left out.
 */
export function callbackRate(items: readonly Pick<Complaint, 'kind' | 'complainant' | 'callback'>[]): CallbackRate {
  let due = 0;
  let done = 0;
  for (const item of items) {
    if (item.kind !== 'dissatisfied_rating' || !item.complainant.realName) continue;
    due += 1;
    if (item.callback !== null) done += 1;
  }
  return { due, done, percent: due === 0 ? null : (done * 100) / due, targetPercent: 100 };
}

/**
 * Whether a dissatisfied rating still counts against the teller: not when their appeal was
 * upheld on review (误评). The rating record itself is never deleted or changed.
 */
export function countsAgainstTeller(item: Pick<Complaint, 'kind' | 'appeal'>): boolean {
  if (item.kind !== 'dissatisfied_rating') return true;
  return item.appeal?.review?.outcome !== 'upheld';
}
