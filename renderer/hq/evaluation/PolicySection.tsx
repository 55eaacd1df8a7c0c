import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pathKey } from '../../../shared/config/validation.js';
import type { ConfigIssue } from '../../../shared/config/validation.js';
import { checkEvaluationPolicy } from '../../../shared/evaluation/policy.js';
import type { EvaluationPolicy, PolicyAnswer } from '../../../shared/evaluation/policy.js';
import { SCORE_PARTS } from '../../../shared/evaluation/score.js';
import { errorText } from '../../i18n/errorText.js';
import { useLang } from '../../i18n/index.js';
import { HQ_TIME_ZONE } from '../../../shared/hq/api.js';
import { formatDateTime } from '../../ui/format.js';
import { setAt } from '../config/draft.js';
import { fetchPolicy, savePolicy } from './evaluationApi.js';
import { policyIssueText } from './policyText.js';

type Path = ReadonlyArray<string | number>;
type Status = { kind: 'saved'; version: number } | { kind: 'invalid'; n: number } | { kind: 'error'; message: string } | null;

const SHEETS = ['branchSheet', 'tellerSheet'] as const;
const LEVELS = [0, 1, 2] as const;
const SHEET_FIELDS = ['perUpheldComplaint', 'perOverdueComplaint', 'passMark'] as const;
const NUMBER_CRITERIA = ['minRated', 'minSatisfaction', 'maxUpheldComplaints', 'minInspectionScore', 'minReviewScore'] as const;

/** 0..1 on the wire, a percentage on screen; rounded so 0.85 reads 85, not 85.00000000000001. */
const toPercent = (v: number): number => Math.round(v * 10_000) / 100;
const fromPercent = (v: number): number => Math.round(v * 100) / 10_000;

/**
 * Head office's evaluation standards: the branch and teller score sheets (weights, points off per
 * complaint, pass mark) and the star criteria with their target shares, one version for the whole
 * network. Checked as typed with the server's own rules (shared/evaluation/policy.ts), each
 * problem named with its field; saved as a new version with the editor's name.
 */
