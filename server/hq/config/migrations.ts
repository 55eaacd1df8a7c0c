import type { Migration } from '../../db/sqlDb.js';

/**
 * Head office's history of branch configurations (docs/hq-config.md). config_docs keeps the
 * latest version of each document, which is what the branches pull; this keeps who saved each
 * version, when, and what changed. The document's body of an older version is kept too, so a
 * version can be looked at (or saved again) after it was replaced.
 * The branches' reports (config.applied records) need no table: they are sync records, read by
 * the existing (branch_id, kind, server_seq) index.
 */
export const hqConfigMigrations: readonly Migration[] = [
  {
    id: 'hq_config_001_versions',
    sql: `
      create table hq_config_versions (
        branch_id text not null,
        version integer not null,
        body jsonb not null,
        -- null: a version head office did not save through the editor (seeded at start, or put by
        -- the raw document API), kept when the editor first replaces it.
        editor text,
        saved_at timestamptz not null,
        summary jsonb,
        primary key (branch_id, version)
      );
    `,
  },
];
