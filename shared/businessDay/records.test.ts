import { describe, expect, it } from 'vitest';
import { mergeOps } from '../sync/lww.js';
import type { DocOp } from '../sync/lww.js';
import { DocOpBody } from '../sync/kinds.js';
import { LANGS } from '../i18n/localized.js';
import { DEFAULT_BUSINESS_DAY_TEMPLATES as T } from './defaults.js';
import { DOC_TYPES, checklistDocId, dayOfDocId, handoverDocId, meetingDocId, readRecord, recordFields } from './records.js';
import type { OpeningChecklist } from './records.js';
import { BusinessDayTemplates, OpeningChecklistTemplate, checklistItems } from './templates.js';

const checklist: OpeningChecklist = {
  day: '2025-06-03',
  counter: 1,
  staffId: 's-1001',
  templateVersion: 1,
  answers: Object.fromEntries(checklistItems(T.openingChecklist).map((i) => [i.id, 'ok'])),
  notes: {},
  remark: '',
  submittedAt: '2025-06-03T00:45:00.000Z',
};

function ops(docType: string, docId: string, fields: Record<string, unknown>, hlcMs: number, author: string): DocOp[] {
  return Object.entries(fields).map(([field, value], i) =>
    DocOpBody.parse({ docType, docId, field, value, hlc: `${String(hlcMs).padStart(15, '0')}:${String(i).padStart(5, '0')}:${author}`, author }),
  );
}

describe('business-day records as mergeable documents', () => {
  it('a record becomes one op per field and reads back the same after the merge', () => {
    const merged = mergeOps(ops(DOC_TYPES.openingChecklist, checklistDocId('2025-06-03', 1), recordFields(DOC_TYPES.openingChecklist, checklist), 1000, 'dev-a'));
    expect(readRecord(DOC_TYPES.openingChecklist, merged.fields)).toEqual({ value: checklist, complete: true });
  });

  it('a later correction wins field by field and the first version stays in the history', () => {
    const docId = checklistDocId('2025-06-03', 1);
    const first = ops(DOC_TYPES.openingChecklist, docId, recordFields(DOC_TYPES.openingChecklist, checklist), 1000, 'dev-a');
    const fix = ops(DOC_TYPES.openingChecklist, docId, { notes: { printer: 'jammed' }, answers: { ...checklist.answers, printer: 'problem' } }, 2000, 'dev-a');
    const merged = mergeOps([...fix, ...first]);
    const read = readRecord(DOC_TYPES.openingChecklist, merged.fields).value;
    expect(read.answers?.printer).toBe('problem');
    expect(read.notes).toEqual({ printer: 'jammed' });
    expect(read.staffId).toBe('s-1001');
    expect(merged.history.filter((o) => o.field === 'answers')).toHaveLength(2);
  });

  it('a field that does not fit is left out, the rest is still read', () => {
    const merged = mergeOps(ops(DOC_TYPES.openingChecklist, 'x', { ...checklist, counter: 'one', answers: { printer: 'maybe' } }, 1000, 'dev-a'));
    const read = readRecord(DOC_TYPES.openingChecklist, merged.fields);
    expect(read.complete).toBe(false);
    expect(read.value.counter).toBeUndefined();
    expect(read.value.answers).toBeUndefined();
    expect(read.value.staffId).toBe('s-1001');
  });

  it('refuses to write a record that does not fit its schema', () => {
    expect(() => recordFields(DOC_TYPES.openingChecklist, { ...checklist, counter: 0 })).toThrow();
    expect(() => recordFields(DOC_TYPES.morningMeeting, { day: '2025-06-03' } as never)).toThrow();
  });

  it('document ids start with the day and are valid doc-op ids', () => {
    const ids = [checklistDocId('2025-06-03', 12), meetingDocId('2025-06-03'), handoverDocId('2025-06-03', 12, '01JX5W3J8ZK6Q9V2M4N7P1R3T5')];
    expect(ids.map(dayOfDocId)).toEqual(['2025-06-03', '2025-06-03', '2025-06-03']);
    for (const docId of ids) expect(() => DocOpBody.parse({ docType: 'shift_handover', docId, field: 'day', value: 1, hlc: '000000000001000:00000:a', author: 'a' })).not.toThrow();
    expect(dayOfDocId('complaint-17')).toBeNull();
  });
});

describe('templates', () => {
  it('the defaults are valid and labelled in every language', () => {
    expect(BusinessDayTemplates.parse(T)).toEqual(T);
    const labels = [
      ...T.openingChecklist.groups.flatMap((g) => [g.label, ...g.items.map((i) => i.label)]),
      ...T.morningMeeting.appearance.map((i) => i.label),
      ...T.morningMeeting.sections.map((s) => s.label),
      ...T.handover.handedOver.map((i) => i.label),
      ...T.handover.checks.map((i) => i.label),
    ];
    for (const label of labels) for (const lang of LANGS) expect(label[lang].length).toBeGreaterThan(0);
  });

  it('the seed\'s four meeting steps are there, praise and plan required', () => {
    expect(T.morningMeeting.sections.map((s) => [s.id, s.required])).toEqual([
      ['results', false],
      ['praise', true],
      ['policy', false],
      ['plan', true],
    ]);
    expect(T.morningMeeting.minutes).toEqual({ min: 10, max: 15 });
  });

  it('refuses a checklist whose item ids repeat across groups', () => {
    const g = T.openingChecklist.groups[0]!;
    expect(OpeningChecklistTemplate.safeParse({ version: 1, groups: [g, { ...g, id: 'again' }] }).success).toBe(false);
  });
});
