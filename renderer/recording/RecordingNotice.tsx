import { useTranslation } from 'react-i18next';
import { useEnglish, useLang } from '../i18n/index.js';
import { useQueue } from '../queue/useQueue.js';
import { useWindowRecording } from './windowRecording.js';
import './recording.css';

/**
 * The customer display's notice that the service is recorded, in the screen's language and in
 * English: only while window `counter`'s recorder says a recording really runs (the hub's
 * `recording.windows` frame), and while this display hears the hub at all. The configuration
 * switching recording on is not enough: a counter without a microphone records nothing.
 */
export function RecordingNotice({ counter, enabled }: { counter: number; enabled: boolean }) {
  const { t } = useTranslation();
  const en = useEnglish();
  const lang = useLang();
  const recording = useWindowRecording(counter);
  const connected = useQueue((s) => s.connected);
  if (!enabled || !recording || !connected) return null;
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
