import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { noticeLine } from '../../shared/notices/schema.js';
import type { Notice } from '../../shared/notices/schema.js';
import { useEnglish, useLang } from '../i18n/index.js';
import { Bi } from '../ui/Bi.js';
import './notices.css';

/** Seconds each notice stays before the next one rolls in. */
export const NOTICE_ROLL_SECONDS = 10;

/**
 * The hall's notice column: one notice at a time, rolling every NOTICE_ROLL_SECONDS, its picture
 * above its words in the hall's language (and English under the Chinese). It sits in its own
 * column of the hall's stage, so it never covers the calls or the banners above them.
 */
export function NoticeStrip({ notices }: { notices: readonly Notice[] }) {
  const { t } = useTranslation();
  const en = useEnglish();
  const lang = useLang();
  const [index, setIndex] = useState(0);

  useEffect(() => {
    if (notices.length < 2) return;
    const id = setInterval(() => setIndex((i) => i + 1), NOTICE_ROLL_SECONDS * 1000);
    return () => clearInterval(id);
  }, [notices.length]);

  if (notices.length === 0) return null;
  const i = index % notices.length;
  const notice = notices[i]!;
  const main = noticeLine(notice.text, lang);
  const english = lang !== 'en' && notice.text.en.length > 0 && notice.text.en !== main ? notice.text.en : null;

  return (
    <aside className="notice-strip" data-testid="hall-notices" data-count={notices.length} aria-live="polite">
      <h2 className="notice-strip__title">
        <Bi main={t('notices.hall.title')} en={en('notices.hall.title')} />
        {notices.length > 1 && <span className="notice-strip__count">{t('notices.hall.count', { i: i + 1, n: notices.length })}</span>}
      </h2>
      <article key={`${notice.id}:${notice.version}`} className="notice-strip__notice" data-testid="hall-notice" data-notice-id={notice.id} data-origin={notice.origin}>
        {notice.image && <img className="notice-strip__image" src={notice.image} alt="" data-testid="hall-notice-image" />}
        <p className={`notice-strip__text${notice.image ? '' : ' notice-strip__text--large'}`} data-testid="hall-notice-text">
          {main}
        </p>
        {english && (
          <p className="notice-strip__en" lang="en">
            {english}
          </p>
        )}
      </article>
      {notices.length > 1 && (
        <div className="notice-strip__dots" aria-hidden="true">
          {notices.map((n, k) => (
            <span key={n.id} className={k === i ? 'is-current' : undefined} />
          ))}
        </div>
      )}
    </aside>
  );
}
