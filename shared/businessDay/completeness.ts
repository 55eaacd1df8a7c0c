import type { Staff } from '../config/schema.js';
import type { Answer, Attendance, MorningMeeting, OpeningChecklist, ShiftHandover } from './records.js';
import { checklistItems } from './templates.js';
import type { HandoverTemplate, MorningMeetingTemplate, OpeningChecklistTemplate } from './templates.js';

/**
 * What is still missing before a record counts as complete, in the template's order, so the
 * form can say exactly what to fill in. A record is checked against the template in force: an
 * item head office adds today is asked for today.
 */
export type Missing =
  /** A checked item with no answer. */
  | { kind: 'answer'; item: string }
  /** A "problem" answer without a note saying what is wrong. */
  | { kind: 'note'; item: string }
  /** A handed-over item with no amount or count. */
  | { kind: 'handed_over'; item: string }
  | { kind: 'attendance'; staffId: string }
  | { kind: 'appearance'; staffId: string; item: string }
  | { kind: 'appearance_note'; staffId: string }
  | { kind: 'section'; section: string }
  | { kind: 'field'; field: 'chair' | 'startedAt' | 'durationMinutes' | 'fromStaffId' | 'toStaffId' | 'handedOverAt' }
  | { kind: 'nobody_present' }
  | { kind: 'same_teller' };

/** A record's own entry (never one inherited from Object.prototype, whatever the key). */
function own<V>(map: Readonly<Record<string, V>> | undefined, key: string): V | undefined {
  return map !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;
}

function blank(text: string | null | undefined): boolean {
  return text === undefined || text === null || text.trim() === '';
}

/** Answers of checked items, each "problem" needing a note. */
function answersMissing(items: readonly { id: string }[], answers: Readonly<Record<string, Answer>>, notes: Readonly<Record<string, string>>): Missing[] {
  const out: Missing[] = [];
  for (const item of items) {
    const answer = own(answers, item.id);
    if (answer === undefined) out.push({ kind: 'answer', item: item.id });
    else if (answer === 'problem' && blank(own(notes, item.id))) out.push({ kind: 'note', item: item.id });
  }
  return out;
}

export type ChecklistDraft = Pick<OpeningChecklist, 'answers' | 'notes'>;

export function checklistMissing(template: OpeningChecklistTemplate, draft: Partial<ChecklistDraft>): Missing[] {
  return answersMissing(checklistItems(template), draft.answers ?? {}, draft.notes ?? {});
}

/** The opening checklist counts as done once submitted with nothing missing. */
export function checklistDone(template: OpeningChecklistTemplate, record: Partial<OpeningChecklist> | null | undefined): boolean {
  return Boolean(record?.submittedAt) && checklistMissing(template, record ?? {}).length === 0;
}

/** Items answered "problem" (the lead sees them next to the window). */
export function checklistProblems(record: Partial<Pick<OpeningChecklist, 'answers'>>): string[] {
  return Object.entries(record.answers ?? {})
    .filter(([, a]) => a === 'problem')
    .map(([id]) => id);
}

export type MeetingDraft = Pick<MorningMeeting, 'chair' | 'startedAt' | 'durationMinutes' | 'attendance' | 'appearance' | 'appearanceNotes' | 'sections'>;

/** The morning meeting: chair, time, everyone's attendance, the appearance check of everyone present, the required sections. */
export function meetingMissing(template: MorningMeetingTemplate, staff: readonly Pick<Staff, 'id'>[], draft: Partial<MeetingDraft>): Missing[] {
  const out: Missing[] = [];
  if (blank(draft.chair)) out.push({ kind: 'field', field: 'chair' });
  if (blank(draft.startedAt)) out.push({ kind: 'field', field: 'startedAt' });
  if (draft.durationMinutes === undefined || !(draft.durationMinutes > 0)) out.push({ kind: 'field', field: 'durationMinutes' });
  const attendance: Readonly<Record<string, Attendance>> = draft.attendance ?? {};
  const present: string[] = [];
  for (const s of staff) {
    const a = own(attendance, s.id);
    if (a === undefined) out.push({ kind: 'attendance', staffId: s.id });
    else if (a === 'present') present.push(s.id);
  }
  if (staff.length > 0 && present.length === 0 && !out.some((m) => m.kind === 'attendance')) out.push({ kind: 'nobody_present' });
  for (const id of present) {
    const answers = own(draft.appearance, id) ?? {};
    let problem = false;
    for (const item of template.appearance) {
      const answer = own(answers, item.id);
      if (answer === undefined) out.push({ kind: 'appearance', staffId: id, item: item.id });
      else if (answer === 'problem') problem = true;
    }
    if (problem && blank(own(draft.appearanceNotes, id))) out.push({ kind: 'appearance_note', staffId: id });
  }
  for (const section of template.sections) {
    if (section.required && blank(own(draft.sections, section.id))) out.push({ kind: 'section', section: section.id });
  }
  return out;
}

export function meetingDone(template: MorningMeetingTemplate, staff: readonly Pick<Staff, 'id'>[], record: Partial<MorningMeeting> | null | undefined): boolean {
  return Boolean(record?.submittedAt) && meetingMissing(template, staff, record ?? {}).length === 0;
}

export type HandoverDraft = Pick<ShiftHandover, 'fromStaffId' | 'toStaffId' | 'handedOver' | 'checks' | 'checkNotes' | 'handedOverAt'>;

/** The handover: both tellers (two different people), every handed-over amount, every check. */
export function handoverMissing(template: HandoverTemplate, draft: Partial<HandoverDraft>): Missing[] {
  const out: Missing[] = [];
  if (blank(draft.fromStaffId)) out.push({ kind: 'field', field: 'fromStaffId' });
  if (blank(draft.toStaffId)) out.push({ kind: 'field', field: 'toStaffId' });
  if (!blank(draft.fromStaffId) && draft.fromStaffId === draft.toStaffId) out.push({ kind: 'same_teller' });
  for (const item of template.handedOver) {
    if (blank(own(draft.handedOver, item.id))) out.push({ kind: 'handed_over', item: item.id });
  }
  out.push(...answersMissing(template.checks, draft.checks ?? {}, draft.checkNotes ?? {}));
  if (blank(draft.handedOverAt)) out.push({ kind: 'field', field: 'handedOverAt' });
  return out;
}
