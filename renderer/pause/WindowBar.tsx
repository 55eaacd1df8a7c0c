import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueueError } from '../../shared/api/errors.js';
import type { BranchConfig, Counter } from '../../shared/config/schema.js';
import { pauseNeedsApproval, pauseState } from '../../shared/pause/rules.js';
import type { HandBack, Pause } from '../../shared/pause/schema.js';
import type { WindowState } from '../../shared/pause/wire.js';
import { useCounterStore } from '../counter/store.js';
import { PAUSE_SHORTCUT } from '../input/shortcuts.js';
import { useLang, useLocalized } from '../i18n/index.js';
import { subscribeKeypad } from '../input/keypadActions.js';
import { useNow, useQueue } from '../queue/useQueue.js';
import { formatClock, formatDuration } from '../ui/format.js';
import { runWindowCommand } from './actions.js';
import type { WindowCommand } from './actions.js';
import { closeWindow, openWindow, pauseWindow, resumeWindow } from './api.js';
import { CloseDialog, PauseDialog } from './PauseDialog.js';
import { RefusalText } from './RefusalText.js';
import { useWindowState } from './windowsStore.js';
import './pause.css';

/**
 * The teller's window state above the action panel: closed (with Open window), open (with Pause
 * and Close), or paused (the banner with elapsed and remaining time, approval, and Resume).
 * Needs the hub: offline, the buttons say why they cannot be used.
 */
export function WindowBar({ config, counter }: { config: BranchConfig; counter: Counter }) {
  const { t } = useTranslation();
  const lang = useLang();
  const state = useWindowState(counter.number);
  const online = useQueue((s) => s.status) === 'online';
  const db = useCounterStore((s) => s.db);
  const [dialog, setDialog] = useState<'pause' | 'close' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<QueueError | null>(null);
  const [passed, setPassed] = useState<HandBack[]>([]);

  /** Runs one command; a refusal is returned to the dialog that asked (it may ask for an override). */
  const run = async <T,>(command: WindowCommand, body: Record<string, unknown>, send: (key: string) => Promise<T>): Promise<QueueError | null> => {
    if (busy) return null;
    setBusy(true);
    setError(null);
    try {
      const outcome = await runWindowCommand(db, command, body, send);
      if (!outcome.ok) return outcome.error;
      const backs = (outcome.value as { handedBack?: HandBack[] }).handedBack ?? [];
      setPassed(backs);
      return null;
    } catch (err) {
      // The local record could not be written: nothing was sent.
      return new QueueError('internal', String((err as Error)?.message ?? err));
    } finally {
      setBusy(false);
    }
  };
  const act = async <T,>(command: WindowCommand, body: Record<string, unknown>, send: (key: string) => Promise<T>) => {
    const refused = await run(command, body, send);
    if (refused) setError(refused);
  };
  const n = counter.number;
  const pause = state?.pause ?? null;
  const isOpen = state?.open === true;

  // F10 and the caller keypad's pause key: pause (the reason dialog) or resume.
  const resume = () => void act('resume', {}, (key) => resumeWindow(n, key));
  const latest = useRef({ pause, isOpen, online, busy, dialog, resume });
  latest.current = { pause, isOpen, online, busy, dialog, resume };
  useEffect(() => {
    const toggle = () => {
      const s = latest.current;
      if (!s.online || s.busy || s.dialog) return;
      if (s.pause) s.resume();
      else if (s.isOpen) setDialog('pause');
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== PAUSE_SHORTCUT || e.ctrlKey || e.altKey || e.metaKey || e.shiftKey) return;
      e.preventDefault();
      if ((e.target as HTMLElement | null)?.closest('input, textarea, select')) return;
      toggle();
    };
    window.addEventListener('keydown', onKey);
    const offKeypad = subscribeKeypad((e) => {
      if (e.action === 'pause' && e.counter === n) toggle();
    });
    return () => {
      window.removeEventListener('keydown', onKey);
      offKeypad();
    };
  }, [n]);

  if (!state) return null;
  const offlineWhy = online ? undefined : t('pause.window.offline');

  return (
    <section className={`window-bar window-bar--${pause ? 'paused' : isOpen ? 'open' : 'closed'}`} data-testid="window-bar" data-state={pause ? 'paused' : isOpen ? 'open' : 'closed'}>
      {pause ? (
        <PausedBanner config={config} state={state} pause={pause} disabled={!online || busy} onResume={resume} />
      ) : isOpen ? (
        <div className="window-bar__row">
          <span className="window-bar__status" data-testid="window-open">
            {t('pause.window.openSince', { time: state.openedAt ? formatClock(new Date(state.openedAt), lang, config.hours.timezone) : '' })}
          </span>
          <div className="window-bar__buttons">
            <button type="button" className="button window-bar__pause" data-testid="pause-open-dialog" disabled={!online || busy} title={offlineWhy} aria-keyshortcuts={PAUSE_SHORTCUT} onClick={() => setDialog('pause')}>
              {t('pause.window.pause')} <kbd className="window-bar__key">{PAUSE_SHORTCUT}</kbd>
            </button>
            <button type="button" className="button" data-testid="window-close" disabled={!online || busy} title={offlineWhy} onClick={() => setDialog('close')}>
              {t('pause.window.close')}
            </button>
          </div>
        </div>
      ) : (
        <div className="window-bar__row">
          <div>
            <strong className="window-bar__closed" data-testid="window-closed">
              {t('pause.window.closed')}
            </strong>
            <p className="window-bar__hint">{t('pause.window.closedHint')}</p>
          </div>
          <button type="button" className="button button--primary" data-testid="window-open-button" disabled={!online || busy} title={offlineWhy} onClick={() => void act('open', {}, (key) => openWindow(n, key))}>
            {t('pause.window.open')}
          </button>
        </div>
      )}
      {!online && (
        <p className="window-bar__offline" data-testid="pause-offline">
          {t('pause.window.offline')}
        </p>
      )}
      {error && (
        <p className="window-bar__error" role="alert" data-testid="pause-error" data-reason={error.reason ?? error.code}>
          <RefusalText error={error} />
        </p>
      )}
      {passed.length > 0 && (
        <p className="window-bar__passed" data-testid="pause-handed-back">
          {t('pause.window.handedBack', { list: passed.map((b) => (b.toCounter === null ? b.number : `${b.number} → ${t('common.windowN', { n: b.toCounter })}`)).join(', ') })}
        </p>
      )}
      {dialog === 'pause' && (
        <PauseDialog
          config={config}
          onClose={() => setDialog(null)}
          submit={async (body) => {
            const refused = await run('pause', body, (key) => pauseWindow(n, body, key));
            if (!refused) setDialog(null);
            return refused;
          }}
        />
      )}
      {dialog === 'close' && (
        <CloseDialog
          onClose={() => setDialog(null)}
          submit={async (body) => {
            const refused = await run('close', body, (key) => closeWindow(n, body, key));
            if (!refused) setDialog(null);
            return refused;
          }}
        />
      )}
    </section>
  );
}

