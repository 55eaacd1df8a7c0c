import Papa from 'papaparse';
import type { AnyTable, CellValue, Column, FigureTable } from './table.js';

/*
 * Tables to files the lead opens in a spreadsheet: XLSX with exceljs (numbers stay numbers,
 * lengths of time are Excel durations, shares are percentages) and CSV with papaparse. Headers
 * are the screen's (already translated in the table). Both are made in the page: no round trip
 * to the hub, and what is exported is what the lead is looking at.
 */

/** Excel opens a CSV as UTF-8 only with the byte-order mark; without it Chinese headers are mojibake. */
const BOM = '\uFEFF';

/** 754 seconds → "0:12:34": spreadsheets read h:mm:ss as a length of time ("12:34" would be 12 h 34 min). */
export function hms(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function csvCell<R>(column: Column<R>, row: R): string | number {
  const v = column.value(row);
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (column.kind === 'seconds') return hms(v);
  // A locale-free percentage ("85.3%"), which spreadsheets read as 0.853.
  if (column.kind === 'rate') return `${(v * 100).toFixed(1)}%`;
  return v;
}

/** The table as CSV text, BOM first, CRLF line ends (what Excel writes itself). */
export function tableToCsv<R>(table: FigureTable<R>): string {
  return (
    BOM +
    Papa.unparse(
      { fields: table.columns.map((c) => c.header), data: table.rows.map((row) => table.columns.map((c) => csvCell(c, row))) },
      { newline: '\r\n' },
    )
  );
}

const SECONDS_PER_DAY = 86_400;
const NUM_FMT: Partial<Record<Column<unknown>['kind'], string>> = { seconds: '[h]:mm:ss', rate: '0.0%', count: '0' };

function xlsxCell<R>(column: Column<R>, row: R): CellValue {
  const v = column.value(row);
  if (v === null || typeof v === 'string') return v;
  return column.kind === 'seconds' ? v / SECONDS_PER_DAY : v;
}

/** Excel refuses sheet names over 31 characters or with []:*?/\ in them, and duplicates. */
function sheetName(title: string, taken: Set<string>): string {
  const base = title.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 28) || 'Sheet';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base} ${i}`;
  taken.add(name.toLowerCase());
  return name;
}

/** One workbook, one sheet per table, headers bold and frozen; the file's bytes. */
export async function tablesToXlsx(tables: readonly AnyTable[], heading?: string): Promise<ArrayBuffer> {
  // exceljs is large: loaded when the lead first exports, not with the lead station.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Guichet';
  const taken = new Set<string>();
  for (const table of tables) {
    const sheet = workbook.addWorksheet(sheetName(table.title, taken), { views: [{ state: 'frozen', ySplit: 1 }] });
    if (heading) sheet.headerFooter.oddHeader = heading;
    sheet.columns = table.columns.map((c) => ({ header: c.header, key: c.id, width: Math.max(10, Math.min(40, c.header.length * (/[\u3000-\u9fff\uff00-\uffef]/.test(c.header) ? 2.2 : 1.2) + 2)), style: NUM_FMT[c.kind] ? { numFmt: NUM_FMT[c.kind] } : {} }));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) sheet.addRow(table.columns.map((c) => xlsxCell(c, row)));
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return buffer as ArrayBuffer;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv;charset=utf-8';

/** Hands the bytes to the browser as a download named `fileName`. */
export function download(data: ArrayBuffer | string, type: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked after the click has been handled: revoking at once can cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export async function downloadXlsx(tables: readonly AnyTable[], fileName: string, heading?: string): Promise<void> {
  download(await tablesToXlsx(tables, heading), XLSX_TYPE, `${fileName}.xlsx`);
}

export function downloadCsv(table: AnyTable, fileName: string): void {
  download(tableToCsv(table), CSV_TYPE, `${fileName}.csv`);
}
