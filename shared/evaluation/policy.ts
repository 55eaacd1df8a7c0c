import { z } from 'zod';
import { fromZod } from '../config/validation.js';
import type { ConfigIssue, ConfigPath } from '../config/validation.js';
import { DEFAULT_SCORE_SHEET, DEFAULT_TELLER_SHEET, SCORE_PARTS, ScoreSheet } from './score.js';
import { DEFAULT_STAR_POLICY, StarPolicy } from './stars.js';

/**
 * Head office's evaluation policy (issue 15): the branch and teller score sheets (weights, points
 * per complaint, pass mark) and the star criteria with their target shares. One document for the
 * whole network, versioned with who saved it and when (server/hq/evaluation/policyStore.ts); the
 * rankings, star tellers and monthly reports read the current version. The defaults are the
 * seeds' (pass mark 95, target shares 85/50/30 %) with our weights and criteria (score.ts, stars.ts).
 */
export const EvaluationPolicy = z
  .object({
    branchSheet: ScoreSheet,
    tellerSheet: ScoreSheet,
    stars: StarPolicy,
  })
  .strict();
export type EvaluationPolicy = z.infer<typeof EvaluationPolicy>;

export const DEFAULT_EVALUATION_POLICY: EvaluationPolicy = { branchSheet: DEFAULT_SCORE_SHEET, tellerSheet: DEFAULT_TELLER_SHEET, stars: DEFAULT_STAR_POLICY };

/**
 * Bounds the schema leaves open and a typing mistake would cross: a weight of 1000, a thousand
 * points off per complaint, a month needing 100 000 ratings.
 */
export const POLICY_LIMITS = {
  weight: { min: 0, max: 100 },
  perComplaint: { min: 0, max: 100 },
  minRated: { min: 0, max: 10_000 },
  maxUpheldComplaints: { min: 0, max: 100 },
} as const;

type Add = (issue: ConfigIssue) => void;

/** The number at `path` of an input not yet known to be a policy; undefined when it is not one. */
function numberAt(input: unknown, path: ConfigPath): number | undefined {
  let v: unknown = input;
  for (const k of path) v = typeof v === 'object' && v !== null ? (v as Record<string | number, unknown>)[k] : undefined;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function range(input: unknown, limits: { min: number; max: number }, path: ConfigPath, add: Add): void {
  const v = numberAt(input, path);
  if (v !== undefined && (v < limits.min || v > limits.max)) add({ code: 'out_of_range', path, detail: { ...limits } });
}

/**
 * The rules beyond the schema, run on the raw input so an edit with several mistakes hears of all
 * of them at once (each rule reads only the numbers it needs, and skips what is not a number).
 */
function policyRules(input: unknown, add: Add): void {
  for (const at of ['branchSheet', 'tellerSheet'] as const) {
    for (const part of SCORE_PARTS) range(input, POLICY_LIMITS.weight, [at, 'weights', part], add);
    range(input, POLICY_LIMITS.perComplaint, [at, 'perUpheldComplaint'], add);
    range(input, POLICY_LIMITS.perComplaint, [at, 'perOverdueComplaint'], add);
  }
  for (const i of [0, 1, 2]) {
    range(input, POLICY_LIMITS.minRated, ['stars', 'levels', i, 'minRated'], add);
    range(input, POLICY_LIMITS.maxUpheldComplaints, ['stars', 'levels', i, 'maxUpheldComplaints'], add);
  }
  for (const i of [1, 2]) {
    const share = numberAt(input, ['stars', 'targetShares', i]);
    const below = numberAt(input, ['stars', 'targetShares', i - 1]);
    if (share !== undefined && below !== undefined && share > below) add({ code: 'out_of_range', path: ['stars', 'targetShares', i], detail: { min: 0, max: below } });
  }
}

export type PolicyCheck = { ok: true; policy: EvaluationPolicy } | { ok: false; issues: ConfigIssue[] };

/**
 * Parses and checks an edited policy; every problem with the field it names (the same issue shape
 * as a branch configuration's, so the screens say it the same way). Beyond the schema: the bounds
 * above, a sheet with no weight at all, and target shares that must not grow with the level
 * (more three-star tellers than one-star ones cannot be aimed for).
 */
export function checkEvaluationPolicy(input: unknown): PolicyCheck {
  const issues: ConfigIssue[] = [];
  const add: Add = (i) => {
    if (!issues.some((x) => x.code === i.code && x.path.join('.') === i.path.join('.'))) issues.push(i);
  };
  const parsed = EvaluationPolicy.safeParse(input);
  if (!parsed.success) {
    for (const zi of parsed.error.issues) {
      // ScoreSheet's own refinement ("at least one part needs a weight") names the sheet: name its weights.
      const sheetLevel = zi.code === 'custom' && zi.path.length === 1 && (zi.path[0] === 'branchSheet' || zi.path[0] === 'tellerSheet');
      add(sheetLevel ? { code: 'required', path: [String(zi.path[0]), 'weights'] } : fromZod(zi));
    }
  }
  policyRules(input, add);
  return parsed.success && issues.length === 0 ? { ok: true, policy: parsed.data } : { ok: false, issues };
}

/** One saved version of the policy: version 0 is the shipped defaults, never saved. */
export const PolicyVersion = z.object({
  version: z.number().int().min(0),
  savedBy: z.string().nullable(),
  savedAt: z.iso.datetime().nullable(),
});
export type PolicyVersion = z.infer<typeof PolicyVersion>;

/** GET policy: the current version and the history, newest first. */
export const PolicyAnswer = PolicyVersion.extend({
  policy: EvaluationPolicy,
  history: z.array(PolicyVersion),
});
export type PolicyAnswer = z.infer<typeof PolicyAnswer>;

/** PUT policy: the edit and the version it was made from (two editors at once: the second gets a conflict). */
export const PolicyEdit = z.object({ baseVersion: z.number().int().min(0), policy: z.unknown() }).strict();
export type PolicyEdit = z.infer<typeof PolicyEdit>;
