import type { BranchConfig } from '../../../shared/config/schema.js';
import { BANK_SCALE, GOV_SCALE } from '../../../shared/ratings/scales.js';
import type { RatingScale } from '../../../shared/ratings/schema.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { branchPhraseRates } from '../phrases/phraseRates.js';
import { businessDayOf, localMinutesOf } from '../../../shared/queue/rules/businessDay.js';
import type { PausedSpan } from '../../../shared/figures/windowsOpen.js';

/**
 * What a teller's row needs beyond the queue's sums, from the stores that already hold it:
 * pauses (server/hub/pause), ratings (server/hub/ratings) and greeting/farewell phrases
 * (server/hub/phrases, the same computation as the lead board's rates). Grouped per teller over
 * a span of days, each with one grouped query.
 */
export interface TellerExtras {
  pauses: number;
  pauseSeconds: number;
  rated: number;
  satisfied: number;
  phraseServices: number;
  greeted: number;
  farewelled: number;
}

export function noExtras(): TellerExtras {
  return { pauses: 0, pauseSeconds: 0, rated: 0, satisfied: 0, phraseServices: 0, greeted: 0, farewelled: 0 };
}

const SCALES: ReadonlyMap<string, RatingScale> = new Map([BANK_SCALE, GOV_SCALE].map((s) => [s.id, s]));

/**
 * "Satisfied" as the ratings' dayScore says: an answer above the middle of its scale. The scale
 * in force is stored with each service (scale_id); an unknown one counts as rated, not satisfied.
 */
function satisfiedAbove(scaleId: string): number {
  const scale = SCALES.get(scaleId);
  if (!scale) return Number.POSITIVE_INFINITY;
  const values = scale.levels.map((l) => l.value);
  return (Math.min(...values) + Math.max(...values)) / 2;
}

/** Pauses and ratings per teller over from..to; a pause still up counts until `now`. */
export async function pauseAndRatingExtras(db: Pick<SqlDb, 'query'>, from: string, to: string, now: Date, byDay = false): Promise<Map<string, TellerExtras>> {
  const out = new Map<string, TellerExtras>();
  const at = (staff: string, day: string) => {
    const k = byDay ? `${day}|${staff}` : staff;
    let e = out.get(k);
    if (!e) out.set(k, (e = noExtras()));
    return e;
  };
  const pauses = await db.query<{ day: string; staff: string | null; n: string; secs: string | null }>(
    `select business_day as day, doc->>'staffId' as staff, count(*) as n,
            sum(extract(epoch from (coalesce(ended_at, $3::timestamptz) - started_at))) as secs
       from pauses where business_day between $1 and $2 group by 1, 2`,
    [from, to, now.toISOString()],
  );
  for (const r of pauses.rows) {
    // A pause put up before sign-in existed names no teller: it is the window's, in no teller's row.
    if (!r.staff) continue;
    const e = at(r.staff, r.day);
    e.pauses += Number(r.n);
    e.pauseSeconds += Math.max(0, Math.round(Number(r.secs ?? 0)));
  }
  const ratings = await db.query<{ day: string; staff: string; scale_id: string; value: number; n: string }>(
    `select business_day as day, teller_id as staff, scale_id, value, count(*) as n
       from rating_services where business_day between $1 and $2 and status = 'rated' group by 1, 2, 3, 4`,
    [from, to],
  );
  for (const r of ratings.rows) {
    const e = at(r.staff, r.day);
    e.rated += Number(r.n);
    if (r.value > satisfiedAbove(r.scale_id)) e.satisfied += Number(r.n);
  }
  return out;
}

/** Greeting and farewell counts per teller on one day (the phrases' own computation). */
export async function phraseExtras(db: Pick<SqlDb, 'query'>, config: BranchConfig, day: string): Promise<Map<string, Pick<TellerExtras, 'phraseServices' | 'greeted' | 'farewelled'>>> {
  const rates = await branchPhraseRates(db, config, day);
  return new Map(rates.map((r) => [r.teller, { phraseServices: r.services, greeted: r.greeted, farewelled: r.farewelled }]));
}

const DAY_MINUTES = 24 * 60;

/**
 * The pause signs of every window on `day`, in local minutes (shared/figures/windowsOpen.ts):
 * a sign still up runs to `now` on the day itself, a sign that came down on a later day (or is
 * still up on a past one) to the day's end.
 */
export async function pausedSpans(db: Pick<SqlDb, 'query'>, day: string, timezone: string, now: Date): Promise<PausedSpan[]> {
  const { rows } = await db.query<{ counter: number; started_at: Date | string; ended_at: Date | string | null }>(
    'select counter, started_at, ended_at from pauses where business_day = $1',
    [day],
  );
  const minuteOn = (at: Date): number => (businessDayOf(at, timezone) === day ? localMinutesOf(at, timezone) : DAY_MINUTES);
  return rows.map((r) => {
    const start = new Date(r.started_at);
    const end = r.ended_at === null ? now : new Date(r.ended_at);
    return { counter: Number(r.counter), fromMinute: localMinutesOf(start, timezone), toMinute: end < start ? DAY_MINUTES : minuteOn(end) };
  });
}

