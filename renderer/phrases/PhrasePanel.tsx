import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BranchConfig, Counter } from '../../shared/config/schema.js';
import { actionFor } from '../../shared/keypad/mapping.js';
import { branchCatalogue } from '../../shared/phrases/catalogue.js';
import { hotKeyOfAction, hotKeyOfKeyboard, phraseForKey } from '../../shared/phrases/keys.js';
import type { Phrase } from '../../shared/phrases/schema.js';
import { hasFillIn } from '../../shared/phrases/speech.js';
import { PhraseDelivery } from '../../shared/phrases/usage.js';
import type { Ticket } from '../../shared/queue/ticket.js';
import { useLang, useLocalized } from '../i18n/index.js';
import { subscribeKeypad } from '../input/keypadActions.js';
import { useKeypadMapping } from '../input/keypadStore.js';
import { DeliveryIcon } from './DeliveryIcon.js';
import { ForbiddenPhrasesDialog } from './ForbiddenPhrasesDialog.js';
import { PhraseRates } from './PhraseRates.js';
import { useCounterPhrases } from './useCounterPhrases.js';
import type { CounterPhrases } from './useCounterPhrases.js';
import './phrases.css';

const MODE_KEY = 'guichet.phrases.mode';
const MODES = PhraseDelivery.options;

function savedMode(): PhraseDelivery {
  try {
    const parsed = PhraseDelivery.safeParse(localStorage.getItem(MODE_KEY));
    return parsed.success ? parsed.data : 'spoken';
  } catch {
    return 'spoken';
  }
}

/** Typing in a field, or any dialog open (this screen's or another capability's): keys are not ours. */
function keysAreBusy(target: EventTarget | null): boolean {
  if ((target as HTMLElement | null)?.closest?.('input, textarea, select, [contenteditable="true"]')) return true;
  return document.querySelector('[role="dialog"]') !== null;
}

interface PhrasePanelProps {
  config: BranchConfig;
  counter: Counter;
  current: Ticket | null;
}

/**
 * The standard phrases for the moment the counter is in (greeting when a ticket is called,
 * farewell at finish, the apology for a long wait, the holiday greeting of the day, the lead's
 * special prompts), one keystroke away: digits 1-9, the caller keypad's phrase keys, or a click.
 */
export function PhrasePanel({ config, counter, current }: PhrasePanelProps) {
  const { t } = useTranslation();
  const phrases = useCounterPhrases(config, counter, current);
  const [mode, setMode] = useState<PhraseDelivery>(savedMode);
  const [showAll, setShowAll] = useState(false);
  const [forbidden, setForbidden] = useState(false);
  const { moment, offered } = phrases;
  const catalogue = branchCatalogue(config);

  const chooseMode = (m: PhraseDelivery) => {
    setMode(m);
    try {
      localStorage.setItem(MODE_KEY, m);
    } catch {
      // private mode: the choice lasts for this page
    }
  };

  // Digits and keypad actions reach the latest list through a ref (listeners are set once).
  const mapping = useKeypadMapping(counter.number);
  const latest = useRef({ offered, mode, phrases, mapping });
  latest.current = { offered, mode, phrases, mapping };
  useEffect(() => {
    const press = (key: number) => {
      const { offered: list, mode: m, phrases: p } = latest.current;
      const phrase = phraseForKey(list, key);
      if (phrase) void p.use(phrase, m, true);
    };
    const onKey = (e: KeyboardEvent) => {
      const key = hotKeyOfKeyboard(e);
      if (key === null || e.repeat || keysAreBusy(e.target)) return;
      // A key learned for the caller keypad is the keypad's (it may be Numpad1 meaning "call next").
      if (actionFor(latest.current.mapping, 'caller', e) !== null) return;
      e.preventDefault();
      press(key);
    };
    window.addEventListener('keydown', onKey);
    // The caller keypad's phrase keys (renderer/keypad: "phrase:1" .. "phrase:9").
    const offKeypad = subscribeKeypad((e) => {
      const key = hotKeyOfAction(e.action);
      if (e.counter === counter.number && key !== null && !keysAreBusy(null)) press(key);
    });
    return () => {
      window.removeEventListener('keydown', onKey);
      offKeypad();
    };
  }, [counter.number]);

  const waitedMinutes = Math.floor((moment.waitedSeconds ?? 0) / 60);
  const targetMinutes = Math.round((moment.targetWaitSeconds ?? 0) / 60);

  return (
    <section className="phrases" data-testid="phrase-panel" data-moment={moment.moment}>
      <header className="phrases__header">
        <h2>{t('phrases.title')}</h2>
        <span className={`phrases__moment phrases__moment--${moment.moment}`} data-testid="phrase-moment">
          {t(`phrases.moment.${moment.moment}`)}
        </span>
        {phrases.ticketNumber && <span className="phrases__ticket">{t('phrases.forTicket', { number: phrases.ticketNumber })}</span>}
        <div className="phrases__mode" role="radiogroup" aria-label={t('phrases.mode.label')}>
          <span className="phrases__mode-label">{t('phrases.mode.label')}</span>
          {MODES.map((m) => (
            <button
              key={m}
              type="button"
              role="radio"
              aria-checked={mode === m}
              className={`phrases__mode-button${mode === m ? ' is-on' : ''}`}
              data-testid={`phrase-mode-${m}`}
              title={t(`phrases.how.${m}`)}
              onClick={() => chooseMode(m)}
            >
              <DeliveryIcon how={m} size={16} /> {t(`phrases.mode.${m}`)}
            </button>
          ))}
        </div>
        <button type="button" className="button button--small phrases__forbidden" data-testid="phrase-forbidden-open" onClick={() => setForbidden(true)}>
          {t('phrases.forbidden.open')}
        </button>
      </header>

      {phrases.prompts.length > 0 && (
        <p className="phrases__prompts" data-testid="phrase-prompts-active">
          {t('phrases.prompts.active')}
        </p>
      )}
      {moment.overdue && (
        <p className="phrases__overdue" role="status" data-testid="phrase-overdue">
          {t('phrases.overdue', { minutes: waitedMinutes, target: targetMinutes })}
        </p>
      )}

      {offered.length > 0 ? (
        <ol className="phrases__list" data-testid="phrase-list" aria-label={t('phrases.keysHint')}>
          {offered.map((p) => (
            <PhraseRow key={p.id} phrase={p} mode={mode} phrases={phrases} fromOffer highlight={moment.overdue && p.situation === 'sorry_for_wait'} />
          ))}
        </ol>
      ) : (
        <p className="phrases__none muted" data-testid="phrase-none">
          {t('phrases.none')}
        </p>
      )}

      <footer className="phrases__footer">
        <LastUsed phrases={phrases} catalogue={catalogue.phrases} />
        <PhraseRates rates={phrases.rates} />
        <button type="button" className="button button--small" data-testid="phrase-all-toggle" aria-expanded={showAll} onClick={() => setShowAll((v) => !v)}>
          {showAll ? t('phrases.all.hide') : t('phrases.all.show')}
        </button>
      </footer>
      {showAll && (
        <ul className="phrases__list phrases__list--all" data-testid="phrase-all">
          {catalogue.phrases.map((p) => (
            <PhraseRow key={p.id} phrase={p} mode={mode} phrases={phrases} fromOffer={false} highlight={false} />
          ))}
        </ul>
      )}
      {forbidden && <ForbiddenPhrasesDialog catalogue={catalogue} onClose={() => setForbidden(false)} />}
    </section>
  );
}

