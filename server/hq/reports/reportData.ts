import { QueueError } from '../../../shared/api/errors.js';
import { deriveFigures, NO_COMPLAINTS } from '../../../shared/hq/derive.js';
import type { ComplaintFigures, HqFigures } from '../../../shared/hq/derive.js';
import type { RankingRow } from '../../../shared/hq/api.js';
import { HQ_TIME_ZONE } from '../../../shared/hq/api.js';
import type { StarShare } from '../../../shared/evaluation/stars.js';
import type { Localized } from '../../../shared/i18n/localized.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { loadBranchDirectory } from '../figures/branchDirectory.js';
import { hqFigures, periodOf } from '../figures/figureQueries.js';
import { SUM_SELECT, sumsOfRow } from '../figures/columns.js';
import { hqRankings } from '../rankings/rankings.js';

type Db = Pick<SqlDb, 'query'>;


/** Everything one monthly report shows; the PDF and the XLSX are two renderings of it. */
export interface ReportData {
  month: string;
  scope: 'network' | 'branch';
  id: string;
  name: Localized;
  region: Localized | null;
  timeZone: string;
  generatedAt: Date;
  totals: HqFigures;
  complaints: ComplaintFigures;
  /** The branch's score and rank among all branches (branch report), or null. */
  ranking: { row: RankingRow; of: number } | null;
  passMark: number;
  /** Branch report: its tellers; network report: none. */
  tellers: RankingRow[];
  tellerFigures: Map<string, HqFigures>;
  /** Network report: every branch, ranked. */
  branches: RankingRow[];
  days: Array<{ day: string; figures: HqFigures }>;
  starShares: StarShare[] | null;
}

async function daysOf(db: Db, month: string, branch: string | null): Promise<ReportData['days']> {
  const p = periodOf({ month });
  const { rows } = await db.query<Record<string, unknown>>(
    `select to_char(day, 'YYYY-MM-DD') as d, ${SUM_SELECT} from hq_fig_day
     where day >= $1::date and day < $2::date and ($3::text is null or branch_id = $3::text) group by 1 order by 1`,
    [p.from, p.to, branch],
  );
  return rows.map((r) => ({ day: String(r.d), figures: deriveFigures(sumsOfRow(r)) }));
}

/** The numbers of a branch's (or the network's) monthly report, from the aggregates only. */
export async function reportData(db: Db, month: string, scope: string, now: Date): Promise<ReportData> {
  const directory = await loadBranchDirectory(db);
  const branchRanks = await hqRankings(db, { month, of: 'branches' }, now);
  if (scope === 'network') {
    const f = await hqFigures(db, { month }, now);
    const tellers = await hqRankings(db, { month, of: 'tellers' }, now);
    return {
      month,
      scope: 'network',
      id: 'network',
      name: f.totals.name,
      region: null,
      timeZone: HQ_TIME_ZONE,
      generatedAt: now,
      totals: f.totals.figures,
      complaints: f.totals.complaints,
      ranking: null,
      passMark: branchRanks.passMark,
      tellers: [],
      tellerFigures: new Map(),
      branches: branchRanks.rows,
      days: await daysOf(db, month, null),
      starShares: tellers.starShares,
    };
  }
  const b = directory.get(scope);
  if (!b) throw new QueueError('not_found', `head office holds no configuration for branch ${scope}`);
  const f = await hqFigures(db, { month, branch: scope }, now);
  const tellers = await hqRankings(db, { month, of: 'tellers', branch: scope }, now);
  const row = branchRanks.rows.find((r) => r.id === scope);
  return {
    month,
    scope: 'branch',
    id: scope,
    name: b.name,
    region: b.region?.name ?? null,
    timeZone: b.timeZone,
    generatedAt: now,
    totals: f.totals.figures,
    complaints: f.totals.complaints ?? NO_COMPLAINTS,
    ranking: row ? { row, of: branchRanks.rows.length } : null,
    passMark: branchRanks.passMark,
    tellers: tellers.rows,
    tellerFigures: new Map(f.rows.filter((r) => r.level === 'teller').map((r) => [`${scope}/${r.id}`, r.figures])),
    branches: [],
    days: await daysOf(db, month, scope),
    starShares: tellers.starShares,
  };
}
