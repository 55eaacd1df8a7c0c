import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BranchConfig } from '../../shared/config/schema.js';
import { useEnglish, useLang } from '../i18n/index.js';
import { withLang } from '../i18n/lang.js';
import { Bi } from '../ui/Bi.js';
import { formatClock } from '../ui/format.js';
import { expectedWaitMinutes } from '../../shared/notices/expectedWait.js';
import { withExpectedWait } from './expectedWait.js';
import { useKioskStore } from './store.js';

/** Seconds before the kiosk goes back to the service choice by itself. */
export const AUTO_RETURN_SECONDS = 10;

export function IssuedTicketCard({ config }: { config: BranchConfig }) {
  const { t } = useTranslation();
  const en = useEnglish();
  const lang = useLang();
  const issued = useKioskStore((s) => s.issued);
  const expectedWaitSeconds = useKioskStore((s) => s.expectedWaitSeconds);
  const print = useKioskStore((s) => s.print);
  const reprint = useKioskStore((s) => s.reprint);
  const reset = useKioskStore((s) => s.reset);
  const [left, setLeft] = useState(AUTO_RETURN_SECONDS);

  // Count down only once printing is over, so the dialog (browser host) is not cut short.
  const counting = print !== 'printing';
  useEffect(() => {
    if (!counting) return;
    setLeft(AUTO_RETURN_SECONDS);
    const id = setInterval(() => setLeft((s) => s - 1), 1000);
    return () => clearInterval(id);
  }, [counting, issued?.id]);
  useEffect(() => {
    if (left <= 0) reset();
  }, [left, reset]);

  if (!issued) return null;
  const zhName = lang === 'zh-TW' ? issued.serviceName['zh-TW'] : issued.serviceName['zh-CN'];
  const time = formatClock(new Date(issued.issuedAt), lang, config.hours.timezone);
  const branch = lang === 'en' ? config.name.en : config.name[lang];
  const minutes = expectedWaitMinutes(expectedWaitSeconds);

  return (
    <div className="kiosk-issued" data-testid="kiosk-ticket" data-ticket-id={issued.id}>
      <div className="kiosk-issued__paper">
        <p className="kiosk-issued__service">
          <span className="kiosk-issued__service-zh">{zhName}</span>
          <span className="kiosk-issued__service-en" lang="en">
            {issued.serviceName.en}
          </span>
        </p>
        <p className="kiosk-issued__label">
          <Bi main={t('kiosk.ticket.yourNumber')} en={en('kiosk.ticket.yourNumber')} />
        </p>
        <p className="kiosk-issued__number" data-testid="kiosk-ticket-number">
          {issued.number}
        </p>
        {issued.priority !== 'none' && (
          <p className="kiosk-issued__priority" data-testid="kiosk-ticket-priority">
            <Bi main={t(`common.priority.${issued.priority}`)} en={en(`common.priority.${issued.priority}`)} />
          </p>
        )}
        <p className="kiosk-issued__ahead" data-testid="kiosk-ticket-ahead" data-ahead={issued.waitingAhead}>
          <Bi main={t('kiosk.ticket.waitingAhead', { n: issued.waitingAhead })} en={en('kiosk.ticket.waitingAhead', { n: issued.waitingAhead })} />
        </p>
        {minutes !== null && (
          <p className="kiosk-issued__expected" data-testid="kiosk-ticket-expected" data-minutes={minutes}>
            <Bi main={t('notices.ticket.expectedWait', { n: minutes })} en={en('notices.ticket.expectedWait', { n: minutes })} />
          </p>
        )}
        <dl className="kiosk-issued__meta">
          <div>
            <dt>{t('kiosk.ticket.time')}</dt>
            <dd>{time}</dd>
          </div>
          <div>
            <dt>{t('kiosk.ticket.branch')}</dt>
            <dd>{branch}</dd>
          </div>
        </dl>
      </div>

      <div className="kiosk-issued__side">
        <p className={`kiosk-print kiosk-print--${print}`} data-testid="kiosk-print-status" data-state={print} role="status">
          <Bi main={t(`kiosk.print.${print}`)} en={en(`kiosk.print.${print}`)} />
        </p>
        <button
          type="button"
          className="kiosk-button kiosk-button--secondary"
          data-testid="kiosk-print"
          disabled={print === 'printing'}
          onClick={() => void reprint(withExpectedWait(withLang(`/ticket/${encodeURIComponent(issued.id)}?paper=80`, lang), expectedWaitSeconds))}
        >
          <Bi main={t('kiosk.print.again')} en={en('kiosk.print.again')} />
        </button>
        <button type="button" className="kiosk-button kiosk-button--primary" data-testid="kiosk-done" onClick={reset}>
          <Bi main={t('kiosk.ticket.done')} en={en('kiosk.ticket.done')} />
        </button>
        {counting && (
          <p className="kiosk-issued__countdown" data-testid="kiosk-countdown">
            {t('kiosk.ticket.returning', { s: Math.max(0, left) })}
          </p>
        )}
      </div>
    </div>
  );
}
