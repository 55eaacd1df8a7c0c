import { z } from 'zod';
import { IsoDate } from '../config/primitives.js';

/**
 * The branch head's daily on-site evaluation of each teller (逐日按人做现场服务考评记载, seed 000:
 * the head of the counter hall supervises in person and records an evaluation per teller per
 * day). The items are the ones the seeds judge a teller's counter service by: dress and
 * appearance, attitude, standard phrases and discipline (seed 004: 着装、仪容仪表、服务态度、服务纪律
 * 及日常服务行为, checked on site and on video), the quality and speed of the work and keeping to
 * the post's rules (seed 000: 业务质量、工作效率、服务水平、遵守岗位规范). Each item has a maximum;
 * a sheet scores every item, out of 100 in all. A deduction says why (what was found is to be put
 * right, seed 004 限期整改), and the sheet has a remark of its own.
 */

export const EVALUATION_API = {
  /** GET ?day=YYYY-MM-DD (default today): the day's sheets and their revisions. */
  day: '/api/v1/evaluations/daily',
  /** PUT: one teller's sheet of one day (a new revision). */
  sheet: '/api/v1/evaluations/daily/:day/:staffId',
} as const;

export const sheetPath = (day: string, staffId: string): string => `${EVALUATION_API.day}/${encodeURIComponent(day)}/${encodeURIComponent(staffId)}`;

export const EvaluationItemId = z.enum(['appearance', 'attitude', 'language', 'discipline', 'quality', 'efficiency']);
export type EvaluationItemId = z.infer<typeof EvaluationItemId>;

/** Each item's maximum score; they add up to 100. The order is the form's. */
export const DAILY_ITEMS: ReadonlyArray<{ id: EvaluationItemId; max: number }> = [
  { id: 'appearance', max: 15 },
  { id: 'attitude', max: 20 },
  { id: 'language', max: 15 },
  { id: 'discipline', max: 15 },
  { id: 'quality', max: 20 },
  { id: 'efficiency', max: 15 },
];

export const DAILY_MAX_TOTAL = DAILY_ITEMS.reduce((n, i) => n + i.max, 0);

const maxOf = (id: EvaluationItemId): number => DAILY_ITEMS.find((i) => i.id === id)?.max ?? 0;

/**
 * What the lead sends for one teller's day (PUT). `baseRevision` is the revision the form was
 * filled from (0 for a new sheet): a sheet someone else changed meanwhile is refused (409), never
 * silently overwritten.
 */
export const DailySheetInput = z
  .object({
    scores: z.record(EvaluationItemId, z.number().int().min(0).max(100)),
    /** Why points were taken off an item; required for every item below its maximum. */
    notes: z.partialRecord(EvaluationItemId, z.string().trim().max(300)).default({}),
    remark: z.string().trim().max(1000).default(''),
    baseRevision: z.number().int().min(0),
  })
  .strict()
  .superRefine((s, ctx) => {
    for (const { id, max } of DAILY_ITEMS) {
      const score = s.scores[id];
      if (score === undefined) ctx.addIssue({ code: 'custom', path: ['scores', id], message: `score ${id}` });
      else if (score > max) ctx.addIssue({ code: 'custom', path: ['scores', id], message: `${id} is out of ${max}` });
      else if (score < max && !(s.notes[id] ?? '').trim()) ctx.addIssue({ code: 'custom', path: ['notes', id], message: `say why points were taken off ${id}` });
    }
  });
export type DailySheetInput = z.input<typeof DailySheetInput>;

/** A teller's sheet as stored: the latest revision, with who wrote it and when. */
export const DailySheet = z.object({
  day: IsoDate,
  staffId: z.string().min(1),
  scores: z.record(EvaluationItemId, z.number().int().min(0)),
  notes: z.partialRecord(EvaluationItemId, z.string()),
  remark: z.string(),
  total: z.number().int().min(0).max(100),
  revision: z.number().int().min(1),
  updatedAt: z.iso.datetime(),
  /** The signed-in lead or branch head who wrote this revision (the session, never a typed name). */
  updatedBy: z.string().min(1),
  updatedByName: z.string(),
});
export type DailySheet = z.infer<typeof DailySheet>;

/** One revision of a sheet, for the history under the form. */
export const SheetRevision = DailySheet.pick({ staffId: true, revision: true, total: true, updatedAt: true, updatedBy: true, updatedByName: true });
export type SheetRevision = z.infer<typeof SheetRevision>;

export const DailyEvaluationQuery = z.object({ day: IsoDate.optional() }).strict();
export const SheetParams = z.object({ day: IsoDate, staffId: z.string().min(1).max(64) });

export const DailyEvaluationDay = z.object({
  day: IsoDate,
  sheets: z.array(DailySheet),
  /** Every revision of the day's sheets, oldest first. */
  revisions: z.array(SheetRevision),
});
export type DailyEvaluationDay = z.infer<typeof DailyEvaluationDay>;

export const SheetAnswer = z.object({ sheet: DailySheet });
export type SheetAnswer = z.infer<typeof SheetAnswer>;

/** The sheet's total: the sum of its item scores. */
export function sheetTotal(scores: Partial<Record<EvaluationItemId, number>>): number {
  return DAILY_ITEMS.reduce((n, i) => n + Math.min(scores[i.id] ?? 0, maxOf(i.id)), 0);
}

/** A blank sheet: every item at its maximum (the lead takes points off for what they saw). */
export function fullMarks(): Record<EvaluationItemId, number> {
  return Object.fromEntries(DAILY_ITEMS.map((i) => [i.id, i.max])) as Record<EvaluationItemId, number>;
}
