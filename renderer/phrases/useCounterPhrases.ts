import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import type { BranchConfig, Counter } from '../../shared/config/schema.js';
import { branchCatalogue } from '../../shared/phrases/catalogue.js';
import { counterMoment, momentContext } from '../../shared/phrases/moment.js';
import type { CounterMoment } from '../../shared/phrases/moment.js';
import type { TellerDayRates } from '../../shared/phrases/rates.js';
import type { Phrase } from '../../shared/phrases/schema.js';
import { phrasesForMoment } from '../../shared/phrases/select.js';
import { hasFillIn } from '../../shared/phrases/speech.js';
import type { PhraseDelivery } from '../../shared/phrases/usage.js';
import { businessDayOf } from '../../shared/queue/rules/businessDay.js';
import type { Ticket } from '../../shared/queue/ticket.js';
import { hubRequest } from '../api/hub.js';
import type { LocalEvent } from '../device/db.js';
import { useStaffSessionStore } from '../device/staffSession.js';
import { useCounterStore } from '../counter/store.js';
import { useNow } from '../queue/useQueue.js';
import { phraseSpeaker } from '../speech/phraseSpeaker.js';
import { localRates, recentRateEvents } from './localRates.js';
import { recordPhraseUsed } from './phraseEvents.js';
import { retainPhraseFeed, usePhraseFeed } from './phraseStore.js';

const NO_PROMPTS: readonly string[] = [];

export interface PhraseUseResult {
  phraseId: string;
  how: PhraseDelivery;
  at: number;
  /** Why it could not be recorded (nothing was played or shown then). */
  error?: string;
}

export interface CounterPhrases {
  moment: CounterMoment;
  /** The ticket number the phrases are for (at the window, or just finished). */
  ticketNumber: string | null;
  /** The phrases offered now, with their hotkeys. */
  offered: Phrase[];
  prompts: readonly string[];
  /** How `phrase` is delivered when asked for `wanted`: fill-in phrases are said; no voice means shown. */
  deliveryOf(phrase: Phrase, wanted: PhraseDelivery): PhraseDelivery;
  canSpeak(phrase: Phrase): boolean;
  use(phrase: Phrase, how: PhraseDelivery, fromOffer: boolean): Promise<PhraseUseResult>;
  last: PhraseUseResult | null;
  rates: TellerDayRates | null;
}

/** Everything the counter's phrase panel needs: moment, offered phrases, using one, today's rates. */
export function useCounterPhrases(config: BranchConfig, counter: Counter, current: Ticket | null): CounterPhrases {
  // The teller signed in at this counter (the session), never the configuration's counter.staffId.
  const teller = useStaffSessionStore((s) => s.staff?.id ?? null);
  useEffect(() => retainPhraseFeed(), []);
  const now = useNow(30_000);
  const db = useCounterStore((s) => s.db);
  const prompts = usePhraseFeed((s) => s.prompts?.prompts ?? NO_PROMPTS);
  const lastFinished = usePhraseFeed((s) => s.lastFinished[counter.number] ?? null);
  const speaker = phraseSpeaker();
  const [speakerReady, setSpeakerReady] = useState(false);
  const [last, setLast] = useState<PhraseUseResult | null>(null);
  const [events, setEvents] = useState<LocalEvent[]>([]);

  useEffect(() => {
    let live = true;
    void speaker.whenReady().then(() => live && setSpeakerReady(true));
    return () => {
      live = false;
    };
  }, [speaker]);

  useEffect(() => {
    if (!db) return;
    const sub = liveQuery(() => recentRateEvents(db)).subscribe({ next: setEvents, error: () => undefined });
    return () => sub.unsubscribe();
  }, [db]);

  const timezone = config.hours.timezone;
  const catalogue = branchCatalogue(config);
  const moment = counterMoment({ current, lastFinished, services: config.services, specialPrompts: prompts });
  const offered = phrasesForMoment(catalogue, moment.moment, momentContext(moment, { date: now, timezone, specialPrompts: prompts }));
  const ticketNumber = current && (current.status === 'called' || current.status === 'serving') ? current.number : (lastFinished?.number ?? null);

  // speakerReady re-renders once the clip manifest is in, so these see it.
  const canSpeak = (phrase: Phrase) => speakerReady && speaker.routeFor(phrase) !== 'none';
  const deliveryOf = (phrase: Phrase, wanted: PhraseDelivery): PhraseDelivery => {
    if (hasFillIn(phrase.text)) return 'said';
    if (wanted === 'spoken' && !canSpeak(phrase)) return 'shown';
    return wanted;
  };

  const use = async (phrase: Phrase, wanted: PhraseDelivery, fromOffer: boolean): Promise<PhraseUseResult> => {
    const how = deliveryOf(phrase, wanted);
    const result: PhraseUseResult = { phraseId: phrase.id, how, at: Date.now() };
    if (!db) return { ...result, error: 'no local store' };
    try {
      // Local first: the fact is stored (and queued for sync) before anything else happens.
      await recordPhraseUsed(db, {
        phraseId: phrase.id,
        situation: phrase.situation,
        how,
        ticketId: moment.ticketId,
        teller,
        moment: fromOffer ? moment.moment : null,
        catalogue: { id: catalogue.id, version: catalogue.version },
      });
    } catch (err) {
      const failed = { ...result, error: String((err as Error)?.message ?? err) };
      setLast(failed);
      return failed;
    }
    setLast(result);
    if (how === 'spoken' || how === 'shown') {
      // The display is a courtesy: with the hub down the phrase is still spoken and recorded.
      void hubRequest('/api/v1/phrases/show', { method: 'POST', body: { counter: counter.number, phraseId: phrase.id } }).catch(() => undefined);
    }
    if (how === 'spoken') void speaker.speak(phrase);
    return result;
  };

  const rates = teller ? localRates(events, counter.number, teller, businessDayOf(now, timezone), timezone) : null;
  return { moment, ticketNumber, offered, prompts, deliveryOf, canSpeak, use, last, rates };
}
