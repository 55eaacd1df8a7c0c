import { describe, expect, it } from 'vitest';
import { BRANCH_TEMPLATE, InspectionSheetInput, InspectionTemplate, TELLER_TEMPLATE, inspectionScoresFor, sheetIssues, sheetTotal } from './inspection.js';

const full = (t: InspectionTemplate): Record<string, number> => Object.fromEntries(t.items.map((i) => [i.id, i.max]));
const input = (over: Partial<InspectionSheetInput>): InspectionSheetInput =>
  InspectionSheetInput.parse({ templateId: BRANCH_TEMPLATE.id, kind: 'onsite', branchId: 'b1', visitedOn: '2026-11-12', scores: full(BRANCH_TEMPLATE), ...over });

describe('inspection sheet templates', () => {
  it('defaults add up to 100 points, so a full sheet scores 100 and the pass mark (95) means what the seed says', () => {
    for (const t of [BRANCH_TEMPLATE, TELLER_TEMPLATE]) {
      expect(t.items.reduce((n, i) => n + i.max, 0)).toBe(100);
      expect(sheetTotal(t.items, full(t))).toBe(100);
    }
  });

  it('totals points as given when weights equal maxima', () => {
    expect(sheetTotal(BRANCH_TEMPLATE.items, { ...full(BRANCH_TEMPLATE), environment: 17, skills: 14 })).toBe(91);
  });

  it('weights decide an item’s share, whatever its maximum', () => {
    const items = [
      { id: 'a', label: BRANCH_TEMPLATE.name, max: 10, weight: 75 },
      { id: 'b', label: BRANCH_TEMPLATE.name, max: 5, weight: 25 },
    ];
    // Half of a (37.5) and all of b (25).
    expect(sheetTotal(items, { a: 5, b: 5 })).toBe(62.5);
    // Over-the-maximum and missing items cannot raise the total.
    expect(sheetTotal(items, { a: 99 })).toBe(75);
  });

  it('refuses templates with a repeated item or nothing weighed', () => {
    const item = BRANCH_TEMPLATE.items[0]!;
    expect(InspectionTemplate.safeParse({ ...BRANCH_TEMPLATE, items: [item, item] }).success).toBe(false);
    expect(InspectionTemplate.safeParse({ ...BRANCH_TEMPLATE, items: [{ ...item, weight: 0 }] }).success).toBe(false);
  });
});

describe('a filled sheet against its template', () => {
  it('a full branch sheet has no issues', () => {
    expect(sheetIssues(BRANCH_TEMPLATE, input({}))).toEqual([]);
  });

  it('names each field that is wrong', () => {
    const paths = sheetIssues(BRANCH_TEMPLATE, input({ staffId: 's-1', scores: { ...full(BRANCH_TEMPLATE), environment: 25, skills: 10, ghost: 1 } })).map((i) => i.path);
    expect(paths.sort()).toEqual(['notes.skills', 'scores.environment', 'scores.ghost', 'staffId']);
  });

  it('a teller sheet must name the teller; a deduction with its reason passes', () => {
    const t = input({ templateId: TELLER_TEMPLATE.id, kind: 'mystery', scores: { ...full(TELLER_TEMPLATE), greeting: 10 }, notes: { greeting: '未起身' } });
    expect(sheetIssues(TELLER_TEMPLATE, t).map((i) => i.path)).toEqual(['staffId']);
    expect(sheetIssues(TELLER_TEMPLATE, { ...t, staffId: 's-1001' })).toEqual([]);
  });
});

describe('inspectionScoresFor', () => {
  const sheets = [
    { month: '2026-11', branchId: 'b1', staffId: null, total: 96 },
    { month: '2026-11', branchId: 'b1', staffId: null, total: 90 },
    { month: '2026-11', branchId: 'b1', staffId: 's-1', total: 80 },
    { month: '2026-11', branchId: 'b1', staffId: 's-1', total: 85 },
    { month: '2026-11', branchId: 'b1', staffId: 's-2', total: 100 },
    { month: '2026-10', branchId: 'b1', staffId: null, total: 10 },
    { month: '2026-11', branchId: 'b2', staffId: null, total: 10 },
  ];

  it('averages each subject’s sheets of that branch and month only', () => {
    expect(inspectionScoresFor('2026-11', 'b1', sheets)).toEqual({ month: '2026-11', branchId: 'b1', branch: 93, tellers: { 's-1': 82.5, 's-2': 100 }, sheets: 5 });
  });

  it('a branch not inspected has no score (null), not a zero', () => {
    expect(inspectionScoresFor('2026-12', 'b1', sheets)).toMatchObject({ branch: null, tellers: {}, sheets: 0 });
  });
});
