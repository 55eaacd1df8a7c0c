import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORE_SHEET, pointsLost, scoreOf } from './score.js';
import type { ScoreInput } from './score.js';

const perfect: ScoreInput = {
  satisfaction: 1, waitWithinTargetRate: 1, handlingWithinTargetRate: 1, greetingRate: 1, farewellRate: 1,
  upheldComplaints: 0, overdueComplaints: 0, inspectionScore: 100, reviewScore: null,
};

describe('branch score against the pass mark of 95', () => {
  it('gives 100 to a perfect month and passes it', () => {
    expect(scoreOf(perfect)).toMatchObject({ score: 100, passMark: 95, passed: true });
  });

  it('adds the weighted parts (hand-computed)', () => {
    // satisfaction 0.9 x 30 = 27; wait 0.8 x 20 = 16; handling 1 x 10 = 10; phrases (1 + 0.6) / 2 x 10 = 8;
    // complaints 15 - 5 x 1 - 3 x 1 = 7; inspection 90 % of 15 = 13.5 -> 81.5 of 100.
    const r = scoreOf({ ...perfect, satisfaction: 0.9, waitWithinTargetRate: 0.8, farewellRate: 0.6, upheldComplaints: 1, overdueComplaints: 1, inspectionScore: 90 });
    expect(r.score).toBe(81.5);
    expect(r.passed).toBe(false);
    expect(pointsLost(r).slice(0, 2)).toEqual([
      { part: 'complaints', lost: 8, value: 2 },
      { part: 'wait' + 'WithinTarget', lost: 4, value: 0.8 },
    ]);
  });

  it('leaves out what nobody measured and scales the rest to 100', () => {
    // No inspection: 85 points of weight are judged; satisfaction 0.95 loses 1.5 -> 83.5 / 85 = 98.2.
    const r = scoreOf({ ...perfect, inspectionScore: null, satisfaction: 0.95 });
    expect(r.score).toBe(98.2);
    expect(r.lines.find((l) => l.part === 'inspection')!.earned).toBeNull();
  });

  it('passes at exactly the pass mark and never goes below 0 on complaints', () => {
    expect(scoreOf({ ...perfect, satisfaction: 1 - 5 / 30 }).passed).toBe(true);
    expect(scoreOf({ ...perfect, upheldComplaints: 10 }).lines.find((l) => l.part === 'complaints')!.earned).toBe(0);
  });

  it('has no score when nothing at all was measured', () => {
    const sheet = { ...DEFAULT_SCORE_SHEET, weights: { satisfaction: 1 } };
    expect(scoreOf({ ...perfect, satisfaction: null }, sheet)).toMatchObject({ score: null, passed: null });
  });
});
