import type { Migration } from '../../db/sqlDb.js';

/**
 * The daily on-site evaluation (shared/evaluation/dailyForm.ts): every revision of every sheet is
 * a row, never overwritten; a teller's sheet of a day is its latest revision. The primary key
 * makes two leads saving from the same revision store one and refuse the other.
 */
export const dailyEvaluationMigrations: readonly Migration[] = [
  {
    id: '171_daily_evaluation_001',
    sql: `
      create table daily_evaluation_revisions (
        business_day text not null,
        staff_id text not null,
        revision integer not null,
        sheet jsonb not null,
        primary key (business_day, staff_id, revision)
      );
    `,
  },
];
