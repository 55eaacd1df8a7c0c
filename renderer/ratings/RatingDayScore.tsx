import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRatingLog } from './ratingLog.js';
import { secondsLeftOf, useRatingState } from './useRatingState.js';
import './ratings.css';

const one = (x: number) => (Math.round(x * 10) / 10).toString();

/**
 * The window's running score of the day (its customers' answers), and the service still waiting
 * for an answer. The teller sees it; the teller cannot rate (no buttons, no keys here).
 */
export function RatingDayScore({ counter }: { counter: number }) {
  const { t } = useTranslation();
  const view = useRatingState(counter);
  useRatingLog(counter);
  const [now, setNow] = useState(() => performance.now());
  const prompt = view.state?.prompt ?? null;
  useEffect(() => {
    if (!prompt) return;
    const id = setInterval(() => setNow(performance.now()), 1000);
    return () => clearInterval(id);
  }, [prompt]);
  const score = view.state?.dayScore;
  const left = secondsLeftOf(view, now);

  return (
    <section
      className="rating-day"
      data-testid="rating-day-score"
      data-rated={score?.rated ?? ''}
      data-low={score?.low ?? ''}
      data-score={score?.score ?? ''}
      aria-label={t('ratings.day.title')}
    >
      <span className="rating-day__title">{t('ratings.day.title')}</span>
      {!score || score.rated === 0 ? (
        <span className="muted">{t('ratings.day.none')}</span>
      ) : (
        <>
          <span className="rating-day__figure">{t('ratings.day.rated', { n: score.rated })}</span>
          {score.satisfactionPercent !== null && <span className="rating-day__figure">{t('ratings.day.satisfaction', { p: one(score.satisfactionPercent) })}</span>}
          {score.score !== null && <span className="rating-day__score">{t('ratings.day.score', { s: one(score.score) })}</span>}
          {score.low > 0 && <span className="rating-day__low">{t('ratings.day.low', { n: score.low })}</span>}
        </>
      )}
      {score && score.notRated > 0 && <span className="muted">{t('ratings.day.notRated', { n: score.notRated })}</span>}
      {prompt && left > 0 && (
        <span className="rating-day__awaiting" data-testid="rating-awaiting">
          {t('ratings.day.awaiting', { number: prompt.ticketNumber, s: left })}
        </span>
      )}
    </section>
  );
}
