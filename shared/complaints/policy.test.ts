import { describe, expect, it } from 'vitest';
import { demoBranch } from '../config/demoBranch.js';
import { BranchConfig } from '../config/schema.js';
import { BANK_COMPLAINT_POLICY, ComplaintPolicy, complaintPolicyFor, GOVERNMENT_HALL_COMPLAINT_POLICY, OTHER_COMPLAINT_POLICY } from './policy.js';

describe('ComplaintPolicy', () => {
  it('has the defaults of each branch type', () => {
    expect(BANK_COMPLAINT_POLICY.complaint).toEqual({ unit: 'calendar', simpleDays: 15, complexDays: 30, approvedExtensionDays: 30, rollToWorkingDay: true });
    expect(BANK_COMPLAINT_POLICY).toMatchObject({ acknowledgeWorkingDays: 0, remindWorkingDaysBefore: 2, answerRequiresRecourse: true, extensionApproverRoles: ['hq_admin'] });
    expect(GOVERNMENT_HALL_COMPLAINT_POLICY.dissatisfiedRating).toMatchObject({ unit: 'working', simpleDays: 5 });
    expect(GOVERNMENT_HALL_COMPLAINT_POLICY.callback).toEqual({ complaint: 'reachable', dissatisfiedRating: 'real_name' });
    expect(OTHER_COMPLAINT_POLICY.complaint).toMatchObject({ unit: 'working', simpleDays: 15 });
  });

  it('fills what a configuration leaves out from its branch type', () => {
    expect(ComplaintPolicy.parse({ branchType: 'government_hall' })).toEqual(GOVERNMENT_HALL_COMPLAINT_POLICY);
    expect(ComplaintPolicy.parse({})).toEqual(BANK_COMPLAINT_POLICY);
    const custom = ComplaintPolicy.parse({ branchType: 'government_hall', remindWorkingDaysBefore: 1, complaint: { simpleDays: 3 } });
    expect(custom.remindWorkingDaysBefore).toBe(1);
    expect(custom.complaint).toEqual({ ...GOVERNMENT_HALL_COMPLAINT_POLICY.complaint, simpleDays: 3 });
  });

  it('refuses rules that contradict themselves', () => {
    expect(ComplaintPolicy.safeParse({ complaint: { simpleDays: 40 } }).success).toBe(false); // complex 30 < simple 40
    expect(ComplaintPolicy.safeParse({ complaint: { complexDays: null } }).success).toBe(false); // approved without complex
    expect(ComplaintPolicy.safeParse({ branchType: 'casino' }).success).toBe(false);
    expect(ComplaintPolicy.safeParse({ complaint: { unit: 'lunar' } }).success).toBe(false);
  });

  it('gives a fresh copy per branch type', () => {
    const p = complaintPolicyFor('bank');
    p.complaint.simpleDays = 1;
    expect(BANK_COMPLAINT_POLICY.complaint.simpleDays).toBe(15);
  });
});

describe('BranchConfig.complaints', () => {
  it('is the bank policy when a configuration has no complaints section', () => {
    const config = demoBranch('2026-09-30');
    expect(config.complaints).toEqual(BANK_COMPLAINT_POLICY);
    const { complaints: _none, ...without } = config;
    expect(BranchConfig.parse(without).complaints).toEqual(BANK_COMPLAINT_POLICY);
  });

  it('takes a government hall’s section from its type alone', () => {
    const config = BranchConfig.parse({ ...demoBranch('2026-09-30'), complaints: { branchType: 'government_hall' } });
    expect(config.complaints).toEqual(GOVERNMENT_HALL_COMPLAINT_POLICY);
  });
});
