import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RatingContact } from '../../shared/ratings/api.js';
import { useEnglish } from '../i18n/index.js';
import { Bi } from '../ui/Bi.js';
import { PAD_KEYS, checkContact, pressPhoneKey } from './contactStep.js';

interface Props {
  /** Seconds before the step closes by itself (the answer then goes without contact). */
  secondsLeft: number;
  sending: boolean;
  failed: boolean;
  onSend: (contact: RatingContact) => void;
  onSkip: () => void;
  /** Any touch: the step's idle time starts again. */
  onTouch: () => void;
}

/**
 * The offer after a dissatisfied answer on the customer display: leave a name and number to be
 * called back, or not. Nothing is kept but this component's state (gone when it closes); the
 * inputs opt out of the browser's autofill memory so the next customer never sees a number.
 */
export function ContactStep({ secondsLeft, sending, failed, onSend, onSkip, onTouch }: Props) {
  const { t } = useTranslation();
  const en = useEnglish();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [refused, setRefused] = useState<'name' | 'phone' | null>(null);

  const send = () => {
    const check = checkContact(name, phone);
    if (!check.ok) {
      setRefused(check.field);
      return;
    }
    setRefused(null);
    onSend(check.contact);
  };

  return (
    <div className="rating-prompt rating-contact" role="dialog" aria-modal="true" aria-labelledby="rating-contact-title" data-testid="rating-contact" onPointerDown={onTouch} onKeyDown={onTouch}>
      <form
        className="rating-prompt__panel rating-contact__panel"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <header className="rating-prompt__head">
          <h2 id="rating-contact-title" className="rating-prompt__title rating-contact__title">
            <Bi main={t('ratings.contact.title')} en={en('ratings.contact.title')} />
          </h2>
          <span className="rating-prompt__timer rating-contact__timer" data-testid="rating-contact-seconds-left">
            {t('ratings.contact.secondsLeft', { s: secondsLeft })}
          </span>
        </header>
        <p className="rating-contact__body">{t('ratings.contact.body')}</p>
        <div className="rating-contact__grid">
          <div className="rating-contact__fields">
            <label className="rating-contact__field">
              <span className="rating-contact__label">{t('ratings.contact.name')}</span>
              <input
                className="rating-contact__input"
                data-testid="rating-contact-name"
                value={name}
                maxLength={64}
                autoComplete="off"
                aria-invalid={refused === 'name'}
                onChange={(e) => setName(e.target.value)}
              />
            </label>
            <label className="rating-contact__field">
              <span className="rating-contact__label">{t('ratings.contact.phone')}</span>
              <input
                className="rating-contact__input rating-contact__input--phone"
                data-testid="rating-contact-phone"
                type="tel"
                inputMode="tel"
                value={phone}
                maxLength={32}
                autoComplete="off"
                aria-invalid={refused === 'phone'}
                onChange={(e) => setPhone(e.target.value)}
              />
            </label>
            <p className="rating-contact__note" role={refused || failed ? 'alert' : undefined} data-testid="rating-contact-note" data-refused={refused ?? ''}>
              {refused === 'name' ? (
                <span className="rating-prompt__error">{t('ratings.contact.nameMissing')}</span>
              ) : refused === 'phone' ? (
                <span className="rating-prompt__error">{t('ratings.contact.phoneInvalid')}</span>
              ) : failed ? (
                <span className="rating-prompt__error">{t('ratings.prompt.failed')}</span>
              ) : (
                t('ratings.contact.privacy')
              )}
            </p>
          </div>
          <div className="rating-contact__pad" role="group" aria-label={t('ratings.contact.phone')}>
            {PAD_KEYS.map((key) => (
              <button
                key={key}
                type="button"
                className={`rating-contact__key rating-contact__key--${/\d/.test(key) ? 'digit' : key}`}
                data-testid={`rating-contact-pad-${key}`}
                onClick={() => setPhone((p) => pressPhoneKey(p, key))}
              >
                {/\d/.test(key) ? key : t(`ratings.contact.${key === 'clear' ? 'clear' : 'delete'}`)}
              </button>
            ))}
          </div>
        </div>
        <div className="rating-contact__actions">
          <button type="button" className="rating-contact__skip" data-testid="rating-contact-skip" disabled={sending} onClick={onSkip}>
            <Bi main={t('ratings.contact.skip')} en={en('ratings.contact.skip')} />
          </button>
          <button type="submit" className="rating-contact__send" data-testid="rating-contact-send" disabled={sending || name.trim() === '' || phone.trim() === ''}>
            <Bi main={t('ratings.contact.send')} en={en('ratings.contact.send')} />
          </button>
        </div>
      </form>
    </div>
  );
}
