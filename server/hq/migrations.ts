import type { Migration } from '../db/sqlDb.js';
import { syncMigrations } from '../sync/migrations.js';
import { ARCHIVED_MONTHS_SQL, PARTITION_RECORDS_SQL } from '../sync/partitions.js';
import { COMPLAINT_OPS_INDEX_SQL, complaintTableSql } from '../hub/complaints/complaintTable.js';
import { hqConfigMigrations } from './config/migrations.js';
import { hqFiguresMigrations } from './figures/migrations.js';
import { hqEvaluationMigrations } from './evaluation/migrations.js';

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
  {
    id: 'hq_002_complaints',
    sql: `
      -- Every branch's complaint log, merged from the doc.op records the hubs push (issue 13):
      -- the same table as the hub's, one row per (branch, complaint), kept by the projection
      -- (server/hub/complaints/projection.ts) as records are ingested.
      ${complaintTableSql('hq_complaints')}
      ${COMPLAINT_OPS_INDEX_SQL}
      create table hq_complaint_projection (one boolean primary key default true check (one), cursor bigint not null);
      insert into hq_complaint_projection values (true, 0);
    `,
  },
  // Who saved which version of a branch's configuration (server/hq/config/).
  ...hqConfigMigrations,
  // Figures, evaluation scores and monthly reports (server/hq/figures/, issue 15).
  ...hqFiguresMigrations,
  // Inspection sheets and the remote review of recordings (server/hq/evaluation/, issue 15); after the figures' hq_eval_scores.
  ...hqEvaluationMigrations,
  // The raw events by month (issue 15, docs/scaling.md): sync_records becomes a table partitioned
  // by record_month, its rows and the indexes made above carried over (server/sync/partitions.ts).
  { id: 'hq_003_records_by_month', sql: PARTITION_RECORDS_SQL },
  // Months whose detached table was dropped: never made again by a late record.
  { id: 'hq_004_archived_months', sql: ARCHIVED_MONTHS_SQL },
];
