import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignedInStaff } from '../../shared/access/session.js';
import type { BranchConfig, Counter } from '../../shared/config/schema.js';
import { counterStatusOf, waitingFor } from '../../shared/queue/snapshot.js';
import { useLang, useLocalized } from '../i18n/index.js';
import { withLang } from '../i18n/lang.js';
import { useQueue, useQueueStream } from '../queue/useQueue.js';
import { ConfigGate } from '../ui/ConfigGate.js';
import { HubStatus, OfflineBanner } from '../ui/HubStatus.js';
import { LangSwitcher } from '../ui/LangSwitcher.js';
import { Stars } from '../ui/Stars.js';
import { SyncPill } from '../sync/SyncPill.js';
import { useCounterSync } from '../sync/useCounterSync.js';
import { ActionPanel } from './ActionPanel.js';
import type { DialogKind } from './ActionPanel.js';
import { CurrentTicket } from './CurrentTicket.js';
import { CounterDialogs } from './CounterDialogs.js';
import { NoticeBar } from './NoticeBar.js';
import { CounterBusinessDay } from '../businessDay/CounterBusinessDay.js';
import { CounterComplaints } from '../complaints/CounterComplaints.js';
import { ComplaintReminders } from '../complaints/ReminderNotices.js';
import { SidePanel } from './SidePanel.js';
import { useCounterStore } from './store.js';
import { WalkInPanel } from './WalkInPanel.js';
import { WindowBar } from '../pause/WindowBar.js';
import { PhrasePanel } from '../phrases/PhrasePanel.js';
import { RatingDayScore } from '../ratings/RatingDayScore.js';
import { KeypadSettingsLink } from '../keypad/KeypadSettingsLink.js';
import { CallerKeypad } from '../input/useKeypadListener.js';
import { RecordingAlertsBar, RecordingStatus } from '../recording/RecordingStatus.js';
import { SelfReviewButton } from '../recording/SelfReview.js';
import { CounterSessionGate } from '../signin/CounterSessionGate.js';
import { SessionControls } from '../signin/SessionControls.js';
import './counter.css';

export function CounterScreen({ counter }: { counter: number }) {
  useQueueStream();
  // Push, pull and enrolment run while the screen is open, also before the config is known
  // (a pulled config.branch document can then stand in for an unreachable hub).
  useCounterSync(counter);
  const open = useCounterStore((s) => s.open);
  useEffect(() => open(counter), [open, counter]);
  return <ConfigGate>{(config) => <CounterBody config={config} number={counter} />}</ConfigGate>;
}

function CounterBody({ config, number }: { config: BranchConfig; number: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const counter = config.counters.find((c) => c.number === number);
  if (!counter) {
    return (
      <main className="counter counter--missing" data-testid="counter-unknown">
        <div className="screen-message">
          <h1>{t('counter.unknownCounter', { n: number })}</h1>
          <a className="button button--primary" href={withLang('/', lang)}>
            {t('notFound.home')}
          </a>
        </div>
      </main>
    );
  }
  // The teller signs in first; the counter then works for the teller signed in, not the configuration's.
  return (
    <CounterSessionGate config={config} counter={counter}>
      {(teller) => <CounterWorkspace config={config} counter={counter} teller={teller} />}
    </CounterSessionGate>
  );
}

function CounterWorkspace({ config, counter, teller }: { config: BranchConfig; counter: Counter; teller: SignedInStaff }) {
  const { t } = useTranslation();
  const local = useLocalized();
  const snapshot = useQueue((s) => s.snapshot);
  const status = useQueue((s) => s.status);
  const counts = useCounterStore((s) => s.counts);
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  const staff = teller;

  const current = snapshot ? counterStatusOf(snapshot, counter.number).ticket : null;
  const waiting = snapshot ? waitingFor(snapshot, counter) : [];
  const held = snapshot ? snapshot.tickets.filter((tk) => tk.status === 'held' && tk.counter === counter.number) : [];

  return (
    <main className="counter" data-testid="counter" data-counter={counter.number} data-hub={status}>
      <header className="counter__header">
        <div className="counter__window">
          <span className="counter__window-label" data-testid="counter-window">
            {t('common.windowN', { n: counter.number })}
          </span>
          <span className="counter__services">{counter.services
              .flatMap((code) => config.services.filter((s) => s.code === code).map((s) => local(s.name)))
              .join(' · ')}</span>
        </div>
        <div className="counter__teller" data-testid="counter-teller" data-staff={staff.id}>
          <span className="counter__teller-name">{local(staff.name)}</span>
          <span className="counter__badge">{t('common.badge', { badge: staff.badge })}</span>
          <Stars count={staff.stars} />
          <SessionControls />
        </div>
        <div className="counter__status">
          <HubStatus />
          <SyncPill timeZone={config.hours.timezone} />
          <RecordingStatus config={config} counter={counter} serving={current !== null} />
          <span className="counter__local" data-testid="local-records" data-count={counts.events} data-pending={counts.outbox} title={t('counter.local.hint')}>
            {t('counter.local.records', { n: counts.events })}
            {counts.outbox > 0 && <span className="counter__pending"> · {t('counter.local.pending', { n: counts.outbox })}</span>}
          </span>
          <SelfReviewButton config={config} />
          <KeypadSettingsLink counter={counter.number} />
          <LangSwitcher />
        </div>
      </header>
      <OfflineBanner detail={t('counter.offlineDetail')} />
      <RecordingAlertsBar config={config} serving={current !== null} />
      <NoticeBar />
      <ComplaintReminders config={config} />
      <CounterBusinessDay config={config} counter={counter} />
      <div className="counter__layout">
        <section className="counter__main">
          <WindowBar config={config} counter={counter} />
          <CurrentTicket config={config} ticket={current} />
          <ActionPanel config={config} counter={counter} current={current} waitingCount={waiting.length} onDialog={setDialog} dialogOpen={dialog !== null} />
          <PhrasePanel config={config} counter={counter} current={current} />
          <RatingDayScore counter={counter.number} />
          <CounterComplaints config={config} counter={counter} teller={teller} current={current} />
          <CallerKeypad counter={counter.number} />
          <WalkInPanel config={config} counter={counter} onFinish={() => setDialog('walkInFinish')} />
        </section>
        <SidePanel config={config} counter={counter} waiting={waiting} held={held} />
      </div>
      <CounterDialogs config={config} counter={counter} current={current} waiting={waiting} dialog={dialog} onClose={() => setDialog(null)} />
    </main>
  );
}
