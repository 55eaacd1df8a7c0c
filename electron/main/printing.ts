import type { BrowserWindowConstructorOptions, PrinterInfo as ElectronPrinterInfo, PrintToPDFOptions, WebContents, WebContentsPrintOptions } from 'electron';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HostError, TICKET_LENGTH_MM, type HostHandlers, type PaperWidth, type PrintResult } from '../../shared/host/contract.js';
import { appUrl } from './appOrigin.js';
import { secureWebPreferences } from './windows.js';

/** Receipt printers cut after the content; the page only has to be long enough for any ticket. */

export type TicketPlan = { mode: 'printed'; deviceName?: string } | { mode: 'pdf'; reason: string };

/**
 * A named printer that is gone (unplugged, renamed) gives a PDF rather than the OS default:
 * the default is often an office A4 printer that would waste a sheet per ticket.
 */
export function planTicketPrint(printers: readonly Pick<ElectronPrinterInfo, 'name'>[], printerName?: string): TicketPlan {
  if (printers.length === 0) return { mode: 'pdf', reason: 'no printer is installed' };
  if (!printerName) return { mode: 'printed' };
  if (printers.some((p) => p.name === printerName)) return { mode: 'printed', deviceName: printerName };
  return { mode: 'pdf', reason: `printer "${printerName}" is not installed` };
}

/** webContents.print takes microns. */
export function silentPrintOptions(paper: PaperWidth, deviceName?: string): WebContentsPrintOptions {
  return {
    silent: true,
    printBackground: true,
    ...(deviceName ? { deviceName } : {}),
    margins: { marginType: 'none' },
    pageSize: { width: paper * 1000, height: TICKET_LENGTH_MM[paper] * 1000 },
  };
}

/** printToPDF takes inches. */
export function ticketPdfOptions(paper: PaperWidth): PrintToPDFOptions {
  return {
    printBackground: true,
    margins: { top: 0, bottom: 0, left: 0, right: 0 },
    pageSize: { width: paper / 25.4, height: TICKET_LENGTH_MM[paper] / 25.4 },
  };
}

export function ticketPdfPath(userDataDir: string, now: Date): string {
  // ':' is not allowed in Windows file names.
  return path.join(userDataDir, 'tickets', `${now.toISOString().replace(/[:.]/g, '-')}.pdf`);
}

/** The URL to render; the contract only checks a leading "/", and "//host/x" would leave the app. */
export function ticketUrl(routePath: string): string {
  try {
    return appUrl(routePath);
  } catch {
    throw new HostError('bad_input', `printer:printTicket: ${routePath} is not an app route`);
  }
}

export function toPrinterInfo(printer: ElectronPrinterInfo): { name: string; isDefault: boolean } {
  // Electron dropped PrinterInfo.isDefault; read it if a runtime still sends it. An empty
  // printerName prints on the OS default anyway, so the renderer does not depend on it.
  const isDefault = (printer as { isDefault?: unknown }).isDefault === true;
  return { name: printer.name, isDefault };
}

/** Never shown; throttling would slow the hidden page's rendering, and so the ticket. */
export function ticketWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return { show: false, width: 420, height: 900, webPreferences: { ...secureWebPreferences(preloadPath), backgroundThrottling: false } };
}

export type TicketContents = Pick<WebContents, 'print' | 'printToPDF' | 'executeJavaScript'>;

export interface TicketWindow {
  loadURL(url: string): Promise<void>;
  readonly webContents: TicketContents;
  destroy(): void;
}

export interface PrintingDeps {
  /** A hidden window with the app's secure web preferences. */
  createTicketWindow(): TicketWindow;
  listPrinters(): Promise<ElectronPrinterInfo[]>;
  userDataDir: string;
  now?: () => Date;
  /** How long to wait for the ticket page to say it has rendered. */
  readyTimeoutMs?: number;
}

// The ticket page marks <html data-ready="true"> once its data is drawn; fonts must have loaded too.
const READY_PROBE = "document.documentElement.dataset.ready === 'true' && document.fonts.status === 'loaded'";

/**
 * 'did-finish-load' comes before the page has fetched and drawn the ticket. Past the timeout
 * we print what is there rather than leave a customer without a ticket.
 */
export async function waitForPrintReady(contents: Pick<WebContents, 'executeJavaScript'>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await contents.executeJavaScript(READY_PROBE)) === true) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function printSilently(contents: TicketContents, options: WebContentsPrintOptions): Promise<string | undefined> {
  return new Promise((resolve) => contents.print(options, (success, reason) => resolve(success ? undefined : reason || 'print failed')));
}

export type PrinterHandlers = Pick<HostHandlers, 'printer:list' | 'printer:printTicket'>;

export function createPrinterHandlers(deps: PrintingDeps): PrinterHandlers {
  const now = deps.now ?? (() => new Date());
  return {
    'printer:list': async () => (await deps.listPrinters()).map(toPrinterInfo),
    'printer:printTicket': async ({ path: routePath, paper, printerName }): Promise<PrintResult> => {
      const url = ticketUrl(routePath);
      const plan = planTicketPrint(await deps.listPrinters(), printerName);
      const win = deps.createTicketWindow();
      try {
        await win.loadURL(url);
        if (!(await waitForPrintReady(win.webContents, deps.readyTimeoutMs ?? 3000))) {
          console.warn(`[printing] ${routePath} did not report ready; printing it as it is`);
        }
        if (plan.mode === 'printed') {
          const failure = await printSilently(win.webContents, silentPrintOptions(paper, plan.deviceName));
          if (failure === undefined) return { mode: 'printed' };
          // Keep the ticket as a PDF so staff can still hand it over or reprint it.
          console.warn(`[printing] silent print failed (${failure}); saving a PDF`);
        } else {
          console.warn(`[printing] ${plan.reason}; saving a PDF`);
        }
        const pdfPath = ticketPdfPath(deps.userDataDir, now());
        const pdf = await win.webContents.printToPDF(ticketPdfOptions(paper));
        await mkdir(path.dirname(pdfPath), { recursive: true });
        await writeFile(pdfPath, pdf);
        return { mode: 'pdf', pdfPath };
      } finally {
        win.destroy();
      }
    },
  };
}
