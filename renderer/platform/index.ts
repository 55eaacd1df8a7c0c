// The one platform switch (like element-web's src/vector/platform): Electron when the preload
// exposed its bridge, otherwise the browser host over WebSocket. Nothing else looks at window.
import { browserPlatform } from './browser.js';
import { electronPlatform } from './electron.js';
import type { Platform } from './types.js';

export type { Platform } from './types.js';
export { toWebSocketUrl } from './browser.js';

let current: Platform | null = null;

export function getPlatform(): Platform {
  current ??= window.guichetHost ? electronPlatform(window.guichetHost) : browserPlatform(window.location.origin);
  return current;
}

/** Tests only. */
export function setPlatformForTests(platform: Platform | null): void {
  current = platform;
}
