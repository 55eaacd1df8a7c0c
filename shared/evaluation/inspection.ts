import { z } from 'zod';
import { IsoDate } from '../config/primitives.js';
import { IsoMonth } from '../figures/api.js';
import { Localized } from '../i18n/localized.js';

/**
 * Head office's inspection score sheets (issue 15; seed 004 part 2 五 2 and part 4 七 (六)):
 * an inspector fills one on site (现场检查) or as a mystery shopper (暗访, part 1 六: 监督员明查暗访),
 * for a branch, or for one teller where the sheet judges a teller's own service. The items, their
 * maximum points and weights are configuration; the defaults below follow the seed's headings.
 * The result of a sheet is a score out of 100 that the branch and teller scores use
 * (shared/evaluation/score.ts, the `inspection` part) through `inspectionScoresFor`.
 */

export const InspectionKind = z.enum(['onsite', 'mystery']);
export type InspectionKind = z.infer<typeof InspectionKind>;

/** Whom a template judges: the branch as a whole, or one teller at a window. */
export const InspectionSubject = z.enum(['branch', 'teller']);
export type InspectionSubject = z.infer<typeof InspectionSubject>;

const Slug = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'an id is lower case letters, digits and _');

export const InspectionItem = z
  .object({
    id: Slug,
    label: Localized,
    /** The most points an inspector may give for the item. */
    max: z.number().int().min(1).max(100),
    /** The item's share of the 100 points; items weigh their max unless told otherwise. */
    weight: z.number().min(0).max(100),
  })
  .strict();
export type InspectionItem = z.infer<typeof InspectionItem>;

export const InspectionTemplate = z
  .object({
    id: Slug,
    name: Localized,
    subject: InspectionSubject,
    /** The ways this sheet may be filled (an on-site visit, a mystery shopper, or both). */
    kinds: z.array(InspectionKind).min(1).max(2),
    items: z.array(InspectionItem).min(1).max(40),
  })
  .strict()
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.items.forEach((item, i) => {
      if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], message: `item ${item.id} twice` });
      seen.add(item.id);
    });
    if (!t.items.some((i) => i.weight > 0)) ctx.addIssue({ code: 'custom', path: ['items'], message: 'at least one item needs a weight' });
  });
export type InspectionTemplate = z.infer<typeof InspectionTemplate>;

const L = (zhCN: string, zhTW: string, en: string): Localized => ({ 'zh-CN': zhCN, 'zh-TW': zhTW, en });

/**
 * The branch sheet: seed 004 part 4 七 (六) names what is quantified (服务环境、服务礼仪、服务行为、
 * 服务技能、检查监督规范); the seed gives no weights, so each heading weighs the same (20 points).
 */
export const BRANCH_TEMPLATE: InspectionTemplate = InspectionTemplate.parse({
  id: 'branch_standard',
  name: L('网点规范化服务检查表', '網點規範化服務檢查表', 'Branch service standards inspection'),
  subject: 'branch',
  kinds: ['onsite', 'mystery'],
  items: [
    { id: 'environment', label: L('服务环境规范', '服務環境規範', 'Service environment'), max: 20, weight: 20 },
    { id: 'etiquette', label: L('服务礼仪规范', '服務禮儀規範', 'Service etiquette'), max: 20, weight: 20 },
    { id: 'conduct', label: L('服务行为规范', '服務行為規範', 'Service conduct'), max: 20, weight: 20 },
    { id: 'skills', label: L('服务技能规范', '服務技能規範', 'Service skills'), max: 20, weight: 20 },
    { id: 'supervision', label: L('检查监督规范', '檢查監督規範', 'Inspection and supervision'), max: 20, weight: 20 },
  ],
});

/**
 * The teller sheet a mystery shopper (or an inspector at the window) fills: what seed 004 checks
 * of each employee on site and on video (着装、仪容仪表、服务态度、服务纪律及日常服务行为, part 4 七 (六)),
 * with the spoken standards of part 3 (迎声、文明用语、送声).
 */
export const TELLER_TEMPLATE: InspectionTemplate = InspectionTemplate.parse({
  id: 'teller_window',
  name: L('柜员窗口服务检查表', '櫃員窗口服務檢查表', 'Teller window service inspection'),
  subject: 'teller',
  kinds: ['onsite', 'mystery'],
  items: [
    { id: 'appearance', label: L('着装与仪容仪表', '著裝與儀容儀表', 'Dress and appearance'), max: 15, weight: 15 },
    { id: 'greeting', label: L('起身迎候、问候', '起身迎候、問候', 'Rises and greets'), max: 15, weight: 15 },
    { id: 'phrases', label: L('使用文明用语', '使用文明用語', 'Standard courteous phrases'), max: 20, weight: 20 },
    { id: 'attitude', label: L('服务态度', '服務態度', 'Attitude'), max: 20, weight: 20 },
    { id: 'discipline', label: L('服务纪律', '服務紀律', 'Service discipline'), max: 15, weight: 15 },
    { id: 'farewell', label: L('道别、送客', '道別、送客', 'Farewell'), max: 15, weight: 15 },
  ],
});

export const DEFAULT_TEMPLATES: readonly InspectionTemplate[] = [BRANCH_TEMPLATE, TELLER_TEMPLATE];

