import { QueueError } from '../../../shared/api/errors.js';
import { BranchReportsDoc, CONFIG_REPORTS, REPORT_NOT_FETCHED, branchReportFilePath } from '../../../shared/hq/branchReports.js';
import type { BranchReportFile, BranchReportFormat, HubMonthReport } from '../../../shared/hq/branchReports.js';
import type { Lang } from '../../../shared/i18n/localized.js';
import type { SqlDb } from '../../db/sqlDb.js';

export interface HubReportsOptions {
  db: SqlDb;
  branchId: () => string;
  fetch?: typeof fetch;
  now?: () => Date;
  warn?: (m: string) => void;
  /** How long one file's download may take (a month's PDF is a few hundred KB). */
  timeoutMs?: number;
}

/** What a PDF or an XLSX starts with: a proxy's HTML error page is not kept as a report. */
const MAGIC: Record<BranchReportFormat, string> = { pdf: '%PDF-', xlsx: 'PK' };

/**
 * The branch's monthly reports from head office (docs/hq-figures.md): the list is the pulled
 * `config.reports` document; the files it names are fetched from head office with the hub's own
 * device token (upstream_identity) and kept in hub_report_files, so the lead opens them offline.
 * A file of an older rendering stays until the newer one arrived.
 */
export class HubReports {
  private syncing: Promise<number> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly o: HubReportsOptions) {}

  /** The months head office sent, newest first, each file marked as held here or not. */
  async list(): Promise<HubMonthReport[]> {
    const doc = await this.doc();
    if (!doc) return [];
    const held = await this.held();
    return doc.reports.map((r) => ({ ...r, files: r.files.map((f) => ({ ...f, here: held.has(fileKey(r.month, f.format, f.lang)) })) }));
  }

  /**
   * A file's bytes: the one held, else fetched now (and kept). 404 `report_not_fetched` when
   * head office named it but cannot be reached; plain 404 when head office sent no such file.
   */
  async file(month: string, format: BranchReportFormat, lang: Lang): Promise<Buffer> {
    const kept = await this.kept(month, format, lang);
    if (kept) return kept;
    const named = (await this.doc())?.reports.find((r) => r.month === month)?.files.find((f) => f.format === format && f.lang === lang);
    if (!named) throw new QueueError('not_found', `head office sent no ${format} report of ${month} in ${lang}`);
    if (!(await this.fetchOne(month, named))) {
      throw new QueueError('not_found', `the ${format} report of ${month} is not here yet and head office cannot be reached now; it is fetched as soon as it can be`, REPORT_NOT_FETCHED);
    }
    return (await this.kept(month, format, lang))!;
  }

  /** Fetches every named file not held in its latest rendering; forgets months no longer sent. Returns how many arrived. */
  syncNow(): Promise<number> {
    this.syncing ??= this.syncAll().finally(() => (this.syncing = null));
    return this.syncing;
  }

  /** Looks for new files every `everyMs` (default a minute): the pull brings the document, this brings its files. */
  start(everyMs = 60_000): void {
    const tick = (): void => void this.syncNow().catch((err: unknown) => this.o.warn?.(`monthly report files: ${(err as Error).message}`));
    tick();
    this.timer = setInterval(tick, everyMs);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.syncing?.catch(() => undefined);
  }

  // ------------------------------------------------------------------ inside

  private async doc(): Promise<BranchReportsDoc | null> {
    const { rows } = await this.o.db.query<{ body: unknown }>('select body from config_docs where kind = $1 and key = $2', [CONFIG_REPORTS, this.o.branchId()]);
    // A document this version cannot read (a newer head office) shows nothing rather than half.
    const parsed = rows[0] ? BranchReportsDoc.safeParse(rows[0].body) : null;
    return parsed?.success ? parsed.data : null;
  }

  /** month|format|lang -> generatedAt of the file held. */
  private async held(): Promise<Map<string, string>> {
    const { rows } = await this.o.db.query<{ month: string; format: string; lang: string; generated_at: Date | string }>('select month, format, lang, generated_at from hub_report_files');
    return new Map(rows.map((r) => [fileKey(r.month, r.format, r.lang), new Date(r.generated_at).toISOString()]));
  }

  private async kept(month: string, format: string, lang: string): Promise<Buffer | null> {
    const { rows } = await this.o.db.query<{ body: Uint8Array }>('select body from hub_report_files where month = $1 and format = $2 and lang = $3', [month, format, lang]);
    return rows[0] ? Buffer.from(rows[0].body) : null;
  }

  private async syncAll(): Promise<number> {
    const doc = await this.doc();
    const months = doc?.reports.map((r) => r.month) ?? [];
    await this.o.db.query('delete from hub_report_files where not (month = any($1::text[]))', [months]);
    if (!doc) return 0;
    const held = await this.held();
    let arrived = 0;
    for (const r of doc.reports) {
      for (const f of r.files) {
        if (held.get(fileKey(r.month, f.format, f.lang)) === new Date(f.generatedAt).toISOString()) continue;
        // One failure (head office down) ends this round: the next tick tries again.
        if (!(await this.fetchOne(r.month, f))) return arrived;
        arrived++;
      }
    }
    return arrived;
  }

  /** Downloads one file with the hub's token and keeps it; false when head office did not give it. */
  private async fetchOne(month: string, f: BranchReportFile): Promise<boolean> {
    const { rows } = await this.o.db.query<{ token: string; upstream_url: string }>('select token, upstream_url from upstream_identity');
    const id = rows[0];
    if (!id) return false;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.o.timeoutMs ?? 30_000);
    let body: Buffer;
    try {
      const res = await (this.o.fetch ?? fetch)(id.upstream_url.replace(/\/$/, '') + branchReportFilePath(month, f.format, f.lang), {
        headers: { authorization: `Bearer ${id.token}` },
        signal: controller.signal,
      });
      if (!res.ok) {
        this.o.warn?.(`head office answered ${res.status} for the ${f.format} report of ${month} (${f.lang})`);
        return false;
      }
      body = Buffer.from(await res.arrayBuffer());
    } catch (err) {
      this.o.warn?.(`the ${f.format} report of ${month} could not be fetched: ${(err as Error).message}`);
      return false;
    } finally {
      clearTimeout(timer);
    }
    if (!body.subarray(0, MAGIC[f.format].length).equals(Buffer.from(MAGIC[f.format]))) {
      this.o.warn?.(`head office's ${f.format} report of ${month} is not a ${f.format} file; not kept`);
      return false;
    }
    await this.o.db.query(
      `insert into hub_report_files (month, format, lang, generated_at, body, fetched_at) values ($1, $2, $3, $4, $5, $6)
       on conflict (month, format, lang) do update set generated_at = excluded.generated_at, body = excluded.body, fetched_at = excluded.fetched_at`,
      [month, f.format, f.lang, f.generatedAt, body, (this.o.now?.() ?? new Date()).toISOString()],
    );
    return true;
  }
}

const fileKey = (month: string, format: string, lang: string): string => `${month}|${format}|${lang}`;
