import { describe, expect, it } from 'vitest';
import type { HqDelta } from '../../../shared/hq/deltas.js';
import { HQ_SUM_FIELDS } from '../../../shared/hq/sums.js';
import { DeltaRows } from './deltaRows.js';
import type { DeltaRow } from './deltaRows.js';

const cell = (counter: number, day = '2026-03-02') => ({ branchId: 'b1', day, counter, staffId: `s-${counter}`, service: 'A' });
const at = (field: (typeof HQ_SUM_FIELDS)[number]): number => 6 + HQ_SUM_FIELDS.indexOf(field);

/** A transaction that answers the once-key insert with the keys in `fresh` and records the upsert's parameters. */
function fakeTx(fresh: readonly string[]) {
  const calls: Array<{ sql: string; params: unknown[] }> = [];
  return {
    calls,
    query: async <T,>(sql: string, params: unknown[] = []): Promise<{ rows: T[] }> => {
      calls.push({ sql, params });
      if (sql.includes('hq_fig_once')) {
        const [branches, keys] = params as [string[], string[]];
        return { rows: keys.flatMap((key, i) => (fresh.includes(key) ? [{ branch_id: branches[i], key }] : [])) as T[] };
      }
      return { rows: [] };
    },
  };
}

/** The upsert's cells as {counter: sum of `field`}. */
function upserted(calls: Array<{ sql: string; params: unknown[] }>, field: (typeof HQ_SUM_FIELDS)[number]): Record<number, number> {
  const up = calls.find((c) => c.sql.includes('insert into hq_fig_day'));
  if (!up) return {};
  const counters = up.params[2] as number[];
  // The sums go as array literals, '{1,0}'.
  const values = String(up.params[5 + HQ_SUM_FIELDS.indexOf(field)]).replace(/[{}]/g, '').split(',').map(Number);
  return Object.fromEntries(counters.map((c, i) => [c, values[i]!]));
}

describe('DeltaRows: a batch of deltas folded for the day table', () => {
  it('sums deltas of one cell, keeps the first delta of each once-key, and leaves the sums of others at 0', () => {
    const rows = new DeltaRows();
    const deltas: HqDelta[] = [
      { cell: cell(1), sums: { served: 1, handlingSecondsSum: 300 } },
      { cell: cell(1), sums: { served: 1, handlingSecondsSum: 200 } },
      { cell: cell(1), sums: { waitCount: 1, waitSecondsSum: 60 }, once: 'wait:t1' },
      // The same ticket called again (after a transfer): not a second wait.
      { cell: cell(2), sums: { waitCount: 1, waitSecondsSum: 600 }, once: 'wait:t1' },
    ];
    for (const d of deltas) rows.add(d);
    const out = rows.rows();
    expect(out).toHaveLength(2);
    const always = out.find((r) => r[5] === null)!;
    expect(always[at('served')]).toBe(2);
    expect(always[at('handlingSecondsSum')]).toBe(500);
    expect(always[at('waitCount')]).toBe(0);
    const once = out.find((r) => r[5] === 'wait:t1')!;
    expect(once[2]).toBe(1);
    expect(once[at('waitSecondsSum')]).toBe(60);
  });

  it('folds logged batches again in log order: cells add up, the earlier batch keeps a once-key, an older shorter row reads as 0', () => {
    const first = new DeltaRows();
    first.add({ cell: cell(1), sums: { arrivals: 2 } });
    first.add({ cell: cell(1), sums: { greeted: 1 }, once: 'greet:t9' });
    const second = new DeltaRows();
    second.add({ cell: cell(1), sums: { arrivals: 3 } });
    second.add({ cell: cell(4), sums: { greeted: 1 }, once: 'greet:t9' });
    const merged = new DeltaRows();
    for (const batch of [first, second]) for (const r of JSON.parse(JSON.stringify(batch.rows())) as DeltaRow[]) merged.addRow(r);
    // A row logged before the last sums were added: shorter, same meaning.
    merged.addRow(['b1', '2026-03-02', 7, 's-7', 'A', null, 1]);
    const out = merged.rows();
    expect(out).toHaveLength(3);
    expect(out.find((r) => r[5] === null && r[2] === 1)![at('arrivals')]).toBe(5);
    const older = out.find((r) => r[2] === 7)!;
    expect(older).toHaveLength(6 + HQ_SUM_FIELDS.length);
    expect(older[at('arrivals')]).toBe(1);
    expect(older.slice(7).every((n) => n === 0)).toBe(true);
    expect(out.find((r) => r[5] === 'greet:t9')![2]).toBe(1);
  });

  it('adds a once-key row only when the database says the key is new here', async () => {
    const rows = new DeltaRows();
    rows.add({ cell: cell(1), sums: { arrivals: 1 } });
    rows.add({ cell: cell(1), sums: { waitCount: 1 }, once: 'wait:new' });
    rows.add({ cell: cell(3), sums: { waitCount: 1 }, once: 'wait:seen-before' });
    const tx = fakeTx(['wait:new']);
    await rows.apply(tx);
    expect(tx.calls[0]!.sql).toContain('hq_fig_once');
    expect(upserted(tx.calls, 'waitCount')).toEqual({ 1: 1 });
    expect(upserted(tx.calls, 'arrivals')).toEqual({ 1: 1 });
  });

  it('writes nothing for no deltas', async () => {
    const tx = fakeTx([]);
    await new DeltaRows().apply(tx);
    expect(tx.calls).toHaveLength(0);
  });
});
