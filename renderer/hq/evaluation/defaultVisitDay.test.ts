import { describe, expect, it } from 'vitest';
import { defaultVisitDay } from './InspectionSection.js';

describe('the visit day an inspection sheet starts with', () => {
  it('is today for this month’s sheet, filled on the visit', () => {
    expect(defaultVisitDay('2026-12', '2026-12-07')).toBe('2026-12-07');
  });
  it('is the last day of an earlier month, whatever its length', () => {
    expect(defaultVisitDay('2026-11', '2026-12-07')).toBe('2026-11-30');
    expect(defaultVisitDay('2028-02', '2028-03-01')).toBe('2028-02-29');
    expect(defaultVisitDay('2026-01', '2026-12-07')).toBe('2026-01-31');
  });
});
