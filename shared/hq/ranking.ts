import { z } from 'zod';
import { pointsLost, ScorePart } from '../evaluation/score.js';
import type { ScoreResult } from '../evaluation/score.js';

/**
 * Rankings of branches and tellers for a month (issue 15): by score (one decimal), then by
 * satisfaction, then by services; equal on all three share a rank (1, 2, 2, 4). Each row says
 * why: the parts that cost it the most points, and the part it did best in.
 */
export const RankReason = z.object({
  kind: z.enum(['lost', 'best']),
  part: ScorePart,
  /** Points of 100 the part cost (0 for 'best'). */
  lost: z.number(),
  value: z.number().nullable(),
});
export type RankReason = z.infer<typeof RankReason>;

export interface Rankable {
  id: string;
  score: ScoreResult;
  satisfaction: number | null;
  served: number;
}

export interface Ranked<T extends Rankable> {
  rank: number;
  item: T;
  reasons: RankReason[];
}

/** Parts named as reasons at most. */
const MAX_LOST = 2;

export function reasonsOf(score: ScoreResult): RankReason[] {
  const lost = pointsLost(score);
  const out: RankReason[] = lost.filter((l) => l.lost > 0).slice(0, MAX_LOST).map((l) => ({ kind: 'lost', part: l.part, lost: l.lost, value: l.value }));
  // The first part of the sheet it lost nothing on (the sheet lists the parts that weigh most first).
  const best = lost.find((l) => l.lost === 0) ?? null;
  if (best) out.push({ kind: 'best', part: best.part, lost: 0, value: best.value });
  return out;
}

function compare(a: Rankable, b: Rankable): number {
  const s = (b.score.score ?? -1) - (a.score.score ?? -1);
  if (s !== 0) return s;
  const sat = (b.satisfaction ?? -1) - (a.satisfaction ?? -1);
  if (sat !== 0) return sat;
  return b.served - a.served;
}

export function rank<T extends Rankable>(items: readonly T[]): Array<Ranked<T>> {
  const sorted = [...items].sort((a, b) => compare(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out: Array<Ranked<T>> = [];
  sorted.forEach((item, i) => {
    const prev = out[i - 1];
    const r = prev && compare(prev.item, item) === 0 ? prev.rank : i + 1;
    out.push({ rank: r, item, reasons: reasonsOf(item.score) });
  });
  return out;
}
