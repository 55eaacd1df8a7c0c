import { useTranslation } from 'react-i18next';
import type { BranchConfig, Counter } from '../../shared/config/schema.js';
import { targetWaitSecondsOf } from '../../shared/config/schema.js';
import { queueStats } from '../../shared/queue/rules/index.js';
import type { Ticket } from '../../shared/queue/ticket.js';
import { useLocalized } from '../i18n/index.js';
import { useNow, useQueue } from '../queue/useQueue.js';
import { formatDuration, secondsSince } from '../ui/format.js';
import { useCounterStore } from './store.js';

const LIST_MAX = 12;

interface SidePanelProps {
  config: BranchConfig;
  counter: Counter;
  waiting: Ticket[];
  held: Ticket[];
}

/** The queue as this window sees it: who waits for its services, how long, and its held tickets. */
export function SidePanel({ config, counter, waiting, held }: SidePanelProps) {
  const { t } = useTranslation();
  const local = useLocalized();
  const now = useNow(5000);
  const busy = useCounterStore((s) => s.busy);
  const connected = useQueue((s) => s.connected);
  const run = useCounterStore((s) => s.run);
  const stats = queueStats(waiting, counter.services, now);
  const longest = waiting.length > 0 ? secondsSince(waiting[0]?.issuedAt, now) : 0;
  const serviceName = (code: string) => {
    const s = config.services.find((x) => x.code === code);
    return s ? local(s.name) : code;
  };
  /** Seconds; Infinity for an unknown service. */
  const targetWait = (code: string) => {
    const s = config.services.find((x) => x.code === code);
    return s ? targetWaitSecondsOf(s) : Infinity;
  };

  return (
    <aside className="side">
      <section className="panel" data-testid="waiting-panel">
        <header className="panel__header">
          <h2>{t('counter.waiting.title')}</h2>
          {!connected && <span className="panel__stale">{t('counter.current.stale')}</span>}
          <span className="panel__count" data-testid="waiting-count">
            {t('counter.waiting.count', { n: waiting.length })}
          </span>
        </header>
        <div className="side__stats">
          {stats.map((s) => (
            <div key={s.code} className="side__stat" data-testid={`waiting-service-${s.code}`}>
              <span className="side__stat-code">{s.code}</span>
              <span className="side__stat-name">{serviceName(s.code)}</span>
              <span className="side__stat-value">{s.waiting}</span>
            </div>
          ))}
        </div>
        <p className={`side__longest${longest > targetWait(waiting[0]?.service ?? '') ? ' is-late' : ''}`} data-testid="longest-wait">
          {t('counter.waiting.longest', { time: formatDuration(longest) })}
        </p>
        {waiting.length === 0 ? (
          <p className="panel__empty">{t('counter.waiting.empty')}</p>
        ) : (
          <ol className="ticket-list" data-testid="waiting-list">
            {waiting.slice(0, LIST_MAX).map((tk) => {
              const waited = secondsSince(tk.issuedAt, now);
              return (
                <li key={tk.id} className="ticket-list__row" data-testid="waiting-row">
                  <span className="ticket-list__number">{tk.number}</span>
                  <span className="ticket-list__service">{serviceName(tk.service)}</span>
                  {tk.priority !== 'none' && <span className={`priority-tag priority-tag--${tk.priority}`}>{t(`common.priority.${tk.priority}`)}</span>}
                  {tk.targetCounter !== null && <span className="priority-tag priority-tag--pinned">{t('counter.waiting.pinned')}</span>}
                  <span className={`ticket-list__time${waited > targetWait(tk.service) ? ' is-late' : ''}`}>{formatDuration(waited)}</span>
                </li>
              );
            })}
            {waiting.length > LIST_MAX && <li className="ticket-list__more">{t('counter.waiting.more', { n: waiting.length - LIST_MAX })}</li>}
          </ol>
        )}
      </section>

      <section className="panel" data-testid="held-panel">
        <header className="panel__header">
          <h2>{t('counter.held.title')}</h2>
          <span className="panel__count">{held.length}</span>
        </header>
        {held.length === 0 ? (
          <p className="panel__empty">{t('counter.held.empty')}</p>
        ) : (
          <ul className="ticket-list">
            {held.map((tk) => (
              <li key={tk.id} className="ticket-list__row" data-testid="held-row">
                <span className="ticket-list__number">{tk.number}</span>
                <span className="ticket-list__service">{serviceName(tk.service)}</span>
                <button
                  type="button"
                  className="button button--small"
                  data-testid={`call-held-${tk.number}`}
                  disabled={busy !== null}
                  onClick={() => void run('call-held', { ticketId: tk.id }, { ticketId: tk.id, number: tk.number })}
                >
                  {t('counter.held.callBack')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </aside>
  );
}
