import { addDays, format } from 'date-fns';
import type { BranchConfig } from '../../../shared/config/schema.js';
import type { Queryable } from '../queue/queueStore.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { phraseExtras } from './tellerExtras.js';
import type { TellerExtras } from './tellerExtras.js';

/**
 * Greeting and farewell counts of settled days, kept in figure_phrase_days. The phrases' own
 * computation (server/hub/phrases/phraseRates.ts) costs about half a second on a 3,000-ticket
 * day (npm run bench, figures:year), so a month asked cold used to wait for thirty of them.
 * A day two or more days past is settled (counters that were offline have pushed their phrases
 * by then): its counts are computed once, by the keeper in the background (figuresKeeper.ts)
 * or, for a day it has not reached yet, by the first view that asks.
 */

export type PhraseCounts = Pick<TellerExtras, 'phraseServices' | 'greeted' | 'farewelled'>;

/** The first day that is not settled yet when `today` is the branch's business day (yesterday). */
export function settledBefore(today: string): string {
  return format(addDays(new Date(`${today}T12:00:00Z`), -1), 'yyyy-MM-dd');
}

/** Of `days`, those whose counts are kept. */
export async function keptDays(db: Queryable, days: readonly string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ day: string }>('select day from figure_phrase_days_done where day = any($1::text[])', [days]);
  return new Set(rows.map((r) => r.day));
}

/** Days with queue figures before `before` whose counts are not kept yet, oldest first. */
export async function unsettledDays(db: Queryable, before: string): Promise<string[]> {
  // One index probe per distinct day (figure_sums' key starts with the day), not a read of every
  // row: the sums of a year are a million rows.
  const { rows } = await db.query<{ day: string }>(
    `with recursive d(day) as (
       (select day from figure_sums where day < $1 order by day limit 1)
       union all
       select (select s.day from figure_sums s where s.day > d.day and s.day < $1 order by s.day limit 1) from d where d.day is not null)
     select day from d where day is not null and day not in (select day from figure_phrase_days_done) order by day`,
    [before],
  );
  return rows.map((r) => r.day);
}

/** Days being settled now: a view and the background asking for the same day compute it once. */
const settling = new WeakMap<object, Map<string, Promise<void>>>();

/** Computes a settled day's counts and keeps them (in one transaction with the day's "done" mark). */
export function settlePhraseDay(db: SqlDb, config: BranchConfig, day: string): Promise<void> {
  let running = settling.get(db);
  if (!running) settling.set(db, (running = new Map()));
  const already = running.get(day);
  if (already) return already;
  const run = (async () => {
    const counts = await phraseExtras(db, config, day);
    await db.transaction(async (tx) => {
      await tx.query(
        `insert into figure_phrase_days (day, staff_id, services, greeted, farewelled)
         select $1, staff_id, services, greeted, farewelled
           from jsonb_to_recordset($2::jsonb) as x(staff_id text, services integer, greeted integer, farewelled integer)
         on conflict (day, staff_id) do update set services = excluded.services, greeted = excluded.greeted, farewelled = excluded.farewelled`,
        [day, JSON.stringify([...counts].map(([staff_id, c]) => ({ staff_id, services: c.phraseServices, greeted: c.greeted, farewelled: c.farewelled })))],
      );
      await tx.query('insert into figure_phrase_days_done (day) values ($1) on conflict do nothing', [day]);
    });
  })().finally(() => running.delete(day));
  running.set(day, run);
  return run;
}

/** The kept counts of settled days, per day and teller. */
export async function keptPhraseCounts(db: Queryable, days: readonly string[]): Promise<Array<{ day: string; staffId: string; counts: PhraseCounts }>> {
  const { rows } = await db.query<{ day: string; staff_id: string; services: number; greeted: number; farewelled: number }>(
    'select day, staff_id, services, greeted, farewelled from figure_phrase_days where day = any($1::text[])',
    [days],
  );
  return rows.map((r) => ({ day: r.day, staffId: r.staff_id, counts: { phraseServices: r.services, greeted: r.greeted, farewelled: r.farewelled } }));
}
