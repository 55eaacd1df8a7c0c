import { describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { encodeHlc } from '../../shared/time/hlc.js';
import { recordMonth } from './recordMonth.js';

describe('a record’s month', () => {
  it('is the UTC month of the time inside its ULID, whatever its HLC says', () => {
    const hlc = encodeHlc({ wallMs: Date.parse('2030-06-01T00:00:00Z'), counter: 0, node: 'n' });
    expect(recordMonth(ulid(Date.parse('2026-03-31T23:59:59.999Z')), hlc)).toBe('2026-03-01');
    expect(recordMonth(ulid(Date.parse('2026-04-01T00:00:00.000Z')), hlc)).toBe('2026-04-01');
    // 08:00 in Beijing on 1 April is still March in UTC: the key is one clock for every branch.
    expect(recordMonth(ulid(Date.parse('2026-03-31T23:00:00.000Z')), hlc)).toBe('2026-03-01');
  });

  it('is the same for the same id on every delivery', () => {
    const id = ulid(Date.parse('2025-12-15T10:00:00Z'));
    const months = ['2025-12-15T10:00:00.000Z', '2026-02-01T00:00:00.000Z'].map((w) => recordMonth(id, encodeHlc({ wallMs: Date.parse(w), counter: 3, node: 'x' })));
    expect(months).toEqual(['2025-12-01', '2025-12-01']);
  });

  it('falls back to the HLC for an id that is no ULID, and to 1970 without either', () => {
    expect(recordMonth('own-1', encodeHlc({ wallMs: Date.parse('2026-02-28T12:00:00Z'), counter: 0, node: 'n' }))).toBe('2026-02-01');
    expect(recordMonth('own-1', 'garbage')).toBe('1970-01-01');
  });
});