export function PolicySection({ token }: { token: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [answer, setAnswer] = useState<PolicyAnswer | null>(null);
  const [draft, setDraft] = useState<EvaluationPolicy | null>(null);
  const [serverIssues, setServerIssues] = useState<ConfigIssue[]>([]);
  const [status, setStatus] = useState<Status>(null);
  const [saving, setSaving] = useState(false);

  const load = useCallback(() => {
    fetchPolicy(token)
      .then((a) => {
        setAnswer(a);
        setDraft(a.policy);
        setServerIssues([]);
      })
      .catch((err: unknown) => setStatus({ kind: 'error', message: errorText(t, err) }));
  }, [token, t]);
  useEffect(load, [load]);

  const checked = useMemo(() => (draft ? checkEvaluationPolicy(draft) : null), [draft]);
  const issues = useMemo(() => [...(checked && !checked.ok ? checked.issues : []), ...serverIssues], [checked, serverIssues]);
  const bad = useMemo(() => new Set(issues.map((i) => pathKey(i.path))), [issues]);
  const changed = answer !== null && draft !== null && JSON.stringify(answer.policy) !== JSON.stringify(draft);

  if (!answer || !draft) {
    return status?.kind === 'error' ? <p className="board__alert" role="alert">{t('hqEvaluation.error', { message: status.message })}</p> : <p className="muted">{t('hqEvaluation.loading')}</p>;
  }

  const edit = (path: Path, value: unknown) => {
    setDraft(setAt(draft, path, value));
    setServerIssues([]);
    setStatus(null);
  };
  const at = (path: Path): unknown => path.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], draft);

  /** A number field: empty stays empty (null where the schema allows "no requirement", else refused as required). */
  const num = (path: Path, opts: { percent?: boolean; nullable?: boolean; step?: number } = {}) => {
    const v = at(path);
    const shown = typeof v === 'number' && Number.isFinite(v) ? (opts.percent ? toPercent(v) : v) : '';
    return (
      <input
        type="number"
        className="hqe-num"
        step={opts.step ?? 1}
        value={shown}
        aria-invalid={bad.has(pathKey(path))}
        data-testid={`hqe-policy-${pathKey(path)}`}
        onChange={(e) => {
          const raw = e.target.value.trim();
          if (raw === '') return edit(path, opts.nullable ? null : undefined);
          const n = Number(raw);
          edit(path, opts.percent ? fromPercent(n) : n);
        }}
      />
    );
  };

  const save = async () => {
    if (!checked?.ok) return;
    setSaving(true);
    try {
      const r = await savePolicy(token, answer.version, checked.policy);
      if (r.kind === 'saved') {
        setAnswer(r.answer);
        setDraft(r.answer.policy);
        setStatus({ kind: 'saved', version: r.answer.version });
      } else {
        setServerIssues(r.issues);
        setStatus({ kind: 'invalid', n: r.issues.length });
      }
    } catch (err) {
      setStatus({ kind: 'error', message: errorText(t, err, { conflict: t('hqEvaluation.policy.conflict') }) });
    } finally {
      setSaving(false);
    }
  };

  const when = (iso: string | null) => (iso ? formatDateTime(new Date(iso), lang, HQ_TIME_ZONE) : '');
  const weightTotal = (s: (typeof SHEETS)[number]) => SCORE_PARTS.reduce((n, p) => n + (Number.isFinite(draft[s].weights[p]) ? (draft[s].weights[p] ?? 0) : 0), 0);

  return (
    <div className="hqe-policy" data-testid="hqe-policy" data-version={answer.version}>
      <header className="hqe-policy__head">
        <h2>{t('hqEvaluation.policy.title')}</h2>
        <span className="muted" data-testid="hqe-policy-version">
          {answer.version === 0 ? t('hqEvaluation.policy.defaults') : t('hqEvaluation.policy.version', { v: answer.version, who: answer.savedBy, time: when(answer.savedAt) })}
        </span>
      </header>

      <div className="hqe-policy__cols">
        <section className="hqe-policy__card">
          <h3>{t('hqEvaluation.policy.sheets')}</h3>
          <p className="muted hqe-hint">{t('hqEvaluation.policy.sheetHint')}</p>
          <table className="hqe-table hqe-policy__table">
            <thead>
              <tr>
                <th>{t('hqEvaluation.policy.part')}</th>
                {SHEETS.map((s) => (
                  <th key={s} className="num">
                    {t(`hqEvaluation.policy.sheet.${s}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {SCORE_PARTS.map((part) => (
                <tr key={part}>
                  <td>{t(`hqFigures.rankings.parts.${part}`)}</td>
                  {SHEETS.map((s) => (
                    <td key={s} className="num">
                      {num([s, 'weights', part])}
                    </td>
                  ))}
                </tr>
              ))}
              <tr className="hqe-policy__sum">
                <td>{t('hqEvaluation.policy.weightsTotal')}</td>
                {SHEETS.map((s) => (
                  <td key={s} className="num" aria-invalid={bad.has(pathKey([s, 'weights']))}>
                    {weightTotal(s)}
                  </td>
                ))}
              </tr>
              {SHEET_FIELDS.map((f) => (
                <tr key={f} className={f === 'passMark' ? 'hqe-policy__mark' : undefined}>
                  <td>{t(`hqEvaluation.policy.${f}`)}</td>
                  {SHEETS.map((s) => (
                    <td key={s} className="num">
                      {num([s, f], { step: f === 'passMark' ? 0.5 : 1 })}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <section className="hqe-policy__card">
          <h3>{t('hqEvaluation.policy.stars')}</h3>
          <p className="muted hqe-hint">{t('hqEvaluation.policy.starsHint')}</p>
          <table className="hqe-table hqe-policy__table">
            <thead>
              <tr>
                <th>{t('hqEvaluation.policy.criterion')}</th>
                {LEVELS.map((i) => (
                  <th key={i} className="num">
                    {t(`hqFigures.rankings.starLevel.${String(i + 1) as '1' | '2' | '3'}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {NUMBER_CRITERIA.map((c) => (
                <tr key={c}>
                  <td>{t(`hqEvaluation.policy.${c}`)}</td>
                  {LEVELS.map((i) => (
                    <td key={i} className="num">
                      {num(['stars', 'levels', i, c], { percent: c === 'minSatisfaction', nullable: c === 'minInspectionScore' || c === 'minReviewScore', step: c === 'minSatisfaction' ? 0.5 : 1 })}
                    </td>
                  ))}
                </tr>
              ))}
              <tr>
                <td>{t('hqEvaluation.policy.requireScores')}</td>
                {LEVELS.map((i) => (
                  <td key={i} className="num">
                    <input
                      type="checkbox"
                      checked={draft.stars.levels[i].requireScores}
                      onChange={(e) => edit(['stars', 'levels', i, 'requireScores'], e.target.checked)}
                      data-testid={`hqe-policy-stars.levels.${i}.requireScores`}
                    />
                  </td>
                ))}
              </tr>
              <tr className="hqe-policy__mark">
                <td>{t('hqEvaluation.policy.targetShares')}</td>
                {LEVELS.map((i) => (
                  <td key={i} className="num">
                    {num(['stars', 'targetShares', i], { percent: true })}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </section>
      </div>

      <div className="hqe-actions">
        <button type="button" className="button button--primary" disabled={!changed || !checked?.ok || saving} onClick={() => void save()} data-testid="hqe-policy-save">
          {saving ? t('hqEvaluation.policy.saving') : t('hqEvaluation.policy.save')}
        </button>
        <button type="button" className="button" disabled={!changed || saving} onClick={() => (setDraft(answer.policy), setServerIssues([]), setStatus(null))}>
          {t('hqEvaluation.policy.undo')}
        </button>
        {changed && <span className="muted">{t('hqEvaluation.policy.unsaved')}</span>}
        {status?.kind === 'saved' && (
          <span className="hqe-ok" role="status" data-testid="hqe-policy-saved">
            {t('hqEvaluation.policy.saved', { v: status.version })}
          </span>
        )}
        {status?.kind === 'invalid' && <span className="board__alert">{t('hqEvaluation.policy.invalid', { n: status.n })}</span>}
        {status?.kind === 'error' && (
          <span className="board__alert" role="alert">
            {status.message}{' '}
            <button type="button" className="button button--small" onClick={load}>
              {t('hqEvaluation.policy.reload')}
            </button>
          </span>
        )}
      </div>
      {issues.length > 0 && (
        <ul className="hqe-policy__issues" role="alert" data-testid="hqe-policy-issues">
          {issues.map((i, n) => (
            <li key={n}>{policyIssueText(t, i)}</li>
          ))}
        </ul>
      )}

      {answer.history.length > 0 && (
        <details className="hqe-policy__history">
          <summary>{t('hqEvaluation.policy.history')}</summary>
          <ul>
            {answer.history.map((v) => (
              <li key={v.version}>{t('hqEvaluation.policy.historyRow', { v: v.version, who: v.savedBy ?? '', time: when(v.savedAt) })}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
