import type { Migration } from '../db/sqlDb.js';

export const uploadMigrations: readonly Migration[] = [
  {
    id: 'uploads_001',
    sql: `
      -- One row per record whose file the server holds, hashed and in its final place. A row is
      -- written only after the file is there, so a row always means "the device may delete".
      create table uploads (
        record_id text primary key,
        branch_id text not null,
        device_id text not null,
        size bigint not null,
        sha256 text not null,
        content_type text not null,
        -- Relative to the uploads data folder, so the folder can move.
        stored_path text not null,
        verified_at timestamptz not null default now()
      );
      create index uploads_branch on uploads (branch_id, verified_at);
    `,
  },
];
