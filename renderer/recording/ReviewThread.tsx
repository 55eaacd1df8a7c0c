import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewComment } from '../../shared/recording/review.js';
import { errorText } from '../i18n/errorText.js';
import { useLang } from '../i18n/index.js';
import { formatDateTime } from '../ui/format.js';
import { ReviewApi } from './reviewApi.js';
import './review.css';

interface ReviewThreadProps {
  recordingId: string;
  /** How the writer speaks here: the recorded teller writes a self-review, the lead the leader's comment. */
  writeAs: 'self' | 'lead';
  nameOf: (staffId: string) => string;
  timeZone: string;
  api?: ReviewApi;
}

/** The comments on one recording, oldest first, and a box to add one (comments are never edited). */
export function ReviewThreadView({ recordingId, writeAs, nameOf, timeZone, api = defaultApi }: ReviewThreadProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const [comments, setComments] = useState<ReviewComment[] | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  useEffect(() => {
    let stopped = false;
    setComments(null);
    setMessage(null);
    api.thread(recordingId).then(
      (thread) => !stopped && setComments(thread.comments),
      (err: unknown) => !stopped && setMessage({ error: true, text: t('review.error', { message: errorText(t, err) }) }),
    );
    return () => {
      stopped = true;
    };
  }, [api, recordingId, t]);

  const submit = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const added = await api.comment(recordingId, text);
      setComments((c) => [...(c ?? []), added]);
      setText('');
      setMessage({ error: false, text: t('review.submitted') });
    } catch (err) {
      setMessage({ error: true, text: t('review.error', { message: errorText(t, err) }) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="review-thread" data-testid="review-thread" data-recording={recordingId}>
      <h3>{t('review.thread')}</h3>
      {comments === null ? (
        <p className="muted">{t('review.loading')}</p>
      ) : comments.length === 0 ? (
        <p className="muted" data-testid="review-empty">{t('review.noComments')}</p>
      ) : (
        <ol className="review-thread__list">
          {comments.map((c) => (
            <li key={c.id} className={`review-thread__item review-thread__item--${c.voice}`} data-testid="review-comment" data-voice={c.voice}>
              <p className="review-thread__meta">
                <strong>{t(`review.voice.${c.voice}`)}</strong> · {nameOf(c.authorId)} · {formatDateTime(new Date(c.at), lang, timeZone)}
              </p>
              <p className="review-thread__text">{c.text}</p>
            </li>
          ))}
        </ol>
      )}
      <label className="review-thread__form">
        <span>{writeAs === 'self' ? t('review.writeSelf') : t('review.writeLead')}</span>
        <textarea value={text} maxLength={1000} rows={3} placeholder={t('review.placeholder')} onChange={(e) => setText(e.target.value)} data-testid="review-text" />
      </label>
      <button type="button" className="button button--primary button--small" disabled={busy || text.trim() === ''} onClick={() => void submit()} data-testid="review-submit">
        {busy ? t('review.submitting') : t('review.submit')}
      </button>
      {message && (
        <p className={message.error ? 'review-thread__error' : 'review-thread__ok'} role={message.error ? 'alert' : 'status'} data-testid="review-message">
          {message.text}
        </p>
      )}
    </section>
  );
}

const defaultApi = new ReviewApi();
