import type { MergedDoc } from '../sync/lww.js';
import { FollowUp } from './api.js';
import type { FollowUpRating } from './api.js';
import type { RatingRecord, RatingScale } from './schema.js';
import { needsFollowUp, ratingLevel } from './rules.js';

/**
 * A low rating opens a follow-up for the lead: a mergeable document (doc.op records, docType
 * 'follow_up', shared/sync/kinds.ts) so that the complaint log can adopt it later by adding ops
 * to the same document (status, assignee, answer...), from any device, without a schema change.
 */
export const FOLLOW_UP_DOC_TYPE = 'follow_up';

export interface FollowUpContext {
  ticketNumber: string;
  serviceCode: string;
  scale: RatingScale;
  openedAt: Date;
}

/**
 * The fields of the follow-up a rating opens, one doc.op each; null when the rating opens none
 * (not rated, or not a low answer on its scale).
 */
export function followUpFields(record: RatingRecord, ctx: FollowUpContext): Record<string, unknown> | null {
  if (!needsFollowUp(record, ctx.scale) || record.value === null || record.source === null || record.ratedAt === null) return null;
  const level = ratingLevel(record.value, ctx.scale)!;
  const rating: FollowUpRating = {
    serviceId: record.serviceId,
    value: record.value,
    label: level.label,
    scaleId: ctx.scale.id,
    source: record.source,
    ratedAt: record.ratedAt,
  };
  return {
    origin: 'low_rating',
    status: 'open',
    counter: record.counter,
    tellerId: record.tellerId,
    ticketId: record.ticketId,
    ticketNumber: ctx.ticketNumber,
    serviceCode: ctx.serviceCode,
    rating,
    openedAt: ctx.openedAt.toISOString(),
  };
}

/**
 * The lead's view of a merged follow-up document; null for a document of another type or one
 * whose ops have not all arrived yet (a field missing), so a half-synced document is never shown
 * as if it were whole.
 */
export function followUpOf(doc: Pick<MergedDoc, 'docType' | 'docId' | 'fields'>): FollowUp | null {
  if (doc.docType !== FOLLOW_UP_DOC_TYPE || doc.docId === null) return null;
  const parsed = FollowUp.safeParse({ ...doc.fields, id: doc.docId });
  return parsed.success ? parsed.data : null;
}