function PausedBanner({ config, state, pause, disabled, onResume }: { config: BranchConfig; state: WindowState; pause: Pause; disabled: boolean; onResume: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const now = useNow(1000);
  const policy = config.standards.pausePolicies[pause.reason];
  const st = pauseState(pause, policy, now);
  return (
    <div className={`paused-banner${st.overrun ? ' paused-banner--over' : ''}`} data-testid="paused-banner" data-reason={pause.reason} data-overrun={st.overrun} data-unapproved={st.unapproved}>
      <div className="paused-banner__head">
        <strong className="paused-banner__title">{t('pause.banner.title')}</strong>
        <span className="paused-banner__reason">{t('pause.banner.reason', { reason: local(policy.label) })}</span>
        <span className="muted">{t('pause.banner.since', { time: formatClock(new Date(pause.startedAt), lang, config.hours.timezone) })}</span>
      </div>
      <div className="paused-banner__times">
        <span>
          {t('pause.banner.elapsed')} <strong data-testid="pause-elapsed">{formatDuration(st.elapsedSeconds)}</strong>
        </span>
        <span>
          {t('pause.banner.remaining')} <strong data-testid="pause-remaining">{formatDuration(st.remainingSeconds)}</strong> / {formatDuration(policy.allowedMinutes * 60)}
        </span>
      </div>
      {st.overrun && (
        <p className="paused-banner__over" role="alert" data-testid="pause-overrun">
          {t('pause.banner.overrun', { time: formatDuration(st.overrunSeconds) })}
        </p>
      )}
      <p className="paused-banner__approval" data-testid="pause-approval">
        {pause.approvedBy !== null ? t('pause.banner.approved', { by: staffName(config, pause.approvedBy, local) }) : pauseNeedsApproval(pause, policy) ? <span className="paused-banner__flag">{t('pause.banner.unapproved')}</span> : t('pause.banner.noApproval')}
      </p>
      <p className="muted">{state.redirectTo !== null ? t('pause.banner.redirect', { n: state.redirectTo }) : t('pause.banner.noRedirect')}</p>
      <button type="button" className="button button--primary paused-banner__resume" data-testid="pause-resume" disabled={disabled} aria-keyshortcuts={PAUSE_SHORTCUT} onClick={onResume}>
        {t('pause.window.resume')} <kbd className="window-bar__key">{PAUSE_SHORTCUT}</kbd>
      </button>
    </div>
  );
}

/** The approver by name (the hub records the signed-in lead's staff id). */
function staffName(config: BranchConfig, id: string, local: (text: BranchConfig['name']) => string): string {
  const staff = config.staff.find((s) => s.id === id);
  return staff ? local(staff.name) : id;
}
