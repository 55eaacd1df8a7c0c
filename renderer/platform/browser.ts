import { HOST_SOCKET_PATH } from '../../shared/host/wire.js';
import type { Platform } from './types.js';
import { WebSocketHostBridge } from './webSocketHost.js';

/** Turns an http(s) URL into the matching ws(s) URL. */
export function toWebSocketUrl(httpUrl: string, path: string): string {
  const url = new URL(path, httpUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** Browser host: the page's own origin is both the hub and the host (npm run web). */
export function browserPlatform(origin: string): Platform {
  const host = new WebSocketHostBridge({ url: toWebSocketUrl(origin, HOST_SOCKET_PATH) });
  return {
    kind: 'browser',
    host,
    hubUrl: () => Promise.resolve(origin.replace(/\/+$/, '')),
  };
}
