import type { Migration } from '../../db/sqlDb.js';

/** The hub's ratings: one row per finished service, from the finish to its answer (or none). */
export const ratingMigrations: readonly Migration[] = [
  {
    id: 'ratings_001',
    sql: `
      create table rating_services (
        -- The hub's service.finished event: one service, even when one ticket is served at
        -- several windows (transfers).
        service_id text primary key,
        ticket_id text not null,
        ticket_number text not null,
        service_code text not null,
        counter integer not null,
        -- The window's staffId when the service finished: the teller the answer is about.
        teller_id text not null,
        business_day text not null,
        finished_at timestamptz not null,
        -- The scale and the time to answer in force at the finish: what the customer was offered.
        scale_id text not null,
        timeout_seconds integer not null,
        status text not null default 'awaiting' check (status in ('awaiting', 'rated', 'not_rated')),
        value integer,
        source text check (source in ('customer_display', 'rating_keypad')),
        rated_at timestamptz,
        follow_up_id text unique,
        check ((status = 'rated') = (value is not null and source is not null and rated_at is not null))
      );
      create index rating_services_counter_day on rating_services (counter, business_day);
      create index rating_services_ticket on rating_services (ticket_id);
      create index rating_services_awaiting on rating_services (finished_at) where status = 'awaiting';
    `,
  },
];
