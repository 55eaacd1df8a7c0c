import { isHostChannel } from '../../shared/host/contract.js';

export type RawInvoke = (channel: string, input: unknown) => Promise<unknown>;

export interface ExposedHost {
  invoke(channel: unknown, input?: unknown): Promise<unknown>;
}

// ipcRenderer.invoke wraps the main process's message as "Error invoking remote method 'ch': Error: code: ...".
const REMOTE_PREFIX = /^Error invoking remote method '[^']*': (?:\w*Error: )?/;

/** What crosses the bridge is "code: message", the same shape the browser host's socket gives. */
export function cleanRemoteMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(REMOTE_PREFIX, '');
}

/**
 * The only thing the page gets: invoke for channels the contract names. Anything else is
 * refused here, before it reaches IPC; main checks again anyway.
 */
export function createExposedHost(invoke: RawInvoke): ExposedHost {
  return {
    async invoke(channel, input) {
      if (!isHostChannel(channel)) throw new Error(`unknown_channel: unknown host channel: ${String(channel)}`);
      try {
        return await invoke(channel, input);
      } catch (err) {
        throw new Error(cleanRemoteMessage(err));
      }
    },
  };
}
