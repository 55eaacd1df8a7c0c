import { z } from 'zod';

/**
 * Star tellers (一星/二星/三星柜员, seed 004 part 2 三 (三)): a teller's stars for a month from
 * configured criteria. The seed gives the network's targets (85 % of tellers with one star or
 * more, 50 % two, 30 % three) but not the criteria; the defaults below are ours, chosen so that
 * the levels are harder in step, and head office configures them.
 */
export const StarCriteria = z
  .object({
    /** Ratings the month needs before satisfaction is judged at all (a handful of answers proves nothing). */
    minRated: z.number().int().min(0),
    minSatisfaction: z.number().min(0).max(1),
    maxUpheldComplaints: z.number().int().min(0),
    /** On-site inspection (or mystery shopper) score, 0..100; null: not a criterion. */
    minInspectionScore: z.number().min(0).max(100).nullable(),
    /** Remote review of recordings, 0..100; null: not a criterion. */
    minReviewScore: z.number().min(0).max(100).nullable(),
    /** A teller not inspected (not reviewed) that month cannot reach this level. */
    requireScores: z.boolean(),
  })
  .strict();
export type StarCriteria = z.infer<typeof StarCriteria>;

export const StarPolicy = z
  .object({
    /** Criteria of one, two and three stars, in that order. */
    levels: z.tuple([StarCriteria, StarCriteria, StarCriteria]),
    /** The share of tellers head office aims for at each level or above (seed: 85 %, 50 %, 30 %). */
    targetShares: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)]),
  })
  .strict();
export type StarPolicy = z.infer<typeof StarPolicy>;

export const DEFAULT_STAR_POLICY: StarPolicy = StarPolicy.parse({
  levels: [
    { minRated: 20, minSatisfaction: 0.9, maxUpheldComplaints: 1, minInspectionScore: 80, minReviewScore: 80, requireScores: false },
    { minRated: 50, minSatisfaction: 0.95, maxUpheldComplaints: 0, minInspectionScore: 90, minReviewScore: 90, requireScores: true },
    { minRated: 100, minSatisfaction: 0.98, maxUpheldComplaints: 0, minInspectionScore: 95, minReviewScore: 95, requireScores: true },
  ],
  targetShares: [0.85, 0.5, 0.3],
});

/** What a teller's month is judged on. Scores are null when the teller was not inspected / reviewed. */
export interface TellerMonthFacts {
  rated: number;
  satisfied: number;
  upheldComplaints: number;
  inspectionScore: number | null;
  reviewScore: number | null;
}

/** Why a teller did not reach a level: a code the screens translate, with the numbers. */
export const StarShortfall = z.object({
  level: z.number().int().min(1).max(3),
  code: z.enum(['too_few_ratings', 'satisfaction', 'complaints_upheld', 'inspection_score', 'review_score', 'not_inspected', 'not_reviewed']),
  actual: z.number().nullable(),
  required: z.number().nullable(),
});
export type StarShortfall = z.infer<typeof StarShortfall>;

export interface StarResult {
  stars: 0 | 1 | 2 | 3;
  /** Why the next level was missed (empty at three stars). */
  shortfalls: StarShortfall[];
}

/** What keeps `f` from the level `c` (level 1..3); empty when it is met. */
export function shortfallsAt(f: TellerMonthFacts, c: StarCriteria, level: number): StarShortfall[] {
  const out: StarShortfall[] = [];
  if (f.rated < c.minRated) out.push({ level, code: 'too_few_ratings', actual: f.rated, required: c.minRated });
  else if (f.satisfied / f.rated < c.minSatisfaction || f.rated === 0) {
    out.push({ level, code: 'satisfaction', actual: f.rated === 0 ? null : f.satisfied / f.rated, required: c.minSatisfaction });
  }
  if (f.upheldComplaints > c.maxUpheldComplaints) out.push({ level, code: 'complaints_upheld', actual: f.upheldComplaints, required: c.maxUpheldComplaints });
  const score = (value: number | null, min: number | null, low: StarShortfall['code'], missing: StarShortfall['code']): void => {
    if (min === null) return;
    if (value === null) {
      if (c.requireScores) out.push({ level, code: missing, actual: null, required: min });
    } else if (value < min) out.push({ level, code: low, actual: value, required: min });
  };
  score(f.inspectionScore, c.minInspectionScore, 'inspection_score', 'not_inspected');
  score(f.reviewScore, c.minReviewScore, 'review_score', 'not_reviewed');
  return out;
}

/** The highest level whose criteria, and those of every level below, are met. */
export function starsOf(f: TellerMonthFacts, policy: StarPolicy = DEFAULT_STAR_POLICY): StarResult {
  for (let level = 1; level <= 3; level++) {
    const missed = shortfallsAt(f, policy.levels[level - 1]!, level);
    if (missed.length > 0) return { stars: (level - 1) as 0 | 1 | 2, shortfalls: missed };
  }
  return { stars: 3, shortfalls: [] };
}

export const StarShare = z.object({
  level: z.number().int().min(1).max(3),
  /** Tellers with this many stars or more. */
  tellers: z.number().int().min(0),
  share: z.number().min(0).max(1).nullable(),
  target: z.number().min(0).max(1),
  met: z.boolean().nullable(),
});
export type StarShare = z.infer<typeof StarShare>;

/** The network's (or a branch's) shares of tellers at each level or above, against the targets. */
export function starShares(stars: readonly number[], policy: StarPolicy = DEFAULT_STAR_POLICY): StarShare[] {
  return ([1, 2, 3] as const).map((level) => {
    const tellers = stars.filter((s) => s >= level).length;
    const share = stars.length === 0 ? null : tellers / stars.length;
    const target = policy.targetShares[level - 1]!;
    return { level, tellers, share, target, met: share === null ? null : share >= target };
  });
}
