import { z } from 'zod';
import { IsoMonth } from '../figures/api.js';
import { Lang, Localized } from '../i18n/localized.js';
import { ComplaintFigures, HqFigures } from './derive.js';

/**
 * Head office's monthly reports as they reach a branch (issue 15, "sent to each branch through the
 * sync"; docs/hq-figures.md). When head office makes a branch's report it puts a `config.reports`
 * document keyed by the branch id: per month, the branch's score and rank, the figures the lead
 * reads and the files kept at head office. The configuration sync carries the document (small);
 * the hub fetches the files it names with its own device token and keeps them, so the lead opens
 * them offline.
 */
export const CONFIG_REPORTS = 'config.reports';

/** How many months the document carries: a year back and the month before it, to compare. */
export const REPORT_MONTHS_SENT = 13;

export const BranchReportFormat = z.enum(['pdf', 'xlsx']);
export type BranchReportFormat = z.infer<typeof BranchReportFormat>;

/** The content type each rendering is served with, at head office and at the hub. */
export const REPORT_CONTENT_TYPES: Record<BranchReportFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** One rendering kept at head office: the hub fetches it when it holds none of this `generatedAt`. */
export const BranchReportFile = z
  .object({
    format: BranchReportFormat,
    lang: Lang,
    bytes: z.number().int().min(0),
    generatedAt: z.iso.datetime(),
  })
  .strict();
export type BranchReportFile = z.infer<typeof BranchReportFile>;

export const BranchReportTeller = z
  .object({
    staffId: z.string().min(1).max(64),
    name: Localized,
    rank: z.number().int().min(1),
    score: z.number().nullable(),
    stars: z.number().int().min(0).max(3).nullable(),
  })
  .strict();
export type BranchReportTeller = z.infer<typeof BranchReportTeller>;

/** One month of one branch, as its monthly report states it. */
export const BranchMonthReport = z
  .object({
    month: IsoMonth,
    /** The branch's zone: the report's times are said in it. */
    timeZone: z.string().min(1).max(64),
    generatedAt: z.iso.datetime(),
    /** 0..100, null when no part could be measured. */
    score: z.number().nullable(),
    passMark: z.number(),
    passed: z.boolean().nullable(),
    /** Rank among all branches that month, and how many were ranked (null: not ranked). */
    rank: z.number().int().min(1).nullable(),
    of: z.number().int().min(0),
    figures: HqFigures,
    complaints: ComplaintFigures,
    tellers: z.array(BranchReportTeller).max(500),
    files: z.array(BranchReportFile).max(6),
  })
  .strict();
export type BranchMonthReport = z.infer<typeof BranchMonthReport>;

/** The `config.reports` document: newest month first. */
export const BranchReportsDoc = z.object({ reports: z.array(BranchMonthReport).max(REPORT_MONTHS_SENT) }).strict();
export type BranchReportsDoc = z.infer<typeof BranchReportsDoc>;

/** Head office's route a hub fetches its own branch's files from, with its device token. */
export const BRANCH_REPORT_FILE_PATH = '/api/v1/sync/reports/:month/:format';
export const branchReportFilePath = (month: string, format: BranchReportFormat, lang: Lang): string =>
  `${BRANCH_REPORT_FILE_PATH.replace(':month', month).replace(':format', format)}?lang=${encodeURIComponent(lang)}`;

/** The path parameters and query of a report file, at head office and at the hub alike. */
export const ReportFileParams = z.object({ month: IsoMonth, format: BranchReportFormat }).strict();
export const ReportFileQuery = z.object({ lang: Lang.default('zh-CN') }).strict();

// ------------------------------------------------------------------ the hub's routes for the lead

export const HUB_REPORTS_API = {
  list: '/api/v1/hq-reports',
  file: '/api/v1/hq-reports/:month/:format',
} as const;
export const hubReportFilePath = (month: string, format: BranchReportFormat, lang: Lang): string =>
  `${HUB_REPORTS_API.file.replace(':month', month).replace(':format', format)}?lang=${encodeURIComponent(lang)}`;

/** A file as the lead station sees it: whether the hub holds it (openable offline). */
export const HubReportFile = BranchReportFile.extend({ here: z.boolean() }).strict();
export type HubReportFile = z.infer<typeof HubReportFile>;

export const HubMonthReport = BranchMonthReport.extend({ files: z.array(HubReportFile) }).strict();
export type HubMonthReport = z.infer<typeof HubMonthReport>;

/** GET /api/v1/hq-reports: the branch's monthly reports from head office, newest first. */
export const HubReportList = z.object({ reports: z.array(HubMonthReport) }).strict();
export type HubReportList = z.infer<typeof HubReportList>;

/** The reason of a 404 for a file the hub has not fetched yet and cannot fetch now (head office unreachable). */
export const REPORT_NOT_FETCHED = 'report_not_fetched';
