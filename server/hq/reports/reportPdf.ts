import { existsSync, readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { QueueError } from '../../../shared/api/errors.js';
import type { Lang } from '../../../shared/i18n/localized.js';
import { percentText } from './reportTables.js';
import type { Cell, ReportDoc, ReportTable } from './reportTables.js';

/** Debian's fonts-noto-cjk: one collection with the Simplified and Traditional faces. */
export const CJK_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const FACE: Record<Lang, string> = { 'zh-CN': 'NotoSansCJKsc-Regular', 'zh-TW': 'NotoSansCJKtc-Regular', en: 'NotoSansCJKsc-Regular' };

/** The report needs CJK glyphs; without the font it says so plainly instead of printing empty boxes. */
export function requireCjkFont(path: string = CJK_FONT): string {
  if (!existsSync(path)) {
    throw new QueueError('internal', `the monthly report's PDF needs the CJK font ${path} (Debian/Ubuntu package fonts-noto-cjk); install it and generate again`, 'report_font_missing');
  }
  return path;
}

function cellText(c: Cell): string {
  if (c === null) return '—';
  if (typeof c === 'object') return percentText(c.share);
  return String(c);
}

const MARGIN = 40;
const ROW = 16;

/** Column widths in proportion to the longest text of each column (header included), filling the page. */
function widths(doc: PDFKit.PDFDocument, t: ReportTable, total: number): number[] {
  const texts = [t.header, ...t.rows.map((r) => r.map(cellText))];
  const raw = t.header.map((_, i) => Math.max(...texts.map((r) => doc.widthOfString(r[i] ?? ''))) + 8);
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((w) => (w * total) / Math.max(sum, total));
}

function table(doc: PDFKit.PDFDocument, t: ReportTable): void {
  const pageWidth = doc.page.width - 2 * MARGIN;
  // A title never sits alone at the foot of a page: it moves over with its first rows.
  if (doc.y + 8 + 20 + 3 * ROW > doc.page.height - MARGIN) doc.addPage();
  doc.fontSize(12).text(t.title, MARGIN, doc.y + 8);
  doc.moveDown(0.3);
  doc.fontSize(8);
  const w = widths(doc, t, pageWidth);
  const drawRow = (cells: string[], head: boolean): void => {
    if (doc.y + ROW > doc.page.height - MARGIN) doc.addPage();
    const y = doc.y;
    if (head) doc.rect(MARGIN, y - 2, pageWidth, ROW).fill('#e8edf3').fillColor('#000');
    let x = MARGIN;
    cells.forEach((c, i) => {
      doc.text(c, x + 2, y, { width: w[i]! - 4, height: ROW, ellipsis: true, lineBreak: false });
      x += w[i]!;
    });
    doc.moveTo(MARGIN, y + ROW - 3).lineTo(MARGIN + pageWidth, y + ROW - 3).strokeColor('#d0d7de').lineWidth(0.5).stroke();
    doc.x = MARGIN;
    doc.y = y + ROW;
  };
  drawRow(t.header, true);
  for (const r of t.rows) drawRow(r.map(cellText), false);
}

/** The font file read once (20 MB: reading and parsing it per report cost most of a report's time). */
const fontBytes = new Map<string, Buffer>();

/** The report as a PDF (A4 landscape), text in the report's language with the CJK face for it. */
export function renderPdf(r: ReportDoc, lang: Lang, fontPath: string = CJK_FONT): Promise<Buffer> {
  const path = requireCjkFont(fontPath);
  let font = fontBytes.get(path);
  if (!font) fontBytes.set(path, (font = readFileSync(path)));
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: MARGIN, info: { Title: r.title, Producer: 'Guichet' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('cjk', font, FACE[lang]);
    doc.font('cjk');
    doc.fontSize(18).text(r.title, MARGIN, MARGIN);
    doc.moveDown(0.3).fontSize(10);
    for (const h of r.heading) doc.text(h);
    for (const t of r.tables) table(doc, t);
    doc.end();
  });
}
