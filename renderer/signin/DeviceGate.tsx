import { useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { openDeviceIdentity, slotKey, useIdentityStore } from '../device/identity.js';
import type { DeviceIdentity, IdentityView, ScreenSlot } from '../device/identity.js';
import { errorText } from '../i18n/errorText.js';
import { LangSwitcher } from '../ui/LangSwitcher.js';
import './signin.css';

/** A demo hub that did not answer is asked again this often while the screen waits. */
const DEMO_RETRY_MS = 5000;

/**
 * Shows its children only once this screen is an enrolled device of the branch
 * (device/identity.ts). Until then: a spinner while it reads what it kept or the demo hub enrols
 * it, else the enrolment screen asking for the one-time code the lead made. A revoked device
 * (the hub answered 401 to its token) comes back here. Used around every screen that needs the
 * hub (app/App.tsx).
 */
export function DeviceGate({ slot, tone = 'light', children }: { slot: ScreenSlot; tone?: 'light' | 'dark'; children: ReactNode }) {
  const key = slotKey(slot);
  const [identity, setIdentity] = useState<DeviceIdentity | null>(null);
  useEffect(() => {
    // The slot's key names it fully: a new slot object with the same key changes nothing.
    setIdentity(openDeviceIdentity(slot));
  }, [key]);
  const view = useIdentityStore();
  const mine = view.slot !== null && slotKey(view.slot) === key;

  // Never enrolled and the demo hub did not answer: ask it again now and then.
  const retrying = mine && view.status === 'not_enrolled' && view.error?.code === 'hub_unreachable' && identity?.triedDemo === true;
  useEffect(() => {
    if (!retrying || !identity) return;
    const id = setTimeout(() => void identity.tryDemo(), DEMO_RETRY_MS);
    return () => clearTimeout(id);
  }, [retrying, identity, view.error]);

  if (mine && view.status === 'enrolled') return <>{children}</>;
  if (!identity || !mine || view.status === 'loading' || (view.status === 'enrolling' && view.demo)) {
    return <GateMessage tone={tone} status={mine ? view.status : 'loading'} demo={mine && view.demo} />;
  }
  return <EnrolScreen identity={identity} view={view} slot={slot} />;
}

function GateMessage({ tone, status, demo }: { tone: 'light' | 'dark'; status: IdentityView['status']; demo: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={`screen-message screen-message--${tone}`} data-testid="device-gate" data-status={status}>
      <div className="spinner" aria-hidden="true" />
      <p>{demo ? t('signIn.enrol.demo') : t('signIn.enrol.checking')}</p>
    </div>
  );
}

/** The one-time code the lead made for this device (dashes, spaces and case do not matter). */
export function EnrolScreen({ identity, view, slot }: { identity: DeviceIdentity; view: IdentityView; slot: ScreenSlot }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const busy = view.status === 'enrolling';
  useEffect(() => input.current?.focus(), []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!code.trim() || busy) return;
    identity.enrol(code).then(
      () => setCode(''),
      () => input.current?.select(),
    );
  };
  const screen = t(`signIn.enrol.screen.${slot.kind}`, { n: slot.window ?? '' });
  // A 401 here is a code the hub does not know; a 403 without a reason, a code for another kind of device.
  const error = view.error ? errorText(t, view.error, { unauthorized: t('signIn.enrol.badCode'), forbidden: t('signIn.enrol.wrongCode') }) : null;

  return (
    <main className="signin-screen" data-testid="enrol-screen" data-status={view.status}>
      <div className="signin-screen__corner">
        <LangSwitcher />
      </div>
      <form className="signin-card" onSubmit={submit} noValidate>
        <p className="signin-card__kicker">{screen}</p>
        <h1 className="signin-card__title">{t('signIn.enrol.title')}</h1>
        {view.status === 'revoked' && (
          <p className="signin-card__note signin-card__note--warn" role="status" data-testid="enrol-revoked">
            {t('signIn.enrol.revoked')}
          </p>
        )}
        <p className="signin-card__prompt">{t('signIn.enrol.prompt')}</p>
        <label className="field">
          <span className="field__label">{t('signIn.enrol.code')}</span>
          <input
            ref={input}
            className="signin-card__code"
            value={code}
            maxLength={64}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            placeholder="XXXX-XXXX-XXXX"
            aria-invalid={error ? true : undefined}
            aria-describedby="enrol-code-hint"
            data-testid="enrol-code"
            onChange={(e) => setCode(e.target.value)}
          />
          <span className="signin-card__hint" id="enrol-code-hint">
            {t('signIn.enrol.codeHint')}
          </span>
        </label>
        {error && (
          <p className="field__error" role="alert" data-testid="enrol-error" data-code={view.error?.code} data-reason={view.error?.reason}>
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary signin-card__submit" disabled={busy || !code.trim()} data-testid="enrol-submit">
          {busy ? t('signIn.enrol.busy') : t('signIn.enrol.submit')}
          {busy && <span className="spinner spinner--inline" aria-hidden="true" />}
        </button>
        {view.deviceId && <p className="signin-card__foot muted">{t('signIn.enrol.deviceId', { id: view.deviceId })}</p>}
      </form>
    </main>
  );
}
