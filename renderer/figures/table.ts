import type { Lang } from '../../shared/i18n/localized.js';
import { formatCount, formatRate, formatSeconds, NONE } from './format.js';

/*
 * One description per table, read by both the screen and the exports: the columns' headers (in
 * the screen's language), what each cell holds and of what kind. The screen formats a cell for
 * reading; the exports keep numbers as numbers (XLSX) or in a form spreadsheets read back (CSV),
 * so the file and the screen can never disagree about what a column is.
 */

/** text: as is; count: a whole number; seconds: a length of time; rate: a share 0..1. */
export type CellKind = 'text' | 'count' | 'seconds' | 'rate';
export type CellValue = string | number | null;
/** How a cell is coloured against its target. */
export type Level = 'ok' | 'warn' | 'alert';

export interface Column<R> {
  id: string;
  header: string;
  kind: CellKind;
  // Methods, not function properties: a table of any row type then passes as FigureTable<unknown>
  // (method parameters are compared both ways), which the exports take.
  value(row: R): CellValue;
  /** What the screen shows instead of the value's own format (a day in words). */
  display?(row: R): string;
  level?(row: R): Level | undefined;
}

export interface FigureTable<R = unknown> {
  /** Machine name, part of test ids and file names: "services", "tellers". */
  name: string;
  title: string;
  columns: Column<R>[];
  rows: R[];
  /** A key per row, for React and for tests. */
  rowKey(row: R): string;
}

/** A table whatever its rows, as the exports take it. */
export type AnyTable = FigureTable<unknown>;

export function cellText<R>(column: Column<R>, row: R, lang: Lang): string {
  if (column.display) return column.display(row);
  const v = column.value(row);
  if (v === null) return NONE;
  switch (column.kind) {
    case 'count':
      return typeof v === 'number' ? formatCount(v, lang) : v;
    case 'seconds':
      return typeof v === 'number' ? formatSeconds(v) : v;
    case 'rate':
      return typeof v === 'number' ? formatRate(v, lang) : v;
    default:
      return String(v);
  }
}
