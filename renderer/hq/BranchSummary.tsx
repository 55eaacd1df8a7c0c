import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueueError } from '../../shared/api/errors.js';
import type { QueueSummary } from '../../shared/api/queueApi.js';
import { fetchQueueSummary } from '../api/hub.js';
import { useLang, useLocalized } from '../i18n/index.js';
import { useBranchConfig } from '../queue/configStore.js';
import { formatClock, formatDuration } from '../ui/format.js';
import { LangSwitcher } from '../ui/LangSwitcher.js';
import '../ui/board.css';
import { useHeadOfficeConsoleUrl } from './hqApi.js';

const POLL_MS = 10_000;

/** What a branch hub shows at /hq: its own live summary, and the way to head office's console. */
export function BranchSummary() {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const { config } = useBranchConfig();
  const [summary, setSummary] = useState<QueueSummary | null>(null);
  const [updated, setUpdated] = useState<Date | null>(null);
  const [error, setError] = useState<QueueError | null>(null);
  const consoleUrl = useHeadOfficeConsoleUrl();

  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      try {
        const s = await fetchQueueSummary();
        if (!alive) return;
        setSummary(s);
        setUpdated(new Date());
        setError(null);
      } catch (err) {
        if (alive) setError(err instanceof QueueError ? err : new QueueError('internal', String(err)));
      }
      if (alive) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, []);

  const serviceName = (code: string) => {
    const s = config?.services.find((x) => x.code === code);
    return s ? local(s.name) : code;
  };
  const total = summary?.services.reduce((n, s) => n + s.waiting, 0) ?? 0;
  const busy = summary?.counters.filter((c) => c.status !== 'idle').length ?? 0;

  return (
    <main className="board" data-testid="hq">
      <header className="board__header">
        <div>
          <p className="board__kicker">{t('hq.title')}</p>
          <h1>{config ? local(config.name) : t('launcher.unknownBranch')}</h1>
        </div>
        <div className="board__header-right">
          {updated && <span className="muted">{t('hq.updated', { time: formatClock(updated, lang, config?.hours.timezone, true) })}</span>}
          <LangSwitcher />
        </div>
      </header>

      {error && (
        <div className={error.code === 'hub_unreachable' ? 'offline-banner' : 'board__alert'} role="alert" data-testid={error.code === 'hub_unreachable' ? 'offline-banner' : 'hq-error'}>
          <strong>{error.code === 'hub_unreachable' ? t('common.offline.title') : t(`errors.${error.code}`)}</strong>
          {error.code === 'hub_unreachable' && <span>{t('common.offline.retrying')}</span>}
        </div>
      )}

      <p className="board__note" data-testid="hq-note">
        {t('hq.note')}{' '}
        {consoleUrl ? (
          <a href={consoleUrl} data-testid="hq-console-link">
            {t('hq.branchConsoleLink')}
          </a>
        ) : (
          <span>{t('hq.noUpstream')}</span>
        )}
      </p>

      <section className="board__section">
        <h2>{t('hq.summary')}</h2>
        {summary ? (
          <>
            <div className="board__kpis" data-testid="hq-summary">
              <div className="kpi">
                <span className="kpi__label">{t('hq.businessDay')}</span>
                <span className="kpi__value">{summary.businessDay}</span>
              </div>
              <div className="kpi">
                <span className="kpi__label">{t('hq.totalWaiting')}</span>
                <span className="kpi__value" data-testid="hq-total-waiting">
                  {total}
                </span>
              </div>
              <div className="kpi">
                <span className="kpi__label">{t('hq.activeCounters')}</span>
                <span className="kpi__value">
                  {busy} / {summary.counters.length}
                </span>
              </div>
            </div>
            <div className="board__two">
              <table className="board__table">
                <thead>
                  <tr>
                    <th>{t('lead.service')}</th>
                    <th className="num">{t('lead.waiting')}</th>
                    <th className="num">{t('lead.longest')}</th>
                  </tr>
                </thead>
                <tbody>
                  {summary.services.map((s) => (
                    <tr key={s.code}>
                      <td>
                        <span className="code-chip">{s.code}</span> {serviceName(s.code)}
                      </td>
                      <td className="num strong">{s.waiting}</td>
                      <td className="num">{s.waiting > 0 ? formatDuration(s.longestWaitSeconds) : '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <table className="board__table">
                <thead>
                  <tr>
                    <th>{t('hq.counter')}</th>
                    <th>{t('hq.status')}</th>
                    <th>{t('hq.serving')}</th>
                  </tr>
                </thead>
                <tbody>
                  {summary.counters.map((c) => (
                    <tr key={c.number}>
                      <td>{t('common.windowN', { n: c.number })}</td>
                      <td>
                        <span className={`status-chip status-chip--${c.status}`}>{t(`common.counterStatus.${c.status}`)}</span>
                      </td>
                      <td className="strong">{c.serving ?? '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : (
          !error && <p className="muted">{t('common.loading')}</p>
        )}
      </section>
    </main>
  );
}
