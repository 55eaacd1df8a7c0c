import { z } from 'zod';

/**
 * A branch's (or teller's) monthly score on 100 points against the pass mark (seed 004 part 2
 * 三 (一): 考评达到95分及以上视为达标). The seed fixes the pass mark, not the sheet: the parts and
 * weights below are our defaults, configured at head office. A part with nothing to judge (no
 * ratings, not inspected) is left out and the others are scaled up to 100, so a branch is never
 * marked down for what nobody measured; the result says which parts were left out.
 */
export const SCORE_PARTS = ['satisfaction', 'waitWithinTarget', 'handlingWithinTarget', 'phrases', 'complaints', 'inspection', 'review'] as const;
export const ScorePart = z.enum(SCORE_PARTS);
export type ScorePart = z.infer<typeof ScorePart>;

export const ScoreSheet = z
  .object({
    weights: z.partialRecord(ScorePart, z.number().min(0)),
    /** Points of the complaints part lost per complaint upheld, and per answer overdue. */
    perUpheldComplaint: z.number().min(0),
    perOverdueComplaint: z.number().min(0),
    passMark: z.number().min(0).max(100),
  })
  .strict()
  .refine((s) => SCORE_PARTS.some((p) => (s.weights[p] ?? 0) > 0), 'at least one part needs a weight');
export type ScoreSheet = z.infer<typeof ScoreSheet>;

export const PASS_MARK = 95;

export const DEFAULT_SCORE_SHEET: ScoreSheet = ScoreSheet.parse({
  weights: { satisfaction: 30, waitWithinTarget: 20, handlingWithinTarget: 10, phrases: 10, complaints: 15, inspection: 15, review: 0 },
  perUpheldComplaint: 5,
  perOverdueComplaint: 3,
  passMark: PASS_MARK,
});

/** The teller sheet also weighs the remote review of their recordings. */
export const DEFAULT_TELLER_SHEET: ScoreSheet = ScoreSheet.parse({
  weights: { satisfaction: 30, waitWithinTarget: 10, handlingWithinTarget: 10, phrases: 10, complaints: 15, inspection: 10, review: 15 },
  perUpheldComplaint: 5,
  perOverdueComplaint: 3,
  passMark: PASS_MARK,
});

/** What is scored; each rate 0..1 or null when nothing was measured. */
export interface ScoreInput {
  satisfaction: number | null;
  waitWithinTargetRate: number | null;
  handlingWithinTargetRate: number | null;
  greetingRate: number | null;
  farewellRate: number | null;
  upheldComplaints: number;
  overdueComplaints: number;
  inspectionScore: number | null;
  reviewScore: number | null;
}

export const ScoreLine = z.object({
  part: ScorePart,
  weight: z.number(),
  /** Points earned out of weight, before scaling; null: left out (nothing measured). */
  earned: z.number().nullable(),
  /** The measured value the points come from (a rate 0..1, a score 0..100, or complaints counted). */
  value: z.number().nullable(),
});
export type ScoreLine = z.infer<typeof ScoreLine>;

export const ScoreResult = z.object({
  /** 0..100, one decimal; null when no part could be measured. */
  score: z.number().nullable(),
  passMark: z.number(),
  passed: z.boolean().nullable(),
  lines: z.array(ScoreLine),
});
export type ScoreResult = z.infer<typeof ScoreResult>;

const round1 = (x: number): number => Math.round(x * 10) / 10;

export function scoreOf(input: ScoreInput, sheet: ScoreSheet = DEFAULT_SCORE_SHEET): ScoreResult {
  const phrases = input.greetingRate === null && input.farewellRate === null ? null : ((input.greetingRate ?? 0) + (input.farewellRate ?? 0)) / (input.greetingRate === null || input.farewellRate === null ? 1 : 2);
  const lines: ScoreLine[] = SCORE_PARTS.filter((p) => (sheet.weights[p] ?? 0) > 0).map((part) => {
    const weight = sheet.weights[part]!;
    const byRate = (r: number | null): ScoreLine => ({ part, weight, earned: r === null ? null : weight * r, value: r });
    switch (part) {
      case 'satisfaction':
        return byRate(input.satisfaction);
      case 'waitWithinTarget':
        return byRate(input.waitWithinTargetRate);
      case 'handlingWithinTarget':
        return byRate(input.handlingWithinTargetRate);
      case 'phrases':
        return byRate(phrases);
      case 'complaints': {
        const lost = input.upheldComplaints * sheet.perUpheldComplaint + input.overdueComplaints * sheet.perOverdueComplaint;
        return { part, weight, earned: Math.max(0, weight - lost), value: input.upheldComplaints + input.overdueComplaints };
      }
      case 'inspection':
        return { part, weight, earned: input.inspectionScore === null ? null : (weight * input.inspectionScore) / 100, value: input.inspectionScore };
      case 'review':
        return { part, weight, earned: input.reviewScore === null ? null : (weight * input.reviewScore) / 100, value: input.reviewScore };
    }
  });
  const measured = lines.filter((l) => l.earned !== null);
  const weight = measured.reduce((s, l) => s + l.weight, 0);
  const score = weight === 0 ? null : round1((100 * measured.reduce((s, l) => s + l.earned!, 0)) / weight);
  return { score, passMark: sheet.passMark, passed: score === null ? null : score >= sheet.passMark, lines };
}

/** Points a part cost, scaled to the 100-point result (what a ranking names as the reason). */
export function pointsLost(result: ScoreResult): Array<{ part: ScorePart; lost: number; value: number | null }> {
  const measured = result.lines.filter((l) => l.earned !== null);
  const weight = measured.reduce((s, l) => s + l.weight, 0);
  if (weight === 0) return [];
  return measured
    .map((l) => ({ part: l.part, lost: round1((100 * (l.weight - l.earned!)) / weight), value: l.value }))
    .sort((a, b) => b.lost - a.lost || SCORE_PARTS.indexOf(a.part) - SCORE_PARTS.indexOf(b.part));
}
