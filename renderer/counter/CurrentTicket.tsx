import { useTranslation } from 'react-i18next';
import type { BranchConfig } from '../../shared/config/schema.js';
import { targetHandlingSecondsOf } from '../../shared/config/schema.js';
import type { Ticket } from '../../shared/queue/ticket.js';
import { useLang, useLocalized } from '../i18n/index.js';
import { useNow, useQueue } from '../queue/useQueue.js';
import { formatDuration, formatTarget, secondsSince } from '../ui/format.js';
import { timerLevel } from './timer.js';

/** The ticket at this window: number, service, priority, status and the handling timer. */
export function CurrentTicket({ config, ticket }: { config: BranchConfig; ticket: Ticket | null }) {
  const { t } = useTranslation();
  const local = useLocalized();
  const lang = useLang();
  const now = useNow(1000);
  const connected = useQueue((s) => s.connected);

  if (!ticket) {
    return (
      <div className="current current--empty" data-testid="current-ticket" data-status="none">
        <p className="current__label">{t('counter.current.label')}</p>
        <p className="current__number current__number--empty" data-testid="current-ticket-number">
          —
        </p>
        <p className="current__hint">{t('counter.current.none')}</p>
      </div>
    );
  }

  const service = config.services.find((s) => s.code === ticket.service);
  const serving = ticket.status === 'serving';
  const elapsed = serving ? secondsSince(ticket.startedAt, now) : secondsSince(ticket.lastCalledAt, now);
  const target = service ? targetHandlingSecondsOf(service) : 0;
  const showTarget = serving && target > 0 && Number.isFinite(target);
  const level = serving ? timerLevel(elapsed, target) : 'ok';
  const items = ticket.items.filter((code, i) => i > 0 || code !== ticket.service);

  return (
    <div className={`current current--${ticket.status}`} data-testid="current-ticket" data-status={ticket.status} data-ticket-id={ticket.id}>
      <div className="current__head">
        <p className="current__label">{t('counter.current.label')}</p>
        <span className={`status-chip status-chip--${ticket.status}`} data-testid="current-ticket-status">
          {t(`common.status.${ticket.status}`)}
        </span>
        {!connected && <span className="current__stale">{t('counter.current.stale')}</span>}
      </div>
      <div className="current__body">
        <p className="current__number" data-testid="current-ticket-number">
          {ticket.number}
        </p>
        <dl className="current__facts">
          <div>
            <dt>{t('counter.current.service')}</dt>
            <dd>{service ? local(service.name) : ticket.service}</dd>
          </div>
          <div>
            <dt>{t('counter.current.priority')}</dt>
            <dd>
              <span className={`priority-tag priority-tag--${ticket.priority}`}>{t(`common.priority.${ticket.priority}`)}</span>
            </dd>
          </div>
          <div>
            <dt>{t('counter.current.waited')}</dt>
            <dd>{formatDuration(secondsSince(ticket.issuedAt, new Date(ticket.calledAt ?? now.toISOString())))}</dd>
          </div>
          {ticket.transfers > 0 && (
            <div>
              <dt>{t('counter.current.transfers')}</dt>
              <dd>{ticket.transfers}</dd>
            </div>
          )}
          {items.length > 0 && (
            <div>
              <dt>{t('counter.current.items')}</dt>
              <dd>
                {items.map((code) => {
                  const s = config.services.find((x) => x.code === code);
                  return s ? local(s.name) : code;
                }).join('、')}
              </dd>
            </div>
          )}
        </dl>
        <div className={`timer timer--${level}`} data-testid="handling-timer" data-level={level}>
          <span className="timer__label">{serving ? t('counter.current.handling') : t('counter.current.sinceCall')}</span>
          <span className="timer__value">{formatDuration(elapsed)}</span>
          {showTarget && <span className="timer__target">{t('counter.current.target', { time: formatTarget(target, lang) })}</span>}
          {showTarget && (
            <span className="timer__bar" aria-hidden="true">
              <span style={{ width: `${Math.min(100, (elapsed / target) * 100)}%` }} />
            </span>
          )}
        </div>
      </div>
    </div>
  );
}
