import { describe, it, expect } from 'vitest';
import { DEFAULT_PAUSE_POLICIES as policies } from './defaults.js';
import { PausePolicies } from './schema.js';

describe('DEFAULT_PAUSE_POLICIES', () => {
  it('needs the lead’s consent for breaks, internal chores, the lead’s own call and anything else (seed 003 (8) 6)', () => {
    const needing = Object.entries(policies)
      .filter(([, p]) => p.needsApproval)
      .map(([r]) => r)
      .sort();
    expect(needing).toEqual(['break', 'called_by_lead', 'cash_replenishment', 'other']);
  });

  it('does not hold up a handover or a device failure for consent', () => {
    expect(policies.shift_handover.needsApproval).toBe(false);
    expect(policies.device_failure.needsApproval).toBe(false);
  });

  it('keeps the chosen lengths', () => {
    expect(Object.fromEntries(Object.entries(policies).map(([r, p]) => [r, p.allowedMinutes]))).toEqual({
      break: 15,
      shift_handover: 10,
      device_failure: 30,
      cash_replenishment: 10,
      called_by_lead: 15,
      other: 10,
    });
  });

  it('a branch configuration missing a reason is refused', () => {
    const { other: _other, ...partial } = policies;
    expect(PausePolicies.safeParse(partial).success).toBe(false);
    expect(PausePolicies.safeParse(policies).success).toBe(true);
  });

  it('never tells customers about cash on a sign', () => {
    for (const p of Object.values(policies)) {
      expect(`${p.sign['zh-CN']}${p.sign['zh-TW']}${p.sign.en}`).not.toMatch(/现金|現金|cash/i);
    }
  });
});
