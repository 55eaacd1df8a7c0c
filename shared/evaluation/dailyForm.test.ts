import { describe, expect, it } from 'vitest';
import { DAILY_ITEMS, DAILY_MAX_TOTAL, DailySheetInput, fullMarks, sheetTotal } from './dailyForm.js';

describe('the daily on-site evaluation form', () => {
  it('scores six items out of 100 in all', () => {
    expect(DAILY_ITEMS.map((i) => i.id)).toEqual(['appearance', 'attitude', 'language', 'discipline', 'quality', 'efficiency']);
    expect(DAILY_MAX_TOTAL).toBe(100);
    expect(sheetTotal(fullMarks())).toBe(100);
    expect(sheetTotal({ ...fullMarks(), attitude: 12, quality: 18 })).toBe(90);
  });

  it('takes a full sheet, and a deduction with its reason', () => {
    expect(DailySheetInput.safeParse({ scores: fullMarks(), baseRevision: 0 }).success).toBe(true);
    const docked = { scores: { ...fullMarks(), language: 10 }, notes: { language: '未使用“您好”问候' }, remark: '午后较忙', baseRevision: 1 };
    expect(DailySheetInput.parse(docked)).toMatchObject({ notes: { language: '未使用“您好”问候' }, remark: '午后较忙' });
  });

  it('refuses a missing item, a score over the item’s maximum, a deduction without its reason, unknown fields', () => {
    const { efficiency: _e, ...missing } = fullMarks();
    expect(DailySheetInput.safeParse({ scores: missing, baseRevision: 0 }).success).toBe(false);
    expect(DailySheetInput.safeParse({ scores: { ...fullMarks(), appearance: 16 }, baseRevision: 0 }).success).toBe(false);
    const noReason = DailySheetInput.safeParse({ scores: { ...fullMarks(), attitude: 15 }, notes: { attitude: '  ' }, baseRevision: 0 });
    expect(noReason.success).toBe(false);
    expect(noReason.error?.issues[0]?.path).toEqual(['notes', 'attitude']);
    expect(DailySheetInput.safeParse({ scores: fullMarks(), baseRevision: 0, by: 's-9001' }).success).toBe(false);
    expect(DailySheetInput.safeParse({ scores: { ...fullMarks(), other: 3 }, baseRevision: 0 }).success).toBe(false);
  });
});
