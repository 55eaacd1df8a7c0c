import { useTranslation } from 'react-i18next';
import { may } from '../../shared/access/roles.js';
import type { BranchConfig, StaffRole } from '../../shared/config/schema.js';
import { targetHandlingSecondsOf, targetWaitSecondsOf } from '../../shared/config/schema.js';
import { queueStats } from '../../shared/queue/rules/index.js';
import { counterStatusOf } from '../../shared/queue/snapshot.js';
import { credentialHeaders } from '../api/credentials.js';
import { useLang, useLocalized } from '../i18n/index.js';
import { useNow, useQueue } from '../queue/useQueue.js';
import { useWindowStaffStore } from '../queue/windowStaff.js';
import { formatClock, formatDuration, formatTarget, secondsSince } from '../ui/format.js';
import { Stars } from '../ui/Stars.js';
import { ServiceRecordLink } from '../ui/ServiceRecordLink.js';
import { HubSyncPanel } from '../sync/HubSyncPanel.js';
import { LeadBusinessDay } from '../businessDay/LeadBusinessDay.js';
import { LeadPhrases } from '../phrases/LeadPhrases.js';
import { FollowUpList } from '../ratings/FollowUpList.js';
import { LeadPauses, WindowChip } from '../pause/LeadPauses.js';
import { useWindowsStore } from '../pause/windowsStore.js';
import type { LiveQueueRow } from '../../shared/figures/api.js';
import { LiveQueuesExport, StaffToday, useLiveFigures } from '../figures/LiveFigures.js';
import { formatSeconds } from '../figures/format.js';

/** The hub's sync status page wants this lead station's device token like every other route. */
const WITH_CREDENTIALS = {
  fetch: (url: string, init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal }) =>
    fetch(url, { ...init, cache: 'no-store', headers: { ...init.headers, ...credentialHeaders() } }),
};

/**
 * The duty leader's live board: every window and every queue, with the waiting alert, and each
 * feature's lead panel the signed-in role may use (the hub refuses the rest anyway).
 */
