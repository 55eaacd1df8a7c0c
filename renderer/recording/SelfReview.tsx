import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { BranchConfig } from '../../shared/config/schema.js';
import type { RecordingSearchHit } from '../../shared/recording/searchResult.js';
import { errorText } from '../i18n/errorText.js';
import { useLang, useLocalized } from '../i18n/index.js';
import { DateField } from '../ui/DateFields.js';
import { Dialog } from '../ui/Dialog.js';
import { formatClock, formatDuration, localDate } from '../ui/format.js';
import { ReviewApi } from './reviewApi.js';
import { ReviewThreadView } from './ReviewThread.js';

const api = new ReviewApi();

/**
 * The counter's "my recordings" (issue 15, seed 004 part 2): the signed-in teller hears their own
 * recorded services of a day and writes a self-review. The hub lists only the session's own
 * recordings and logs each replay.
 */
export function SelfReviewButton({ config }: { config: BranchConfig }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button button--small" title={t('review.openHint')} onClick={() => setOpen(true)} data-testid="self-review-open">
        {t('review.open')}
      </button>
      {/* Out of the counter's header (white text on blue), into the page: the dialog keeps its own colours. */}
      {open && createPortal(<SelfReviewDialog config={config} onClose={() => setOpen(false)} />, document.body)}
    </>
  );
}

function SelfReviewDialog({ config, onClose }: { config: BranchConfig; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const zone = config.hours.timezone;
  const [day, setDay] = useState(() => localDate(new Date(), zone));
  const [hits, setHits] = useState<RecordingSearchHit[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [playing, setPlaying] = useState<{ hit: RecordingSearchHit; url: string } | null>(null);

  useEffect(() => {
    if (!day) return;
    let stopped = false;
    setHits(null);
    setError(null);
    api.mine({ date: day, limit: 100 }).then(
      (r) => !stopped && setHits(r.recordings),
      (err: unknown) => !stopped && setError(t('review.error', { message: errorText(t, err) })),
    );
    return () => {
      stopped = true;
    };
  }, [day, t]);

  const hear = async (hit: RecordingSearchHit) => {
    setError(null);
    try {
      setPlaying({ hit, url: await api.hear(hit.id) });
    } catch (err) {
      setError(t('review.error', { message: errorText(t, err) }));
    }
  };
  const nameOf = (id: string) => {
    const s = config.staff.find((x) => x.id === id);
    return s ? local(s.name) : id;
  };

  return (
    <Dialog title={t('review.title')} onClose={onClose} testId="self-review" wide>
      <div className="self-review">
        <label className="self-review__day">
          <span>{t('review.day')}</span>
          <DateField value={day} onChange={setDay} data-testid="self-review-day" />
        </label>
        <p className="muted">{t('review.logged')}</p>
        {error && (
          <p className="review-thread__error" role="alert" data-testid="self-review-error">
            {error}
          </p>
        )}
        {hits === null ? (
          !error && <p className="muted">{t('review.loading')}</p>
        ) : hits.length === 0 ? (
          <p className="muted" data-testid="self-review-empty">{t('review.empty')}</p>
        ) : (
          <ul className="self-review__list" data-testid="self-review-list">
            {hits.map((h) => (
              <li key={h.id} className={`self-review__row${playing?.hit.id === h.id ? ' is-playing' : ''}`} data-testid={`self-review-${h.ticketNumber ?? h.id}`}>
                <span className="self-review__ticket">{h.ticketNumber ?? '–'}</span>
                <span>{formatClock(new Date(h.startedAt), lang, zone)}</span>
                <span className="muted">
                  {t('review.duration')} {formatDuration(Math.round(h.durationMs / 1000))}
                </span>
                {h.onHub ? (
                  <button type="button" className="button button--small" onClick={() => void hear(h)} data-testid={`self-review-play-${h.ticketNumber ?? h.id}`}>
                    {t('review.play')}
                  </button>
                ) : (
                  <span className="muted">{t('review.notOnHub')}</span>
                )}
              </li>
            ))}
          </ul>
        )}
        {playing && (
          <div className="self-review__player">
            <p>
              <strong>{t('review.playing', { ticket: playing.hit.ticketNumber ?? '–' })}</strong>
            </p>
            <audio controls autoPlay preload="metadata" src={playing.url} data-testid="self-review-audio" />
            <ReviewThreadView recordingId={playing.hit.id} writeAs="self" nameOf={nameOf} timeZone={zone} api={api} />
          </div>
        )}
      </div>
    </Dialog>
  );
}
