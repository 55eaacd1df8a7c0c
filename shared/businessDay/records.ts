import { z } from 'zod';
import { CounterNumber, IsoDate } from '../config/primitives.js';
import type { MergedFields } from '../sync/lww.js';
import { DayFigures } from './figures.js';
import { TemplateKey } from './templates.js';

/**
 * The business day's records as mergeable documents (doc.op records, shared/sync/lww.ts): every
 * top-level field below is one op, merged by HLC, so a record corrected later keeps both
 * versions in its history and the latest one wins field by field.
 *
 * Document ids start with the branch's calendar date, so a day's records are found by prefix:
 * - opening checklist: one per window per day, `2025-03-14.c1`;
 * - morning meeting: one per branch per day, `2025-03-14`;
 * - handover: as many as the window has, `2025-03-14.c1.<ULID>`.
 */
export const DOC_TYPES = {
  morningMeeting: 'morning_meeting',
  openingChecklist: 'opening_checklist',
  shiftHandover: 'shift_handover',
} as const;
export const BusinessDocType = z.enum([DOC_TYPES.morningMeeting, DOC_TYPES.openingChecklist, DOC_TYPES.shiftHandover]);
export type BusinessDocType = z.infer<typeof BusinessDocType>;

/** An answer to a checked item: all right, or a problem (explained in a note). */
export const Answer = z.enum(['ok', 'problem']);
export type Answer = z.infer<typeof Answer>;

/** Maps stay small: one op must fit a sync record (64 KiB). */
const MAX_ENTRIES = 60;
function bounded<K extends z.ZodType<string>, V extends z.ZodType>(key: K, value: V) {
  return z.record(key, value).refine((m) => Object.keys(m).length <= MAX_ENTRIES, `at most ${MAX_ENTRIES} entries`);
}

const StaffId = z.string().min(1).max(64);
const Note = z.string().max(500);
const Text = z.string().max(2000);
const Answers = bounded(TemplateKey, Answer);
const Notes = bounded(TemplateKey, Note);

export const Attendance = z.enum(['present', 'absent', 'leave']);
export type Attendance = z.infer<typeof Attendance>;

export const OpeningChecklist = z.object({
  day: IsoDate,
  counter: CounterNumber,
  /** The teller who filled it in (BranchConfig.staff id). */
  staffId: StaffId,
  templateVersion: z.number().int().positive(),
  answers: Answers,
  /** Per item: what is wrong (required with "problem"). */
  notes: Notes,
  remark: Text,
  submittedAt: z.iso.datetime(),
});
export type OpeningChecklist = z.infer<typeof OpeningChecklist>;

export const MorningMeeting = z.object({
  day: IsoDate,
  /** Who chaired it (the branch head or the person they named), as written. */
  chair: z.string().trim().min(1).max(80),
  /** Local "HH:MM" the meeting started, and its length. */
  startedAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  durationMinutes: z.number().int().min(1).max(240),
  templateVersion: z.number().int().positive(),
  attendance: bounded(StaffId, Attendance),
  /** Staff id -> appearance item -> answer. */
  appearance: bounded(StaffId, Answers),
  /** Staff id -> what was not right. */
  appearanceNotes: bounded(StaffId, Note),
  /** The figures read out (a copy, so the record says what was said even if data change later). */
  figures: DayFigures.nullable(),
  /** Section id -> what was said. */
  sections: bounded(TemplateKey, Text),
  submittedAt: z.iso.datetime(),
});
export type MorningMeeting = z.infer<typeof MorningMeeting>;

export const ShiftHandover = z.object({
  day: IsoDate,
  counter: CounterNumber,
  fromStaffId: StaffId,
  toStaffId: StaffId,
  templateVersion: z.number().int().positive(),
  /** Item id -> amount or count, in words. */
  handedOver: bounded(TemplateKey, z.string().max(200)),
  checks: Answers,
  checkNotes: Notes,
  /** Business not finished that the incoming teller takes over. */
  openItems: Text,
  handedOverAt: z.iso.datetime(),
  submittedAt: z.iso.datetime(),
});
export type ShiftHandover = z.infer<typeof ShiftHandover>;

export const RECORD_SCHEMAS = {
  [DOC_TYPES.openingChecklist]: OpeningChecklist,
  [DOC_TYPES.morningMeeting]: MorningMeeting,
  [DOC_TYPES.shiftHandover]: ShiftHandover,
} as const;

export type RecordOf<T extends BusinessDocType> = z.infer<(typeof RECORD_SCHEMAS)[T]>;

// -------------------------------------------------------------------------------------------
// Document ids
// -------------------------------------------------------------------------------------------

export function checklistDocId(day: string, counter: number): string {
  return `${day}.c${counter}`;
}

export function meetingDocId(day: string): string {
  return day;
}

export function handoverDocId(day: string, counter: number, id: string): string {
  return `${day}.c${counter}.${id}`;
}

/** The calendar date a business-day document belongs to, or null for another kind of id. */
export function dayOfDocId(docId: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})(\.|$)/.exec(docId);
  return m ? m[1]! : null;
}

// -------------------------------------------------------------------------------------------
// Reading merged documents
// -------------------------------------------------------------------------------------------

/**
 * A merged document's fields as far as they are valid: a field whose merged value does not fit
 * (an op from a newer or broken device) is left out rather than failing the whole record, so
 * the lead still sees what can be read. `complete` says whether every field was good.
 */
export function readRecord<T extends BusinessDocType>(docType: T, fields: MergedFields['fields']): { value: Partial<RecordOf<T>>; complete: boolean } {
  const shape = RECORD_SCHEMAS[docType].shape as Record<string, z.ZodType>;
  const value: Record<string, unknown> = {};
  let complete = true;
  for (const [key, schema] of Object.entries(shape)) {
    if (!Object.hasOwn(fields, key)) {
      complete = false;
      continue;
    }
    const parsed = schema.safeParse(fields[key]);
    if (parsed.success) value[key] = parsed.data;
    else complete = false;
  }
  return { value: value as Partial<RecordOf<T>>, complete };
}

/** The fields of a record as doc-op fields (one op each), checked against the record's schema. */
export function recordFields<T extends BusinessDocType>(docType: T, record: RecordOf<T>): Record<string, unknown> {
  return { ...RECORD_SCHEMAS[docType].parse(record) } as Record<string, unknown>;
}
