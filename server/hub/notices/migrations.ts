import type { Migration } from '../../db/sqlDb.js';

/**
 * The branch's own hall notices (the lead's), one row per notice at its latest version, and
 * every change with who made it and when. Head office's notices are not copied here: they stay
 * in the configuration document the hub pulled (config_docs, kind config.notices).
 */
export const noticeMigrations: readonly Migration[] = [
  {
    id: 'notices_001',
    sql: `
      create table notices (
        id text primary key,
        version integer not null,
        doc jsonb not null,
        updated_at timestamptz not null
      );
      create table notice_changes (
        notice_id text not null references notices (id),
        version integer not null,
        action text not null check (action in ('published', 'edited', 'withdrawn')),
        by_staff text not null,
        at timestamptz not null,
        doc jsonb not null,
        primary key (notice_id, version)
      );
    `,
  },
];
