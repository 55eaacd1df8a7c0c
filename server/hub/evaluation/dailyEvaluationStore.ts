import { DailySheet } from '../../../shared/evaluation/dailyForm.js';
import type { SqlTx } from '../../db/sqlDb.js';

type Queryable = Pick<SqlTx, 'query'>;

/** Every revision of the day's sheets, oldest first. */
export async function revisionsOfDay(db: Queryable, day: string): Promise<DailySheet[]> {
  const { rows } = await db.query<{ sheet: unknown }>('select sheet from daily_evaluation_revisions where business_day = $1 order by revision, staff_id', [day]);
  return rows.map((r) => DailySheet.parse(r.sheet));
}

/** The latest revision of one teller's sheet of the day, or null. */
export async function latestSheet(db: Queryable, day: string, staffId: string): Promise<DailySheet | null> {
  const { rows } = await db.query<{ sheet: unknown }>(
    'select sheet from daily_evaluation_revisions where business_day = $1 and staff_id = $2 order by revision desc limit 1',
    [day, staffId],
  );
  return rows[0] ? DailySheet.parse(rows[0].sheet) : null;
}

/** Stores a new revision; false when that revision already exists (someone saved first). */
export async function insertRevision(db: Queryable, sheet: DailySheet): Promise<boolean> {
  const { rows } = await db.query<{ revision: number }>(
    `insert into daily_evaluation_revisions (business_day, staff_id, revision, sheet) values ($1, $2, $3, $4::jsonb)
     on conflict do nothing returning revision`,
    [sheet.day, sheet.staffId, sheet.revision, JSON.stringify(sheet)],
  );
  return rows.length === 1;
}
