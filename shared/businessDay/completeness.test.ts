import { describe, expect, it } from 'vitest';
import { DEFAULT_BUSINESS_DAY_TEMPLATES as T } from './defaults.js';
import { checklistDone, checklistMissing, checklistProblems, handoverMissing, meetingDone, meetingMissing } from './completeness.js';
import type { HandoverDraft, MeetingDraft } from './completeness.js';
import { checklistItems } from './templates.js';

const items = checklistItems(T.openingChecklist).map((i) => i.id);
const allOk = Object.fromEntries(items.map((id) => [id, 'ok' as const]));

describe('opening checklist', () => {
  it('asks for every item of the template, in order, when nothing is answered', () => {
    expect(checklistMissing(T.openingChecklist, {})).toEqual(items.map((item) => ({ kind: 'answer', item })));
    expect(items).toEqual(['computer', 'caller_keypad', 'rating_keypad', 'printer', 'intercom', 'cash_float', 'name_plate', 'counter_tidy']);
  });

  it('names exactly the items still open', () => {
    const { printer: _p, cash_float: _c, ...rest } = allOk;
    expect(checklistMissing(T.openingChecklist, { answers: rest, notes: {} })).toEqual([
      { kind: 'answer', item: 'printer' },
      { kind: 'answer', item: 'cash_float' },
    ]);
  });

  it('a problem counts as answered only with a note saying what is wrong', () => {
    const answers = { ...allOk, printer: 'problem' as const };
    expect(checklistMissing(T.openingChecklist, { answers, notes: {} })).toEqual([{ kind: 'note', item: 'printer' }]);
    expect(checklistMissing(T.openingChecklist, { answers, notes: { printer: '   ' } })).toEqual([{ kind: 'note', item: 'printer' }]);
    expect(checklistMissing(T.openingChecklist, { answers, notes: { printer: 'out of paper, roll ordered' } })).toEqual([]);
    expect(checklistProblems({ answers })).toEqual(['printer']);
  });

  it('is done only once submitted with nothing missing', () => {
    expect(checklistDone(T.openingChecklist, { answers: allOk, notes: {} })).toBe(false);
    expect(checklistDone(T.openingChecklist, { answers: allOk, notes: {}, submittedAt: '2025-06-03T00:45:00.000Z' })).toBe(true);
    const { intercom: _i, ...partial } = allOk;
    expect(checklistDone(T.openingChecklist, { answers: partial, notes: {}, submittedAt: '2025-06-03T00:45:00.000Z' })).toBe(false);
    expect(checklistDone(T.openingChecklist, null)).toBe(false);
  });

  it('an item head office adds later is asked for', () => {
    const more = { ...T.openingChecklist, version: 2, groups: [...T.openingChecklist.groups, { id: 'extra', label: { 'zh-CN': '宣传资料', 'zh-TW': '宣傳資料', en: 'Leaflets' }, items: [{ id: 'leaflets', label: { 'zh-CN': '宣传资料', 'zh-TW': '宣傳資料', en: 'Leaflets' } }] }] };
    expect(checklistMissing(more, { answers: allOk, notes: {} })).toEqual([{ kind: 'answer', item: 'leaflets' }]);
  });

  it('an answer keyed like an Object property is not taken for an answer', () => {
    const tpl = { ...T.openingChecklist, groups: [{ id: 'g', label: T.openingChecklist.groups[0]!.label, items: [{ id: 'constructor', label: T.openingChecklist.groups[0]!.label }] }] };
    expect(checklistMissing(tpl, { answers: {}, notes: {} })).toEqual([{ kind: 'answer', item: 'constructor' }]);
  });
});

const staff = [{ id: 's-1' }, { id: 's-2' }, { id: 's-3' }];
const appearanceOk = Object.fromEntries(T.morningMeeting.appearance.map((i) => [i.id, 'ok' as const]));
const fullMeeting: MeetingDraft = {
  chair: '赵行长',
  startedAt: '08:30',
  durationMinutes: 12,
  attendance: { 's-1': 'present', 's-2': 'present', 's-3': 'leave' },
  appearance: { 's-1': appearanceOk, 's-2': appearanceOk },
  appearanceNotes: {},
  sections: { praise: '王丽 got three thank-you notes', plan: 'Pension day: window 2 opens for A at 10:00' },
};

