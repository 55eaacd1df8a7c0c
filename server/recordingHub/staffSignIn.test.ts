import { describe, expect, it } from 'vitest';
import { demoBranch } from '../../shared/config/demoBranch.js';
import type { BranchConfig } from '../../shared/config/schema.js';
import { hashPin, verifyPin } from './pinHash.js';
import { StaffSignIn } from './staffSignIn.js';

describe('PIN hashes', () => {
  it('verify the right PIN only, and refuse a hash they cannot read', async () => {
    const hash = await hashPin('2468');
    expect(await verifyPin('2468', hash)).toBe(true);
    expect(await verifyPin('2469', hash)).toBe(false);
    expect(await verifyPin('2468', 'scrypt$99999999$8$1$aa$bb')).toBe(false);
    expect(await verifyPin('2468', 'plain:2468')).toBe(false);
  });

  it('match the demo branch’s documented PINs', async () => {
    const staff = demoBranch('2026-01-01').staff;
    expect(await verifyPin('2468', staff.find((s) => s.id === 's-9001')!.pinHash!)).toBe(true);
    expect(await verifyPin('1357', staff.find((s) => s.id === 's-9002')!.pinHash!)).toBe(true);
  });
});

describe('StaffSignIn', () => {
  it('gives a token that expires, and reads the role again at every check', async () => {
    let now = 1_000_000;
    let config: BranchConfig = demoBranch('2026-01-01');
    const signIn = new StaffSignIn({ config: () => config, now: () => now, tokenTtlMs: 60_000 });
    const { token, role } = await signIn.signIn('s-9001', '2468');
    expect(role).toBe('lead');
    expect(signIn.requireListener(token).staffId).toBe('s-9001');
    // Demoted to teller by a new configuration: refused at once.
    config = { ...config, staff: config.staff.map((s) => (s.id === 's-9001' ? { ...s, role: 'teller' as const } : s)) };
    expect(() => signIn.requireListener(token)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    config = demoBranch('2026-01-01');
    now += 60_001;
    expect(() => signIn.requireListener(token)).toThrow(expect.objectContaining({ code: 'unauthorized' }));
  });

  it('refuses staff without a PIN', async () => {
    const signIn = new StaffSignIn({ config: () => demoBranch('2026-01-01') });
    await expect(signIn.signIn('s-1001', '1001')).rejects.toMatchObject({ code: 'unauthorized' });
  });
});
