import { addMonths, format, parseISO } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import type { Lang, Localized } from '../../../shared/i18n/localized.js';
import type { ReportEntry, ReportFormat } from '../../../shared/hq/api.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { loadBranchDirectory } from '../figures/branchDirectory.js';
import { HQ_TIME_ZONE } from '../../../shared/hq/api.js';
import { reportData } from './reportData.js';
import type { ReportData } from './reportData.js';
import { sendToBranch } from './branchDelivery.js';
import { REPORT_CONTENT_TYPES } from '../../../shared/hq/branchReports.js';
import { renderPdf } from './reportPdf.js';
import { reportDoc } from './reportTables.js';
import { renderXlsx } from './reportXlsx.js';

type Db = Pick<SqlDb, 'query'>;
/** Generation also writes the branch's `config.reports` document (in a transaction). */
type WritingDb = Pick<SqlDb, 'query' | 'transaction'>;

export const REPORT_TYPES: Record<ReportFormat, string> = REPORT_CONTENT_TYPES;

/** Renders one report from its numbers and keeps it (replacing an older one). */
async function renderAndKeep(db: Db, data: ReportData, fmt: ReportFormat, lang: Lang, now: Date): Promise<Buffer> {
  const doc = reportDoc(data, lang);
  const body = fmt === 'pdf' ? await renderPdf(doc, lang) : await renderXlsx(doc);
  await db.query(
    `insert into hq_reports (month, scope, format, lang, body, generated_at) values ($1, $2, $3, $4, $5, $6)
     on conflict (month, scope, format, lang) do update set body = excluded.body, generated_at = excluded.generated_at`,
    [data.month, data.id, fmt, lang, body, now.toISOString()],
  );
  return body;
}

/**
 * Builds one report from the aggregates, renders it, keeps it and returns it. A branch's report
 * is also sent to the branch (its `config.reports` document, branchDelivery.ts), so a rendering
 * made on demand reaches the branch's hub like the monthly run's.
 */
export async function generateReport(db: WritingDb, month: string, scope: string, fmt: ReportFormat, lang: Lang, now: Date): Promise<Buffer> {
  const data = await reportData(db, month, scope, now);
  const body = await renderAndKeep(db, data, fmt, lang, now);
  if (data.scope === 'branch') await sendToBranch(db, data, now);
  return body;
}

/**
 * Every monthly report of a month: the network's and each branch's, PDF and XLSX in each
 * language; each branch's month is sent to it once its files are kept. Returns how many files.
 */
export async function generateMonthlyReports(db: WritingDb, month: string, now: Date, langs: readonly Lang[] = ['zh-CN']): Promise<number> {
  const scopes = ['network', ...[...(await loadBranchDirectory(db)).keys()].sort()];
  let n = 0;
  for (const scope of scopes) {
    const data = await reportData(db, month, scope, now);
    for (const lang of langs) {
      for (const fmt of ['pdf', 'xlsx'] as const) {
        await renderAndKeep(db, data, fmt, lang, now);
        n++;
      }
    }
    if (data.scope === 'branch') await sendToBranch(db, data, now);
  }
  return n;
}

/** A kept report, or null. */
export async function keptReport(db: Db, month: string, scope: string, fmt: ReportFormat, lang: Lang): Promise<Buffer | null> {
  const { rows } = await db.query<{ body: Uint8Array }>('select body from hq_reports where month = $1 and scope = $2 and format = $3 and lang = $4', [month, scope, fmt, lang]);
  return rows[0] ? Buffer.from(rows[0].body) : null;
}

export async function listReports(db: Db, month?: string): Promise<ReportEntry[]> {
  const directory = await loadBranchDirectory(db);
  const { rows } = await db.query<{ month: string; scope: string; format: ReportFormat; lang: string; bytes: number | string; generated_at: Date | string }>(
    `select month, scope, format, lang, octet_length(body) as bytes, generated_at from hq_reports
     where ($1::text is null or month = $1::text) order by month desc, scope, format, lang`,
    [month ?? null],
  );
  const network: Localized = { 'zh-CN': '全辖网点', 'zh-TW': '全轄網點', en: 'Whole network' };
  return rows.map((r) => ({
    month: r.month,
    scope: r.scope,
    name: r.scope === 'network' ? network : (directory.get(r.scope)?.name ?? { 'zh-CN': r.scope, 'zh-TW': r.scope, en: r.scope }),
    format: r.format,
    lang: r.lang,
    bytes: Number(r.bytes),
    generatedAt: new Date(r.generated_at).toISOString(),
    // The zone the report itself is dated in: the branch's, or head office's for the network.
    timeZone: r.scope === 'network' ? HQ_TIME_ZONE : (directory.get(r.scope)?.timeZone ?? 'UTC'),
  }));
}

/** The month before the one `now` falls in, in head office's zone. */
export function previousMonth(now: Date, timeZone: string = HQ_TIME_ZONE): string {
  const thisMonth = format(new TZDate(now, timeZone), 'yyyy-MM');
  return format(addMonths(parseISO(`${thisMonth}-01`), -1), 'yyyy-MM');
}

/** Reports are remade every day up to this day of the month (late records still count), then left as published. */
export const PUBLISH_BY_DAY = 5;

/**
 * Whether the previous month's reports should be (re)generated now: missing, or made on an
 * earlier local day while we are still at or before the 5th (records arrive days late).
 */
export async function reportsDue(db: Db, now: Date, timeZone: string = HQ_TIME_ZONE): Promise<string | null> {
  const month = previousMonth(now, timeZone);
  const { rows } = await db.query<{ generated_at: Date | string }>("select generated_at from hq_reports where month = $1 and scope = 'network' and format = 'pdf' and lang = 'zh-CN'", [month]);
  if (!rows[0]) return month;
  const local = (d: Date): string => format(new TZDate(d, timeZone), 'yyyy-MM-dd');
  const today = new TZDate(now, timeZone);
  if (today.getDate() <= PUBLISH_BY_DAY && local(new Date(rows[0].generated_at)) < local(now)) return month;
  return null;
}

export interface ReportScheduler {
  /** One check now (what the timer does); returns the month generated, or null. */
  tick(): Promise<string | null>;
  stop(): Promise<void>;
}

/** Checks every `everyMs` (default hourly) whether the previous month's reports are due, and makes them. */
export function startReportScheduler(o: { db: WritingDb; now: () => Date; everyMs?: number; warn?: (m: string) => void; beforeRun?: () => Promise<unknown> }): ReportScheduler {
  let running: Promise<string | null> | null = null;
  const tick = (): Promise<string | null> => {
    running ??= (async () => {
      const month = await reportsDue(o.db, o.now());
      if (month === null) return null;
      await o.beforeRun?.();
      await generateMonthlyReports(o.db, month, o.now());
      return month;
    })().finally(() => (running = null));
    return running;
  };
  const timer = setInterval(() => void tick().catch((err: unknown) => o.warn?.(`monthly reports failed: ${(err as Error).message}`)), o.everyMs ?? 3_600_000);
  timer.unref?.();
  return {
    tick,
    stop: async () => {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
