import { HQ_SUM_FIELDS } from '../../../shared/hq/sums.js';
import type { HqSumField, HqSums } from '../../../shared/hq/sums.js';

/** The day table's sum columns, one per field of HqSums (snake case). */
export const SUM_COLUMNS: ReadonlyArray<{ field: HqSumField; column: string }> = HQ_SUM_FIELDS.map((field) => ({
  field,
  column: field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
}));

/** `sum(x) as x, ...` for a grouped read. */
export const SUM_SELECT = SUM_COLUMNS.map((c) => `sum(${c.column}) as ${c.column}`).join(', ');

/** A row of sums read back (bigint sums arrive as strings from PostgreSQL). */
export function sumsOfRow(row: Record<string, unknown>): HqSums {
  return Object.fromEntries(SUM_COLUMNS.map((c) => [c.field, Number(row[c.column] ?? 0)])) as HqSums;
}
