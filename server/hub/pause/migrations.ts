import type { Migration } from '../../db/sqlDb.js';

/** The pause desk's tables on the hub (server/hub/pause/). */
export const pauseMigrations: readonly Migration[] = [
  {
    id: '100_pause',
    sql: `
      -- Every pause (暂停服务), its whole state in doc (shared/pause Pause); the columns beside
      -- it are what the desk looks pauses up by. One sign per window at a time.
      create table pauses (
        id text primary key,
        business_day text not null,
        counter integer not null,
        started_at timestamptz not null,
        ended_at timestamptz,
        doc jsonb not null
      );
      create index pauses_day on pauses (business_day, started_at);
      create unique index pauses_one_up on pauses (counter) where ended_at is null;
      -- Whether each window was opened by its teller on business_day (a new day starts closed).
      create table pause_windows (
        counter integer primary key,
        business_day text not null,
        open boolean not null,
        opened_at timestamptz,
        changed_at timestamptz not null
      );
    `,
  },
];
