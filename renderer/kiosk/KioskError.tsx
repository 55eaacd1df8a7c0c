import { useTranslation } from 'react-i18next';
import { useEnglish } from '../i18n/index.js';
import { Bi } from '../ui/Bi.js';
import { useKioskStore } from './store.js';

const KNOWN = ['unknown_appointment', 'kiosk_closed', 'hub_unreachable', 'unknown_service'] as const;

/** Why the last ticket could not be issued, in words a customer understands. */
export function KioskError() {
  const { t } = useTranslation();
  const en = useEnglish();
  const error = useKioskStore((s) => s.error);
  const dismiss = useKioskStore((s) => s.dismissError);
  if (!error) return null;
  const key = KNOWN.find((k) => k === error.code) ?? 'other';
  return (
    <div className="kiosk-error" role="alert" data-testid="kiosk-error" data-code={error.code}>
      <Bi main={t(`kiosk.errors.${key}`)} en={en(`kiosk.errors.${key}`)} />
      <button type="button" onClick={dismiss} aria-label={t('common.close')}>
        ×
      </button>
    </div>
  );
}
