import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REVIEW_CHECKLIST, ReviewScoreInput, drawBranchSample, drawSample, reviewScoreIssues, reviewScoresFor, reviewTotal } from './remoteReview.js';

const ids = (n: number, p = 'r'): string[] => Array.from({ length: n }, (_, i) => `${p}${String(i).padStart(4, '0')}`);

describe('the monthly sample of recordings', () => {
  it('draws the same recordings every time, whatever order they arrived in', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 0, maxLength: 30 }), fc.integer({ min: 0, max: 10 }), (pool, n) => {
        const once = drawSample('2026-11', 'b1', 's-1', pool, n);
        const again = drawSample('2026-11', 'b1', 's-1', [...pool].reverse(), n);
        expect(again).toEqual(once);
        expect(once).toHaveLength(Math.min(n, pool.length));
        expect(new Set(once).size).toBe(once.length);
        for (const id of once) expect(pool).toContain(id);
      }),
    );
  });

  it('differs between months and between tellers (seeded by both)', () => {
    const pool = ids(40);
    expect(drawSample('2026-11', 'b1', 's-1', pool, 3)).not.toEqual(drawSample('2026-12', 'b1', 's-1', pool, 3));
    expect(drawSample('2026-11', 'b1', 's-1', pool, 3)).not.toEqual(drawSample('2026-11', 'b1', 's-2', pool, 3));
  });

  it('is fair: over many months each recording is drawn about as often as any other', () => {
    const pool = ids(10);
    const counts = new Map(pool.map((id) => [id, 0]));
    const months = 3000;
    for (let m = 0; m < months; m++) for (const id of drawSample(`m${m}`, 'b1', 's-1', pool, 3)) counts.set(id, counts.get(id)! + 1);
    // Expected 900 each (3 of 10 drawn, 3000 times); a binomial's sd is about 25, so ±120 is ~5 sd.
    for (const c of counts.values()) expect(Math.abs(c - 900)).toBeLessThan(120);
  });

  it('a late recording displaces at most one already drawn', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), (late) => {
        const pool = ids(20);
        const before = drawSample('2026-11', 'b1', 's-1', pool, 3);
        const after = drawSample('2026-11', 'b1', 's-1', [...pool, `late${late}`], 3);
        expect(after.filter((id) => !before.includes(id)).length).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('draws per teller, n each, and only the teller’s own recordings', () => {
    const candidates = [...ids(5, 'a').map((r) => ({ recordingId: r, tellerId: 's-2' })), ...ids(2, 'b').map((r) => ({ recordingId: r, tellerId: 's-1' }))];
    const sample = drawBranchSample('2026-11', 'b1', candidates, 3);
    expect(sample.map((s) => [s.tellerId, s.recordingIds.length])).toEqual([
      ['s-1', 2],
      ['s-2', 3],
    ]);
    expect(sample[1]!.recordingIds.every((r) => r.startsWith('a'))).toBe(true);
  });
});

describe('the checklist score of one recording', () => {
  const full = Object.fromEntries(REVIEW_CHECKLIST.map((i) => [i.id, i.max]));

  it('adds up to 100 when every item has its maximum', () => {
    expect(reviewTotal(full)).toBe(100);
    expect(reviewTotal({ ...full, greeting: 0, farewell: 5 })).toBe(75);
  });

  it('names missing, unknown and over-the-maximum items', () => {
    const { farewell: _dropped, ...rest } = full;
    const input = ReviewScoreInput.parse({ scores: { ...rest, greeting: 16, bogus: 1 } });
    expect(reviewScoreIssues(input).map((i) => i.path).sort()).toEqual(['scores.bogus', 'scores.farewell', 'scores.greeting']);
    expect(reviewScoreIssues(ReviewScoreInput.parse({ scores: full }))).toEqual([]);
  });

  it('a teller’s review score is the mean of their recordings of that month and branch', () => {
    const scored = [
      { month: '2026-11', branchId: 'b1', tellerId: 's-1', total: 90 },
      { month: '2026-11', branchId: 'b1', tellerId: 's-1', total: 81 },
      { month: '2026-11', branchId: 'b2', tellerId: 's-1', total: 0 },
      { month: '2026-10', branchId: 'b1', tellerId: 's-1', total: 0 },
    ];
    expect(reviewScoresFor('2026-11', 'b1', scored)).toEqual({ 's-1': 85.5 });
  });
});
