import { useTranslation } from 'react-i18next';
import type { BranchConfig } from '../../shared/config/schema.js';
import { counterStatusOf } from '../../shared/queue/snapshot.js';
import { useEnglish, useLang, useLocalized } from '../i18n/index.js';
import { useNow, useQueue, useQueueStream } from '../queue/useQueue.js';
import { useWindowStaff } from '../queue/windowStaff.js';
import { Bi } from '../ui/Bi.js';
import { ConfigGate } from '../ui/ConfigGate.js';
import { formatClock } from '../ui/format.js';
import { LangSwitcher } from '../ui/LangSwitcher.js';
import { Stars } from '../ui/Stars.js';
import { DisplayPhrase } from '../phrases/DisplayPhrase.js';
import { RatingPrompt } from '../ratings/RatingPrompt.js';
import { RecordingNotice } from '../recording/RecordingNotice.js';
import { PauseSign, useSignUp } from '../pause/PauseSign.js';
import './counter-display.css';

/** The customer-facing screen of window N (second screen or small LCD). */
export function CounterDisplay({ counter }: { counter: number }) {
  useQueueStream();
  return <ConfigGate tone="dark">{(config) => <DisplayBody config={config} number={counter} />}</ConfigGate>;
}

function DisplayBody({ config, number }: { config: BranchConfig; number: number }) {
  const { t } = useTranslation();
  const en = useEnglish();
  const lang = useLang();
  const local = useLocalized();
  const now = useNow(10_000);
  const snapshot = useQueue((s) => s.snapshot);
  const connected = useQueue((s) => s.connected);
  const counter = config.counters.find((c) => c.number === number);
  // Who is signed in at this window, as the hub says (window.staff frames): a handover shows at once.
  const staff = useWindowStaff(number)?.staff ?? null;
  const { status, ticket } = snapshot ? counterStatusOf(snapshot, number) : { status: 'idle' as const, ticket: null };
  const service = ticket ? config.services.find((s) => s.code === ticket.service) : undefined;
  const signUp = useSignUp(number, ticket !== null);

  return (
    <main className={`cdisplay cdisplay--${status}`} data-testid="counter-display" data-counter={number} data-status={status}>
      <header className="cdisplay__top">
        <div className={`cdisplay__window${lang === 'en' ? ' cdisplay__window--en' : ''}`} data-testid="counter-display-window">
          <span className="cdisplay__window-number">{number}</span>
          <Bi main={t('counterDisplay.window')} en={en('counterDisplay.window')} className="cdisplay__window-label" />
        </div>
        <div className="cdisplay__branch">
          <Bi main={local(config.name)} en={config.name.en} />
          <span className="cdisplay__clock">{formatClock(now, lang, config.hours.timezone)}</span>
          <RecordingNotice counter={number} enabled={config.standards.recording.enabled} />
        </div>
      </header>

      <section className="cdisplay__center" aria-live="polite">
        {!counter ? (
          <p className="cdisplay__message">{t('counter.unknownCounter', { n: number })}</p>
        ) : signUp ? (
          <PauseSign config={config} number={number} />
        ) : ticket ? (
          <>
            <p className="cdisplay__caption">
              <Bi
                main={status === 'serving' ? t('counterDisplay.nowServing') : t('counterDisplay.calling')}
                en={status === 'serving' ? en('counterDisplay.nowServing') : en('counterDisplay.calling')}
              />
            </p>
            <p className="cdisplay__number" data-testid="counter-display-ticket">
              {ticket.number}
            </p>
            {service && (
              <p className="cdisplay__service">
                <Bi main={local(service.name)} en={service.name.en} />
              </p>
            )}
          </>
        ) : (
          <div className="cdisplay__welcome" data-testid="counter-display-welcome">
            <p className="cdisplay__welcome-main">{t('counterDisplay.welcome')}</p>
            {lang !== 'en' && (
              <p className="cdisplay__welcome-en" lang="en">
                {en('counterDisplay.welcome')}
              </p>
            )}
          </div>
        )}
      </section>

      {counter && staff && (
        <footer className="cdisplay__staff" data-testid="counter-display-staff" data-staff={staff.id}>
          <div className="cdisplay__avatar" aria-hidden="true">
            {staff.name[lang === 'en' ? 'zh-CN' : lang].slice(0, 1)}
          </div>
          <div className="cdisplay__staff-text">
            <p className="cdisplay__staff-name">
              <span>{local(staff.name)}</span>
              {lang !== 'en' && (
                <span className="cdisplay__staff-en" lang="en">
                  {staff.name.en}
                </span>
              )}
            </p>
            <p className="cdisplay__staff-badge">
              <Bi main={t('common.badge', { badge: staff.badge })} en={en('common.badge', { badge: staff.badge })} />
            </p>
          </div>
          <div className="cdisplay__stars">
            <Stars count={staff.stars} />
            <Bi main={t('counterDisplay.starTeller', { n: staff.stars })} en={en('counterDisplay.starTeller', { n: staff.stars })} />
          </div>
        </footer>
      )}
      <DisplayPhrase counter={number} />
      {counter && <RatingPrompt counter={number} />}
      <div className="cdisplay__corner">
        {!connected && <span className="cdisplay__offline" data-testid="display-offline" title={t('common.offline.title')} />}
        <LangSwitcher tone="dark" />
      </div>
    </main>
  );
}
