import type { HostBridge } from '../../shared/host/contract.js';
import type { Platform } from './types.js';

/** Electron: the preload's bridge; the hub may be another machine on the LAN (from app:info). */
export function electronPlatform(bridge: HostBridge): Platform {
  let hub: Promise<string> | null = null;
  return {
    kind: 'electron',
    host: bridge,
    hubUrl() {
      hub ??= bridge.invoke('app:info', undefined).then(
        (info) => trimSlash(info.hubUrl),
        (err: unknown) => {
          hub = null; // ask again next time
          throw err;
        },
      );
      return hub;
    },
  };
}

export function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
