import { describe, expect, it } from 'vitest';
import { demoBranch } from '../../../shared/config/demoBranch.js';
import { BranchConfig } from '../../../shared/config/schema.js';
import { publicConfig, withoutPinHashes } from './publicConfig.js';

describe('the configuration that leaves the hub', () => {
  it('has no PIN hash, and is still a valid configuration', () => {
    const config = demoBranch('2026-01-01');
    expect(config.staff.every((s) => s.pinHash !== undefined)).toBe(true);
    const out = publicConfig(config);
    expect(JSON.stringify(out)).not.toContain('scrypt$');
    expect(BranchConfig.parse(out).staff.map((s) => s.id)).toEqual(config.staff.map((s) => s.id));
    expect(publicConfig(config)).toBe(out);
    expect(JSON.stringify(withoutPinHashes(JSON.parse(JSON.stringify(config))))).not.toContain('scrypt$');
    expect(withoutPinHashes('x')).toBe('x');
  });
});
