import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { dispatchHostCall, HostError, hostContract, type HostChannel, type HostHandlers } from '../../../shared/host/contract.js';
import { isAppUrl } from '../appOrigin.js';

export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;
export type SenderCheck = (frame: WebFrameMain | null) => boolean;

/**
 * Only the app's own top-level documents may call the host. A subframe or a page that got
 * navigated elsewhere keeps the preload's bridge, so the check must be on the sender itself.
 */
export function isAppFrame(frame: Pick<WebFrameMain, 'url' | 'parent'> | null): boolean {
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

/**
 * Electron only carries `message` across IPC, so the error code travels in it:
 * "bad_input: printer:printTicket: ...". The preload strips Electron's own prefix.
 */
function toIpcError(err: unknown): Error {
  if (err instanceof HostError) return new Error(`${err.code}: ${err.message}`);
  const message = err instanceof Error ? err.message : String(err);
  return new Error(`failed: ${message}`);
}

/**
 * One `handle` per contract channel and nothing else, so a renderer cannot reach a channel
 * the contract does not name. Returns a disposer that removes exactly those handlers.
 */
export function registerHostHandlers(ipcMain: IpcMainLike, handlers: HostHandlers, isTrustedSender: SenderCheck): () => void {
  const channels = Object.keys(hostContract) as HostChannel[];
  for (const channel of channels) {
    // Electron throws on a second handle() for a channel; removing first makes re-registration safe.
    ipcMain.removeHandler(channel);
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, input: unknown) => {
      if (!isTrustedSender(event.senderFrame)) {
        console.warn(`[ipc] refused ${channel} from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
        throw toIpcError(new HostError('forbidden_sender', `${channel}: the sender is not the app`));
      }
      try {
        return await dispatchHostCall(handlers, channel, input);
      } catch (err) {
        throw toIpcError(err);
      }
    });
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
