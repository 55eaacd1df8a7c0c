import { useTranslation } from 'react-i18next';
import { useLang } from '../i18n/index.js';
import { withLang } from '../i18n/lang.js';
import './keypad.css';

/** The counter screen's way to its workstation settings: keypads and sound output (/keypad/{n}). */
export function KeypadSettingsLink({ counter }: { counter: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <a className="button button--small keypad-link" href={withLang(`/keypad/${counter}`, lang)} data-testid="keypad-settings-link" title={t('keypad.title')} aria-label={t('keypad.open')}>
      <span aria-hidden="true">⚙</span> <span className="keypad-link__label">{t('keypad.open')}</span>
    </a>
  );
}
