import { z } from 'zod';
import { CounterNumber, IsoDate } from '../config/primitives.js';
import { IsoMonth } from '../figures/api.js';
import { Localized } from '../i18n/localized.js';
import { ScoreResult } from '../evaluation/score.js';
import { StarShare, StarShortfall } from '../evaluation/stars.js';
import { ComplaintFigures, HqFigures } from './derive.js';
import { RankReason } from './ranking.js';

/** Head office's figures, rankings and monthly reports on the wire (issue 15; docs/hq-figures.md). */
/** Head office's own zone: the network's days and times (a branch's are in the branch's zone). */
export const HQ_TIME_ZONE = 'Asia/Shanghai';

export const HQ_FIGURES_API = {
  figures: '/api/v1/hq/figures',
  rankings: '/api/v1/hq/rankings',
  scores: '/api/v1/hq/evaluation-scores',
  reports: '/api/v1/hq/reports',
  rebuild: '/api/v1/hq/figures/rebuild',
} as const;

const BranchIdText = z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9-]*$/, 'a branch id is lower case letters, digits and dashes');
const WindowText = z.string().regex(/^[1-9]\d?$/, 'a window number is written in plain digits, 1 to 99').transform(Number);

/** GET figures: exactly one of day or month; region, branch and window narrow the scope (drill-down). */
export const FiguresQuery = z
  .object({
    day: IsoDate.optional(),
    month: IsoMonth.optional(),
    region: z.string().min(1).max(64).optional(),
    branch: BranchIdText.optional(),
    counter: WindowText.optional(),
  })
  .strict()
  .refine((q) => (q.day === undefined) !== (q.month === undefined), 'give either day=YYYY-MM-DD or month=YYYY-MM')
  .refine((q) => q.counter === undefined || q.branch !== undefined, 'counter= needs branch=');
export type FiguresQuery = z.infer<typeof FiguresQuery>;

export const ScopeLevel = z.enum(['network', 'region', 'branch', 'window', 'teller']);
export type ScopeLevel = z.infer<typeof ScopeLevel>;

/** A name in the three languages; ids only where no configuration names the thing. */
export const Named = z.object({ id: z.string(), name: Localized });
export type Named = z.infer<typeof Named>;

export const FigureLine = z.object({
  level: ScopeLevel,
  id: z.string(),
  name: Localized,
  /** For branch rows: the region's name; for teller rows: their branch. */
  parent: Named.nullable(),
  figures: HqFigures,
  complaints: ComplaintFigures,
});
export type FigureLine = z.infer<typeof FigureLine>;

export const FiguresAnswer = z.object({
  period: z.object({ kind: z.enum(['day', 'month']), label: z.string(), from: IsoDate, to: IsoDate }),
  scope: z.object({ level: ScopeLevel, region: Named.nullable(), branch: Named.nullable(), counter: CounterNumber.nullable(), timeZone: z.string().nullable() }),
  totals: FigureLine,
  /** One level down: network -> regions and branches; region -> branches; branch -> windows and tellers; window -> tellers. */
  rows: z.array(FigureLine),
  generatedAt: z.iso.datetime(),
});
export type FiguresAnswer = z.infer<typeof FiguresAnswer>;

export const RankingsQuery = z
  .object({ month: IsoMonth, of: z.enum(['branches', 'tellers']).default('branches'), region: z.string().min(1).max(64).optional(), branch: BranchIdText.optional() })
  .strict();
export type RankingsQuery = z.infer<typeof RankingsQuery>;

export const RankingRow = z.object({
  rank: z.number().int().min(1),
  id: z.string(),
  name: Localized,
  parent: Named.nullable(),
  score: ScoreResult,
  satisfaction: z.number().nullable(),
  served: z.number().int().min(0),
  reasons: z.array(RankReason),
  /** Tellers only. */
  stars: z.number().int().min(0).max(3).nullable(),
  starShortfalls: z.array(StarShortfall),
});
export type RankingRow = z.infer<typeof RankingRow>;

export const RankingsAnswer = z.object({
  month: IsoMonth,
  of: z.enum(['branches', 'tellers']),
  passMark: z.number(),
  rows: z.array(RankingRow),
  /** Tellers only: shares at one, two, three stars against the targets. */
  starShares: z.array(StarShare).nullable(),
});
export type RankingsAnswer = z.infer<typeof RankingsAnswer>;

/**
 * POST rankings/:month/grant-stars: the month's computed stars become the tellers' stars in each
 * branch's configuration (a new version per branch whose stars change, saved by the admin), so
 * the counter and its customer display show them once the branch applies it.
 */
export const GrantStarsParams = z.object({ month: IsoMonth }).strict();
export const GrantStarsBody = z.object({ branchId: BranchIdText.optional() }).strict();
export const StarChange = z.object({ staffId: z.string(), name: Localized, from: z.number().int().min(0).max(3), to: z.number().int().min(0).max(3) });
export const BranchGrant = z.object({
  branchId: z.string(),
  /** The version saved with the new stars; null when nothing changed or the save was refused. */
  version: z.number().int().min(1).nullable(),
  changes: z.array(StarChange),
  /** Why this branch was not updated (no configuration at head office, invalid, saved meanwhile). */
  refused: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export const GrantStarsAnswer = z.object({ month: IsoMonth, branches: z.array(BranchGrant) });
export type GrantStarsAnswer = z.infer<typeof GrantStarsAnswer>;
export type BranchGrant = z.infer<typeof BranchGrant>;

/** PUT evaluation-scores: an inspection (on site or mystery shopper) or remote-review score for a month. */
export const EvaluationScoreInput = z
  .object({
    month: IsoMonth,
    branchId: BranchIdText,
    /** Absent: the branch's own inspection score. */
    staffId: z.string().min(1).max(64).optional(),
    kind: z.enum(['inspection', 'review']),
    score: z.number().min(0).max(100),
  })
  .strict();
export type EvaluationScoreInput = z.infer<typeof EvaluationScoreInput>;

export const ReportFormat = z.enum(['pdf', 'xlsx']);
export type ReportFormat = z.infer<typeof ReportFormat>;

/** `network` or a branch id. */
export const ReportScope = z.union([z.literal('network'), BranchIdText]);

export const ReportParams = z.object({ month: IsoMonth, scope: ReportScope, format: ReportFormat }).strict();
export const ReportListQuery = z.object({ month: IsoMonth.optional() }).strict();

export const ReportEntry = z.object({
  month: IsoMonth,
  scope: z.string(),
  name: Localized,
  format: ReportFormat,
  lang: z.string(),
  bytes: z.number().int().min(0),
  generatedAt: z.iso.datetime(),
  /** The zone the report is dated in (the branch's; head office's for the network): screens say `generatedAt` in it. */
  timeZone: z.string().min(1).max(64),
});
export type ReportEntry = z.infer<typeof ReportEntry>;
export const ReportList = z.object({ reports: z.array(ReportEntry) });
