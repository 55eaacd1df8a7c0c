import { AlertRecord } from '../../../shared/alerts/schema.js';
import { alertKey } from '../../../shared/alerts/lifecycle.js';
import type { SqlTx } from '../../db/sqlDb.js';

type Queryable = Pick<SqlTx, 'query'>;

/** The day's records, oldest raised first. */
export async function alertsOfDay(db: Queryable, day: string): Promise<AlertRecord[]> {
  const { rows } = await db.query<{ doc: unknown }>(`select doc from alerts where business_day = $1 order by doc->>'raisedAt', id`, [day]);
  return rows.map((r) => AlertRecord.parse(r.doc));
}

/** What an evaluation compares with: the day's records and any earlier one still open. */
export async function alertsToReconcile(db: Queryable, day: string): Promise<AlertRecord[]> {
  const { rows } = await db.query<{ doc: unknown }>(`select doc from alerts where business_day = $1 or state <> 'resolved' order by business_day, doc->>'raisedAt', id`, [day]);
  return rows.map((r) => AlertRecord.parse(r.doc));
}

export async function alertById(db: Queryable, id: string): Promise<AlertRecord | null> {
  const { rows } = await db.query<{ doc: unknown }>('select doc from alerts where id = $1', [id]);
  return rows[0] ? AlertRecord.parse(rows[0].doc) : null;
}

/** Stores records (new or changed) in one statement. */
export async function saveAlerts(db: Queryable, records: readonly AlertRecord[]): Promise<void> {
  if (records.length === 0) return;
  const rows = records.map((r) => ({ id: r.id, day: r.businessDay, key: alertKey(r), state: r.state, doc: r }));
  await db.query(
    `insert into alerts (id, business_day, key, state, doc)
     select x.id, x.day, x.key, x.state, x.doc from jsonb_to_recordset($1::jsonb) as x(id text, day text, key text, state text, doc jsonb)
     on conflict (id) do update set state = excluded.state, doc = excluded.doc`,
    [JSON.stringify(rows)],
  );
}
