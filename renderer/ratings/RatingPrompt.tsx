import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ratePosition } from '../../shared/keypad/mapping.js';
import { counterStatusOf } from '../../shared/queue/snapshot.js';
import type { RatingContact } from '../../shared/ratings/api.js';
import type { RatingLevel, RatingSource } from '../../shared/ratings/schema.js';
import { useEnglish, useLang } from '../i18n/index.js';
import { useKeypadListener } from '../input/useKeypadListener.js';
import { useQueue } from '../queue/useQueue.js';
import { Bi } from '../ui/Bi.js';
import { ContactStep } from './ContactStep.js';
import { contactSecondsLeft } from './contactStep.js';
import { sendRating } from './ratingsApi.js';
import { secondsLeftOf, useRatingState } from './useRatingState.js';
import './ratings.css';

/** How long the thank-you stays on the customer's screen. */
const THANKS_MS = 4000;

type Answer = { serviceId: string; status: 'sending' | 'thanks' | 'failed' };

/** A dissatisfied answer touched on the screen, held while the customer may leave a contact. */
type HeldLow = { serviceId: string; ticketId: string; value: number; touchedAt: number };

/**
 * The rating prompt of the customer display (窗口评价): after each finished service the
 * customer answers by touching the screen or pressing the rating keypad, until the time runs
 * out. Only this window listens to the rating keypad: the teller's screen has no way to rate.
 *
 * A dissatisfied answer touched on the screen is held while the customer is offered to leave a
 * name and number (实名评价, sent with the answer: the hub takes a contact only with it); skipping,
 * the step's own timeout, the rating's deadline coming near or the next customer's service
 * sends it without. A keypad answer goes at once: a keypad has no way to enter a contact, and a
 * display with a keypad may have no touch screen to offer it on.
 */
