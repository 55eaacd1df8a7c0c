import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_SAMPLE_PER_TELLER, MAX_SAMPLE_PER_TELLER, reviewTotal } from '../../../shared/evaluation/remoteReview.js';
import type { SampleAnswer, SampledRecording } from '../../../shared/evaluation/remoteReview.js';
import { useLang, useLocalized } from '../../i18n/index.js';
import { errorText } from '../../i18n/errorText.js';
import { formatClock, intlLocale } from '../../ui/format.js';
import { drawSample, fetchAudioUrl, fetchSample, saveReviewScore } from './evaluationApi.js';

const when = (iso: string, lang: ReturnType<typeof useLang>, timeZone: string): string =>
  `${new Intl.DateTimeFormat(intlLocale(lang), { month: 'short', day: 'numeric', timeZone }).format(new Date(iso))} ${formatClock(new Date(iso), lang, timeZone)}`;

/**
 * The month's remote review of one branch: draw the sample, pick a recording, hear it, read the
 * teller's and the lead's comments beside it, score it on the checklist.
 */
export function ReviewSection({ token, month, branchId }: { token: string; month: string; branchId: string }) {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState<SampleAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [perTeller, setPerTeller] = useState(DEFAULT_SAMPLE_PER_TELLER);
  const [picked, setPicked] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setAnswer(await fetchSample(token, month, branchId));
      setError(null);
    } catch (err) {
      setError(errorText(t, err));
    }
  }, [token, month, branchId, t]);

  useEffect(() => {
    setAnswer(null);
    setPicked(null);
    void load();
  }, [load]);

  const draw = async () => {
    setBusy(true);
    try {
      setAnswer(await drawSample(token, month, branchId, perTeller));
      setError(null);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  const current = answer?.sample.find((s) => s.recordingId === picked) ?? null;
  return (
    <div className="hqe-review" data-testid="hqe-review">
      <div className="hqe-review__side">
        <div className="hqe-toolbar">
          <label>
            {t('hqEvaluation.review.perTeller')}
            <input type="number" min={1} max={MAX_SAMPLE_PER_TELLER} value={perTeller} onChange={(e) => setPerTeller(Math.min(MAX_SAMPLE_PER_TELLER, Math.max(1, Number(e.target.value) || 1)))} />
          </label>
          <button type="button" className="button button--primary" disabled={busy} onClick={() => void draw()} data-testid="hqe-draw">
            {t('hqEvaluation.review.draw')}
          </button>
        </div>
        <p className="muted hqe-hint">{t('hqEvaluation.review.drawHint')}</p>
        {error && <p className="board__alert" role="alert">{t('hqEvaluation.error', { message: error })}</p>}
        {!answer && !error && <p className="muted">{t('hqEvaluation.loading')}</p>}
        {answer && <TellerTable answer={answer} />}
        {answer && <SampleList answer={answer} picked={picked} onPick={setPicked} />}
      </div>
      <div className="hqe-review__main">
        {current && answer ? (
          <RecordingReview key={current.recordingId} token={token} answer={answer} rec={current} onSaved={() => void load()} />
        ) : (
          <p className="muted hqe-empty">{t('hqEvaluation.review.pick')}</p>
        )}
      </div>
    </div>
  );
}

function TellerTable({ answer }: { answer: SampleAnswer }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  if (!answer.tellers.length) return <p className="muted">{t('hqEvaluation.review.noTellers')}</p>;
  return (
    <table className="hqe-table" data-testid="hqe-tellers">
      <thead>
        <tr>
          <th>{t('hqEvaluation.review.teller')}</th>
          <th>{t('hqEvaluation.review.recordings')}</th>
          <th>{t('hqEvaluation.review.drawn')}</th>
          <th>{t('hqEvaluation.review.reviewed')}</th>
          <th>{t('hqEvaluation.review.mean')}</th>
        </tr>
      </thead>
      <tbody>
        {answer.tellers.map((x) => (
          <tr key={x.tellerId}>
            <td>
              {localized(x.name)} <span className="muted">{x.tellerId}</span>
            </td>
            <td>{x.recordings}</td>
            <td>{x.drawn}</td>
            <td>{x.reviewed}</td>
            <td>{x.meanScore ?? '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SampleList({ answer, picked, onPick }: { answer: SampleAnswer; picked: string | null; onPick: (id: string) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const localized = useLocalized();
  if (!answer.sample.length) return <p className="muted">{t('hqEvaluation.review.noSample')}</p>;
  return (
    <ul className="hqe-sample" data-testid="hqe-sample">
      {answer.sample.map((s) => (
        <li key={s.recordingId}>
          <button type="button" className={`hqe-sample__item${picked === s.recordingId ? ' hqe-sample__item--on' : ''}`} onClick={() => onPick(s.recordingId)} data-testid={`hqe-rec-${s.recordingId}`}>
            <span className="hqe-sample__who">{localized(s.tellerName)}</span>
            <span>{when(s.startedAt, lang, answer.timeZone)}</span>
            <span>{s.ticketNumber ? t('hqEvaluation.review.ticket', { number: s.ticketNumber }) : ''}</span>
            <span className={s.score ? 'hqe-score' : 'muted'}>{s.score ? s.score.total : t('hqEvaluation.review.notScored')}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function RecordingReview({ token, answer, rec, onSaved }: { token: string; answer: SampleAnswer; rec: SampledRecording; onSaved: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const localized = useLocalized();
  const [audioUrl, setAudioUrl] = useState<string | null>(null);
  const [audioState, setAudioState] = useState<'idle' | 'loading' | 'error'>('idle');
  const [scores, setScores] = useState<Record<string, string>>(() => Object.fromEntries(answer.checklist.map((i) => [i.id, rec.score ? String(rec.score.scores[i.id] ?? '') : String(i.max)])));
  const [note, setNote] = useState(rec.score?.note ?? '');
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => () => void (audioUrl && URL.revokeObjectURL(audioUrl)), [audioUrl]);

  const play = async () => {
    setAudioState('loading');
    try {
      setAudioUrl(await fetchAudioUrl(token, rec.recordingId));
      setAudioState('idle');
    } catch (err) {
      setAudioState('error');
      setError(errorText(t, err));
    }
  };

  const numbers = Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, v.trim() === '' ? NaN : Number(v)]));
  const overMax = answer.checklist.filter((i) => (numbers[i.id] ?? NaN) > i.max);
  const missing = answer.checklist.some((i) => !Number.isInteger(numbers[i.id]) || (numbers[i.id] ?? -1) < 0);
  const total = reviewTotal(numbers, answer.checklist);

  const save = async () => {
    setStatus('saving');
    try {
      await saveReviewScore(token, rec.recordingId, { scores: numbers, note });
      setStatus('saved');
      setError(null);
      onSaved();
    } catch (err) {
      setStatus('idle');
      setError(errorText(t, err));
    }
  };

  return (
    <section className="hqe-rec" data-testid="hqe-recording">
      <header className="hqe-rec__head">
        <h3>
          {localized(rec.tellerName)} · {when(rec.startedAt, lang, answer.timeZone)}
        </h3>
        <p className="muted">
          {[rec.ticketNumber ? t('hqEvaluation.review.ticket', { number: rec.ticketNumber }) : null, rec.counter ? t('hqEvaluation.review.counter', { n: rec.counter }) : null, t('hqEvaluation.review.duration', { seconds: Math.round(rec.durationMs / 1000) })]
            .filter(Boolean)
            .join(' · ')}
          {rec.flags.map((f) => (
            <span key={f} className="hqe-flag">
              {t(`hqEvaluation.review.flags.${f}`)}
            </span>
          ))}
        </p>
      </header>
      <div className="hqe-player">
        {!rec.audioAtHeadOffice && <p className="muted">{t('hqEvaluation.review.noAudio')}</p>}
        {rec.audioAtHeadOffice && !audioUrl && (
          <button type="button" className="button" disabled={audioState === 'loading'} onClick={() => void play()} data-testid="hqe-play">
            {audioState === 'loading' ? t('hqEvaluation.review.loadingAudio') : t('hqEvaluation.review.play')}
          </button>
        )}
        {audioUrl && <audio src={audioUrl} controls autoPlay data-testid="hqe-audio" />}
      </div>
      <div className="hqe-rec__cols">
        <div className="hqe-comments" data-testid="hqe-comments">
          <h4>{t('hqEvaluation.review.comments')}</h4>
          {!rec.comments.length && <p className="muted">{t('hqEvaluation.review.noComments')}</p>}
          {rec.comments.map((c) => (
            <blockquote key={c.id} className={`hqe-comment hqe-comment--${c.voice}`}>
              <strong>{t(`hqEvaluation.review.voice.${c.voice}`)}</strong> <span className="muted">{rec.authors[c.authorId] ? localized(rec.authors[c.authorId]!) : c.authorId} · {when(c.at, lang, answer.timeZone)}</span>
              <p>{c.text}</p>
            </blockquote>
          ))}
        </div>
        <form
          className="hqe-checklist"
          onSubmit={(e) => {
            e.preventDefault();
            if (!missing && !overMax.length) void save();
          }}
        >
          <h4>{t('hqEvaluation.review.checklist')}</h4>
          {answer.checklist.map((i) => (
            <label key={i.id} className="hqe-item">
              <span>{localized(i.label)}</span>
              <input type="number" min={0} max={i.max} value={scores[i.id] ?? ''} aria-invalid={(numbers[i.id] ?? 0) > i.max} onChange={(e) => setScores({ ...scores, [i.id]: e.target.value })} data-testid={`hqe-item-${i.id}`} />
              <span className="muted">{(numbers[i.id] ?? 0) > i.max ? t('hqEvaluation.review.tooHigh') : t('hqEvaluation.review.outOf', { max: i.max })}</span>
            </label>
          ))}
          <label className="hqe-note">
            <span>{t('hqEvaluation.review.note')}</span>
            <textarea value={note} maxLength={1000} rows={2} onChange={(e) => setNote(e.target.value)} data-testid="hqe-note" />
          </label>
          <p className="hqe-total" data-testid="hqe-total">
            {t('hqEvaluation.review.total', { total })}
          </p>
          {missing && <p className="muted">{t('hqEvaluation.review.missing')}</p>}
          {error && <p className="board__alert" role="alert">{t('hqEvaluation.error', { message: error })}</p>}
          <div className="hqe-actions">
            <button type="submit" className="button button--primary" disabled={status === 'saving' || missing || overMax.length > 0} data-testid="hqe-save">
              {status === 'saving' ? t('hqEvaluation.review.saving') : t('hqEvaluation.review.save')}
            </button>
            {status === 'saved' && <span role="status">{t('hqEvaluation.review.saved')}</span>}
            {rec.score && (
              <span className="muted" data-testid="hqe-scored-by">
                {t('hqEvaluation.review.scoredBy', { who: rec.score.reviewer, time: when(rec.score.at, lang, answer.timeZone), total: rec.score.total })}
              </span>
            )}
          </div>
        </form>
      </div>
    </section>
  );
}
