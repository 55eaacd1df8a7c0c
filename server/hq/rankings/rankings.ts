import type { EvaluationPolicy } from '../../../shared/evaluation/policy.js';
import { scoreOf } from '../../../shared/evaluation/score.js';
import { starShares, starsOf } from '../../../shared/evaluation/stars.js';
import type { StarShortfall } from '../../../shared/evaluation/stars.js';
import type { RankingRow, RankingsAnswer, RankingsQuery } from '../../../shared/hq/api.js';
import { deriveFigures, NO_COMPLAINTS } from '../../../shared/hq/derive.js';
import { rank } from '../../../shared/hq/ranking.js';
import type { Rankable } from '../../../shared/hq/ranking.js';
import type { Localized } from '../../../shared/i18n/localized.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { policyForMonth } from '../evaluation/policyStore.js';
import { loadBranchDirectory, UNKNOWN_REGION, unknownBranch } from '../figures/branchDirectory.js';
import { complaintsBy, periodOf, sumsBy } from '../figures/figureQueries.js';

type Db = Pick<SqlDb, 'query'>;

/** The score sheets and star criteria a ranking is made by (shared/evaluation/policy.ts). */
export type RankingPolicy = EvaluationPolicy;

/** Inspection and review scores of a month: `${branch}|${staff}|${kind}` -> score ('' staff: the branch's). */
export async function evaluationScores(db: Db, month: string): Promise<Map<string, number>> {
  const { rows } = await db.query<{ branch_id: string; staff_id: string; kind: string; score: string | number }>(
    'select branch_id, staff_id, kind, score from hq_eval_scores where month = $1',
    [month],
  );
  return new Map(rows.map((r) => [`${r.branch_id}|${r.staff_id}|${r.kind}`, Number(r.score)]));
}

interface Item extends Rankable {
  name: Localized;
  parent: { id: string; name: Localized } | null;
  stars: number | null;
  shortfalls: StarShortfall[];
}

/**
 * GET /api/v1/hq/rankings: branches or tellers of a month, ranked, with the reasons. Scored and
 * starred by the evaluation policy in force that month (the last version saved before it ended,
 * server/hq/evaluation/policyStore.ts) unless one is given.
 */
export async function hqRankings(db: Db, q: RankingsQuery, now: Date, given?: RankingPolicy): Promise<RankingsAnswer> {
  const policy = given ?? (await policyForMonth(db, q.month));
  const p = periodOf({ month: q.month });
  const directory = await loadBranchDirectory(db);
  const entry = (id: string) => directory.get(id) ?? unknownBranch(id);
  const scores = await evaluationScores(db, q.month);
  const inScope = (branchId: string): boolean =>
    (q.branch === undefined || branchId === q.branch) && (q.region === undefined || (entry(branchId).region ?? UNKNOWN_REGION).id === q.region);

  const items: Item[] = [];
  if (q.of === 'branches') {
    const sums = await sumsBy(db, p, q.branch ? { branch: q.branch } : {}, ['branch_id']);
    const complaints = await complaintsBy(db, p, directory, now, q.branch ? { branch: q.branch } : {}, false);
    for (const r of sums) {
      const id = r.key.branch_id;
      if (!inScope(id)) continue;
      const f = deriveFigures(r.sums);
      const c = complaints.get(id) ?? NO_COMPLAINTS;
      const b = entry(id);
      const score = scoreOf(
        { ...f, upheldComplaints: c.upheld, overdueComplaints: c.overdue, inspectionScore: scores.get(`${id}||inspection`) ?? null, reviewScore: scores.get(`${id}||review`) ?? null },
        policy.branchSheet,
      );
      items.push({ id, name: b.name, parent: b.region ?? UNKNOWN_REGION, score, satisfaction: f.satisfaction, served: f.served, stars: null, shortfalls: [] });
    }
  } else {
    const sums = await sumsBy(db, p, q.branch ? { branch: q.branch } : {}, ['branch_id', 'staff_id']);
    const complaints = await complaintsBy(db, p, directory, now, q.branch ? { branch: q.branch } : {}, true);
    for (const r of sums) {
      const { branch_id: branchId, staff_id: staffId } = r.key;
      if (staffId === '' || !inScope(branchId)) continue;
      const f = deriveFigures(r.sums);
      const c = complaints.get(`${branchId}|${staffId}`) ?? NO_COMPLAINTS;
      const inspectionScore = scores.get(`${branchId}|${staffId}|inspection`) ?? null;
      const reviewScore = scores.get(`${branchId}|${staffId}|review`) ?? null;
      const score = scoreOf({ ...f, upheldComplaints: c.upheld, overdueComplaints: c.overdue, inspectionScore, reviewScore }, policy.tellerSheet);
      const star = starsOf({ rated: f.rated, satisfied: f.satisfied, upheldComplaints: c.upheld, inspectionScore, reviewScore }, policy.stars);
      const b = entry(branchId);
      items.push({
        id: `${branchId}/${staffId}`,
        name: b.staffName(staffId),
        parent: { id: branchId, name: b.name },
        score,
        satisfaction: f.satisfaction,
        served: f.served,
        stars: star.stars,
        shortfalls: star.shortfalls,
      });
    }
  }
  const rows: RankingRow[] = rank(items).map((r) => ({
    rank: r.rank,
    id: r.item.id,
    name: r.item.name,
    parent: r.item.parent,
    score: r.item.score,
    satisfaction: r.item.satisfaction,
    served: r.item.served,
    reasons: r.reasons,
    stars: r.item.stars,
    starShortfalls: r.item.shortfalls,
  }));
  return {
    month: q.month,
    of: q.of,
    passMark: (q.of === 'branches' ? policy.branchSheet : policy.tellerSheet).passMark,
    rows,
    starShares: q.of === 'tellers' ? starShares(items.map((i) => i.stars ?? 0), policy.stars) : null,
  };
}
