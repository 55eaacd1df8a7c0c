import type { Migration } from '../db/sqlDb.js';
import { syncMigrations } from '../sync/migrations.js';

/**
 * HQ's database: the sync store (same SQL on PGlite and PostgreSQL) plus what only the read API
 * needs. The hub does not carry this index: it would only slow its inserts.
 */
export const hqMigrations: readonly Migration[] = [
  ...syncMigrations,
  {
    id: 'hq_001',
    sql: `
      -- The summary counts records per day by corrected time over the last weeks only.
      create index sync_records_corrected on sync_records (corrected_at);
    `,
  },
];
