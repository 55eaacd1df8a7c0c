import type { SqlTx } from '../../db/sqlDb.js';

/**
 * Writes a month's inspection or review score where the rankings and star rules read it
 * (hq_eval_scores, server/hq/rankings/rankings.ts): staff '' is the branch's own. Called in the
 * transaction that stored the sheet or the review, so the two never disagree.
 */
export async function putEvaluationScore(
  tx: Pick<SqlTx, 'query'>,
  s: { month: string; branchId: string; staffId: string | null; kind: 'inspection' | 'review'; score: number | null },
  now: Date,
): Promise<void> {
  if (s.score === null) {
    await tx.query('delete from hq_eval_scores where month = $1 and branch_id = $2 and staff_id = $3 and kind = $4', [s.month, s.branchId, s.staffId ?? '', s.kind]);
    return;
  }
  await tx.query(
    `insert into hq_eval_scores (month, branch_id, staff_id, kind, score, at) values ($1, $2, $3, $4, $5, $6)
     on conflict (month, branch_id, staff_id, kind) do update set score = excluded.score, at = excluded.at`,
    [s.month, s.branchId, s.staffId ?? '', s.kind, s.score, now.toISOString()],
  );
}
