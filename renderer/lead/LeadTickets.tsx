import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { may } from '../../shared/access/roles.js';
import type { BranchConfig, StaffRole } from '../../shared/config/schema.js';
import { QueueError } from '../../shared/api/errors.js';
import { DAY_TICKETS_PATH, DayTicketsResponse, ENDED_STATUSES } from '../../shared/queue/dayTickets.js';
import type { Ticket } from '../../shared/queue/ticket.js';
import { hubRequest } from '../api/hub.js';
import { errorText } from '../i18n/errorText.js';
import { useLang, useLocalized } from '../i18n/index.js';
import { subscribeQueueEvents } from '../queue/store.js';
import { useNow, useQueue } from '../queue/useQueue.js';
import { formatClock, formatDuration, secondsSince } from '../ui/format.js';
import { ServiceRecordLink } from '../ui/ServiceRecordLink.js';

/** Seconds between two instants, or null when either is missing. */
function between(from: string | null, to: string | null): number | null {
  if (!from || !to) return null;
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
}

/** "a012", " A012 " → "A012": how a number is typed, how it is printed. */
export function normalizeNumber(q: string): string {
  return q.trim().toUpperCase();
}

/** After a ticket ends, the hub is asked again this much later (a burst of events makes one request). */
const REFRESH_AFTER_EVENT_MS = 800;
/** And at this pace anyway, for what the stream cannot tell (another station's lead, a missed event). */
const REFRESH_EVERY_MS = 30_000;
const ENDED: ReadonlySet<string> = new Set(ENDED_STATUSES);

/**
 * The tickets of the day at the lead station: those in play (the live snapshot) and those that
 * ended (the hub's stored tickets of the day, GET /api/v1/tickets), searchable by number; each
 * number opens its service record (for whoever may listen).
 */
export function LeadTickets({ config, role }: { config: BranchConfig; role: StaffRole }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const snapshot = useQueue((s) => s.snapshot);
  const q = normalizeNumber(query);
  const match = (tk: { number: string }) => q === '' || tk.number.includes(q);
  const businessDay = snapshot?.businessDay ?? null;
  const { ended, error } = useEndedTickets(businessDay);

  const current = useMemo(() => (snapshot?.tickets ?? []).slice().sort((a, b) => a.issuedAt.localeCompare(b.issuedAt)), [snapshot]);
  const shownCurrent = current.filter(match);
  const shownEnded = (ended ?? []).filter(match);
  const nothing = q !== '' && ended !== null && shownCurrent.length + shownEnded.length === 0;
  const listen = may(role, 'listen');

  return (
    <div className="lead-tickets" data-testid="lead-tickets">
      <section className="board__section">
        <div className="lead-station__section-head">
          <h2>{t('figures.tickets.title')}</h2>
          <label className="lead-tickets__search">
            <span>{t('figures.tickets.search')}</span>
            <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('figures.tickets.searchPlaceholder')} data-testid="lead-tickets-search" autoComplete="off" spellCheck={false} />
          </label>
        </div>
        {nothing && (
          <p className="muted" data-testid="lead-tickets-no-match">
            {t('figures.tickets.noMatch', { q })}
          </p>
        )}
      </section>
      <section className="board__section">
        <h2>{t('figures.tickets.current')}</h2>
        <TicketTable tickets={shownCurrent} config={config} listen={listen} testId="lead-tickets-current" />
      </section>
      <section className="board__section">
        <h2>{t('figures.tickets.served')}</h2>
        <p className="muted">{t('figures.tickets.servedNote')}</p>
        {error && (
          <p className="lead-station__error" role="alert" data-testid="lead-tickets-error">
            {t('figures.tickets.error', { message: error })}
          </p>
        )}
        <TicketTable tickets={shownEnded} config={config} listen={listen} testId="lead-tickets-ended" />
      </section>
    </div>
  );
}

