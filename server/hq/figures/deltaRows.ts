import type { HqDelta } from '../../../shared/hq/deltas.js';
import { HQ_SUM_FIELDS, cellKey } from '../../../shared/hq/sums.js';
import type { HqSumField } from '../../../shared/hq/sums.js';
import type { SqlTx } from '../../db/sqlDb.js';
import { SUM_COLUMNS } from './columns.js';

/**
 * One row of deltas for the day table: the cell, the once-key (null: counted always), and the
 * sums in HQ_SUM_FIELDS order. Plain arrays, so a batch's rows go into the delta log as compact
 * JSON and come back out as they went in.
 */
export type DeltaRow = [branchId: string, day: string, counter: number, staffId: string, service: string, once: string | null, ...sums: number[]];

const FIELD_AT = new Map<HqSumField, number>(HQ_SUM_FIELDS.map((f, i) => [f, 6 + i]));
const CELL_END = 6;

/**
 * Deltas folded in the order they come: those counted always are summed per cell; of those
 * counted once per key, the first of each key is kept (one row each, since only the database
 * knows whether the key is new). Sums are added in place: this runs for every record stored, and
 * a fresh object per delta (addSums) was most of the store hook's time in JavaScript.
 */
export class DeltaRows {
  private readonly always = new Map<string, DeltaRow>();
  private readonly once = new Map<string, DeltaRow>();

  get size(): number {
    return this.always.size + this.once.size;
  }

  add(d: HqDelta): void {
    const c = d.cell;
    if (d.once !== undefined) {
      const key = `${c.branchId}|${d.once}`;
      if (this.once.has(key)) return;
      const row = emptyRow(c.branchId, c.day, c.counter, c.staffId, c.service, d.once);
      addInto(row, d);
      this.once.set(key, row);
      return;
    }
    const key = cellKey(c);
    let row = this.always.get(key);
    if (!row) this.always.set(key, (row = emptyRow(c.branchId, c.day, c.counter, c.staffId, c.service, null)));
    addInto(row, d);
  }

  /**
   * A row folded before (a logged batch's), folded again with these. A row logged by an older
   * version may have fewer sums (a sum added since): the missing ones are 0.
   */
  addRow(r: DeltaRow): void {
    const once = r[5];
    const map = once === null ? this.always : this.once;
    const key = once === null ? cellKey({ branchId: r[0], day: r[1], counter: r[2], staffId: r[3], service: r[4] }) : `${r[0]}|${once}`;
    let row = map.get(key);
    // Of one once-key, the first row counts.
    if (row && once !== null) return;
    if (!row) map.set(key, (row = emptyRow(r[0], r[1], r[2], r[3], r[4], once)));
    for (let i = CELL_END; i < row.length; i++) (row as number[])[i]! += Number(r[i] ?? 0);
  }

  rows(): DeltaRow[] {
    return [...this.always.values(), ...this.once.values()];
  }

  /**
   * Adds the rows to the day table in two statements: the once-keys first (only those new here
   * let their row through), then one upsert of the summed cells, in key order (two writers in
   * different orders could deadlock; they also hold lockDayTable).
   */
  async apply(tx: Pick<SqlTx, 'query'>): Promise<void> {
    if (this.size === 0) return;
    let fresh = new Set<string>();
    if (this.once.size > 0) {
      const list = [...this.once.values()];
      const { rows } = await tx.query<{ branch_id: string; key: string }>(
        `insert into hq_fig_once (branch_id, key, day)
         select * from unnest($1::text[], $2::text[], $3::date[])
         on conflict do nothing returning branch_id, key`,
        [list.map((r) => r[0]), list.map((r) => r[5]), list.map((r) => r[1])],
        { prepared: true },
      );
      fresh = new Set(rows.map((r) => `${r.branch_id}|${r.key}`));
    }
    const cells = new DeltaRows();
    for (const r of this.always.values()) cells.addRow(r);
    for (const [key, r] of this.once) if (fresh.has(key)) cells.addRow([r[0], r[1], r[2], r[3], r[4], null, ...(r.slice(CELL_END) as number[])]);
    const list = cells.rows();
    if (list.length === 0) return;
    const cols = SUM_COLUMNS.map((c) => c.column);
    await tx.query(
      `insert into hq_fig_day (branch_id, day, counter, staff_id, service, ${cols.join(', ')})
       select * from unnest($1::text[], $2::date[], $3::int[], $4::text[], $5::text[], ${cols.map((_, i) => `$${i + 6}::bigint[]`).join(', ')})
         as d(branch_id, day, counter, staff_id, service, ${cols.join(', ')})
       order by branch_id, day, counter, staff_id, service
       on conflict (branch_id, day, counter, staff_id, service) do update set
         ${cols.map((c) => `${c} = hq_fig_day.${c} + excluded.${c}`).join(',\n         ')}`,
      [
        list.map((r) => r[0]),
        list.map((r) => r[1]),
        list.map((r) => r[2]),
        list.map((r) => r[3]),
        list.map((r) => r[4]),
        // Numbers as array literals made here: the driver quotes and escapes every element.
        ...SUM_COLUMNS.map((_, i) => `{${list.map((r) => r[CELL_END + i] as number).join(',')}}`),
      ],
      { prepared: true },
    );
  }
}

function emptyRow(branchId: string, day: string, counter: number, staffId: string, service: string, once: string | null): DeltaRow {
  const row: DeltaRow = [branchId, day, counter, staffId, service, once];
  for (let i = 0; i < HQ_SUM_FIELDS.length; i++) row.push(0);
  return row;
}

function addInto(row: DeltaRow, d: HqDelta): void {
  for (const f in d.sums) (row as number[])[FIELD_AT.get(f as HqSumField)!]! += d.sums[f as HqSumField] ?? 0;
}
