import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignedInStaff } from '../../shared/access/session.js';
import type { BranchConfig, Counter } from '../../shared/config/schema.js';
import { counterDb } from '../device/db.js';
import { ACTIVITY_EVENTS, IdleTimer } from '../device/idleTimer.js';
import { openStaffSession, useStaffSessionStore } from '../device/staffSession.js';
import type { StaffSession, StaffSessionView } from '../device/staffSession.js';
import { useLang, useLocalized } from '../i18n/index.js';
import { useQueue } from '../queue/useQueue.js';
import { HubStatus } from '../ui/HubStatus.js';
import { LangSwitcher } from '../ui/LangSwitcher.js';
import { Stars } from '../ui/Stars.js';
import { SignInForm } from './SignInForm.js';
import './signin.css';

/**
 * The counter's staff sign-in (DESIGN.md §8): /counter/{n} opens on the sign-in screen; once a
 * teller is signed in, `children(teller)` is the counter as before, for THAT teller (never the
 * configuration's counter.staffId). Locked (the teller's button, or the branch's idle minutes
 * without keyboard or mouse input), the lock screen covers the counter, which stays mounted
 * (recording and the customer display carry on) but takes no input. A shift handover shows the
 * sign-in for the incoming teller over the outgoing teller's counter.
 */
export function CounterSessionGate({ config, counter, children }: { config: BranchConfig; counter: Counter; children: (teller: SignedInStaff) => ReactNode }) {
  const configRef = useRef(config);
  configRef.current = config;
  const [session] = useState<StaffSession>(() =>
    openStaffSession({
      db: counterDb(counter.number),
      window: counter.number,
      staffOf: (id) => {
        const s = configRef.current.staff.find((x) => x.id === id);
        return s ? { id: s.id, name: s.name, badge: s.badge, stars: s.stars } : null;
      },
      policy: () => configRef.current.access,
    }),
  );
  const view = useStaffSessionStore();
  const covered = view.phase === 'locked' || view.handover !== null;
  useIdleLock(view.idleLockSeconds, view.phase === 'signed_in' && view.handover === null, () => void session.lock('idle'));

  if (view.phase === 'signed_out' || !view.staff) return <SignInScreen config={config} counter={counter} session={session} view={view} />;
  return (
    <>
      <div className="signin-guarded" inert={covered} data-covered={covered}>
        {children(view.staff)}
      </div>
      {view.phase === 'locked' ? (
        <Overlay>
          <LockPanel config={config} session={session} view={view} staff={view.staff} />
        </Overlay>
      ) : view.handover ? (
        <Overlay>
          <HandoverPanel config={config} counter={counter} session={session} view={view} />
        </Overlay>
      ) : null}
    </>
  );
}

/** Locks after `seconds` without keyboard, mouse or touch input while `active`. */
export function useIdleLock(seconds: number, active: boolean, onIdle: () => void): void {
  const latest = useRef({ seconds, onIdle });
  latest.current = { seconds, onIdle };
  useEffect(() => {
    if (!active) return;
    const timer = new IdleTimer({ timeoutMs: () => latest.current.seconds * 1000, onIdle: () => latest.current.onIdle() });
    const seen = () => timer.activity();
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, seen, { passive: true, capture: true });
    timer.start();
    return () => {
      timer.stop();
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, seen, { capture: true });
    };
  }, [active]);
}

/**
 * Covers the counter: its keyboard shortcuts and keypads hear nothing while this is up (keys go
 * no further than the window, except inside this panel, where typing still works).
 */