/**
 * The day's ended tickets as the hub stored them: asked when the day is known, shortly after the
 * stream reports a ticket ending, and every half minute. A failed request keeps the last list and
 * says why.
 */
function useEndedTickets(day: string | null): { ended: Ticket[] | null; error: string | null } {
  const { t } = useTranslation();
  const [ended, setEnded] = useState<Ticket[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!day) return;
    let stopped = false;
    let soon: ReturnType<typeof setTimeout> | null = null;
    const load = () =>
      hubRequest(`${DAY_TICKETS_PATH}?day=${day}&state=ended&limit=500`).then(
        (json) => {
          if (stopped) return;
          const parsed = DayTicketsResponse.safeParse(json);
          if (!parsed.success) return setError(errorText(t, new QueueError('internal', 'the hub sent a malformed answer')));
          setEnded(parsed.data.tickets);
          setError(null);
        },
        (err: unknown) => !stopped && setError(errorText(t, err)),
      );
    void load();
    const every = setInterval(() => void load(), REFRESH_EVERY_MS);
    const off = subscribeQueueEvents((event) => {
      if (!ENDED.has(event.ticket.status) || soon) return;
      soon = setTimeout(() => {
        soon = null;
        void load();
      }, REFRESH_AFTER_EVENT_MS);
    });
    return () => {
      stopped = true;
      clearInterval(every);
      if (soon) clearTimeout(soon);
      off();
    };
  }, [day, t]);
  return { ended, error };
}

function TicketTable({ tickets, config, listen, testId }: { tickets: Ticket[]; config: BranchConfig; listen: boolean; testId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const now = useNow(1000);
  const tz = config.hours.timezone;
  const nowIso = now.toISOString();
  return (
    <table className="board__table lead-tickets__table" data-testid={testId}>
      <thead>
        <tr>
          <th>{t('figures.tickets.number')}</th>
          <th>{t('figures.tickets.service')}</th>
          <th>{t('figures.tickets.priority')}</th>
          <th>{t('figures.tickets.status')}</th>
          <th className="num">{t('figures.tickets.window')}</th>
          <th className="num">{t('figures.tickets.issuedAt')}</th>
          <th className="num">{t('figures.tickets.wait')}</th>
          <th className="num">{t('figures.tickets.handling')}</th>
        </tr>
      </thead>
      <tbody>
        {tickets.length === 0 ? (
          <tr>
            <td colSpan={8} className="muted">
              {t('figures.tickets.none')}
            </td>
          </tr>
        ) : (
          tickets.map((tk) => {
            const service = config.services.find((s) => s.code === tk.service);
            // Waiting: the wait so far; called once: until the first call (the figures' definition of a wait).
            const wait = tk.calledAt ? between(tk.issuedAt, tk.calledAt) : tk.status === 'waiting' ? secondsSince(tk.issuedAt, now) : null;
            const handling = tk.startedAt ? between(tk.startedAt, tk.finishedAt ?? nowIso) : null;
            return (
              <tr key={tk.id} data-testid={`lead-ticket-${tk.number}`} data-status={tk.status}>
                <td>
                  {listen ? (
                    <ServiceRecordLink ticketId={tk.id} testId={`lead-ticket-record-${tk.number}`}>
                      <strong>{tk.number}</strong>
                    </ServiceRecordLink>
                  ) : (
                    <strong>{tk.number}</strong>
                  )}
                </td>
                <td>
                  <span className="code-chip">{tk.service}</span> {service ? local(service.name) : ''}
                </td>
                <td>{t(`common.priority.${tk.priority}`)}</td>
                <td>{t(`common.status.${tk.status}`)}</td>
                <td className="num">{tk.counter ?? '–'}</td>
                <td className="num">{formatClock(new Date(tk.issuedAt), lang, tz)}</td>
                <td className="num">{wait === null ? '–' : formatDuration(wait)}</td>
                <td className="num">{handling === null ? '–' : formatDuration(handling)}</td>
              </tr>
            );
          })
        )}
      </tbody>
    </table>
  );
}
