import type { PaperWidth, PrintResult } from '../../shared/host/contract.js';
import { getPlatform } from '../platform/index.js';

/** The message the ticket page posts to its parent once it has drawn the ticket. */
export const TICKET_READY_MESSAGE = 'guichet:ticket-ready';

export type PrintMode = PrintResult['mode'];

/**
 * Prints an issued ticket. The host prints silently where it can (Electron); the browser host
 * answers 'dialog', and then the page prints the ticket route from a hidden frame. Without any
 * host (a plain browser) the frame is used as well.
 */
export async function printTicket(ticketPath: string, paper: PaperWidth): Promise<{ mode: PrintMode; pdfPath?: string }> {
  const platform = getPlatform();
  let result: PrintResult;
  try {
    result = await platform.host.invoke('printer:printTicket', { path: ticketPath, paper });
  } catch (err) {
    if (platform.kind === 'electron') throw err;
    result = { mode: 'dialog' };
  }
  if (result.mode === 'dialog') await printInFrame(ticketPath);
  return result.pdfPath ? { mode: result.mode, pdfPath: result.pdfPath } : { mode: result.mode };
}

/** Loads the ticket page in a hidden frame, waits until it is drawn, then opens the print dialog. */
export function printInFrame(path: string, readyTimeoutMs = 6000): Promise<void> {
  return new Promise((resolve, reject) => {
    const frame = document.createElement('iframe');
    frame.setAttribute('aria-hidden', 'true');
    frame.tabIndex = -1;
    frame.dataset.testid = 'print-frame';
    Object.assign(frame.style, { position: 'fixed', right: '0', bottom: '0', width: '0', height: '0', border: '0', opacity: '0' });
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      window.removeEventListener('message', onMessage);
      clearTimeout(timer);
      if (err) {
        frame.remove();
        reject(err);
        return;
      }
      try {
        frame.contentWindow?.focus();
        frame.contentWindow?.print();
        resolve();
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      } finally {
        // print() blocks until the dialog closes in most browsers; keep the frame a little anyway.
        setTimeout(() => frame.remove(), 60_000);
      }
    };
    const onMessage = (ev: MessageEvent) => {
      if (ev.source === frame.contentWindow && (ev.data as { type?: unknown } | null)?.type === TICKET_READY_MESSAGE) finish();
    };
    const timer = setTimeout(() => finish(new Error('the ticket page did not load in time')), readyTimeoutMs);
    window.addEventListener('message', onMessage);
    frame.src = path;
    document.body.appendChild(frame);
  });
}