/** What an inspector sends for one sheet (POST /api/v1/hq/evaluation/sheets). */
export const InspectionSheetInput = z
  .object({
    templateId: Slug,
    kind: InspectionKind,
    branchId: z.string().min(1).max(64),
    /** The teller judged; only (and always) on a teller template. */
    staffId: z.string().min(1).max(64).optional(),
    /** The day of the visit, in the branch's calendar; its month is the sheet's month. */
    visitedOn: IsoDate,
    scores: z.record(z.string(), z.number().min(0).max(100)),
    /** Why points were taken off an item (seed 004: problems found are put right by a deadline). */
    notes: z.record(z.string(), z.string().trim().max(300)).default({}),
    remark: z.string().trim().max(1000).default(''),
  })
  .strict();
export type InspectionSheetInput = z.infer<typeof InspectionSheetInput>;

/** A stored sheet: the input, its month and total, the template as it was, who and when. */
export const InspectionSheet = z.object({
  id: z.string(),
  templateId: z.string(),
  templateName: Localized,
  kind: InspectionKind,
  branchId: z.string(),
  staffId: z.string().nullable(),
  month: IsoMonth,
  visitedOn: IsoDate,
  items: z.array(InspectionItem),
  scores: z.record(z.string(), z.number()),
  notes: z.record(z.string(), z.string()),
  remark: z.string(),
  total: z.number(),
  inspector: z.string(),
  at: z.iso.datetime(),
});
export type InspectionSheet = z.infer<typeof InspectionSheet>;

/** A field of a sheet that does not fit its template, named for the form. */
export interface SheetIssue {
  path: string;
  message: string;
}

/** What is wrong with a sheet against its template (empty: it may be stored). */
export function sheetIssues(template: InspectionTemplate, input: InspectionSheetInput): SheetIssue[] {
  const issues: SheetIssue[] = [];
  if (!template.kinds.includes(input.kind)) issues.push({ path: 'kind', message: `${template.id} is not filled as ${input.kind}` });
  if (template.subject === 'teller' && !input.staffId) issues.push({ path: 'staffId', message: 'a teller sheet names the teller' });
  if (template.subject === 'branch' && input.staffId) issues.push({ path: 'staffId', message: 'a branch sheet names no teller' });
  const ids = new Set(template.items.map((i) => i.id));
  for (const key of Object.keys(input.scores)) if (!ids.has(key)) issues.push({ path: `scores.${key}`, message: `no item ${key} on ${template.id}` });
  for (const item of template.items) {
    const s = input.scores[item.id];
    if (s === undefined) issues.push({ path: `scores.${item.id}`, message: `score ${item.id}` });
    else if (s > item.max) issues.push({ path: `scores.${item.id}`, message: `${item.id} is out of ${item.max}` });
    else if (s < item.max && !(input.notes[item.id] ?? '').trim()) issues.push({ path: `notes.${item.id}`, message: `say why points were taken off ${item.id}` });
  }
  return issues;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * A sheet's total on 100: each item's share of its maximum, weighted, so a template whose maxima
 * do not add up to 100 (or whose weights differ from them) still scores on the same scale as the
 * pass mark. Missing items count as nought: a sheet is judged on every item.
 */
export function sheetTotal(items: readonly InspectionItem[], scores: Readonly<Record<string, number>>): number {
  const weights = items.reduce((n, i) => n + i.weight, 0);
  if (weights <= 0) return 0;
  const earned = items.reduce((n, i) => n + (Math.min(Math.max(scores[i.id] ?? 0, 0), i.max) / i.max) * i.weight, 0);
  return round1((earned / weights) * 100);
}

/** The month a visit counts in (its day's calendar month). */
export const monthOfDay = (day: string): string => day.slice(0, 7);

/** What the branch and teller scores read for one branch's month: the mean of its sheets' totals. */
export interface InspectionScores {
  month: string;
  branchId: string;
  /** Mean of the branch sheets' totals; null when the branch was not inspected that month. */
  branch: number | null;
  /** Per teller: mean of their sheets' totals (tellers never inspected are absent). */
  tellers: Record<string, number>;
  sheets: number;
}

const mean = (xs: readonly number[]): number => round1(xs.reduce((a, b) => a + b, 0) / xs.length);

/**
 * Inspection scores of one branch's month from its sheets (on site and mystery shopper alike,
 * each sheet weighing the same): pure, so the star and score rules can be tested on it.
 */
export function inspectionScoresFor(
  month: string,
  branchId: string,
  sheets: ReadonlyArray<Pick<InspectionSheet, 'month' | 'branchId' | 'staffId' | 'total'>>,
): InspectionScores {
  const mine = sheets.filter((s) => s.month === month && s.branchId === branchId);
  const branch = mine.filter((s) => s.staffId === null).map((s) => s.total);
  const byTeller = new Map<string, number[]>();
  for (const s of mine) if (s.staffId !== null) byTeller.set(s.staffId, [...(byTeller.get(s.staffId) ?? []), s.total]);
  return {
    month,
    branchId,
    branch: branch.length ? mean(branch) : null,
    tellers: Object.fromEntries([...byTeller].map(([id, totals]) => [id, mean(totals)])),
    sheets: mine.length,
  };
}
