import { describe, expect, it } from 'vitest';
import { demoBranch } from '../config/demoBranch.js';
import { BranchConfig, StaffRole } from '../config/schema.js';
import { canListen, SignInRequest } from './access.js';

describe('canListen', () => {
  it('lets leads, auditors and head-office admins listen, and no teller', () => {
    expect(StaffRole.options.filter(canListen)).toEqual(['lead', 'auditor', 'hq_admin']);
  });
});

describe('staff roles in the configuration', () => {
  it('makes a staff member without a role a teller', () => {
    const config = demoBranch('2026-01-01');
    const raw = JSON.parse(JSON.stringify(config));
    delete raw.staff[0].role;
    expect(BranchConfig.parse(raw).staff[0]!.role).toBe('teller');
  });

  it('gives the demo branch a lead and an auditor who can sign in, and tellers who cannot listen', () => {
    const staff = demoBranch('2026-01-01').staff;
    const listeners = staff.filter((s) => canListen(s.role));
    expect(listeners.map((s) => s.role).sort()).toEqual(['auditor', 'lead']);
    expect(listeners.every((s) => s.pinHash !== undefined)).toBe(true);
    for (const c of demoBranch('2026-01-01').counters) expect(staff.find((s) => s.id === c.staffId)?.role).toBe('teller');
  });
});

describe('SignInRequest', () => {
  it('takes a staff id and a PIN of digits only', () => {
    expect(SignInRequest.safeParse({ staffId: 's-9001', pin: '246810' }).success).toBe(true);
    expect(SignInRequest.safeParse({ staffId: 's-9001', pin: '24a8' }).success).toBe(false);
    expect(SignInRequest.safeParse({ staffId: 's-9001', pin: '123' }).success).toBe(false);
  });
});
