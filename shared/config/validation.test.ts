import { describe, expect, it } from 'vitest';
import { demoBranch } from './demoBranch.js';
import type { BranchConfig } from './schema.js';
import { validateBranchConfig } from './validation.js';
import type { ConfigIssue } from './validation.js';
import { bankCatalogue as BANK_CATALOGUE } from '../phrases/data/bank.js';

/** A plain JSON copy of the demo branch, as the HQ screen would send it. */
function demo(): Record<string, any> {
  return JSON.parse(JSON.stringify(demoBranch('2026-03-02'))) as Record<string, any>;
}

function issuesOf(input: unknown): ConfigIssue[] {
  const r = validateBranchConfig(input);
  return r.ok ? [] : r.issues;
}

function codesAt(input: unknown): string[] {
  return issuesOf(input).map((i) => `${i.code}@${i.path.join('.')}`);
}

describe('validateBranchConfig', () => {
  it('accepts the demo branch and gives back the parsed configuration', () => {
    const r = validateBranchConfig(demo());
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.config.branchId).toBe('demo-001');
  });

  it('accepts every default catalogue of a branch type once set explicitly', () => {
    const c = demo();
    c.standards.phraseCatalogue = BANK_CATALOGUE;
    expect(validateBranchConfig(c).ok).toBe(true);
  });

  it("names a region's missing language and a region id that is not one, and accepts a branch with no region", () => {
    const c = demo();
    c.region = { id: 'East China', name: { 'zh-CN': '华东区', 'zh-TW': '華東區', en: ' ' } };
    expect(codesAt(c)).toEqual(['missing_language@region.name.en', 'invalid@region.id']);
    delete c.region;
    expect(validateBranchConfig(c).ok).toBe(true);
  });

  it('names the window and the service when a window serves an unknown service', () => {
    const c = demo();
    c.counters[2].services = ['B', 'Z'];
    expect(issuesOf(c)).toEqual([{ code: 'unknown_service', path: ['counters', 2, 'services', 1], detail: { value: 'Z' } }]);
  });

  it('names the phrase and the language when a phrase misses a language, or has a blank one', () => {
    const c = demo();
    c.standards.phraseCatalogue = structuredClone(BANK_CATALOGUE);
    delete c.standards.phraseCatalogue.phrases[3].text.en;
    c.standards.phraseCatalogue.phrases[5].text['zh-TW'] = '   ';
    expect(codesAt(c)).toEqual([
      'missing_language@standards.phraseCatalogue.phrases.3.text.en',
      'missing_language@standards.phraseCatalogue.phrases.5.text.zh-TW',
    ]);
  });

  it('finds a missing language in a service name and a pause sign too', () => {
    const c = demo();
    c.services[0].name = { 'zh-CN': '个人业务', en: 'Personal' };
    c.standards.pausePolicies.break.sign.en = '';
    expect(codesAt(c)).toEqual(['missing_language@services.0.name.zh-TW', 'missing_language@standards.pausePolicies.break.sign.en']);
  });

  it('refuses overlapping sessions of one day, naming the later one', () => {
    const c = demo();
    c.hours.weekly[1] = [
      { open: '13:00', close: '17:00' },
      { open: '09:00', close: '13:30' },
    ];
    c.hours.weekly[2] = [
      { open: '09:00', close: '12:00' },
      { open: '12:00', close: '17:00' },
    ];
    expect(issuesOf(c)).toEqual([{ code: 'hours_overlap', path: ['hours', 'weekly', 1, 0], detail: { other: 1 } }]);
  });

  it('refuses overlapping sessions of an adjusted working day and a date both closed and opened', () => {
    const c = demo();
    c.hours.closedDates = ['2026-10-01', '2026-10-01'];
    c.hours.extraOpenDates = [
      { date: '2026-10-01', sessions: [{ open: '09:00', close: '17:00' }] },
      { date: '2026-10-11', sessions: [{ open: '09:00', close: '17:00' }, { open: '16:00', close: '18:00' }] },
    ];
    expect(codesAt(c)).toEqual([
      'hours_overlap@hours.extraOpenDates.1.sessions.1',
      'duplicate_date@hours.closedDates.1',
      'duplicate_date@hours.extraOpenDates.0.date',
    ]);
  });

  it('refuses thresholds out of range with the range', () => {
    const c = demo();
    c.policy.alertWaitingCount = 2000;
    c.policy.maxWaitMinutes = 0;
    c.standards.ratings.timeoutSeconds = 1;
    const issues = issuesOf(c);
    expect(issues).toContainEqual({ code: 'out_of_range', path: ['policy', 'maxWaitMinutes'], detail: { min: 0 } });
    expect(issues).toContainEqual({ code: 'out_of_range', path: ['standards', 'ratings', 'timeoutSeconds'], detail: { min: 5 } });
    // The schema passed this one; the cross-field limit catches it once the rest is right.
    c.policy.maxWaitMinutes = 45;
    c.standards.ratings.timeoutSeconds = 30;
    expect(issuesOf(c)).toEqual([{ code: 'out_of_range', path: ['policy', 'alertWaitingCount'], detail: { min: 1, max: 500 } }]);
  });

  it('refuses duplicate staff ids and badges, and a window whose teller is not on the staff', () => {
    const c = demo();
    c.staff[1].id = 's-1001';
    c.staff[3].badge = '1003';
    expect(codesAt(c)).toEqual([
      'duplicate_staff_id@staff.1.id',
      'duplicate_badge@staff.3.badge',
      'unknown_staff@counters.1.staffId',
    ]);
  });

  it('refuses duplicate windows and services, and open-window minimums no window can meet', () => {
    const c = demo();
    c.counters[3].number = 1;
    c.services.push({ ...c.services[1] });
    c.standards.openWindows = { minPerService: 1, services: { B: 3, Q: 1 }, minTotal: 9, closeNeedsApproval: true };
    expect(codesAt(c)).toEqual([
      'duplicate_service@services.3.code',
      'duplicate_window@counters.3.number',
      'not_enough_windows@standards.openWindows.services.B',
      'unknown_service@standards.openWindows.services.Q',
      'not_enough_windows@standards.openWindows.minTotal',
    ]);
  });

  it('names a target given twice, or out of range', () => {
    const c = demo();
    c.services[0].targetWaitSeconds = 60;
    expect(codesAt(c)).toEqual(['target_units@services.0.targetWaitMinutes']);
    delete c.services[0].targetWaitSeconds;
    c.services[0].targetHandlingMinutes = 900;
    expect(codesAt(c)).toEqual(['out_of_range@services.0.targetHandlingMinutes']);
  });

  it('refuses an unknown time zone and names missing fields', () => {
    const c = demo();
    c.hours.timezone = 'Asia/Nowhere';
    expect(codesAt(c)).toEqual(['bad_timezone@hours.timezone']);
    delete c.policy;
    expect(codesAt(c)).toEqual(['required@policy']);
    c.policy = 'strict';
    expect(issuesOf(c)).toEqual([{ code: 'invalid', path: ['policy'], detail: { message: expect.stringContaining('expected object') } }]);
  });

  it('reports a duplicate phrase id as such', () => {
    const c = demo();
    c.standards.phraseCatalogue = structuredClone(BANK_CATALOGUE);
    c.standards.phraseCatalogue.phrases[1].id = c.standards.phraseCatalogue.phrases[0].id;
    expect(codesAt(c)).toContain('duplicate_phrase@standards.phraseCatalogue.phrases.1.id');
  });

  it('keeps the parsed defaults of a configuration without optional sections', () => {
    const c = demo();
    delete c.standards;
    const r = validateBranchConfig(c);
    expect(r.ok).toBe(true);
    if (r.ok) expect((r.config as BranchConfig).standards.readyMinutesBeforeOpening).toBe(10);
  });
});
