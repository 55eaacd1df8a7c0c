import { useTranslation } from 'react-i18next';
import { useQueue } from '../queue/useQueue.js';

/** A small pill: connected / connecting / offline. */
export function HubStatus() {
  const { t } = useTranslation();
  const status = useQueue((s) => s.status);
  return (
    <span className={`hub-status hub-status--${status}`} data-testid="hub-status" data-status={status}>
      <span className="hub-status__dot" aria-hidden="true" />
      {t(`common.hub.${status}`)}
    </span>
  );
}

/** The red banner shown while the queue server cannot be reached. */
export function OfflineBanner({ detail }: { detail?: string }) {
  const { t } = useTranslation();
  const status = useQueue((s) => s.status);
  if (status !== 'offline') return null;
  return (
    <div className="offline-banner" role="alert" data-testid="offline-banner">
      <strong>{t('common.offline.title')}</strong>
      <span>{detail ?? t('common.offline.retrying')}</span>
    </div>
  );
}
