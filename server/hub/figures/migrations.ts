import type { Migration } from '../../db/sqlDb.js';

/**
 * The figures' aggregates (docs/figures.md): what the lead's day, month and live views read
 * instead of the raw events. Derived data: dropping these tables loses nothing, the keeper
 * rebuilds them from queue_events at the next start (figuresKeeper.ts).
 */
/** Also run by the keeper at every start, so tables dropped by hand come back (and are refilled). */
export const FIGURES_DDL = `
      -- The sums of shared/figures/definitions.ts per business day x 15-minute slot x service x
      -- window x teller. counter 0 / staff_id '' : not a window's (arrivals), so the key stays a
      -- plain primary key. wb0..wb7: the wait distribution (WAIT_BUCKET_MINUTES, last open-ended).
      create table if not exists figure_sums (
        day text not null,
        slot text not null,
        service text not null,
        counter integer not null,
        staff_id text not null,
        arrivals integer not null default 0,
        called integer not null default 0,
        served integer not null default 0,
        no_shows integer not null default 0,
        transfers integer not null default 0,
        recalls integer not null default 0,
        wait_seconds_sum bigint not null default 0,
        wait_count integer not null default 0,
        wait_within_target integer not null default 0,
        handling_seconds_sum bigint not null default 0,
        handling_count integer not null default 0,
        handling_within_target integer not null default 0,
        wb0 integer not null default 0, wb1 integer not null default 0, wb2 integer not null default 0,
        wb3 integer not null default 0, wb4 integer not null default 0, wb5 integer not null default 0,
        wb6 integer not null default 0, wb7 integer not null default 0,
        primary key (day, slot, service, counter, staff_id)
      );
      -- Windows with a customer called or served at some time in a slot: "windows open" per slot.
      create table if not exists figure_window_slots (
        day text not null,
        slot text not null,
        counter integer not null,
        primary key (day, slot, counter)
      );
      -- The last queue event folded into the sums, advanced in the same transaction as them:
      -- every event counts exactly once, whatever crashes in between.
      create table if not exists figure_cursor (one boolean primary key default true check (one), seq bigint not null);
      -- Greeting and farewell counts of days old enough to be settled (figuresReports.ts): the
      -- month view adds these up instead of recomputing thirty days of phrase rates.
      create table if not exists figure_phrase_days (
        day text not null,
        staff_id text not null,
        services integer not null,
        greeted integer not null,
        farewelled integer not null,
        primary key (day, staff_id)
      );
      create table if not exists figure_phrase_days_done (day text primary key);
      -- The phrase rates (server/hub/phrases/phraseRates.ts) find a day's queue events by ticket:
      -- without this index that join read every event the hub ever stored.
      create index if not exists queue_events_ticket on queue_events (ticket_id);
`;

export const figuresMigrations: readonly Migration[] = [{ id: '001_figures', sql: FIGURES_DDL }];
