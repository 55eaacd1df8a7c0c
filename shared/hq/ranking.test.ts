import { describe, expect, it } from 'vitest';
import { scoreOf } from '../evaluation/score.js';
import type { ScoreInput } from '../evaluation/score.js';
import { rank } from './ranking.js';

const base: ScoreInput = {
  satisfaction: 1, waitWithinTargetRate: 1, handlingWithinTargetRate: 1, greetingRate: 1, farewellRate: 1,
  upheldComplaints: 0, overdueComplaints: 0, inspectionScore: null, reviewScore: null,
};
const item = (id: string, over: Partial<ScoreInput>, served = 100) => {
  const input = { ...base, ...over };
  return { id, score: scoreOf(input), satisfaction: input.satisfaction, served };
};

describe('rankings by month', () => {
  it('ranks by score, shares a rank on a full tie, and names the parts that cost points', () => {
    const ranked = rank([item('c', { waitWithinTargetRate: 0.5 }), item('a', {}), item('b', {}), item('d', { upheldComplaints: 3 })]);
    expect(ranked.map((r) => [r.item.id, r.rank])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 3],
      ['d', 4],
    ]);
    const c = ranked[2]!;
    expect(c.reasons[0]).toMatchObject({ kind: 'lost', part: 'waitWithinTarget', value: 0.5 });
    expect(c.reasons.at(-1)).toMatchObject({ kind: 'best', part: 'satisfaction' });
  });

  it('breaks an equal score by satisfaction, then by services', () => {
    const ranked = rank([item('x', { satisfaction: null }, 50), item('y', {}, 10), item('z', {}, 20)]);
    // x has no ratings: its score is over the other parts (100) but its satisfaction is unknown.
    expect(ranked.map((r) => r.item.id)).toEqual(['z', 'y', 'x']);
  });
});
