import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PrinterInfo, WebContentsPrintOptions } from 'electron';
import { createPrinterHandlers, planTicketPrint, waitForPrintReady, silentPrintOptions, ticketPdfOptions, ticketPdfPath, ticketUrl, ticketWindowOptions, toPrinterInfo, type TicketWindow } from './printing.js';

const printer = (name: string, extra: object = {}) => ({ name, displayName: name, description: '', options: {}, ...extra }) as PrinterInfo;

describe('planTicketPrint', () => {
  it('prints silently when a printer exists', () => {
    expect(planTicketPrint([printer('EPSON_TM_T20')])).toEqual({ mode: 'printed' });
    expect(planTicketPrint([printer('Office'), printer('EPSON_TM_T20')], 'EPSON_TM_T20')).toEqual({ mode: 'printed', deviceName: 'EPSON_TM_T20' });
  });
  it('saves a PDF when there is no printer, or not the named one', () => {
    expect(planTicketPrint([])).toMatchObject({ mode: 'pdf' });
    expect(planTicketPrint([], 'EPSON_TM_T20')).toMatchObject({ mode: 'pdf' });
    expect(planTicketPrint([printer('Office')], 'EPSON_TM_T20')).toMatchObject({ mode: 'pdf', reason: expect.stringContaining('EPSON_TM_T20') });
  });
});

describe('page sizes', () => {
  it('sizes the receipt in microns for print', () => {
    expect(silentPrintOptions(80, 'EPSON')).toEqual({
      silent: true,
      printBackground: true,
      deviceName: 'EPSON',
      margins: { marginType: 'none' },
      pageSize: { width: 80_000, height: 125_000 }, // the renderer lays the 80 mm ticket out on 125 mm
    });
    expect(silentPrintOptions(58)).not.toHaveProperty('deviceName');
    expect(silentPrintOptions(58).pageSize).toEqual({ width: 58_000, height: 105_000 });
  });
  it('sizes the receipt in inches for PDF', () => {
    const size = ticketPdfOptions(80).pageSize as { width: number; height: number };
    expect(size.width).toBeCloseTo(3.1496, 3);
    expect(size.height).toBeCloseTo(125 / 25.4, 3);
    expect(ticketPdfOptions(58).margins).toEqual({ top: 0, bottom: 0, left: 0, right: 0 });
  });
});

describe('paths', () => {
  it('names PDFs by time, without characters Windows forbids', () => {
    const p = ticketPdfPath('/data', new Date('2025-03-04T08:09:10.123Z'));
    expect(p).toBe(path.join('/data', 'tickets', '2025-03-04T08-09-10-123Z.pdf'));
  });
  it('keeps ticket routes inside the app', () => {
    expect(ticketUrl('/ticket/01J9?paper=80')).toBe('guichet://app/ticket/01J9?paper=80');
    expect(() => ticketUrl('//evil.example/ticket')).toThrow(/bad|not an app route/);
  });
  it('renders tickets in a hidden, isolated window', () => {
    expect(ticketWindowOptions('/p.cjs')).toMatchObject({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, preload: '/p.cjs' } });
  });
  it('reports printers', () => {
    expect(toPrinterInfo(printer('A'))).toEqual({ name: 'A', isDefault: false });
    expect(toPrinterInfo(printer('B', { isDefault: true }))).toEqual({ name: 'B', isDefault: true });
  });
});

describe('printer:printTicket', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'guichet-print-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function fakeWindow(printSucceeds = true) {
    const win = {
      loadURL: vi.fn(async (_url: string) => {}),
      destroy: vi.fn(),
      webContents: {
        executeJavaScript: vi.fn(async () => true),
        print: vi.fn((_opts: WebContentsPrintOptions, cb?: (ok: boolean, reason: string) => void) => cb?.(printSucceeds, printSucceeds ? '' : 'Print job failed')),
        printToPDF: vi.fn(async () => Buffer.from('%PDF-1.7 fake')),
      },
    };
    return win;
  }

  function handlers(printers: PrinterInfo[], win: ReturnType<typeof fakeWindow>) {
    return createPrinterHandlers({
      createTicketWindow: () => win as unknown as TicketWindow,
      listPrinters: async () => printers,
      userDataDir: dir,
      now: () => new Date('2025-03-04T08:09:10.123Z'),
      readyTimeoutMs: 0,
    });
  }

  const input = { path: '/ticket/01J9ZQ?paper=80', paper: 80 as const, printerName: 'EPSON' };

  it('prints silently on the named printer', async () => {
    const win = fakeWindow();
    await expect(handlers([printer('EPSON')], win)['printer:printTicket'](input)).resolves.toEqual({ mode: 'printed' });
    expect(win.loadURL).toHaveBeenCalledWith('guichet://app/ticket/01J9ZQ?paper=80');
    expect(win.webContents.print.mock.calls[0]?.[0]).toEqual(silentPrintOptions(80, 'EPSON'));
    expect(win.webContents.printToPDF).not.toHaveBeenCalled();
    expect(win.destroy).toHaveBeenCalled();
  });

  it('saves a PDF under tickets/ when no printer exists', async () => {
    const win = fakeWindow();
    const result = await handlers([], win)['printer:printTicket'](input);
    expect(result).toEqual({ mode: 'pdf', pdfPath: path.join(dir, 'tickets', '2025-03-04T08-09-10-123Z.pdf') });
    expect(await readFile(result.pdfPath!, 'utf8')).toBe('%PDF-1.7 fake');
    expect(win.webContents.print).not.toHaveBeenCalled();
    expect(win.destroy).toHaveBeenCalled();
  });

  it('falls back to a PDF when the silent print fails', async () => {
    const win = fakeWindow(false);
    await expect(handlers([printer('EPSON')], win)['printer:printTicket'](input)).resolves.toMatchObject({ mode: 'pdf' });
  });

  it('closes the hidden window when loading fails', async () => {
    const win = fakeWindow();
    win.loadURL.mockRejectedValueOnce(new Error('ERR_FILE_NOT_FOUND'));
    await expect(handlers([printer('EPSON')], win)['printer:printTicket'](input)).rejects.toThrow('ERR_FILE_NOT_FOUND');
    expect(win.destroy).toHaveBeenCalled();
  });

  it('lists printers', async () => {
    await expect(handlers([printer('EPSON')], fakeWindow())['printer:list'](undefined)).resolves.toEqual([{ name: 'EPSON', isDefault: false }]);
  });
});

describe('waitForPrintReady', () => {
  it('waits for the page to say it has rendered, within a limit', async () => {
    const answers = [false, false, true];
    const contents = { executeJavaScript: vi.fn(async () => answers.shift() ?? false) };
    await expect(waitForPrintReady(contents as never, 5000)).resolves.toBe(true);
    expect(contents.executeJavaScript).toHaveBeenCalledTimes(3);
    const never = { executeJavaScript: vi.fn(async () => false) };
    await expect(waitForPrintReady(never as never, 0)).resolves.toBe(false);
  });
});
