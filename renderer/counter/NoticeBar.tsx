import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../i18n/errorText.js';
import { useCounterStore } from './store.js';

const OK_VISIBLE_MS = 6000;

/**
 * The answer to the teller's last action: success fades, errors stay until dismissed. It lies
 * over the top of the page under the header rather than taking a band of its own, so nothing
 * sits empty there between answers and nothing below moves when one appears (issue 14).
 */
export function NoticeBar() {
  const { t } = useTranslation();
  const notice = useCounterStore((s) => s.notice);
  const dismiss = useCounterStore((s) => s.dismiss);
  useEffect(() => {
    if (!notice || notice.kind === 'error') return;
    const id = setTimeout(dismiss, OK_VISIBLE_MS);
    return () => clearTimeout(id);
  }, [notice, dismiss]);
  if (!notice) return <div className="notice-slot" aria-hidden="true" />;

  let text: string;
  if (notice.kind === 'ok') text = t(`counter.notice.${notice.what}`, { number: notice.number ?? '' });
  else if (notice.kind === 'info') text = t(`counter.notice.${notice.what}`);
  else if (notice.code === 'hub_unreachable') text = t('counter.notice.offline');
  else if (notice.code === 'local_store') text = t('counter.notice.localStore', { message: notice.message });
  // The hub's refusal in the screen's language (its reason, else its code); its English message only as a tooltip.
  else text = t('counter.notice.failed', { reason: errorText(t, notice) });

  return (
    <div className="notice-slot">
      <div
        key={notice.id}
        className={`notice-bar notice-bar--${notice.kind}`}
        role={notice.kind === 'error' ? 'alert' : 'status'}
        data-testid="counter-notice"
        data-kind={notice.kind}
        data-code={notice.kind === 'error' ? notice.code : undefined}
        data-reason={notice.kind === 'error' ? notice.reason : undefined}
      >
        <span className="notice-bar__text" title={notice.kind === 'error' ? notice.message : undefined}>
          {text}
        </span>
        <button type="button" className="notice-bar__close" onClick={dismiss} aria-label={t('common.close')}>
          ×
        </button>
      </div>
    </div>
  );
}
