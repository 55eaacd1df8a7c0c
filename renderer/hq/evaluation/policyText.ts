import type { TFunction } from 'i18next';
import type { ConfigIssue } from '../../../shared/config/validation.js';
import { SCORE_PARTS } from '../../../shared/evaluation/score.js';
import type { ScorePart } from '../../../shared/evaluation/score.js';
import { issueText } from '../config/draft.js';

/** Criteria and shares kept as 0..1 and shown (and typed) as percentages. */
export const PERCENT_FIELDS = new Set(['minSatisfaction', 'targetShares']);

const isPart = (v: unknown): v is ScorePart => typeof v === 'string' && (SCORE_PARTS as readonly string[]).includes(v);

/** The field an issue of the evaluation policy names, in the screen's language ("二星 · 满意率至少（%）"). */
export function policyFieldName(t: TFunction, path: ReadonlyArray<string | number>): string {
  const [head, second, third, fourth] = path;
  if (head === 'branchSheet' || head === 'tellerSheet') {
    const sheet = t(`hqEvaluation.policy.sheet.${head}`);
    if (second === 'weights') return isPart(third) ? `${sheet} · ${t(`hqFigures.rankings.parts.${third}`)}` : `${sheet} · ${t('hqEvaluation.policy.weights')}`;
    if (second === 'passMark' || second === 'perUpheldComplaint' || second === 'perOverdueComplaint') return `${sheet} · ${t(`hqEvaluation.policy.${second}`)}`;
    return sheet;
  }
  if (head === 'stars') {
    const level = (i: unknown) => (typeof i === 'number' && i >= 0 && i <= 2 ? t(`hqFigures.rankings.starLevel.${String(i + 1) as '1' | '2' | '3'}`) : '');
    if (second === 'targetShares') return `${level(third)} · ${t('hqEvaluation.policy.targetShares')}`;
    if (second === 'levels') {
      const known = ['minRated', 'minSatisfaction', 'maxUpheldComplaints', 'minInspectionScore', 'minReviewScore', 'requireScores'] as const;
      const field = known.find((k) => k === fourth);
      return field ? `${level(third)} · ${t(`hqEvaluation.policy.${field}`)}` : level(third);
    }
    return t('hqEvaluation.policy.stars');
  }
  return path.join('.');
}

/**
 * One refusal in the screen's language, the field first. A share or a satisfaction is typed as a
 * percentage, so its bounds are said as percentages too (the wire keeps 0..1).
 */
export function policyIssueText(t: TFunction, issue: ConfigIssue): string {
  const percent = issue.path.some((p) => typeof p === 'string' && PERCENT_FIELDS.has(p));
  const detail = percent && issue.detail ? Object.fromEntries(Object.entries(issue.detail).map(([k, v]) => [k, (k === 'min' || k === 'max') && typeof v === 'number' ? `${Math.round(v * 1000) / 10}%` : v])) : issue.detail;
  return t('hqEvaluation.policy.field', { field: policyFieldName(t, issue.path), problem: issueText(t, { ...issue, ...(detail ? { detail } : {}) }) });
}
