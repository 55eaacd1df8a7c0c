// Greeting and farewell rates per teller and day: of the customers a teller served to the end,
// how many were greeted and how many were seen off with a standard phrase. Pure.
import { businessDayOf } from '../queue/rules/businessDay.js';
import type { Situation } from './schema.js';

/** Phrases that count as a greeting: the catalogue's greetings and the holiday greeting of the day. */
export const GREETING_SITUATIONS: readonly Situation[] = ['greeting', 'holiday_greeting'];
/** Phrases that count as a farewell (seed 003 (4) (21), seed 004 一路平安/再见). */
export const FAREWELL_SITUATIONS: readonly Situation[] = ['farewell'];

/** One service: a ticket a teller called and then finished. ISO times. */
export interface ServiceSpan {
  ticketId: string;
  teller: string;
  calledAt: string;
  finishedAt: string;
}

/** One phrase.used event, as much of it as the rates need. */
export interface PhraseUse {
  teller: string | null;
  situation: string;
  /** ISO time. */
  at: string;
  ticketId: string | null;
}

/** A queue fact as the hub stores it, or as a counter reads it from its own command log. */
export interface ServiceFact {
  type: 'ticket.called' | 'service.finished';
  at: string;
  counter: number;
  ticketId: string;
  /** The teller who finished it, as the hub recorded it from their session (queue event detail). */
  staffId?: string | null;
}

export interface TellerDayRates {
  teller: string;
  /** The branch's local day of the calls ("YYYY-MM-DD"). */
  day: string;
  /** Tickets this teller called and finished that day. */
  services: number;
  greeted: number;
  farewelled: number;
  /** greeted / services, 0..1; null when there was no service. */
  greetingRate: number | null;
  farewellRate: number | null;
}

/**
 * The services in a list of queue facts: a ticket called at a window and then finished at the
 * same window, attributed to the teller who finished it (`staffId`), else to `tellerOf` the window. A ticket called again (recall, or back from
 * hold) keeps its first call; one that was called but never finished there (no-show, transfer
 * away, still in service) is not a service of that window.
 */
export function servicesOf(facts: readonly ServiceFact[], tellerOf: (counter: number) => string | null): ServiceSpan[] {
  const sorted = [...facts].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const called = new Map<string, string>();
  const out: ServiceSpan[] = [];
  for (const fact of sorted) {
    const key = `${fact.counter}|${fact.ticketId}`;
    if (fact.type === 'ticket.called') {
      if (!called.has(key)) called.set(key, fact.at);
      continue;
    }
    const calledAt = called.get(key);
    const teller = fact.staffId ?? tellerOf(fact.counter);
    if (calledAt === undefined || teller === null) continue;
    called.delete(key);
    out.push({ ticketId: fact.ticketId, teller, calledAt, finishedAt: fact.at });
  }
  return out;
}

/**
 * Per teller and day (the branch's local day of the call): services, and how many of them had a
 * greeting and a farewell phrase.
 *
 * A phrase counts for a service when the same teller used it for that ticket (a use that names
 * another ticket never counts; one without a ticket counts by time alone) and:
 * - a greeting: between the call and the finish;
 * - a farewell: from the call until the teller's next call, as the farewell is offered (and
 *   said) just after the teller finishes the service, while the customer leaves.
 * Rows come sorted by day, then teller.
 */
export function phraseRates(services: readonly ServiceSpan[], uses: readonly PhraseUse[], timezone: string): TellerDayRates[] {
  const byTeller = groupBy(services, (s) => s.teller);
  const usesOf = groupBy(uses, (u) => u.teller);

  const rows = new Map<string, TellerDayRates>();
  for (const [teller, list] of byTeller) {
    // Times parsed once, and the lookups below by binary search or by ticket: a teller's day of
    // 300 services and their phrases is linear, not the square of it (the lead's day view).
    const ordered = list.map((s) => ({ s, from: Date.parse(s.calledAt), finished: Date.parse(s.finishedAt) })).sort((a, b) => a.from - b.from);
    const calls = ordered.map((o) => o.from);
    const counted = (u: PhraseUse) => GREETING_SITUATIONS.includes(u.situation as Situation) || FAREWELL_SITUATIONS.includes(u.situation as Situation);
    const mine = (usesOf.get(teller) ?? []).filter(counted).map((u) => ({ u, at: Date.parse(u.at), greeting: GREETING_SITUATIONS.includes(u.situation as Situation) }));
    const byTicket = groupBy(mine, (m) => m.u.ticketId);
    // A use naming no ticket counts by time alone: kept in time order for a range search.
    const untargeted = mine.filter((m) => m.u.ticketId === null).sort((a, b) => a.at - b.at);
    const untargetedTimes = untargeted.map((m) => m.at);
    for (const { s: service, from, finished } of ordered) {
      // The teller's next call after this finish (a ticket put on hold may have been finished
      // after others were called in between).
      const nextAt = calls[firstAbove(calls, finished)];
      const until = nextAt ?? Number.POSITIVE_INFINITY;
      const greetingWindow = (at: number) => at >= from && at <= finished;
      const farewellWindow = (at: number) => at >= from && (at <= finished || at < until);
      let greeted = false;
      let farewelled = false;
      const look = (m: { at: number; greeting: boolean }) => {
        if (m.greeting) greeted ||= greetingWindow(m.at);
        else farewelled ||= farewellWindow(m.at);
      };
      for (const m of byTicket.get(service.ticketId) ?? []) look(m);
      // Untargeted uses can only count from the call up to the later of the finish and the next call.
      const last = Math.max(finished, until);
      for (let i = firstAtOrAbove(untargetedTimes, from); i < untargeted.length && untargeted[i]!.at <= last && !(greeted && farewelled); i++) look(untargeted[i]!);

      const day = businessDayOf(new Date(service.calledAt), timezone);
      const key = `${day}|${teller}`;
      const row = rows.get(key) ?? { teller, day, services: 0, greeted: 0, farewelled: 0, greetingRate: null, farewellRate: null };
      row.services++;
      if (greeted) row.greeted++;
      if (farewelled) row.farewelled++;
      rows.set(key, row);
    }
  }
  return [...rows.values()]
    .map((r) => ({ ...r, greetingRate: r.greeted / r.services, farewellRate: r.farewelled / r.services }))
    .sort((a, b) => (a.day === b.day ? (a.teller < b.teller ? -1 : a.teller > b.teller ? 1 : 0) : a.day < b.day ? -1 : 1));
}

/** The first index whose value is > x in an ascending list (its length when none). */
function firstAbove(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The first index whose value is >= x in an ascending list (its length when none). */
function firstAtOrAbove(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! >= x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) continue;
    const list = out.get(key);
    if (list) list.push(item);
    else out.set(key, [item]);
  }
  return out;
}
