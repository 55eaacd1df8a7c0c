// The teller's own greeting and farewell rates today, from this counter's local records: works
// with the hub down, and needs nothing synced.
import { PhraseUsedPayload } from '../../shared/phrases/usage.js';
import { PHRASE_USED } from '../../shared/phrases/usage.js';
import { phraseRates, servicesOf } from '../../shared/phrases/rates.js';
import type { PhraseUse, ServiceFact, TellerDayRates } from '../../shared/phrases/rates.js';
import type { CounterDb, LocalEvent } from '../device/db.js';

/**
 * Calls and finishes as this counter saw them: the hub's answers to its commands. An answer with
 * a ticket in status "called" is a call (call next, call chosen, call held, recall); one in
 * status "done" is the end of a service (only finish leaves a ticket done).
 */
export function localServiceFacts(events: readonly LocalEvent[], counter: number): ServiceFact[] {
  const facts: ServiceFact[] = [];
  for (const e of events) {
    if (e.type !== 'teller.command_result') continue;
    const p = e.payload as { ok?: unknown; ticketId?: unknown; status?: unknown };
    if (p.ok !== true || typeof p.ticketId !== 'string') continue;
    if (p.status === 'called') facts.push({ type: 'ticket.called', at: e.at, counter, ticketId: p.ticketId });
    if (p.status === 'done') facts.push({ type: 'service.finished', at: e.at, counter, ticketId: p.ticketId });
  }
  return facts;
}

export function localPhraseUses(events: readonly LocalEvent[]): PhraseUse[] {
  return events.flatMap((e) => {
    if (e.type !== PHRASE_USED) return [];
    const p = PhraseUsedPayload.safeParse(e.payload);
    return p.success ? [{ teller: p.data.teller, situation: p.data.situation, ticketId: p.data.ticketId, at: e.at }] : [];
  });
}

/** This teller's rates for `day` from the counter's records (null: no service yet that day). */
export function localRates(events: readonly LocalEvent[], counter: number, teller: string, day: string, timezone: string): TellerDayRates | null {
  const services = servicesOf(localServiceFacts(events, counter), () => teller);
  return phraseRates(services, localPhraseUses(events), timezone).find((r) => r.teller === teller && r.day === day) ?? null;
}

/** The records the rates need: results and phrases of the last two days (enough for any local day). */
export async function recentRateEvents(db: CounterDb, now = new Date()): Promise<LocalEvent[]> {
  const since = new Date(now.getTime() - 48 * 3600_000).toISOString();
  const rows = await db.events.where('at').aboveOrEqual(since).toArray();
  return rows.filter((e) => e.type === 'teller.command_result' || e.type === PHRASE_USED);
}
