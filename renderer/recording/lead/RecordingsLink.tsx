import { useTranslation } from 'react-i18next';
import { useLang } from '../../i18n/index.js';
import { withLang } from '../../i18n/lang.js';

/** The lead board's way to the recordings page (live listening, search, replay). */
export function RecordingsLink() {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <a className="button button--small" href={withLang('/lead/recordings', lang)} data-testid="lead-recordings-link">
      {t('recording.lead.open')}
    </a>
  );
}
