import { describe, expect, it } from 'vitest';
import { demoBranch } from './demoBranch.js';
import { ConfigAppliedBody, diffSummary } from './versions.js';

const demo = () => JSON.parse(JSON.stringify(demoBranch('2026-03-02'))) as Record<string, any>;

describe('diffSummary', () => {
  it('says nothing changed for the same configuration', () => {
    expect(diffSummary(demo(), demo())).toEqual({ changes: [], total: 0 });
  });

  it('names each changed value with before and after, and a part added or removed as one line', () => {
    const before = demo();
    const after = demo();
    after.policy.alertWaitingCount = 12;
    after.services[0].name.en = 'Retail';
    after.counters.pop();
    after.hours.closedDates = ['2026-10-01'];
    expect(diffSummary(before, after).changes).toEqual([
      { path: ['services', 0, 'name', 'en'], change: 'changed', before: 'Personal Banking', after: 'Retail' },
      { path: ['counters', 3], change: 'removed' },
      { path: ['hours', 'closedDates', 0], change: 'added', after: '2026-10-01' },
      { path: ['policy', 'alertWaitingCount'], change: 'changed', before: 20, after: 12 },
    ]);
  });

  it('says a PIN verifier changed without showing it', () => {
    const after = demo();
    after.staff[0].pinHash = 'scrypt$16384$8$1$abc$def';
    const d = diffSummary(demo(), after);
    expect(d.changes).toEqual([{ path: ['staff', 0, 'pinHash'], change: 'changed' }]);
    expect(JSON.stringify(d)).not.toContain('scrypt');
  });

  it('keeps at most 60 lines but counts them all', () => {
    const after = demo();
    after.hours.closedDates = Array.from({ length: 80 }, (_, i) => `2026-01-${String((i % 28) + 1).padStart(2, '0')}`);
    const d = diffSummary(demo(), after);
    expect(d.changes).toHaveLength(60);
    expect(d.total).toBe(80);
  });
});

describe('ConfigAppliedBody', () => {
  it('carries a refusal with its issues, and refuses an unknown outcome', () => {
    const refused = { kind: 'config.branch', key: 'demo-001', version: 3, outcome: 'refused', issues: [{ code: 'unknown_service', path: ['counters', 2, 'services', 0], detail: { value: 'Q' } }], at: '2026-03-02T08:00:00.000Z' };
    expect(ConfigAppliedBody.parse(refused).issues[0]!.code).toBe('unknown_service');
    expect(ConfigAppliedBody.safeParse({ ...refused, outcome: 'maybe' }).success).toBe(false);
  });
});
