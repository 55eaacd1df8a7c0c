import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { QueueError } from '../../shared/api/errors.js';
import { EmptyRequest } from '../../shared/api/queueApi.js';
import type { ReplayGrant } from '../../shared/recording/access.js';
import { REVIEW_PATHS, ReviewCommentRequest, reviewVoiceOf } from '../../shared/recording/review.js';
import type { ReviewThread } from '../../shared/recording/review.js';
import { parseSearchQuery } from '../../shared/recording/search.js';
import type { RecordingSearchResponse } from '../../shared/recording/searchResult.js';
import { RecordId } from '../../shared/uploads/metadata.js';
import type { SqlDb } from '../db/sqlDb.js';
import { bodyOf } from '../http/body.js';
import type { RecordingProjector } from './projector.js';
import type { ReviewLog } from './reviewLog.js';
import { findRecording, searchRecordings } from './search.js';
import type { ListenerAccess, SignedIn } from './staffSignIn.js';

const IdParams = z.object({ id: RecordId });

export interface ReviewRouteDeps {
  db: SqlDb;
  projector: RecordingProjector;
  reviews: ReviewLog;
  access: ListenerAccess;
  timezone: () => string;
  /** Logs the listen and hands out the audio grant, exactly as the lead's replay does. */
  replay(who: SignedIn, recording: { id: string; counter: number; ticketNumber: string | null; sha256: string }): Promise<ReplayGrant>;
}

/**
 * Self-review (issue 15): a teller hears their own recorded services at their counter and writes
 * a self-comment; the lead adds the leader's comment. Whose recording it is comes from the
 * recording index, never from the request, so a teller cannot hear a colleague by naming them.
 */
export function registerReviewRoutes(app: FastifyInstance, deps: ReviewRouteDeps): void {
  const { db, projector, reviews, access } = deps;

  const recordingFor = async (id: string) => {
    await projector.catchUp();
    const rec = await findRecording(db, id);
    if (!rec) throw new QueueError('not_found', 'no such recording');
    return rec;
  };

  app.get(REVIEW_PATHS.mine, async (req): Promise<RecordingSearchResponse> => {
    const me = await access.requirePerson(req);
    if (!me.mayReviewOwn) throw new QueueError('forbidden', 'this role has no recorded services of its own to review');
    const { teller: _ignored, ...params } = (req.query ?? {}) as Record<string, unknown>;
    await projector.catchUp();
    return searchRecordings(db, parseSearchQuery({ ...params, teller: me.staffId }), deps.timezone());
  });

  app.post(REVIEW_PATHS.selfReplay, async (req): Promise<ReplayGrant> => {
    const me = await access.requirePerson(req);
    const { id } = IdParams.parse(req.params);
    EmptyRequest.parse(bodyOf(req));
    const rec = await recordingFor(id);
    if (!me.mayReviewOwn || rec.tellerId !== me.staffId) throw new QueueError('forbidden', 'only your own recorded services can be heard here');
    return deps.replay(me, rec);
  });

  app.get(REVIEW_PATHS.comments, async (req): Promise<ReviewThread> => {
    const me = await access.requirePerson(req);
    const { id } = IdParams.parse(req.params);
    const rec = await recordingFor(id);
    if (reviewVoiceOf(me, rec.tellerId) === null) throw new QueueError('forbidden', 'only the recorded teller and those who may listen read this review');
    return { recordingId: id, comments: await reviews.thread(id) };
  });

  app.post(REVIEW_PATHS.comments, async (req) => {
    const me = await access.requirePerson(req);
    const { id } = IdParams.parse(req.params);
    const body = ReviewCommentRequest.parse(bodyOf(req));
    const rec = await recordingFor(id);
    const voice = reviewVoiceOf(me, rec.tellerId);
    if (voice === null || (voice === 'self' && !me.mayReviewOwn)) throw new QueueError('forbidden', 'only the recorded teller and those who may listen comment on this recording');
    return reviews.add({ recordingId: id, tellerId: rec.tellerId, author: me, voice, text: body.text });
  });
}
