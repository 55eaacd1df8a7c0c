import type { SqlDb } from '../../server/db/sqlDb.js';

/**
 * One teller's March 2026 as head office's figures keep it (王丽, s-1001, demo-001): 120 ratings,
 * 114 satisfied (95 %), no complaint, inspected 96 and reviewed 97. Two stars by the default
 * criteria (three need 98 % satisfied).
 */
export async function seedTellerMarch(db: Pick<SqlDb, 'query'>): Promise<void> {
  await db.query(
    `insert into hq_fig_day (branch_id, day, counter, staff_id, service, arrivals, called, served, rated, satisfied, wait_count, wait_within_target, handling_count, handling_within_target)
     values ('demo-001', '2026-03-10', 1, 's-1001', 'A', 130, 130, 125, 120, 114, 130, 128, 125, 125)`,
  );
  await db.query(`insert into hq_eval_scores values ('2026-03', 'demo-001', 's-1001', 'inspection', 96, now()), ('2026-03', 'demo-001', 's-1001', 'review', 97, now())`);
}
