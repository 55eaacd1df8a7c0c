import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { InspectionSheetInput } from '../../../shared/evaluation/inspection.js';
import { HQ_EVALUATION_API, MonthBranchQuery, SheetListQuery } from '../../../shared/evaluation/inspectionApi.js';
import type { BranchEvaluationScores } from '../../../shared/evaluation/inspectionApi.js';
import { PolicyEdit } from '../../../shared/evaluation/policy.js';
import { DrawRequest, ReviewScoreInput } from '../../../shared/evaluation/remoteReview.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { parseRange } from '../../recordingHub/range.js';
import { adminGuard, adminNameOf } from '../adminAuth.js';
import type { HqAdmin } from '../adminAuth.js';
import { policyAnswer, savePolicy } from './policyStore.js';
import { createSheet, inspectionScoresOfMonth, listSheets, listTemplates, saveTemplate } from './inspectionStore.js';
import { audioForReview, drawMonthSample, monthSample, reviewScoresOfMonth, scoreRecording, tellerReviews } from './reviewStore.js';

export interface EvaluationRoutesOptions {
  db: SqlDb;
  adminToken: string;
  admins?: readonly HqAdmin[];
  /** The folder relayed uploads are stored under (registerUploads' dataDir): the audio the reviewer hears. */
  uploadsDir: string;
  now: () => Date;
}

const Id = z.string().min(1).max(64);
const TemplateParams = z.object({ id: Id }).strict();
const RecordingParams = z.object({ recordingId: Id }).strict();
const TellerParams = z.object({ tellerId: Id }).strict();
const TellerQuery = z.object({ branch: Id }).strict();

/**
 * Head office's evaluation inputs (docs/hq-evaluation.md): inspection templates and sheets, the
 * monthly sample of recordings, their checklist scores and their audio. Behind the administrator
 * token (or a named administrator's), whose name is recorded as inspector, drawer and reviewer.
 */
export async function registerHqEvaluationRoutes(app: FastifyInstance, o: EvaluationRoutesOptions): Promise<void> {
  const { db } = o;
  await app.register(async (hq) => {
    hq.addHook('onRequest', adminGuard(o.adminToken, o.admins ?? []));

    hq.get(HQ_EVALUATION_API.templates, async () => ({ templates: await listTemplates(db) }));
    hq.put(HQ_EVALUATION_API.template, async (req) => saveTemplate(db, TemplateParams.parse(req.params).id, req.body, adminNameOf(req), o.now()));

    // The score sheets and star criteria: read, and saved as a new version with the editor's name.
    hq.get(HQ_EVALUATION_API.policy, async () => policyAnswer(db));
    hq.put(HQ_EVALUATION_API.policy, async (req) => {
      const edit = PolicyEdit.parse(req.body);
      return savePolicy(db, edit.baseVersion, edit.policy, adminNameOf(req), o.now());
    });

    hq.get(HQ_EVALUATION_API.sheets, async (req) => {
      const q = SheetListQuery.parse(req.query ?? {});
      return { sheets: await listSheets(db, q.month, q.branch) };
    });
    hq.post(HQ_EVALUATION_API.sheets, async (req, reply) => reply.status(201).send(await createSheet(db, InspectionSheetInput.parse(req.body), adminNameOf(req), o.now())));

    hq.get(HQ_EVALUATION_API.sample, async (req) => {
      const q = MonthBranchQuery.parse(req.query ?? {});
      return monthSample(db, q.month, q.branch);
    });
    hq.post(HQ_EVALUATION_API.draw, async (req) => drawMonthSample(db, DrawRequest.parse(req.body), adminNameOf(req), o.now()));

    hq.put(HQ_EVALUATION_API.score, async (req) =>
      scoreRecording(db, RecordingParams.parse(req.params).recordingId, ReviewScoreInput.parse(req.body), adminNameOf(req), o.now()),
    );

    hq.get(HQ_EVALUATION_API.reviews, async (req) => tellerReviews(db, TellerQuery.parse(req.query ?? {}).branch, TellerParams.parse(req.params).tellerId));

    hq.get(HQ_EVALUATION_API.scores, async (req): Promise<BranchEvaluationScores> => {
      const q = MonthBranchQuery.parse(req.query ?? {});
      const inspection = await inspectionScoresOfMonth(db, q.month, q.branch);
      return { month: q.month, branchId: q.branch, inspection: { branch: inspection.branch, tellers: inspection.tellers, sheets: inspection.sheets }, review: await reviewScoresOfMonth(db, q.month, q.branch) };
    });

    // The audio of a sampled recording, as the hub relayed it; Range for seeking. Every listen is logged.
    hq.get(HQ_EVALUATION_API.audio, async (req, reply) => {
      const { recordingId } = RecordingParams.parse(req.params);
      const file = await audioForReview(db, recordingId, adminNameOf(req), o.now());
      reply.header('accept-ranges', 'bytes').header('cache-control', 'private, no-store');
      const range = parseRange(req.headers.range, file.size);
      if (range === 'unsatisfiable') {
        return reply.status(416).header('content-range', `bytes */${file.size}`).send({ error: { code: 'bad_request', message: 'the range is outside the file' } });
      }
      const { start, end } = range ?? { start: 0, end: file.size - 1 };
      reply.status(range ? 206 : 200).header('content-type', file.contentType).header('content-length', String(end - start + 1));
      if (range) reply.header('content-range', `bytes ${start}-${end}/${file.size}`);
      return reply.send(createReadStream(join(o.uploadsDir, file.path), { start, end }));
    });
  });
}
