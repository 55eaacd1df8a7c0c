import { useTranslation } from 'react-i18next';
import { useEnglish, useLang } from '../i18n/index.js';
import './recording.css';

/** The customer display's notice that the service is recorded, in the screen's language and in English. */
export function RecordingNotice({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation();
  const en = useEnglish();
  const lang = useLang();
  if (!enabled) return null;
  return (
    <p className="rec-notice" data-testid="recording-notice">
      <span className="rec-notice__dot" aria-hidden="true" />
      <span>{t('recording.notice')}</span>
      {lang !== 'en' && (
        <span className="rec-notice__en" lang="en">
          {en('recording.notice')}
        </span>
      )}
    </p>
  );
}
