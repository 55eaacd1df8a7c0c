import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueueError } from '../../shared/api/errors.js';
import type { BranchConfig } from '../../shared/config/schema.js';
import { TICKET_LENGTH_MM } from '../../shared/host/contract.js';
import type { PaperWidth } from '../../shared/host/contract.js';
import { fetchTicketView } from '../api/hub.js';
import type { TicketView } from '../api/schemas.js';
import { errorText } from '../i18n/errorText.js';
import { i18n, useLang } from '../i18n/index.js';
import { withLang } from '../i18n/lang.js';
import { TICKET_READY_MESSAGE } from '../kiosk/print.js';
import { expectedWaitFromQuery, withExpectedWait } from '../kiosk/expectedWait.js';
import { useBranchConfig } from '../queue/configStore.js';
import { formatDateTime } from '../ui/format.js';
import { LangSwitcher } from '../ui/LangSwitcher.js';
import './ticket.css';

/** Paper height per roll width; thermal drivers cut after the content anyway. */

type Load = { kind: 'loading' } | { kind: 'ready'; view: TicketView } | { kind: 'error'; error: QueueError };

/**
 * The printable ticket (/ticket/{id}?paper=58|80): monochrome, the number large, Chinese and
 * English, sized for 58 mm or 80 mm thermal rolls. The kiosk prints it from a hidden frame (browser
 * host) or the host loads it and prints silently (Electron); both wait for data-ready.
 */
export function TicketPage({ ticketId, paper }: { ticketId: string; paper: PaperWidth }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { config } = useBranchConfig();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  // The forecast the kiosk had when it issued the ticket (?wait=N); a reprint elsewhere has none.
  const [waitMinutes] = useState(() => expectedWaitFromQuery(window.location.search));

  useEffect(() => {
    let alive = true;
    fetchTicketView(ticketId).then(
      (view) => alive && setLoad({ kind: 'ready', view }),
      (err: unknown) => alive && setLoad({ kind: 'error', error: err instanceof QueueError ? err : new QueueError('internal', String(err)) }),
    );
    return () => {
      alive = false;
    };
  }, [ticketId]);

  const ready = load.kind === 'ready' && config !== null;
  useEffect(() => {
    if (!ready) return;
    document.documentElement.dataset.ready = 'true';
    // Let the fonts settle before the parent prints.
    void document.fonts?.ready.then(() => {
      if (window.parent !== window) window.parent.postMessage({ type: TICKET_READY_MESSAGE, ticketId }, window.location.origin);
    });
  }, [ready, ticketId]);

  return (
    <div className={`ticket-page ticket-page--${paper}`} data-testid="ticket-page" data-paper={paper} data-ready={ready ? 'true' : 'false'}>
      <style>{`@page { size: ${paper}mm ${TICKET_LENGTH_MM[paper]}mm; margin: 0; }`}</style>
      <nav className="ticket-page__toolbar">
        <button type="button" className="button button--primary" onClick={() => window.print()} disabled={!ready} data-testid="ticket-print">
          {t('ticket.print')}
        </button>
        <span className="ticket-page__papers">
          {([58, 80] as const).map((w) => (
            <a
              key={w}
              href={withLang(withExpectedWait(`/ticket/${encodeURIComponent(ticketId)}?paper=${w}`, waitMinutes === null ? null : waitMinutes * 60), lang)}
              className={w === paper ? 'is-active' : undefined}
              aria-current={w === paper ? 'page' : undefined}
            >
              {t('ticket.paper', { mm: w })}
            </a>
          ))}
        </span>
        <LangSwitcher />
      </nav>
      {load.kind === 'error' ? (
        <p className="ticket-page__message" role="alert" data-testid="ticket-error">
          {load.error.code === 'not_found' ? t('ticket.notFound') : t('ticket.loadFailed', { message: errorText(t, load.error) })}
        </p>
      ) : !ready ? (
        <p className="ticket-page__message">{t('common.loading')}</p>
      ) : (
        <PrintedTicket view={load.view} config={config} waitMinutes={waitMinutes} />
      )}
    </div>
  );
}

function PrintedTicket({ view, config, waitMinutes }: { view: TicketView; config: BranchConfig; waitMinutes: number | null }) {
  const lang = useLang();
  // Printed tickets are always Chinese and English; the Chinese script follows the UI choice.
  const zh = lang === 'zh-TW' ? 'zh-TW' : 'zh-CN';
  const tz = i18n.getFixedT(zh);
  const ten = i18n.getFixedT('en');
  const { ticket, serviceName, waitingAhead } = view;
  const issued = new Date(ticket.issuedAt);
  return (
    <article className="printed-ticket" data-testid="printed-ticket">
      <header className="printed-ticket__branch">
        <p className="printed-ticket__branch-zh">{config.name[zh]}</p>
        <p className="printed-ticket__branch-en">{config.name.en}</p>
      </header>
      <p className="printed-ticket__service">
        <span className="printed-ticket__service-zh">{serviceName[zh]}</span>
        <span className="printed-ticket__service-en">{serviceName.en}</span>
      </p>
      <p className="printed-ticket__number" data-testid="ticket-number">
        {ticket.number}
      </p>
      {ticket.priority !== 'none' && (
        <p className="printed-ticket__priority">
          {[...new Set([tz(`common.priority.${ticket.priority}`), ten(`common.priority.${ticket.priority}`)])].join(' · ')}
        </p>
      )}
      <p className="printed-ticket__ahead" data-testid="ticket-ahead">
        <span>{tz('ticket.waitingAhead', { n: waitingAhead })}</span>
        <span>{ten('ticket.waitingAhead', { n: waitingAhead })}</span>
      </p>
      {waitMinutes !== null && (
        <p className="printed-ticket__ahead printed-ticket__expected" data-testid="ticket-expected" data-minutes={waitMinutes}>
          <span>{tz('notices.ticket.expectedWait', { n: waitMinutes })}</span>
          <span>{ten('notices.ticket.expectedWait', { n: waitMinutes })}</span>
        </p>
      )}
      <p className="printed-ticket__time">
        <span>{tz('ticket.issuedAt')}</span> {formatDateTime(issued, zh, config.hours.timezone)}
      </p>
      <footer className="printed-ticket__note">
        <p>{tz('ticket.note')}</p>
        <p>{ten('ticket.note')}</p>
      </footer>
    </article>
  );
}
