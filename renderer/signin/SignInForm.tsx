import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { OfflineSignInError } from '../device/offlineSignIn.js';
import { errorText } from '../i18n/errorText.js';
import { useLang } from '../i18n/index.js';
import { formatClock } from '../ui/format.js';

/**
 * Staff id or badge, then PIN. A card reader types the badge as a keyboard and presses Enter:
 * the login field has the focus, and Enter there moves on to the PIN (the form submits only
 * once both are filled). The PIN is masked and digits only, `pinLength` long.
 *
 * Without `login` the form asks for the PIN only (the lock screen: the person is known).
 */
export function SignInForm(props: {
  pinLength: number;
  /** Pre-filled login (a handover's incoming teller). */
  initialLogin?: string;
  /** Known person: no login field. */
  fixedLogin?: string;
  submitLabel: string;
  busyLabel: string;
  /** Offline PIN check progress (0..1). */
  progress: number | null;
  timeZone: string;
  onSubmit: (login: string, pin: string) => Promise<void>;
  testId: string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const [login, setLogin] = useState(props.initialLogin ?? '');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; code?: string; reason?: string } | null>(null);
  const loginRef = useRef<HTMLInputElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  const asksLogin = props.fixedLogin === undefined;

  useEffect(() => {
    if (asksLogin && !props.initialLogin) loginRef.current?.focus();
    else pinRef.current?.focus();
  }, [asksLogin, props.initialLogin]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const who = (props.fixedLogin ?? login).trim();
    if (!who) {
      setError({ text: t('signIn.form.loginRequired') });
      loginRef.current?.focus();
      return;
    }
    // Enter in the login field (a badge read): on to the PIN.
    if (pin.length === 0) {
      setError(null);
      pinRef.current?.focus();
      return;
    }
    if (pin.length !== props.pinLength) {
      setError({ text: t('signIn.form.pinLength', { n: props.pinLength }) });
      pinRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit(who, pin);
    } catch (err) {
      const q = err as { code?: string; reason?: string };
      setError({ text: signInErrorText(t, err, lang, props.timeZone), ...(q?.code ? { code: q.code } : {}), ...(q?.reason ? { reason: q.reason } : {}) });
      setPin('');
      pinRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const progress = props.progress !== null ? Math.round(props.progress * 100) : null;
  return (
    <form className="signin-form" onSubmit={(e) => void submit(e)} noValidate data-testid={props.testId}>
      {asksLogin && (
        <label className="field">
          <span className="field__label">{t('signIn.form.login')}</span>
          <input
            ref={loginRef}
            className="signin-form__input"
            value={login}
            maxLength={64}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            placeholder={t('signIn.form.loginHint')}
            data-testid="signin-login"
            onChange={(e) => setLogin(e.target.value)}
          />
        </label>
      )}
      <label className="field">
        <span className="field__label">
          {t('signIn.form.pin')} <span className="signin-form__hint">{t('signIn.form.pinHint', { n: props.pinLength })}</span>
        </span>
        <input
          ref={pinRef}
          className="signin-form__input signin-form__pin"
          type="password"
          inputMode="numeric"
          autoComplete="current-password"
          maxLength={props.pinLength}
          value={pin}
          aria-invalid={error ? true : undefined}
          data-testid="signin-pin"
          onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, props.pinLength))}
        />
      </label>
      {error && (
        <p className="field__error" role="alert" data-testid="signin-error" data-code={error.code} data-reason={error.reason}>
          {error.text}
        </p>
      )}
      {busy && progress !== null && (
        <div className="signin-form__progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress} data-testid="signin-progress">
          <span style={{ width: `${progress}%` }} />
          <p>{t('signIn.form.verifying', { percent: progress })}</p>
        </div>
      )}
      <button type="submit" className="button button--primary signin-form__submit" disabled={busy} data-testid="signin-submit">
        {busy ? props.busyLabel : props.submitLabel}
        {busy && <span className="spinner spinner--inline" aria-hidden="true" />}
      </button>
    </form>
  );
}

/** A sign-in's refusal in the screen's language; the offline check's own cases first. */
export function signInErrorText(t: TFunction, err: unknown, lang: Parameters<typeof formatClock>[1], timeZone: string): string {
  if (err instanceof OfflineSignInError) {
    if (err.reason === 'no_verifiers') return t('signIn.offline.noVerifiers');
    if (err.reason === 'locked_out' && err.retryAt) return t('signIn.offline.lockedOut', { time: formatClock(err.retryAt, lang, timeZone) });
  }
  return errorText(t, err);
}
