import { z } from 'zod';
import { IsoDate } from '../config/primitives.js';
import { DayFigures } from './figures.js';
import { BusinessDocType } from './records.js';

/** The hub's business-day API (docs/business-day.md): shapes on the wire. */
export const BUSINESS_DAY_API = {
  records: '/api/v1/business-day/records',
  figures: '/api/v1/business-day/figures',
  morningMeeting: '/api/v1/business-day/morning-meeting',
} as const;

export const DayQuery = z.object({ day: IsoDate.optional() }).strict();

/** One business-day document as the hub merged it from every op it holds. */
export const DayRecord = z.object({
  docType: BusinessDocType,
  docId: z.string().min(1),
  /** Merged fields, raw: read them with readRecord (records.ts). */
  fields: z.record(z.string(), z.unknown()),
  /** Wall time of the latest op (from its HLC). */
  updatedAt: z.iso.datetime(),
  authors: z.array(z.string()),
  /** Ops kept in the document's history (a corrected record has more). */
  ops: z.number().int().min(1),
});
export type DayRecord = z.infer<typeof DayRecord>;

export const DayRecords = z.object({
  day: IsoDate,
  records: z.array(DayRecord),
});
export type DayRecords = z.infer<typeof DayRecords>;

/**
 * Figures of one day (by default the branch's last open day before today): counted from the
 * hub's tickets; `ratings` stays null until the hub holds rating data.
 */
export const FiguresResponse = z.object({
  /** Null when the branch had no open day in the last two weeks. */
  day: IsoDate.nullable(),
  figures: DayFigures.nullable(),
});
export type FiguresResponse = z.infer<typeof FiguresResponse>;
