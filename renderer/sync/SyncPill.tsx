import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../i18n/index.js';
import { formatBytes, formatDateTime } from '../ui/format.js';
import { usePopover } from '../ui/usePopover.js';
import '../ui/headerPill.css';
import { summarise, useSyncStore } from '../device/syncStore.js';
import type { SyncStoreState } from '../device/syncStore.js';
import { currentCounterSync } from './useCounterSync.js';
import './sync.css';

type ErrorKey = 'network' | 'server' | 'unauthorized' | 'forbidden' | 'rejected' | 'storage' | 'no_code' | 'device_mismatch';

/**
 * The counter header's sync pill: one word and the records waiting; a click opens the details
 * (last success, records and bytes waiting, refused records, the last error in words, the
 * enrolment and the configuration pull), with "sync now" and, when not enrolled, a code field.
 */
export function SyncPill({ timeZone }: { timeZone?: string }) {
  const { t } = useTranslation();
  const state = useSyncStore();
  const summary = summarise(state);
  const { open, toggle, root, panelId } = usePopover();

  return (
    <div className="header-pill-wrap" ref={root}>
      <button
        type="button"
        className={`header-pill sync-pill sync-pill--${summary.tone}`}
        data-testid="sync-pill"
        data-tone={summary.tone}
        data-state={summary.label}
        data-waiting={state.push.recordsWaiting}
        data-dead-letters={state.push.deadLetters}
        aria-expanded={open}
        aria-controls={panelId}
        title={t('sync.hint')}
        onClick={toggle}
      >
        <span className="header-pill__dot sync-pill__dot" aria-hidden="true" />
        {summary.label === 'waiting' ? t('sync.pill.waiting', { n: summary.n }) : t(`sync.pill.${summary.label}`)}
        {summary.label !== 'waiting' && summary.n > 0 && <span className="sync-pill__count">{summary.n}</span>}
        {state.push.deadLetters > 0 && <span className="sync-pill__dead" aria-label={t('sync.deadLetters')}>!{state.push.deadLetters}</span>}
      </button>
      {open && <SyncDetails id={panelId} state={state} timeZone={timeZone} />}
    </div>
  );
}

function SyncDetails({ id, state, timeZone }: { id: string; state: SyncStoreState; timeZone?: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const when = (iso: string | null) => (iso ? formatDateTime(new Date(iso), lang, timeZone) : t('sync.never'));
  const errorText = (kind: string | null, words: string | null) =>
    kind ? `${t(`sync.errors.${kind as ErrorKey}`)}${words ? ` — ${words}` : ''}` : (words ?? t('sync.none'));
  const { enrolment, push, pull } = state;
  const notEnrolled = enrolment.state === 'not_enrolled' || enrolment.state === 'revoked';

  return (
    <div className="header-popover sync-details" id={id} role="dialog" aria-label={t('sync.title')} data-testid="sync-details">
      <h3>{t('sync.title')}</h3>
      <p className="sync-details__hint">{t('sync.hint')}</p>
      {!state.leader && <p className="sync-details__note">{t('sync.otherWindow')}</p>}

      <p className={`sync-details__enrolment sync-details__enrolment--${enrolment.state}`} data-testid="sync-enrolment" data-state={enrolment.state}>
        {enrolment.state === 'enrolled' && t('sync.enrolment.enrolled', { s: enrolment.branchId ?? '' })}
        {enrolment.state === 'enrolling' && t('sync.enrolment.enrolling')}
        {enrolment.state === 'not_enrolled' && t('sync.enrolment.notEnrolled')}
        {enrolment.state === 'revoked' && t('sync.enrolment.revoked')}
      </p>
      {notEnrolled && enrolment.reasonKind === 'no_code' && <p className="sync-details__reason">{t('sync.enrolment.noCode')}</p>}
      {notEnrolled && enrolment.reasonKind && enrolment.reasonKind !== 'no_code' && (
        <p className="sync-details__reason" data-testid="sync-enrol-error">
          {errorText(enrolment.reasonKind, enrolment.reason)}
        </p>
      )}
      {notEnrolled && <EnrolForm />}

      <dl className="sync-details__list">
        <dt>{t('sync.lastSuccess')}</dt>
        <dd data-testid="sync-last-success">{when(push.lastSuccessAt)}</dd>
        <dt>{t('sync.lastAttempt')}</dt>
        <dd>{when(push.lastAttemptAt)}</dd>
        <dt>{t('sync.recordsWaiting')}</dt>
        <dd data-testid="sync-records-waiting">{push.recordsWaiting}</dd>
        <dt>{t('sync.bytesWaiting')}</dt>
        <dd data-testid="sync-bytes-waiting">{formatBytes(push.bytesWaiting)}</dd>
        <dt>{t('sync.deadLetters')}</dt>
        <dd data-testid="sync-dead-letters">
          {push.deadLetters}
          {push.deadLetters > 0 && <span className="sync-details__sub">{t('sync.deadLettersHint')}</span>}
        </dd>
        <dt>{t('sync.lastError')}</dt>
        <dd data-testid="sync-last-error" className={push.lastError ? 'sync-details__error' : undefined}>
          {errorText(push.errorKind, push.lastError)}
        </dd>
        {push.phase === 'retrying' && push.nextRetryAt && (
          <>
            <dt>{t('sync.nextRetry')}</dt>
            <dd>{formatDateTime(new Date(push.nextRetryAt), lang, timeZone)}</dd>
          </>
        )}
      </dl>

      <h4>{t('sync.pull')}</h4>
      <dl className="sync-details__list">
        <dt>{t('sync.lastSuccess')}</dt>
        <dd data-testid="sync-pull-last-success">{when(pull.lastSuccessAt)}</dd>
        <dt>{t('sync.lastError')}</dt>
        <dd className={pull.lastError ? 'sync-details__error' : undefined}>{errorText(pull.errorKind, pull.lastError)}</dd>
        <dd className="sync-details__wide">{pull.catchingUp ? t('sync.catchingUp') : t('sync.cursor', { n: pull.cursor })}</dd>
        {pull.parked > 0 && <dd className="sync-details__wide">{t('sync.parked', { n: pull.parked })}</dd>}
      </dl>

      <p className="sync-details__ids">
        {t('sync.device')}: <code>{enrolment.deviceId ?? '–'}</code>
        {enrolment.branchId && (
          <>
            {' · '}
            {t('sync.branch')}: <code>{enrolment.branchId}</code>
          </>
        )}
      </p>
      <button type="button" className="button" data-testid="sync-now" onClick={() => currentCounterSync()?.nudge()}>
        {t('sync.syncNow')}
      </button>
    </div>
  );
}

function EnrolForm() {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const sync = currentCounterSync();
    if (!sync || code.trim().length < 6) return;
    setBusy(true);
    try {
      await sync.enrol(code);
      setCode('');
    } catch {
      // the reason is shown from the store
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="sync-details__enrol" data-testid="sync-enrol-form" onSubmit={(e) => void submit(e)}>
      <label htmlFor={inputId}>{t('sync.enrolment.codeLabel')}</label>
      <input id={inputId} value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" spellCheck={false} minLength={6} maxLength={64} />
      <button type="submit" className="button button--primary" disabled={busy || code.trim().length < 6}>
        {t('sync.enrolment.submit')}
      </button>
    </form>
  );
}