describe('morning meeting', () => {
  it('is complete with chair, time, everyone\'s attendance, the appearance of those present and the required sections', () => {
    expect(meetingMissing(T.morningMeeting, staff, fullMeeting)).toEqual([]);
    expect(meetingDone(T.morningMeeting, staff, { ...fullMeeting, submittedAt: '2025-06-03T00:45:00.000Z' })).toBe(true);
    expect(meetingDone(T.morningMeeting, staff, fullMeeting)).toBe(false);
  });

  it('lists what an empty form lacks', () => {
    expect(meetingMissing(T.morningMeeting, staff, {})).toEqual([
      { kind: 'field', field: 'chair' },
      { kind: 'field', field: 'startedAt' },
      { kind: 'field', field: 'durationMinutes' },
      { kind: 'attendance', staffId: 's-1' },
      { kind: 'attendance', staffId: 's-2' },
      { kind: 'attendance', staffId: 's-3' },
      { kind: 'section', section: 'praise' },
      { kind: 'section', section: 'plan' },
    ]);
  });

  it('checks the appearance of those present only, and wants a note for a problem', () => {
    const draft = { ...fullMeeting, appearance: { 's-1': { ...appearanceOk, badge: 'problem' as const } } };
    expect(meetingMissing(T.morningMeeting, staff, draft)).toEqual([
      { kind: 'appearance_note', staffId: 's-1' },
      ...T.morningMeeting.appearance.map((i) => ({ kind: 'appearance', staffId: 's-2', item: i.id })),
    ]);
    expect(meetingMissing(T.morningMeeting, staff, { ...draft, appearance: { ...draft.appearance, 's-2': appearanceOk }, appearanceNotes: { 's-1': 'badge left at home; spare issued' } })).toEqual([]);
  });

  it('a meeting nobody attended is not a meeting', () => {
    const draft = { ...fullMeeting, attendance: { 's-1': 'absent' as const, 's-2': 'leave' as const, 's-3': 'absent' as const }, appearance: {} };
    expect(meetingMissing(T.morningMeeting, staff, draft)).toEqual([{ kind: 'nobody_present' }]);
  });

  it('optional sections may stay empty, required ones may not be blank', () => {
    expect(meetingMissing(T.morningMeeting, staff, { ...fullMeeting, sections: { praise: ' ', plan: 'x' } })).toEqual([{ kind: 'section', section: 'praise' }]);
  });
});

const fullHandover: HandoverDraft = {
  fromStaffId: 's-1',
  toStaffId: 's-2',
  handedOver: { cash: '20,000.00', vouchers: '12', seals_keys: '1 seal, 2 keys' },
  checks: { counter_clean: 'ok', devices_ok: 'ok' },
  checkNotes: {},
  handedOverAt: '2025-06-03T05:00:00.000Z',
};

describe('shift handover', () => {
  it('is complete with two tellers, every amount and every check', () => {
    expect(handoverMissing(T.handover, fullHandover)).toEqual([]);
  });

  it('lists what an empty form lacks', () => {
    expect(handoverMissing(T.handover, {})).toEqual([
      { kind: 'field', field: 'fromStaffId' },
      { kind: 'field', field: 'toStaffId' },
      { kind: 'handed_over', item: 'cash' },
      { kind: 'handed_over', item: 'vouchers' },
      { kind: 'handed_over', item: 'seals_keys' },
      { kind: 'answer', item: 'counter_clean' },
      { kind: 'answer', item: 'devices_ok' },
      { kind: 'field', field: 'handedOverAt' },
    ]);
  });

  it('a teller cannot hand over to themselves', () => {
    expect(handoverMissing(T.handover, { ...fullHandover, toStaffId: 's-1' })).toEqual([{ kind: 'same_teller' }]);
  });

  it('a damaged device needs a note', () => {
    expect(handoverMissing(T.handover, { ...fullHandover, checks: { ...fullHandover.checks, devices_ok: 'problem' } })).toEqual([{ kind: 'note', item: 'devices_ok' }]);
  });
});