function Overlay({ children }: { children: ReactNode }) {
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const inside = root.current?.contains(e.target as Node) ?? false;
      // Nothing of the counter below hears the key; typing in this panel still works (default actions run).
      e.stopImmediatePropagation();
      if (!inside) {
        e.preventDefault();
        root.current?.querySelector<HTMLInputElement>('input')?.focus();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  return (
    <div className="signin-overlay" ref={root} role="dialog" aria-modal="true">
      <div className="signin-overlay__corner">
        <LangSwitcher />
      </div>
      {children}
    </div>
  );
}

function SignInScreen({ config, counter, session, view }: { config: BranchConfig; counter: Counter; session: StaffSession; view: StaffSessionView }) {
  const { t } = useTranslation();
  const local = useLocalized();
  const hub = useQueue((s) => s.status);
  return (
    <main className="signin-screen" data-testid="signin-screen" data-counter={counter.number}>
      <div className="signin-screen__corner">
        <HubStatus />
        <LangSwitcher />
      </div>
      <div className="signin-card">
        <p className="signin-card__kicker">
          {local(config.name)} · {t('common.windowN', { n: counter.number })}
        </p>
        <h1 className="signin-card__title">{t('signIn.form.title')}</h1>
        <EndedNote view={view} />
        {hub === 'offline' && (
          <p className="signin-card__note" role="status" data-testid="signin-offline-note">
            {t('signIn.form.offlineNote')}
          </p>
        )}
        <SignInForm
          pinLength={config.access.pinLength}
          submitLabel={t('signIn.form.submit')}
          busyLabel={t('signIn.form.busy')}
          progress={view.progress}
          timeZone={config.hours.timezone}
          onSubmit={(login, pin) => session.signIn(login, pin)}
          testId="signin-form"
        />
      </div>
    </main>
  );
}

function EndedNote({ view }: { view: StaffSessionView }) {
  const { t } = useTranslation();
  const e = view.ended;
  if (!e) return null;
  const text =
    e.kind === 'elsewhere'
      ? e.window !== null
        ? t('signIn.ended.elsewhere', { n: e.window })
        : t('signIn.ended.elsewhereUnknown')
      : e.kind === 'replaced'
        ? t('signIn.ended.replaced')
        : e.kind === 'signed_out'
          ? t('signIn.ended.signedOut')
          : t('signIn.ended.ended');
  return (
    <p className={`signin-card__note${e.kind === 'signed_out' ? '' : ' signin-card__note--warn'}`} role="status" data-testid="signin-ended" data-reason={e.kind}>
      {text}
    </p>
  );
}

function StaffCard({ staff }: { staff: SignedInStaff }) {
  const { t } = useTranslation();
  const local = useLocalized();
  const lang = useLang();
  return (
    <div className="signin-staff" data-testid="lock-staff" data-staff={staff.id}>
      <div className="signin-staff__avatar" aria-hidden="true">
        {staff.name[lang === 'en' ? 'zh-CN' : lang].slice(0, 1)}
      </div>
      <div>
        <p className="signin-staff__name">{local(staff.name)}</p>
        <p className="signin-staff__badge">
          {t('common.badge', { badge: staff.badge })} <Stars count={staff.stars} />
        </p>
      </div>
    </div>
  );
}

function LockPanel({ config, session, view, staff }: { config: BranchConfig; session: StaffSession; view: StaffSessionView; staff: SignedInStaff }) {
  const { t } = useTranslation();
  const reason =
    view.lockReason === 'reauth'
      ? t('signIn.offline.rejected')
      : view.lockReason === 'idle'
        ? t('signIn.lock.idle', { m: Math.max(1, Math.round(view.idleLockSeconds / 60)) })
        : t('signIn.lock.manual');
  return (
    <div className="signin-card signin-card--lock" data-testid="lock-screen" data-reason={view.lockReason ?? 'manual'}>
      <div className="signin-card__lock-icon" aria-hidden="true">
        <svg viewBox="0 0 24 24" width="28" height="28">
          <path fill="currentColor" d="M12 2a5 5 0 0 0-5 5v3H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-8a2 2 0 0 0-2-2h-1V7a5 5 0 0 0-5-5Zm-3 8V7a3 3 0 1 1 6 0v3H9Z" />
        </svg>
      </div>
      <h1 className="signin-card__title">{t('signIn.lock.title')}</h1>
      <StaffCard staff={staff} />
      <p className={`signin-card__note${view.lockReason === 'reauth' ? ' signin-card__note--warn' : ''}`} data-testid="lock-reason">
        {reason}
      </p>
      <p className="signin-card__prompt">{t('signIn.lock.prompt')}</p>
      <SignInForm
        fixedLogin={staff.id}
        pinLength={config.access.pinLength}
        submitLabel={t('signIn.lock.submit')}
        busyLabel={t('signIn.lock.busy')}
        progress={view.progress}
        timeZone={config.hours.timezone}
        onSubmit={(_login, pin) => session.unlock(pin)}
        testId="unlock-form"
      />
      <button type="button" className="signin-card__link" data-testid="lock-sign-out" onClick={() => void session.signOut()}>
        {t('signIn.lock.switchUser')}
      </button>
    </div>
  );
}

function HandoverPanel({ config, counter, session, view }: { config: BranchConfig; counter: Counter; session: StaffSession; view: StaffSessionView }) {
  const { t } = useTranslation();
  const local = useLocalized();
  const from = view.staff;
  const to = view.handover?.toStaffId ?? null;
  const name = from ? local(from.name) : '';
  return (
    <div className="signin-card" data-testid="handover-signin" data-counter={counter.number}>
      <p className="signin-card__kicker">{t('common.windowN', { n: counter.number })}</p>
      <h1 className="signin-card__title">{t('signIn.handover.title')}</h1>
      {from && <p className="signin-card__note">{t('signIn.handover.from', { name })}</p>}
      <SignInForm
        key={to ?? ''}
        {...(to ? { initialLogin: to } : {})}
        pinLength={config.access.pinLength}
        submitLabel={t('signIn.form.submit')}
        busyLabel={t('signIn.form.busy')}
        progress={view.progress}
        timeZone={config.hours.timezone}
        onSubmit={(login, pin) => session.signIn(login, pin)}
        testId="handover-form"
      />
      <button type="button" className="signin-card__link" data-testid="handover-back" onClick={() => session.cancelHandover()}>
        {t('signIn.handover.back', { name })}
      </button>
    </div>
  );
}