export function RatingPrompt({ counter }: { counter: number }) {
  const { t } = useTranslation();
  const en = useEnglish();
  const lang = useLang();
  const view = useRatingState(counter);
  const [now, setNow] = useState(() => performance.now());
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [held, setHeld] = useState<HeldLow | null>(null);
  const prompt = view.state?.prompt ?? null;
  const scale = view.state?.scale ?? null;
  const secondsLeft = secondsLeftOf(view, now);
  const answeredThis = answer !== null && prompt !== null && answer.serviceId === prompt.serviceId && answer.status !== 'failed';
  // The next customer's service has started at the window: the previous customer has gone.
  const servingId = useQueue((s) => {
    const here = s.snapshot ? counterStatusOf(s.snapshot, counter) : null;
    return here?.status === 'serving' ? (here.ticket?.id ?? null) : null;
  });
  const nextStarted = prompt !== null && servingId !== null && servingId !== prompt.ticketId;
  const open = prompt !== null && scale !== null && secondsLeft > 0 && !answeredThis && !nextStarted && held === null;
  const contactLeft = held ? contactSecondsLeft(secondsLeft, held.touchedAt, now) : 0;
  const heldSending = held !== null && answer?.serviceId === held.serviceId && answer.status === 'sending';
  // The held answer goes without contact once its time is up or another customer is at the window.
  const giveUp = held !== null && !heldSending && (contactLeft <= 0 || nextStarted || (prompt !== null && prompt.serviceId !== held.serviceId));

  useEffect(() => {
    if (!prompt && !held && answer?.status !== 'thanks') return;
    const id = setInterval(() => setNow(performance.now()), 250);
    return () => clearInterval(id);
  }, [prompt, held, answer?.status]);

  useEffect(() => {
    if (answer?.status !== 'thanks') return;
    const id = setTimeout(() => setAnswer(null), THANKS_MS);
    return () => clearTimeout(id);
  }, [answer]);

  const send = (serviceId: string, ticketId: string, value: number, source: Extract<RatingSource, 'customer_display' | 'rating_keypad'>, contact?: RatingContact) => {
    setAnswer({ serviceId, status: 'sending' });
    sendRating(counter, { ticketId, value, source, ...(contact ? { contact } : {}) })
      .then(() => {
        setHeld(null);
        setAnswer({ serviceId, status: 'thanks' });
      })
      .catch((err: unknown) => {
        // 409: already rated, or too late; nothing the customer can do about it.
        const conflict = (err as { code?: string } | null)?.code === 'conflict';
        // A failure with a contact keeps the step open (its timeout still sends the answer without);
        // one without brings the prompt back with the failure, to answer again.
        if (conflict || !contact) setHeld(null);
        setAnswer({ serviceId, status: conflict ? 'thanks' : 'failed' });
        view.refresh();
      });
  };

  const rate = (level: RatingLevel, source: Extract<RatingSource, 'customer_display' | 'rating_keypad'>) => {
    if (!prompt || !open || answer?.status === 'sending') return;
    if (level.low && source === 'customer_display') {
      setHeld({ serviceId: prompt.serviceId, ticketId: prompt.ticketId, value: level.value, touchedAt: performance.now() });
      return;
    }
    send(prompt.serviceId, prompt.ticketId, level.value, source);
  };

  const sendHeld = (contact?: RatingContact) => {
    if (!held || heldSending) return;
    send(held.serviceId, held.ticketId, held.value, 'customer_display', contact);
  };

  useEffect(() => {
    // giveUp turning true is the only trigger (sendHeld is a new function every render).
    if (giveUp) sendHeld();
  }, [giveUp]);

  useKeypadListener(counter, 'rating', {
    enabled: open,
    onAction: (action) => {
      const pos = ratePosition(action);
      const level = pos === null ? undefined : scale?.levels[pos - 1];
      if (level) rate(level, 'rating_keypad');
    },
  });

  if (held && !giveUp) {
    return (
      <ContactStep
        secondsLeft={contactLeft}
        sending={heldSending}
        failed={answer?.serviceId === held.serviceId && answer.status === 'failed'}
        onSend={(contact) => sendHeld(contact)}
        onSkip={() => sendHeld()}
        onTouch={() => setHeld((h) => (h ? { ...h, touchedAt: performance.now() } : h))}
      />
    );
  }
  if (answer?.status === 'thanks') {
    return (
      <div className="rating-prompt rating-prompt--thanks" role="status" data-testid="rating-thanks">
        <p className="rating-prompt__thanks">
          <Bi main={t('ratings.prompt.thanks')} en={en('ratings.prompt.thanks')} />
        </p>
      </div>
    );
  }
  if (!open || !prompt || !scale) return null;

  const n = scale.levels.length;
  return (
    <div className="rating-prompt" role="dialog" aria-modal="true" aria-labelledby="rating-prompt-title" data-testid="rating-prompt" data-ticket={prompt.ticketNumber} data-levels={n}>
      <div className="rating-prompt__panel">
        <header className="rating-prompt__head">
          <h2 id="rating-prompt-title" className="rating-prompt__title">
            <Bi main={t('ratings.prompt.title')} en={en('ratings.prompt.title')} />
          </h2>
          <p className="rating-prompt__meta">
            <span className="rating-prompt__ticket">{t('ratings.prompt.ticket', { number: prompt.ticketNumber })}</span>
            <span className="rating-prompt__timer" data-testid="rating-seconds-left">
              {t('ratings.prompt.secondsLeft', { s: secondsLeft })}
            </span>
          </p>
        </header>
        <div className={`rating-prompt__levels rating-prompt__levels--${n}`}>
          {scale.levels.map((level, i) => {
            // Green for the best answer to red for the worst.
            const hue = Math.round(140 - (140 * i) / Math.max(1, n - 1));
            return (
              <button
                key={level.value}
                type="button"
                className="rating-level"
                style={{ ['--hue' as string]: hue }}
                data-testid={`rate-${level.value}`}
                data-value={level.value}
                disabled={answer?.status === 'sending'}
                onClick={() => rate(level, 'customer_display')}
              >
                <Face mood={n === 1 ? 1 : 1 - i / (n - 1)} />
                <span className="rating-level__label">{level.label[lang]}</span>
                {lang !== 'en' && (
                  <span className="rating-level__en" lang="en">
                    {level.label.en}
                  </span>
                )}
              </button>
            );
          })}
        </div>
        <p className="rating-prompt__hint">
          {answer?.status === 'failed' ? (
            <span className="rating-prompt__error" role="alert">
              {t('ratings.prompt.failed')}
            </span>
          ) : (
            t('ratings.prompt.keypadHint')
          )}
        </p>
      </div>
    </div>
  );
}

/** A face from frowning (mood 0) to smiling (mood 1). */
function Face({ mood }: { mood: number }) {
  const curve = 10 - mood * 20; // control point of the mouth: below (smile) or above (frown)
  return (
    <svg className="rating-level__face" viewBox="0 0 48 48" aria-hidden="true">
      <circle cx="24" cy="24" r="21" fill="none" stroke="currentColor" strokeWidth="3" />
      <circle cx="17" cy="19" r="2.6" fill="currentColor" />
      <circle cx="31" cy="19" r="2.6" fill="currentColor" />
      <path d={`M14 ${32 - curve / 4} Q24 ${32 - curve} 34 ${32 - curve / 4}`} fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}
