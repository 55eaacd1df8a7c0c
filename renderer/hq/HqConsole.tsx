import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HqSummary } from '../../shared/hq/summary.js';
import type { Lang } from '../../shared/i18n/localized.js';
import { useLang, useLocalized } from '../i18n/index.js';
import { formatDateTime } from '../ui/format.js';
import { formatRate, formatSeconds } from '../figures/format.js';
import { branchState, roleKey } from './figures/branchState.js';
import { useBranchNames } from './figures/useBranchNames.js';
import './figures/hqFigures.css';

/** In the screen's language and 24-hour, never the browser's locale, on the branch's own clock (what its staff see). */
function when(iso: string | null, lang: Lang, never: string, timeZone?: string): string {
  if (!iso) return never;
  return formatDateTime(new Date(iso), lang, timeZone, true);
}

export function TokenForm({ refused, onSubmit }: { refused: boolean; onSubmit: (token: string) => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  return (
    <section className="board__section" data-testid="hq-token-form">
      <h2>{t('hq.console.tokenTitle')}</h2>
      <p className="muted">{t('hq.console.tokenHint')}</p>
      {refused && (
        <p className="board__alert" role="alert">
          {t('hq.console.tokenWrong')}
        </p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim()) onSubmit(value.trim());
        }}
      >
        <label>
          {t('hq.console.tokenLabel')}{' '}
          <input type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} data-testid="hq-token" />
        </label>{' '}
        <button type="submit" className="button button--primary" data-testid="hq-token-submit">
          {t('hq.console.tokenSubmit')}
        </button>
      </form>
    </section>
  );
}

/** Every branch and device as head office sees them: last contact, backlog, and what arrived per day. */
export function HqConsole({ summary, token }: { summary: HqSummary; token: string | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const names = useBranchNames(token);
  const nameOf = (id: string) => {
    const n = names.get(id);
    return n ? local(n) : id;
  };
  const zoneOf = (id: string) => summary.branches.find((b) => b.branchId === id)?.timeZone;
  const now = new Date(summary.generatedAt);
  const never = t('hq.console.never');
  // Newest day first, then the branches by name.
  const perDay = [...summary.perDay].sort((a, b) => b.day.localeCompare(a.day) || nameOf(a.branch).localeCompare(nameOf(b.branch)));

  return (
    <div data-testid="hq-console">
      <section className="board__section">
        <h2>{t('hq.console.branches')}</h2>
        <table className="board__table" data-testid="hq-branches">
          <thead>
            <tr>
              <th>{t('hq.console.branch')}</th>
              <th>{t('hqFigures.devices.state')}</th>
              <th className="num">{t('hq.console.devices')}</th>
              <th>{t('hq.console.lastSeen')}</th>
              <th>{t('hqFigures.devices.zone')}</th>
              <th className="num">{t('hq.console.backlog')}</th>
              <th className="num">{t('hq.console.deadLetters')}</th>
              <th className="num">{t('hq.console.configVersion')}</th>
            </tr>
          </thead>
          <tbody>
            {summary.branches.map((b) => (
              <tr key={b.branchId} data-testid={`hq-branch-${b.branchId}`}>
                <td className="strong" title={b.branchId}>
                  {nameOf(b.branchId)}
                </td>
                <td data-testid="hq-branch-state">
                  <BranchStateText state={branchState(b, now)} />
                </td>
                <td className="num">{b.devices}</td>
                <td>{when(b.lastSeenAt, lang, never, b.timeZone)}</td>
                <td className="muted">{b.timeZone}</td>
                <td className="num strong">{b.pending}</td>
                <td className="num">{b.deadLetters}</td>
                <td className="num">{b.configVersion ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="board__section">
        <h2>{t('hq.console.devices')}</h2>
        <table className="board__table" data-testid="hq-devices">
          <thead>
            <tr>
              <th>{t('hq.console.device')}</th>
              <th>{t('hq.console.branch')}</th>
              <th>{t('hq.console.role')}</th>
              <th>{t('hq.console.lastSeen')}</th>
              <th className="num">{t('hq.console.backlog')}</th>
              <th className="num">{t('hq.console.clockOffset')}</th>
            </tr>
          </thead>
          <tbody>
            {summary.devices.map((d) => (
              <tr key={d.deviceId} data-testid="hq-device-row">
                <td>
                  <code>{d.deviceId}</code> {d.revoked && <span className="status-chip">{t('hq.console.revoked')}</span>}
                </td>
                <td>{nameOf(d.branchId)}</td>
                <td data-testid="hq-device-role">{t(`hqFigures.devices.roles.${roleKey(d.role)}`)}</td>
                <td>{when(d.lastSeenAt, lang, never, zoneOf(d.branchId))}</td>
                <td className="num strong">{d.pending}</td>
                <td className="num">{d.clockOffsetMs === null ? '–' : `${(d.clockOffsetMs / 1000).toFixed(1)} s`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="board__section">
        <h2>{t('hq.console.perDay')}</h2>
        {perDay.length === 0 ? (
          <p className="muted">{t('hq.console.none')}</p>
        ) : (
          <table className="board__table" data-testid="hq-per-day">
            <thead>
              <tr>
                <th>{t('hq.console.day')}</th>
                <th>{t('hq.console.branch')}</th>
                <th className="num">{t('hq.console.arrivals')}</th>
                <th className="num">{t('hq.console.served')}</th>
                <th className="num">{t('hq.console.noShows')}</th>
                <th className="num">{t('hq.console.averageWait')}</th>
                <th className="num">{t('hq.console.satisfaction')}</th>
              </tr>
            </thead>
            <tbody>
              {perDay.map((r) => (
                <tr key={`${r.day}|${r.branch}`} data-testid="hq-per-day-row">
                  <td>{r.day}</td>
                  <td title={r.branch}>{nameOf(r.branch)}</td>
                  <td className="num">{r.arrivals}</td>
                  <td className="num">{r.served}</td>
                  <td className="num">{r.noShows}</td>
                  <td className="num">{formatSeconds(r.averageWaitSeconds)}</td>
                  <td className="num">{formatRate(r.rated > 0 ? r.satisfied / r.rated : null, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function BranchStateText({ state }: { state: ReturnType<typeof branchState> }) {
  const { t } = useTranslation();
  return (
    <span className={`hq-state--${state.level}`} data-state={state.key}>
      {t(`hqFigures.devices.states.${state.key}`, { n: 'count' in state ? state.count : 0, hours: 'hours' in state ? state.hours : 0 })}
    </span>
  );
}
