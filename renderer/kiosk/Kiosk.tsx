import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BranchConfig } from '../../shared/config/schema.js';
import { queueStats } from '../../shared/queue/rules/index.js';
import { useEnglish, useLang, useLocalized } from '../i18n/index.js';
import { withLang } from '../i18n/lang.js';
import { useNow, useQueue, useQueueStream } from '../queue/useQueue.js';
import { Bi } from '../ui/Bi.js';
import { ConfigGate } from '../ui/ConfigGate.js';
import { formatClock, formatDate, localDate } from '../ui/format.js';
import { Icon } from '../ui/icons.js';
import { LangSwitcher } from '../ui/LangSwitcher.js';
import { AppointmentPad } from './AppointmentPad.js';
import { IssuedTicketCard } from './IssuedTicketCard.js';
import { KioskClosed, KioskUnavailable } from './KioskClosed.js';
import { KioskError } from './KioskError.js';
import { useKioskStore } from './store.js';
import type { KioskPriority } from './store.js';
import { useKioskStatus } from './useKioskStatus.js';
import './kiosk.css';

/** Back to the service choice when nobody touches a secondary screen for this long. */
const IDLE_RETURN_MS = 45_000;

export function Kiosk() {
  useQueueStream();
  return <ConfigGate>{(config) => <KioskBody config={config} />}</ConfigGate>;
}

function KioskBody({ config }: { config: BranchConfig }) {
  const { t } = useTranslation();
  const en = useEnglish();
  const lang = useLang();
  const local = useLocalized();
  const now = useNow(1000);
  const [availability, refresh] = useKioskStatus();
  const step = useKioskStore((s) => s.step);
  const error = useKioskStore((s) => s.error);
  const reset = useKioskStore((s) => s.reset);

  // A ticket refused because the branch just closed: ask the hub for the state again.
  useEffect(() => {
    if (error?.code === 'kiosk_closed') refresh();
  }, [error, refresh]);

  useIdleReturn(step === 'code', reset);

  const closed = availability.kind === 'known' && !availability.open;
  const unreachable = availability.kind === 'unreachable';

  return (
    <main className="kiosk" data-testid="kiosk" data-step={step}>
      <header className="kiosk__header">
        <div className="kiosk__branch">
          <Bi main={local(config.name)} en={config.name.en} />
        </div>
        <div className="kiosk__clock" aria-live="off">
          <span className="kiosk__time">{formatClock(now, lang, config.hours.timezone)}</span>
          <span className="kiosk__date">{formatDate(now, lang, config.hours.timezone)}</span>
        </div>
        <LangSwitcher tone="dark" />
      </header>

      <div className="kiosk__body">
        {step === 'ticket' ? (
          <IssuedTicketCard config={config} />
        ) : closed ? (
          <KioskClosed opensAt={availability.open ? null : availability.opensAt} today={localDate(now, config.hours.timezone)} />
        ) : unreachable ? (
          <KioskUnavailable />
        ) : step === 'code' ? (
          <AppointmentPad config={config} />
        ) : (
          <ServiceChooser config={config} />
        )}
      </div>

      {step === 'issuing' && (
        <div className="kiosk__overlay" role="status" data-testid="kiosk-issuing">
          <div className="spinner spinner--large" aria-hidden="true" />
          <Bi main={t('kiosk.issuing')} en={en('kiosk.issuing')} />
        </div>
      )}

      <footer className="kiosk__footer">
        <Bi main={t('kiosk.footer')} en={en('kiosk.footer')} />
      </footer>
    </main>
  );
}

function useIdleReturn(active: boolean, onIdle: () => void): void {
  const code = useKioskStore((s) => s.code);
  const ref = useRef(onIdle);
  ref.current = onIdle;
  useEffect(() => {
    if (!active) return;
    const id = setTimeout(() => ref.current(), IDLE_RETURN_MS);
    return () => clearTimeout(id);
  }, [active, code]);
}

const PRIORITIES: KioskPriority[] = ['none', 'elderly', 'vip'];

function ServiceChooser({ config }: { config: BranchConfig }) {
  const { t } = useTranslation();
  const en = useEnglish();
  const lang = useLang();
  const local = useLocalized();
  const priority = useKioskStore((s) => s.priority);
  const choosePriority = useKioskStore((s) => s.choosePriority);
  const take = useKioskStore((s) => s.take);
  const openCodePad = useKioskStore((s) => s.openCodePad);
  const error = useKioskStore((s) => s.error);
  const snapshot = useQueue((s) => s.snapshot);
  const connected = useQueue((s) => s.connected);
  const [now] = useState(() => new Date());
  const stats = snapshot ? queueStats(snapshot.tickets, config.services.map((s) => s.code), now) : null;
  const ticketPath = (id: string) => withLang(`/ticket/${encodeURIComponent(id)}?paper=80`, lang);

  return (
    <div className="kiosk-choose">
      {error && <KioskError />}

      {/* Before the services: a priority customer must choose it before tapping a service (issue 14). */}
      <fieldset className="kiosk-priority" data-testid="kiosk-priority">
        <legend>
          <Bi main={t('kiosk.priority.label')} en={en('kiosk.priority.label')} />
        </legend>
        <p className="kiosk-priority__hint">
          <Bi main={t('kiosk.priority.hint')} en={en('kiosk.priority.hint')} />
        </p>
        <div className="kiosk-priority__options">
          {PRIORITIES.map((p) => (
            <button
              key={p}
              type="button"
              className={`kiosk-priority__option${priority === p ? ' is-active' : ''}`}
              aria-pressed={priority === p}
              data-testid={`kiosk-priority-${p}`}
              onClick={() => choosePriority(p)}
            >
              <Bi main={t(`kiosk.priority.${p}`)} en={en(`kiosk.priority.${p}`)} />
            </button>
          ))}
        </div>
      </fieldset>

      <h1 className="kiosk-choose__title">
        <Bi main={t('kiosk.chooseTitle')} en={en('kiosk.chooseTitle')} />
      </h1>

      <div className="kiosk-services" data-count={config.services.length}>
        {config.services.map((service) => {
          const waiting = stats?.find((s) => s.code === service.code)?.waiting;
          return (
            <button
              key={service.code}
              type="button"
              className="kiosk-service"
              data-testid={`kiosk-service-${service.code}`}
              onClick={() => void take({ service: service.code, ...(priority !== 'none' ? { priority } : {}) }, (i) => ticketPath(i.id))}
            >
              <span className="kiosk-service__code" aria-hidden="true">
                {service.code}
              </span>
              <span className="kiosk-service__name">{local(service.name)}</span>
              {lang !== 'en' && (
                <span className="kiosk-service__en" lang="en">
                  {service.name.en}
                </span>
              )}
              {connected && waiting !== undefined && (
                <span className="kiosk-service__waiting" data-testid={`kiosk-service-waiting-${service.code}`}>
                  {t('kiosk.waitingNow', { n: waiting })}
                </span>
              )}
            </button>
          );
        })}
      </div>

      <div className="kiosk-extras">
        <button type="button" className="kiosk-appointment" data-testid="kiosk-appointment" onClick={openCodePad}>
          <Icon name="calendar" size={44} className="kiosk-appointment__icon" />
          <Bi main={t('kiosk.appointment.button')} en={en('kiosk.appointment.button')} />
        </button>
      </div>
    </div>
  );
}
