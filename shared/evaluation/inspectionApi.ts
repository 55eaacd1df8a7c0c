import { z } from 'zod';
import { IsoMonth } from '../figures/api.js';
import { InspectionSheet, InspectionTemplate } from './inspection.js';
import { ReviewScore } from './remoteReview.js';

/** Head office's evaluation API (docs/hq-evaluation.md), behind the administrator token like every HQ route. */
export const HQ_EVALUATION_API = {
  templates: '/api/v1/hq/evaluation/templates',
  template: '/api/v1/hq/evaluation/templates/:id',
  sheets: '/api/v1/hq/evaluation/sheets',
  sample: '/api/v1/hq/evaluation/review/sample',
  draw: '/api/v1/hq/evaluation/review/sample/draw',
  score: '/api/v1/hq/evaluation/review/:recordingId/score',
  audio: '/api/v1/hq/evaluation/review/:recordingId/audio',
  reviews: '/api/v1/hq/evaluation/review/tellers/:tellerId',
  scores: '/api/v1/hq/evaluation/scores',
  /** The score sheets and star criteria (shared/evaluation/policy.ts), versioned. */
  policy: '/api/v1/hq/evaluation/policy',
} as const;

export const evaluationPath = (template: string, params: Record<string, string>): string =>
  template.replace(/:([a-zA-Z]+)/g, (_, k: string) => encodeURIComponent(params[k] ?? ''));

const BranchText = z.string().min(1).max(64);

export const MonthBranchQuery = z.object({ month: IsoMonth, branch: BranchText }).strict();
export type MonthBranchQuery = z.infer<typeof MonthBranchQuery>;

export const SheetListQuery = z.object({ month: IsoMonth, branch: BranchText.optional() }).strict();
export type SheetListQuery = z.infer<typeof SheetListQuery>;

export const TemplateList = z.object({ templates: z.array(InspectionTemplate) });
export type TemplateList = z.infer<typeof TemplateList>;

export const SheetList = z.object({ sheets: z.array(InspectionSheet) });
export type SheetList = z.infer<typeof SheetList>;

/** A teller's reviewed recordings (newest month first), with the checklist score each got. */
export const TellerReviews = z.object({
  tellerId: z.string(),
  branchId: z.string(),
  reviews: z.array(z.object({ recordingId: z.string(), month: IsoMonth, startedAt: z.iso.datetime().nullable(), score: ReviewScore })),
});
export type TellerReviews = z.infer<typeof TellerReviews>;

/** The month's inspection and review scores of one branch (what the rankings read, hq_eval_scores). */
export const BranchEvaluationScores = z.object({
  month: IsoMonth,
  branchId: z.string(),
  inspection: z.object({ branch: z.number().nullable(), tellers: z.record(z.string(), z.number()), sheets: z.number() }),
  review: z.record(z.string(), z.number()),
});
export type BranchEvaluationScores = z.infer<typeof BranchEvaluationScores>;
