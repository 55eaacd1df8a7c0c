import type { HostBridge, HostKind } from '../../shared/host/contract.js';

/** What a screen needs from the machine it runs on, whichever host carries it. */
export interface Platform {
  readonly kind: HostKind;
  /** The host bridge (printer, displays, app info). */
  readonly host: HostBridge;
  /** Base URL of the branch hub's LAN API, without a trailing slash, e.g. "http://10.0.0.5:8080". */
  hubUrl(): Promise<string>;
}

declare global {
  interface Window {
    /** Exposed by the Electron preload through contextBridge; absent in a plain browser. */
    guichetHost?: HostBridge;
  }
}