export function LeadBoard({ config, role }: { config: BranchConfig; role: StaffRole }) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const now = useNow(1000);
  const windows = useWindowStaffStore((s) => s.windows);
  const snapshot = useQueue((s) => s.snapshot);
  const threshold = config.policy.alertWaitingCount;
  const stats = snapshot ? queueStats(snapshot.tickets, config.services.map((s) => s.code), now) : [];
  const total = stats.reduce((n, s) => n + s.waiting, 0);
  const alert = total >= threshold;
  // The hub's aggregates (average wait so far, the forecast, today's staff), every quarter minute;
  // waiting and longest wait stay the live snapshot's, to the second.
  const live = useLiveFigures().data;
  const windowStates = useWindowsStore((s) => s.windows);
  const queueRows: LiveQueueRow[] = config.services.map((service) => {
    const s = stats.find((x) => x.code === service.code);
    const fig = live?.queues.find((q) => q.service === service.code);
    return {
      service: service.code,
      waiting: s?.waiting ?? 0,
      longestWaitSeconds: s?.longestWaitSeconds ?? 0,
      averageWaitSecondsToday: fig?.averageWaitSecondsToday ?? null,
      expectedWaitSeconds: fig?.expectedWaitSeconds ?? null,
      targetWaitSeconds: targetWaitSecondsOf(service),
      windowsServing: fig?.windowsServing ?? 0,
    };
  });

  return (
    <div className="lead-board" data-testid="lead-board">
      {alert && (
        <div className="board__alert" role="alert" data-testid="lead-alert">
          {t('lead.alert', { n: total, threshold })}
        </div>
      )}

      <section className="board__section">
        <div className="lead-station__section-head">
          <h2>{t('lead.queues')}</h2>
          <LiveQueuesExport config={config} rows={queueRows} day={snapshot?.businessDay ?? ''} />
          {live && <span className="muted">{t('figures.live.updated', { time: formatClock(new Date(live.at), lang, config.hours.timezone) })}</span>}
        </div>
        <table className="board__table" data-testid="lead-queues">
          <thead>
            <tr>
              <th>{t('lead.service')}</th>
              <th className="num">{t('lead.waiting')}</th>
              <th className="num">{t('lead.longest')}</th>
              <th className="num">{t('figures.col.averageWaitToday')}</th>
              <th className="num">{t('figures.col.expectedWait')}</th>
              <th className="num">{t('lead.targetWait')}</th>
              <th className="num">{t('figures.col.windowsServing')}</th>
            </tr>
          </thead>
          <tbody>
            {config.services.map((service) => {
              const s = stats.find((x) => x.code === service.code);
              const waiting = s?.waiting ?? 0;
              const longest = s?.longestWaitSeconds ?? 0;
              const target = targetWaitSecondsOf(service);
              const row = queueRows.find((r) => r.service === service.code)!;
              const expectedOver = row.expectedWaitSeconds !== null && row.expectedWaitSeconds > target;
              const level = waiting >= threshold ? 'alert' : longest > target || expectedOver ? 'warn' : 'ok';
              return (
                <tr key={service.code} className={`is-${level}`} data-testid={`lead-queue-${service.code}`} data-level={level}>
                  <td>
                    <span className="code-chip">{service.code}</span> {local(service.name)}
                  </td>
                  <td className="num strong">{snapshot ? waiting : '–'}</td>
                  <td className={`num${waiting > 0 && longest > target ? ' is-over' : ''}`}>{snapshot && waiting > 0 ? formatDuration(longest) : '–'}</td>
                  <td className={`num${row.averageWaitSecondsToday !== null && row.averageWaitSecondsToday > target ? ' is-over' : ''}`} data-testid={`lead-queue-average-${service.code}`}>
                    {formatSeconds(row.averageWaitSecondsToday)}
                  </td>
                  <td className={`num${expectedOver ? ' is-over' : ''}`} data-testid={`lead-queue-expected-${service.code}`}>
                    {formatSeconds(row.expectedWaitSeconds)}
                  </td>
                  <td className="num muted">{formatTarget(target, lang)}</td>
                  <td className="num">{live ? row.windowsServing : '–'}</td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr className={alert ? 'is-alert' : undefined}>
              <td>{t('lead.total')}</td>
              <td className="num strong" data-testid="lead-total-waiting">
                {snapshot ? total : '–'}
              </td>
              <td colSpan={5} className="muted">
                {t('lead.threshold', { n: threshold })}
              </td>
            </tr>
          </tfoot>
        </table>
      </section>

      <section className="board__section">
        <h2>{t('lead.counters')}</h2>
        <div className="board__cards" data-testid="lead-counters">
          {config.counters.map((counter) => {
            // Who is signed in there now (the hub's window.staff frames), not the configured teller.
            const here = windows[counter.number];
            const staff = here?.staff ?? null;
            const { status, ticket } = snapshot ? counterStatusOf(snapshot, counter.number) : { status: 'idle' as const, ticket: null };
            const held = snapshot?.tickets.filter((tk) => tk.status === 'held' && tk.counter === counter.number).length ?? 0;
            const service = ticket ? config.services.find((s) => s.code === ticket.service) : undefined;
            const elapsed = ticket ? secondsSince(status === 'serving' ? ticket.startedAt : ticket.lastCalledAt, now) : 0;
            const over = status === 'serving' && service !== undefined && elapsed >= targetHandlingSecondsOf(service);
            const pause = windowStates?.find((w) => w.number === counter.number)?.pause ?? null;
            return (
              <article key={counter.number} className={`board-card board-card--${status}`} data-testid={`lead-counter-${counter.number}`} data-status={status}>
                <header>
                  <span className="board-card__window">{t('common.windowN', { n: counter.number })}</span>
                  <WindowChip number={counter.number} queue={status} />
                </header>
                <p className="board-card__teller" data-testid={`lead-counter-teller-${counter.number}`} data-staff={staff?.id ?? ''} data-locked={here?.locked ?? false}>
                  {staff ? (
                    <>
                      {local(staff.name)} <span className="muted">{t('common.badge', { badge: staff.badge })}</span> <Stars count={staff.stars} />
                      {here?.locked && <span className="lead-board__locked"> · {t('leadStation.lock.title')}</span>}
                    </>
                  ) : (
                    <span className="muted">{t('leadStation.nobodySignedIn')}</span>
                  )}
                </p>
                <p className="board-card__ticket">
                  {ticket ? (
                    <>
                      <strong>{ticket.number}</strong> <span>{service ? local(service.name) : ticket.service}</span>
                      <span className={`board-card__elapsed${over ? ' is-over' : ''}`}>{formatDuration(elapsed)}</span>
                    </>
                  ) : (
                    <span className="muted">{t('lead.noTicket')}</span>
                  )}
                </p>
                <p className="board-card__meta muted">
                  {t('lead.serves', {
                    list: counter.services.map((c) => c).join(' / '),
                  })}
                  {held > 0 && <> · {t('lead.held', { n: held })}</>}
                </p>
                {pause && (
                  <p className="board-card__pause" data-testid={`lead-counter-pause-${counter.number}`}>
                    {t('figures.live.paused', { time: formatDuration(secondsSince(pause.startedAt, now)) })}
                  </p>
                )}
              </article>
            );
          })}
        </div>
      </section>

      <section className="board__section">
        <StaffToday config={config} live={live} />
      </section>

      <section className="board__section">
        <h2>{t('lead.recentCalls')}</h2>
        {snapshot && snapshot.recentCalls.length > 0 ? (
          <ul className="board__calls">
            {snapshot.recentCalls.slice(0, 8).map((call) => (
              <li key={`${call.ticketId}-${call.at}`}>
                {/* Each call opens its service's record (renderer/serviceRecord/) for whoever may listen. */}
                {may(role, 'listen') ? (
                  <ServiceRecordLink ticketId={call.ticketId} className="board__calls-number" testId={`recent-call-record-${call.number}`}>
                    <strong>{call.number}</strong>
                  </ServiceRecordLink>
                ) : (
                  <strong>{call.number}</strong>
                )}{' '}
                → {t('common.windowN', { n: call.counter })}
                {call.recall && <span className="muted"> · {t('hall.recall')}</span>}
                <span className="muted board__calls-time">{formatClock(new Date(call.at), lang, config.hours.timezone)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('lead.noCalls')}</p>
        )}
      </section>

      {may(role, 'approve') && <LeadPauses config={config} />}
      {may(role, 'approve') && <FollowUpList config={config} />}
      {may(role, 'prompt') && <LeadPhrases config={config} />}
      {may(role, 'approve') && <LeadBusinessDay config={config} />}

      <HubSyncPanel timeZone={config.hours.timezone} transport={WITH_CREDENTIALS} />
    </div>
  );
}
