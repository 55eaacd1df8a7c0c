import { useTranslation } from 'react-i18next';

/** The teller's star rating (一星/二星/三星柜员) as ★★☆. */
export function Stars({ count, max = 3 }: { count: number; max?: number }) {
  const { t } = useTranslation();
  return (
    <span className="stars" role="img" aria-label={t('common.stars', { n: count })} data-testid="stars" data-stars={count}>
      {Array.from({ length: max }, (_, i) => (
        <span key={i} className={i < count ? 'stars__on' : 'stars__off'} aria-hidden="true">
          ★
        </span>
      ))}
    </span>
  );
}
