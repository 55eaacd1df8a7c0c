import type { TFunction } from 'i18next';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GrantStarsAnswer, RankingRow, RankingsAnswer } from '../../../shared/hq/api.js';
import type { RankReason } from '../../../shared/hq/ranking.js';
import type { StarShortfall } from '../../../shared/evaluation/stars.js';
import { formatMonth, formatRate } from '../../figures/format.js';
import { useFetched } from '../../figures/useFetched.js';
import { useLang, useLocalized } from '../../i18n/index.js';
import { errorText } from '../../i18n/errorText.js';
import { fetchRankings, grantStars } from './hqFiguresApi.js';
import { lastMonth, PeriodPicker } from './PeriodPicker.js';
import './hqFigures.css';

type Of = 'branches' | 'tellers';

/** Branches or tellers of the network ranked for a month: score against the pass mark, stars, and why. */
export function RankingsPanel({ token }: { token: string }) {
  const { t } = useTranslation();
  const [month, setMonth] = useState(lastMonth);
  const [of, setOf] = useState<Of>('branches');
  const key = `${month}|${of}`;
  const load = useCallback((k: string) => {
    const [m, o] = k.split('|') as [string, Of];
    return fetchRankings(token, m, o);
  }, [token]);
  const answer = useFetched<RankingsAnswer>(key, load);
  const data = answer.data;

  return (
    <div className="figures-report hqf" data-testid="hq-rankings" data-month={month} data-of={of}>
      <div className="hqf-bar">
        <span className="cfg-tabs" role="tablist">
          {(['branches', 'tellers'] as const).map((id) => (
            <button key={id} type="button" role="tab" aria-selected={of === id} className={`cfg-tab${of === id ? ' cfg-tab--on' : ''}`} onClick={() => setOf(id)} data-testid={`hqr-of-${id}`}>
              {t(`hqFigures.rankings.of.${id}`)}
            </button>
          ))}
        </span>
        <PeriodPicker period={{ kind: 'month', value: month }} onChange={(p) => setMonth(p.value)} testId="hqr-month" />
        <span className="figures-toolbar__spacer" />
        {data && <span className="hqf-passmark">{t('hqFigures.rankings.passMark', { mark: data.passMark })}</span>}
      </div>
      {answer.error !== null && (
        <p className="board__alert" role="alert" data-testid="hqr-error">
          {t('hqFigures.error', { message: errorText(t, answer.error) })}
        </p>
      )}
      {!data && answer.loading && <p className="muted">{t('hqFigures.loading')}</p>}
      {data?.starShares && <StarShares shares={data.starShares} />}
      {of === 'tellers' && data && data.rows.length > 0 && <GrantStars token={token} month={month} rows={data.rows} onGranted={answer.reload} />}
      {data && data.rows.length === 0 && <p className="muted">{t('hqFigures.rankings.empty')}</p>}
      {data && data.rows.length > 0 && (
        <table className="board__table hqr-table" data-testid="hqr-table">
          <thead>
            <tr>
              <th className="num">{t('hqFigures.rankings.rank')}</th>
              <th>{t('hqFigures.rankings.name')}</th>
              <th>{t('hqFigures.rankings.parent')}</th>
              <th className="num">{t('hqFigures.rankings.score')}</th>
              <th className="num">{t('hqFigures.col.satisfaction')}</th>
              <th className="num">{t('hqFigures.col.served')}</th>
              {of === 'tellers' && <th>{t('hqFigures.rankings.stars')}</th>}
              <th>{t('hqFigures.rankings.reasons')}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row) => (
              <RankRow key={row.id} row={row} tellers={of === 'tellers'} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function RankRow({ row, tellers }: { row: RankingRow; tellers: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const { score } = row;
  const leftOut = score.lines.filter((l) => l.earned === null).map((l) => t(`hqFigures.rankings.parts.${l.part}`));
  return (
    <tr data-row={row.id} data-testid="hqr-row" className={score.passed === false ? 'hqr-row--failed' : undefined}>
      <td className="num strong">{row.rank}</td>
      <td className="strong">{local(row.name)}</td>
      <td>{row.parent ? local(row.parent.name) : '–'}</td>
      <td className="num">
        <span className="hqr-score" data-testid="hqr-score">
          {score.score === null ? '–' : score.score.toFixed(1)}
        </span>{' '}
        <span className={`status-chip ${score.passed === null ? '' : score.passed ? 'hqr-chip--ok' : 'hqr-chip--bad'}`}>
          {t(score.passed === null ? 'hqFigures.rankings.noScore' : score.passed ? 'hqFigures.rankings.passed' : 'hqFigures.rankings.failed')}
        </span>
      </td>
      <td className="num">{formatRate(row.satisfaction, lang)}</td>
      <td className="num">{row.served}</td>
      {tellers && (
        <td data-testid="hqr-stars">
          <span className="hqr-stars" aria-label={row.stars ? t(`hqFigures.rankings.starLevel.${row.stars}` as never) : t('hqFigures.rankings.noStars')}>
            {row.stars ? '★'.repeat(row.stars) + '☆'.repeat(3 - row.stars) : '☆☆☆'}
          </span>{' '}
          {row.stars ? t(`hqFigures.rankings.starLevel.${row.stars}` as never) : t('hqFigures.rankings.noStars')}
          {row.starShortfalls.length > 0 && <div className="muted hqr-small">{shortfallText(t, lang, row.starShortfalls)}</div>}
        </td>
      )}
      <td data-testid="hqr-reasons">
        <ul className="hqr-reasons">
          {row.reasons.map((r, i) => (
            <li key={i} className={r.kind === 'lost' ? 'hqr-lost' : 'hqr-best'}>
              {reasonText(t, r)}
            </li>
          ))}
          {leftOut.length > 0 && <li className="muted">{t('hqFigures.rankings.leftOut', { parts: leftOut.join(t('hqFigures.rankings.listSeparator')) })}</li>}
        </ul>
      </td>
    </tr>
  );
}

type T = TFunction;

export function reasonText(t: T, r: RankReason): string {
  const part = t(`hqFigures.rankings.parts.${r.part}` as never);
  return r.kind === 'lost' ? t('hqFigures.rankings.lost', { part, points: (Math.round(r.lost * 10) / 10).toString() }) : t('hqFigures.rankings.best', { part });
}

/** Shortfalls of the next level, said with the rate as a percentage where the criterion is a share. */
function shortfallText(t: T, lang: ReturnType<typeof useLang>, list: StarShortfall[]): string {
  const level = list[0]!.level;
  const v = (code: StarShortfall['code'], x: number | null) => (x === null ? '–' : code === 'satisfaction' ? formatRate(x, lang) : String(Math.round(x * 10) / 10));
  return (
    t('hqFigures.rankings.nextLevel', { level: t(`hqFigures.rankings.starLevel.${level}` as never) }) +
    list.map((s) => t(`hqFigures.rankings.shortfall.${s.code}` as never, { actual: v(s.code, s.actual), required: v(s.code, s.required) })).join(t('hqFigures.rankings.listSeparator'))
  );
}

function StarShares({ shares }: { shares: NonNullable<RankingsAnswer['starShares']> }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <div className="hqr-shares" data-testid="hqr-star-shares">
      <strong>{t('hqFigures.rankings.starShares')}</strong>
      {shares.map((s) => (
        <span key={s.level} className={`status-chip ${s.met === false ? 'hqr-chip--bad' : s.met ? 'hqr-chip--ok' : ''}`}>
          {t('hqFigures.rankings.starShare', { level: t(`hqFigures.rankings.starLevel.${s.level}` as never), share: formatRate(s.share, lang), target: formatRate(s.target, lang) })}
        </span>
      ))}
    </div>
  );
}

/**
 * Grants the month's stars: two steps (what it does, then confirm), since it writes a new
 * configuration version to every branch whose stars change. Says per branch what changed.
 */
function GrantStars({ token, month, rows, onGranted }: { token: string; month: string; rows: readonly RankingRow[]; onGranted: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const [step, setStep] = useState<'idle' | 'confirm' | 'working'>('idle');
  const [result, setResult] = useState<{ month: string; answer: GrantStarsAnswer } | { month: string; error: unknown } | null>(null);
  const m = formatMonth(month, lang);
  const shown = result?.month === month ? result : null;
  const branchName = (id: string) => {
    const parent = rows.find((r) => r.parent?.id === id)?.parent;
    return parent ? local(parent.name) : id;
  };
  const grant = () => {
    setStep('working');
    grantStars(token, month).then(
      (answer) => {
        setResult({ month, answer });
        setStep('idle');
        onGranted();
      },
      (error: unknown) => {
        setResult({ month, error });
        setStep('idle');
      },
    );
  };
  return (
    <div className="hqr-grant" data-testid="hqr-grant">
      {step === 'confirm' ? (
        <p>
          {t('hqFigures.rankings.grant.confirm', { month: m })}{' '}
          <button type="button" className="button button--primary" onClick={grant} data-testid="hqr-grant-confirm">
            {t('hqFigures.rankings.grant.button', { month: m })}
          </button>{' '}
          <button type="button" className="button" onClick={() => setStep('idle')}>
            {t('common.cancel')}
          </button>
        </p>
      ) : (
        <button type="button" className="button" disabled={step === 'working'} onClick={() => setStep('confirm')} data-testid="hqr-grant-start">
          {step === 'working' ? t('hqFigures.rankings.grant.working') : t('hqFigures.rankings.grant.button', { month: m })}
        </button>
      )}
      {shown && 'error' in shown && (
        <p className="board__alert" role="alert">
          {t('hqFigures.error', { message: errorText(t, shown.error) })}
        </p>
      )}
      {shown && 'answer' in shown && (
        <ul className="hqr-grant__result" data-testid="hqr-grant-result">
          {shown.answer.branches.every((b) => b.changes.length === 0 && b.refused === null) && <li>{t('hqFigures.rankings.grant.none', { month: m })}</li>}
          {shown.answer.branches
            .filter((b) => b.version !== null || b.refused !== null)
            .map((b) => (
              <li key={b.branchId}>
                {b.refused
                  ? t('hqFigures.rankings.grant.refused', { branch: branchName(b.branchId), message: errorText(t, b.refused) })
                  : t('hqFigures.rankings.grant.done', { branch: branchName(b.branchId), version: b.version, n: b.changes.length })}
                {b.changes.length > 0 && <span className="muted"> · {b.changes.map((c) => t('hqFigures.rankings.grant.change', { name: local(c.name), from: c.from, to: c.to })).join(t('hqFigures.rankings.listSeparator'))}</span>}
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}
