import { BranchReportFile, BranchReportsDoc, CONFIG_REPORTS, REPORT_MONTHS_SENT } from '../../../shared/hq/branchReports.js';
import type { BranchMonthReport } from '../../../shared/hq/branchReports.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { putConfigDocIn } from '../../sync/configDocs.js';
import { lockSeq } from '../../sync/recordStore.js';
import type { ConfigDocRef } from '../../sync/configDocs.js';
import type { ReportData } from './reportData.js';

type Db = Pick<SqlDb, 'query' | 'transaction'>;

/** The month as the branch's lead reads it: the branch's score, rank, figures and its tellers' places. */
export function monthEntry(d: ReportData, files: BranchReportFile[]): BranchMonthReport {
  const score = d.ranking?.row.score ?? null;
  return {
    month: d.month,
    timeZone: d.timeZone,
    generatedAt: d.generatedAt.toISOString(),
    score: score?.score ?? null,
    passMark: d.passMark,
    passed: score?.passed ?? null,
    rank: d.ranking?.row.rank ?? null,
    of: d.ranking?.of ?? 0,
    figures: d.totals,
    complaints: d.complaints,
    tellers: d.tellers.slice(0, 500).map((t) => ({
      // Rankings name a teller `${branch}/${staff}`; the branch's own hub knows the staff id alone.
      staffId: t.id.slice(t.id.indexOf('/') + 1),
      name: t.name,
      rank: t.rank,
      score: t.score.score,
      stars: t.stars,
    })),
    files,
  };
}

/** The renderings of a branch's month kept at head office, as the document lists them. */
export async function keptFiles(db: Pick<SqlDb, 'query'>, month: string, branchId: string): Promise<BranchReportFile[]> {
  const { rows } = await db.query<{ format: string; lang: string; bytes: number | string; generated_at: Date | string }>(
    'select format, lang, octet_length(body) as bytes, generated_at from hq_reports where month = $1 and scope = $2 order by format, lang',
    [month, branchId],
  );
  return rows.map((r) => BranchReportFile.parse({ format: r.format, lang: r.lang, bytes: Number(r.bytes), generatedAt: new Date(r.generated_at).toISOString() }));
}

/**
 * Sends a branch's month down the configuration sync: its `config.reports` document gets this
 * month's entry (replacing an older one of the same month), newest first, the last
 * REPORT_MONTHS_SENT months. Read and written in one transaction that locks sync_seq first (as
 * every writer of config_docs does), so two generations at once cannot drop each other's month.
 */
export async function sendToBranch(db: Db, d: ReportData, now: Date): Promise<ConfigDocRef> {
  if (d.scope !== 'branch') throw new Error('sendToBranch: only a branch report goes to a branch');
  const entry = monthEntry(d, await keptFiles(db, d.month, d.id));
  return db.transaction(async (tx) => {
    await lockSeq(tx);
    const { rows } = await tx.query<{ body: unknown }>('select body from config_docs where kind = $1 and key = $2', [CONFIG_REPORTS, d.id]);
    // A document this version cannot read (written by a newer head office) is replaced, not merged into.
    const held = rows[0] ? BranchReportsDoc.safeParse(rows[0].body) : null;
    const others = held?.success ? held.data.reports.filter((r) => r.month !== d.month) : [];
    const reports = [entry, ...others].sort((a, b) => b.month.localeCompare(a.month)).slice(0, REPORT_MONTHS_SENT);
    return putConfigDocIn(tx, CONFIG_REPORTS, d.id, { reports }, { now });
  });
}
