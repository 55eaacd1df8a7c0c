import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { BranchConfig } from '../../shared/config/schema.js';
import { useEnglish, useLang } from '../i18n/index.js';
import { withLang } from '../i18n/lang.js';
import { Bi } from '../ui/Bi.js';
import { CODE_LENGTH, isComplete } from './codePad.js';
import type { PadKey } from './codePad.js';
import { KioskError } from './KioskError.js';
import { useKioskStore } from './store.js';

const KEYS: PadKey[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'delete'];

/** Appointment check-in: a six-digit code on a big keypad (a keyboard works too). */
export function AppointmentPad(_props: { config: BranchConfig }) {
  const { t } = useTranslation();
  const en = useEnglish();
  const lang = useLang();
  const code = useKioskStore((s) => s.code);
  const press = useKioskStore((s) => s.press);
  const take = useKioskStore((s) => s.take);
  const reset = useKioskStore((s) => s.reset);
  const complete = isComplete(code);
  const submit = () => {
    if (!complete) return;
    void take({ appointmentCode: code }, (i) => withLang(`/ticket/${encodeURIComponent(i.id)}?paper=80`, lang));
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (/^\d$/.test(e.key)) press(e.key as PadKey);
      else if (e.key === 'Backspace') press('delete');
      else if (e.key === 'Escape') reset();
      else if (e.key === 'Enter') document.querySelector<HTMLButtonElement>('[data-testid="kiosk-code-confirm"]')?.click();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [press, reset]);

  return (
    <div className="kiosk-pad" data-testid="kiosk-code-pad">
      <h1 className="kiosk-pad__title">
        <Bi main={t('kiosk.appointment.title')} en={en('kiosk.appointment.title')} />
      </h1>
      <KioskError />
      <div className="kiosk-pad__code" data-testid="kiosk-code" aria-label={t('kiosk.appointment.title')} aria-live="polite">
        {Array.from({ length: CODE_LENGTH }, (_, i) => (
          <span key={i} className={`kiosk-pad__digit${i < code.length ? ' is-filled' : ''}${i === code.length ? ' is-next' : ''}`}>
            {code[i] ?? ''}
          </span>
        ))}
      </div>
      <div className="kiosk-pad__keys">
        {KEYS.map((key) => (
          <button
            key={key}
            type="button"
            className={`kiosk-pad__key kiosk-pad__key--${/\d/.test(key) ? 'digit' : key}`}
            data-testid={`kiosk-pad-${key}`}
            onClick={() => press(key)}
          >
            {key === 'delete' ? (
              <Bi main={t('kiosk.appointment.delete')} en={en('kiosk.appointment.delete')} />
            ) : key === 'clear' ? (
              <Bi main={t('kiosk.appointment.clear')} en={en('kiosk.appointment.clear')} />
            ) : (
              key
            )}
          </button>
        ))}
      </div>
      <div className="kiosk-pad__actions">
        <button type="button" className="kiosk-button kiosk-button--secondary" data-testid="kiosk-code-back" onClick={reset}>
          <Bi main={t('common.back')} en={en('common.back')} />
        </button>
        <button
          type="button"
          className="kiosk-button kiosk-button--primary"
          data-testid="kiosk-code-confirm"
          disabled={!complete}
          onClick={submit}
        >
          <Bi main={t('kiosk.appointment.confirm')} en={en('kiosk.appointment.confirm')} />
        </button>
      </div>
    </div>
  );
}
