import { z } from 'zod';
import { StaffRole } from '../config/primitives.js';
import { RecordId } from '../uploads/metadata.js';

/**
 * Review of a counter recording (issue 15, seed 004 part 2 五 3 (1)): the teller hears their own
 * service and writes a self-comment; the lead (or an auditor) adds theirs. Each comment is a
 * record that reaches head office (`recording.review`, shared/sync/kinds.ts), so the monthly
 * remote review sees the thread as it was written. Comments are never edited: a second thought is
 * a second comment.
 */
export const REVIEW_PATHS = {
  mine: '/api/v1/recordings/mine',
  selfReplay: '/api/v1/recordings/:id/self-replay',
  comments: '/api/v1/recordings/:id/comments',
} as const;

/** Whose comment: the teller on their own service, or a reviewer above them. */
export const ReviewVoice = z.enum(['self', 'lead']);
export type ReviewVoice = z.infer<typeof ReviewVoice>;

export const ReviewCommentRequest = z.object({ text: z.string().trim().min(1).max(1000) }).strict();
export type ReviewCommentRequest = z.infer<typeof ReviewCommentRequest>;

export const ReviewComment = z.object({
  id: RecordId,
  recordingId: RecordId,
  /** The teller whose service was recorded (the recording's teller, for head office's per-teller sample). */
  tellerId: z.string().min(1).max(64),
  authorId: z.string().min(1).max(64),
  authorRole: StaffRole,
  voice: ReviewVoice,
  text: z.string().min(1).max(1000),
  at: z.iso.datetime(),
});
export type ReviewComment = z.infer<typeof ReviewComment>;

export const ReviewThread = z.object({ recordingId: RecordId, comments: z.array(ReviewComment) });
export type ReviewThread = z.infer<typeof ReviewThread>;

/**
 * Which voice a person speaks in on a recording, or null when they may not comment on it: the
 * recording's own teller comments as 'self' (even a lead covering a window); someone else who may
 * listen comments as 'lead'; anyone else, never.
 */
export function reviewVoiceOf(person: { staffId: string; mayListen: boolean }, recordingTellerId: string): ReviewVoice | null {
  if (person.staffId === recordingTellerId) return 'self';
  return person.mayListen ? 'lead' : null;
}
