import { describe, expect, it } from 'vitest';
import { MAX_PREPARED_TEXTS, pgQuery } from './sqlDb.js';

describe('statements kept prepared', () => {
  it('names a fixed text once, the same way every time, and keeps no more than MAX_PREPARED_TEXTS texts', () => {
    const fixed = pgQuery('select $1::int', [1], { prepared: true });
    expect(fixed.name).toMatch(/^g_[0-9a-f]{24}$/);
    expect(pgQuery('select $1::int', [2], { prepared: true }).name).toBe(fixed.name);
    expect(pgQuery('select 1', undefined, undefined).name).toBeUndefined();
    // A caller whose text varies: the first texts up to the cap are named, the rest run unprepared.
    const names = Array.from({ length: MAX_PREPARED_TEXTS + 10 }, (_, i) => pgQuery(`select ${i} + $1::int`, [i], { prepared: true }).name);
    expect(names.filter((n) => n !== undefined).length).toBe(MAX_PREPARED_TEXTS - 1);
    // Texts named before the cap keep their names.
    expect(pgQuery('select $1::int', [3], { prepared: true }).name).toBe(fixed.name);
    expect(pgQuery(`select ${MAX_PREPARED_TEXTS + 5} + $1::int`, [0], { prepared: true })).toEqual({ text: `select ${MAX_PREPARED_TEXTS + 5} + $1::int`, values: [0] });
  });
});
