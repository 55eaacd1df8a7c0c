import { describe, expect, it } from 'vitest';
import { DEMO_SIGN_INS, demoBranch } from '../../../shared/config/demoBranch.js';
import { DUMMY_PIN_HASH, hashPin, verifyPin } from './pinHash.js';

describe('PIN hashes', () => {
  it('verify the right PIN only, and refuse a hash they cannot read', async () => {
    const hash = await hashPin('246810');
    expect(await verifyPin('246810', hash)).toBe(true);
    expect(await verifyPin('246811', hash)).toBe(false);
    expect(await verifyPin('246810', 'scrypt$99999999$8$1$aa$bb')).toBe(false);
    expect(await verifyPin('246810', 'plain:246810')).toBe(false);
    expect(await verifyPin('246810', DUMMY_PIN_HASH)).toBe(false);
  });

  it('match the demo branch’s documented 6-digit PINs, for everyone', async () => {
    const staff = demoBranch('2026-01-01').staff;
    expect(DEMO_SIGN_INS.map((d) => d.staffId).sort()).toEqual(staff.map((s) => s.id).sort());
    for (const d of DEMO_SIGN_INS) {
      const s = staff.find((x) => x.id === d.staffId)!;
      expect(d.pin).toMatch(/^\d{6}$/);
      expect([s.role, s.badge]).toEqual([d.role, d.badge]);
      expect(await verifyPin(d.pin, s.pinHash!), d.staffId).toBe(true);
    }
  });
});