function PhraseRow({ phrase, mode, phrases, fromOffer, highlight }: { phrase: Phrase; mode: PhraseDelivery; phrases: CounterPhrases; fromOffer: boolean; highlight: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const fillIn = hasFillIn(phrase.text);
  const speakable = phrases.canSpeak(phrase);
  const how = phrases.deliveryOf(phrase, mode);
  const justUsed = phrases.last?.phraseId === phrase.id && !phrases.last.error;
  const note = fillIn ? t('phrases.fillIn') : !speakable ? t('phrases.noVoice') : undefined;
  return (
    <li
      className={`phrase${highlight ? ' phrase--urgent' : ''}${justUsed ? ' phrase--used' : ''}`}
      data-testid={`phrase-${phrase.id}`}
      data-key={fromOffer ? phrase.key : undefined}
      data-how={how}
    >
      {fromOffer && phrase.key !== undefined ? <kbd className="phrase__key">{phrase.key}</kbd> : <span className="phrase__key phrase__key--none" />}
      <button type="button" className="phrase__text" onClick={() => void phrases.use(phrase, mode, fromOffer)} title={t(`phrases.how.${how}`)}>
        <span className="phrase__main">{local(phrase.text)}</span>
        {lang !== 'en' && (
          <span className="phrase__en" lang="en">
            {phrase.text.en}
          </span>
        )}
        {note && <span className="phrase__note">{note}</span>}
      </button>
      <span className="phrase__actions">
        {MODES.map((m) => {
          const disabled = (m !== 'said' && fillIn) || (m === 'spoken' && !speakable);
          return (
            <button
              key={m}
              type="button"
              className="phrase__action"
              data-testid={`phrase-${phrase.id}-${m}`}
              disabled={disabled}
              title={t(`phrases.how.${m}`)}
              aria-label={t(`phrases.how.${m}`)}
              onClick={() => void phrases.use(phrase, m, fromOffer)}
            >
              <DeliveryIcon how={m} />
            </button>
          );
        })}
      </span>
    </li>
  );
}

function LastUsed({ phrases, catalogue }: { phrases: CounterPhrases; catalogue: readonly Phrase[] }) {
  const { t } = useTranslation();
  const local = useLocalized();
  const last = phrases.last;
  if (!last) return <span className="phrases__last" />;
  if (last.error) {
    return (
      <span className="phrases__last phrases__last--error" role="alert" data-testid="phrase-last">
        {t('phrases.failed', { message: last.error })}
      </span>
    );
  }
  const phrase = catalogue.find((p) => p.id === last.phraseId) ?? phrases.offered.find((p) => p.id === last.phraseId);
  return (
    <span className="phrases__last" data-testid="phrase-last" data-phrase={last.phraseId} data-how={last.how}>
      <DeliveryIcon how={last.how} size={16} /> {t(`phrases.used.${last.how}`)}
      {phrase && <span className="phrases__last-text"> · {local(phrase.text)}</span>}
    </span>
  );
}
