import { useTranslation } from 'react-i18next';
import type { QueueError } from '../../shared/api/errors.js';
import { PauseRefusal } from '../../shared/pause/wire.js';
import { errorText } from '../i18n/errorText.js';

/** A refused window command in the teller's or lead's words (the hub's `reason`, else its code: i18n/errorText.ts). */
export function RefusalText({ error }: { error: QueueError }) {
  const { t } = useTranslation();
  const reason = PauseRefusal.safeParse(error.reason);
  if (reason.success) return <>{t(`pause.refused.${reason.data}`)}</>;
  if (error.code === 'hub_unreachable') return <>{t('pause.window.offline')}</>;
  // An access refusal (no session, a teller where a lead is needed, a locked workstation...) or a plain code.
  return <>{t('pause.refused.other', { message: errorText(t, error) })}</>;
}
