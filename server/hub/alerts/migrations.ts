import type { Migration } from '../../db/sqlDb.js';

/** The lead's alerts as records (issue 14; shared/alerts/): one row per kind and subject per business day. */
export const alertMigrations: readonly Migration[] = [
  {
    id: '170_alerts_001',
    sql: `
      create table alerts (
        id text primary key,
        business_day text not null,
        -- kind:subject (shared/alerts/lifecycle.ts alertKey): a rule that keeps firing updates its row.
        key text not null,
        state text not null,
        doc jsonb not null,
        unique (business_day, key)
      );
      create index alerts_open on alerts (business_day) where state <> 'resolved';
    `,
  },
];
