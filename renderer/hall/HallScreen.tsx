import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { BranchConfig } from '../../shared/config/schema.js';
import type { RecentCall } from '../../shared/queue/events.js';
import { queueStats } from '../../shared/queue/rules/index.js';
import { hallCalls } from '../../shared/queue/snapshot.js';
import { useEnglish, useLang, useLocalized } from '../i18n/index.js';
import { useNow, useQueue, useQueueStream } from '../queue/useQueue.js';
import { Bi } from '../ui/Bi.js';
import { ConfigGate } from '../ui/ConfigGate.js';
import { formatClock, formatDate } from '../ui/format.js';
import { Icon } from '../ui/icons.js';
import { LangSwitcher } from '../ui/LangSwitcher.js';
import { expectedWaitMinutes } from '../../shared/notices/expectedWait.js';
import { NoticeStrip } from '../notices/NoticeStrip.js';
import { useActiveNotices } from '../notices/useActiveNotices.js';
import { useHallAnnouncer } from './useHallAnnouncer.js';
import { useExpectedWait } from './useExpectedWait.js';
import type { AnnouncingCall } from './useHallAnnouncer.js';
import './hall.css';

/** The hall screen, read from five metres: the call now, the last calls, who waits, the time. */
export function HallScreen() {
  useQueueStream();
  return <ConfigGate tone="dark">{(config) => <HallBody config={config} />}</ConfigGate>;
}

function sameCall(call: RecentCall | null, announcing: AnnouncingCall | null): boolean {
  return !!call && !!announcing && call.number === announcing.number && call.counter === announcing.window;
}

function HallBody({ config }: { config: BranchConfig }) {
  const { t } = useTranslation();
  const en = useEnglish();
  const lang = useLang();
  const local = useLocalized();
  const now = useNow(1000);
  const snapshot = useQueue((s) => s.snapshot);
  const status = useQueue((s) => s.status);
  const { blocked, unlock, announcing } = useHallAnnouncer(config.announcement.repeat);

  // "Now calling" is a ticket still called or served at its window, never a no-show's.
  const { current, history } = snapshot ? hallCalls(snapshot, config.announcement.hallHistory) : { current: null, history: [] };
  const stats = snapshot ? queueStats(snapshot.tickets, config.services.map((s) => s.code), now) : [];
  const totalWaiting = stats.reduce((n, s) => n + s.waiting, 0);
  const flashing = sameCall(current, announcing);
  const notices = useActiveNotices();
  const expected = useExpectedWait();

  return (
    <main className="hall" data-testid="hall" data-hub={status}>
      <header className="hall__header">
        <div className="hall__branch" data-testid="branch-name">
          <span className="hall__branch-main">{local(config.name)}</span>
          {lang !== 'en' && <span className="hall__branch-en">{config.name.en}</span>}
        </div>
        <div className="hall__clock" data-testid="hall-clock">
          <span className="hall__time">{formatClock(now, lang, config.hours.timezone, true)}</span>
          <span className="hall__date">{formatDate(now, lang, config.hours.timezone)}</span>
        </div>
      </header>

      {blocked && (
        <button type="button" className="hall__enable-audio" data-testid="enable-audio" onClick={unlock}>
          <Icon name="speaker" size={64} />
          <Bi main={t('hall.enableAudio')} en={en('hall.enableAudio')} />
        </button>
      )}

      {status === 'offline' && (
        <div className="hall__offline" role="alert" data-testid="offline-banner">
          <Bi main={t('hall.offline')} en={en('hall.offline')} />
        </div>
      )}

      <section className={`hall__stage${notices.length > 0 ? ' hall__stage--notices' : ''}`}>
        <div className={`hall__current${flashing ? ' is-flashing' : ''}`} data-testid="hall-current-call" data-number={current?.number ?? ''} data-window={current?.counter ?? ''} data-announcing={flashing ? 'true' : 'false'}>
          <p className="hall__current-label">
            <Bi main={t('hall.nowCalling')} en={en('hall.nowCalling')} />
          </p>
          {current ? (
            <>
              <p className="hall__current-number" data-testid="hall-current-number">
                {current.number}
              </p>
              <p className="hall__current-window" data-testid="hall-current-window">
                <span className="hall__arrow" aria-hidden="true">
                  ➜
                </span>
                <Bi main={t('hall.toWindow', { n: current.counter })} en={en('hall.toWindow', { n: current.counter })} />
              </p>
            </>
          ) : (
            <p className="hall__current-empty">
              <Bi main={t('hall.noCalls')} en={en('hall.noCalls')} />
            </p>
          )}
        </div>

        <div className="hall__history">
          <h2 className="hall__section-title">
            <Bi main={t('hall.recent')} en={en('hall.recent')} />
          </h2>
          <div className="hall__history-head" aria-hidden="true">
            <span>
              <Bi main={t('hall.number')} en={en('hall.number')} />
            </span>
            <span>
              <Bi main={t('hall.window')} en={en('hall.window')} />
            </span>
          </div>
          <ol className="hall__history-list" style={{ '--rows': config.announcement.hallHistory } as CSSProperties}>
            {history.map((call, i) => (
              <li
                key={call.ticketId}
                className={`hall__history-row${sameCall(call, announcing) ? ' is-flashing' : ''}`}
                data-testid="hall-history-row"
                data-number={call.number}
                data-window={call.counter}
                style={{ opacity: Math.max(0.55, 1 - i * 0.07) }}
              >
                <span className="hall__history-number">{call.number}</span>
                <span className="hall__history-window">{t('hall.windowShort', { n: call.counter })}</span>
                {call.recall && <span className="hall__history-recall">{t('hall.recall')}</span>}
              </li>
            ))}
            {history.length === 0 && <li className="hall__history-empty">—</li>}
          </ol>
        </div>

        {/* The notices take a column of their own: the calls keep theirs, nothing lies over them. */}
        <NoticeStrip notices={notices} />
      </section>

      <footer className="hall__waiting" data-testid="hall-waiting">
        <div className="hall__waiting-title">
          <Bi main={t('hall.waiting')} en={en('hall.waiting')} />
          <span className="hall__waiting-total" data-testid="hall-waiting-total">
            {totalWaiting}
          </span>
        </div>
        {config.services.map((service) => {
          const s = stats.find((x) => x.code === service.code);
          // Only a number the hub's forecast gives, and only while someone waits for the service.
          const minutes = s && s.waiting > 0 ? expectedWaitMinutes(expected.get(service.code)) : null;
          return (
            <div key={service.code} className="hall__waiting-card" data-testid={`hall-waiting-${service.code}`}>
              <span className="hall__waiting-code">{service.code}</span>
              <span className="hall__waiting-name">
                <Bi main={local(service.name)} en={service.name.en} />
              </span>
              <span className="hall__waiting-figures">
                <span className="hall__waiting-count">{s ? s.waiting : '–'}</span>
                {minutes !== null && (
                  <span className="hall__waiting-expected" data-testid={`hall-expected-${service.code}`} data-minutes={minutes}>
                    <Bi main={t('notices.hall.expectedWait', { n: minutes })} en={en('notices.hall.expectedWait', { n: minutes })} />
                  </span>
                )}
              </span>
            </div>
          );
        })}
      </footer>

      <div className="hall__corner">
        <LangSwitcher tone="dark" />
      </div>

    </main>
  );
}
