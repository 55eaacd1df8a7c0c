import ExcelJS from 'exceljs';
import type { Cell, ReportDoc } from './reportTables.js';

/** Sheet names: at most 31 characters, none of : \ / ? * [ ]. */
const sheetName = (s: string): string => s.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);

/** The report as a workbook: the heading on the first sheet, one sheet per table; shares as percent-formatted numbers. */
export async function renderXlsx(r: ReportDoc): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Guichet';
  wb.title = r.title;
  r.tables.forEach((t, k) => {
    const ws = wb.addWorksheet(sheetName(t.title));
    let rowNo = 1;
    if (k === 0) {
      ws.getCell(1, 1).value = r.title;
      ws.getCell(1, 1).font = { bold: true, size: 14 };
      r.heading.forEach((h, i) => (ws.getCell(2 + i, 1).value = h));
      rowNo = r.heading.length + 3;
    }
    const head = ws.getRow(rowNo);
    t.header.forEach((h, i) => (head.getCell(i + 1).value = h));
    head.font = { bold: true };
    t.rows.forEach((cells, j) => {
      const row = ws.getRow(rowNo + 1 + j);
      cells.forEach((c: Cell, i) => {
        const cell = row.getCell(i + 1);
        if (c !== null && typeof c === 'object') {
          cell.value = c.share;
          cell.numFmt = '0.0%';
        } else cell.value = c;
      });
    });
    t.header.forEach((h, i) => (ws.getColumn(i + 1).width = Math.max(10, Math.min(40, h.length * 2 + 4))));
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
