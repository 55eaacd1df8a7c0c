import { describe, expect, it } from 'vitest';
import { checkEvaluationPolicy, DEFAULT_EVALUATION_POLICY } from './policy.js';
import type { EvaluationPolicy } from './policy.js';
import { scoreOf } from './score.js';
import type { ScoreInput } from './score.js';
import { starShares, starsOf } from './stars.js';

const edited = (change: (p: EvaluationPolicy) => void): EvaluationPolicy => {
  const p = structuredClone(DEFAULT_EVALUATION_POLICY);
  change(p);
  return p;
};

const month: ScoreInput = {
  satisfaction: 0.9, waitWithinTargetRate: 0.8, handlingWithinTargetRate: 1, greetingRate: 1, farewellRate: 0.6,
  upheldComplaints: 1, overdueComplaints: 1, inspectionScore: 90, reviewScore: null,
};

describe('the evaluation policy as configuration', () => {
  it('ships the seeds: pass mark 95 and target shares 85/50/30 %, and accepts its own defaults', () => {
    expect(DEFAULT_EVALUATION_POLICY.branchSheet.passMark).toBe(95);
    expect(DEFAULT_EVALUATION_POLICY.stars.targetShares).toEqual([0.85, 0.5, 0.3]);
    expect(checkEvaluationPolicy(DEFAULT_EVALUATION_POLICY)).toEqual({ ok: true, policy: DEFAULT_EVALUATION_POLICY });
  });

  it('stars a teller by the edited criteria, not the defaults', () => {
    const teller = { rated: 120, satisfied: 114, upheldComplaints: 0, inspectionScore: 96, reviewScore: 97 };
    // 114 / 120 = 0.95: two stars by default (three need 0.98) ...
    expect(starsOf(teller, DEFAULT_EVALUATION_POLICY.stars)).toEqual({ stars: 2, shortfalls: [{ level: 3, code: 'satisfaction', actual: 0.95, required: 0.98 }] });
    // ... three once head office asks 0.95 for three stars ...
    expect(starsOf(teller, edited((p) => (p.stars.levels[2].minSatisfaction = 0.95)).stars)).toEqual({ stars: 3, shortfalls: [] });
    // ... and none when one star needs 150 ratings.
    expect(starsOf(teller, edited((p) => (p.stars.levels[0].minRated = 150)).stars)).toEqual({ stars: 0, shortfalls: [{ level: 1, code: 'too_few_ratings', actual: 120, required: 150 }] });
  });

  it('judges the star shares against the edited targets', () => {
    // 10 tellers: 9 with one star or more (90 %), 4 with two (40 %), 2 with three (20 %).
    const stars = [3, 2, 1, 1, 0, 3, 2, 1, 1, 1];
    expect(starShares(stars, DEFAULT_EVALUATION_POLICY.stars).map((s) => s.met)).toEqual([true, false, false]);
    const lower = edited((p) => (p.stars.targetShares = [0.95, 0.4, 0.2])).stars;
    expect(starShares(stars, lower).map((s) => [s.target, s.met])).toEqual([
      [0.95, false],
      [0.4, true],
      [0.2, true],
    ]);
  });

  it('scores a branch by the edited weights and pass mark (hand-computed)', () => {
    // Defaults: 27 + 16 + 10 + 8 + 7 + 13.5 = 81.5, under 95.
    expect(scoreOf(month, DEFAULT_EVALUATION_POLICY.branchSheet)).toMatchObject({ score: 81.5, passed: false });
    // Pass mark 80: the same month passes.
    expect(scoreOf(month, edited((p) => (p.branchSheet.passMark = 80)).branchSheet)).toMatchObject({ score: 81.5, passMark: 80, passed: true });
    // Satisfaction 50, wait 50, nothing else: 0.9 x 50 + 0.8 x 50 = 85.
    const two = edited((p) => (p.branchSheet.weights = { satisfaction: 50, waitWithinTarget: 50 })).branchSheet;
    expect(scoreOf(month, two).score).toBe(85);
    // 10 points off per upheld complaint, 0 per overdue answer: complaints earn 15 - 10 = 5 -> 27 + 16 + 10 + 8 + 5 + 13.5 = 79.5.
    expect(scoreOf(month, edited((p) => ((p.branchSheet.perUpheldComplaint = 10), (p.branchSheet.perOverdueComplaint = 0))).branchSheet).score).toBe(79.5);
  });

  it('refuses an edit out of range, naming the field', () => {
    const r = checkEvaluationPolicy(edited((p) => ((p.branchSheet.passMark = 120), (p.stars.levels[1].minSatisfaction = 1.5))));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues).toEqual([
      { code: 'out_of_range', path: ['branchSheet', 'passMark'], detail: { max: 100 } },
      { code: 'out_of_range', path: ['stars', 'levels', 1, 'minSatisfaction'], detail: { max: 1 } },
    ]);
  });

  it('refuses target shares that grow with the level, a sheet with no weight, and a weight of 1000', () => {
    const shares = checkEvaluationPolicy(edited((p) => (p.stars.targetShares = [0.85, 0.9, 0.3])));
    expect(!shares.ok && shares.issues).toEqual([{ code: 'out_of_range', path: ['stars', 'targetShares', 1], detail: { min: 0, max: 0.85 } }]);
    const empty = checkEvaluationPolicy(edited((p) => (p.tellerSheet.weights = { satisfaction: 0 })));
    expect(!empty.ok && empty.issues).toEqual([{ code: 'required', path: ['tellerSheet', 'weights'] }]);
    const heavy = checkEvaluationPolicy(edited((p) => (p.branchSheet.weights.inspection = 1000)));
    expect(!heavy.ok && heavy.issues).toEqual([{ code: 'out_of_range', path: ['branchSheet', 'weights', 'inspection'], detail: { min: 0, max: 100 } }]);
    // Several mistakes at once, schema and rules alike: all named in one answer.
    const both = checkEvaluationPolicy(edited((p) => ((p.branchSheet.passMark = 120), (p.stars.targetShares = [0.85, 0.9, 0.3]))));
    expect(!both.ok && both.issues.map((i) => i.path.join('.'))).toEqual(['branchSheet.passMark', 'stars.targetShares.1']);
    const missing = checkEvaluationPolicy({ ...DEFAULT_EVALUATION_POLICY, stars: undefined });
    expect(!missing.ok && missing.issues).toEqual([{ code: 'required', path: ['stars'] }]);
  });
});
