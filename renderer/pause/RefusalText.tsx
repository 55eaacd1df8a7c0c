import { useTranslation } from 'react-i18next';
import type { QueueError } from '../../shared/api/errors.js';
import { PauseRefusal } from '../../shared/pause/wire.js';

/** A refused window command in the teller's or lead's words (the hub's `reason`), else the hub's message. */
export function RefusalText({ error }: { error: QueueError }) {
  const { t } = useTranslation();
  const reason = PauseRefusal.safeParse(error.reason);
  if (reason.success) return <>{t(`pause.refused.${reason.data}`)}</>;
  if (error.code === 'hub_unreachable') return <>{t('pause.window.offline')}</>;
  return <>{t('pause.refused.other', { message: error.message })}</>;
}
