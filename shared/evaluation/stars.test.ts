import { describe, expect, it } from 'vitest';
import { DEFAULT_STAR_POLICY, starShares, starsOf } from './stars.js';

const good = { rated: 200, satisfied: 198, upheldComplaints: 0, inspectionScore: 96, reviewScore: 97 };

describe('star tellers', () => {
  it('gives three stars when every level is met', () => {
    expect(starsOf(good)).toEqual({ stars: 3, shortfalls: [] });
  });

  it('stops at the first level missed and says why', () => {
    expect(starsOf({ ...good, satisfied: 190 })).toEqual({ stars: 2, shortfalls: [{ level: 3, code: 'satisfaction', actual: 0.95, required: 0.98 }] });
    expect(starsOf({ ...good, upheldComplaints: 1 }).stars).toBe(1);
    expect(starsOf({ ...good, upheldComplaints: 2 }).shortfalls).toEqual([{ level: 1, code: 'complaints_upheld', actual: 2, required: 1 }]);
  });

  it('needs enough ratings before satisfaction counts', () => {
    expect(starsOf({ ...good, rated: 10, satisfied: 10 })).toEqual({ stars: 0, shortfalls: [{ level: 1, code: 'too_few_ratings', actual: 10, required: 20 }] });
  });

  it('lets an uninspected teller reach one star but not two', () => {
    const r = starsOf({ ...good, inspectionScore: null, reviewScore: null });
    expect(r.stars).toBe(1);
    expect(r.shortfalls.map((s) => s.code)).toEqual(['not_inspected', 'not_reviewed']);
  });

  it('marks a low inspection score', () => {
    expect(starsOf({ ...good, inspectionScore: 92 }).shortfalls).toEqual([{ level: 3, code: 'inspection_score', actual: 92, required: 95 }]);
  });

  it('compares the shares of tellers at each level with the seed targets 85/50/30 %', () => {
    const shares = starShares([3, 2, 1, 1, 0, 3, 2, 1, 1, 1]);
    expect(shares.map((s) => [s.level, s.tellers, s.share, s.met])).toEqual([
      [1, 9, 0.9, true],
      [2, 4, 0.4, false],
      [3, 2, 0.2, false],
    ]);
    expect(DEFAULT_STAR_POLICY.targetShares).toEqual([0.85, 0.5, 0.3]);
    expect(starShares([])[0]!.met).toBeNull();
  });
});
