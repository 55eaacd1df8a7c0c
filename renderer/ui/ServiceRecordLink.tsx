import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../i18n/index.js';
import { withLang } from '../i18n/lang.js';
import { followInPage, serviceRecordHref } from './navigate.js';

/**
 * A link to one service's record at the lead station (/lead/services/:ticketId), opened in the
 * same page so the lead stays signed in. Used by the recordings list, the lead's board and the
 * complaint log.
 */
export function ServiceRecordLink({ ticketId, children, className, testId }: { ticketId: string; children?: ReactNode; className?: string; testId?: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const href = withLang(serviceRecordHref(ticketId), lang);
  return (
    <a href={href} className={className ?? 'service-record-link'} title={t('serviceRecord.openHint')} data-testid={testId ?? `service-record-link-${ticketId}`} onClick={(e) => followInPage(e, href)}>
      {children ?? t('serviceRecord.open')}
    </a>
  );
}
