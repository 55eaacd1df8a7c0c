import type { Session, WebContents } from 'electron';
import { isAppUrl } from './appOrigin.js';

/**
 * Everything else is denied. media: the counter's microphone (later); speaker-selection:
 * routing the hall's announcements to a chosen output.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['media', 'speaker-selection']);

export function permissionDecision(permission: string, origin: string | undefined): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(origin);
}

/** A kiosk must never end up on another site, whatever link or redirect the page contains. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/**
 * The hub is reached over loopback (HTTP and WebSocket), or at the branch hub's one address in
 * remote-hub mode (electron/main/remoteHub.ts); announcement audio may be a blob: made from
 * synthesized speech. Inline styles stay allowed for React style props.
 */
export function appCsp(remoteHubUrl?: string): string {
  let connect = "connect-src 'self' http://127.0.0.1:* ws://127.0.0.1:* http://localhost:* ws://localhost:*";
  if (remoteHubUrl) {
    const origin = new URL(remoteHubUrl).origin;
    connect = `connect-src 'self' ${origin} ${origin.replace(/^http/, 'ws')}`;
  }
  return [
    "default-src 'self' guichet:",
    connect,
    "media-src 'self' guichet: blob:",
    "img-src 'self' data: guichet:",
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The policy of a workstation running its own hub on loopback. */
export const APP_CSP = appCsp();

export function appResponseHeaders(contentType: string, csp: string = APP_CSP): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    // The renderer is rebuilt with each release and read from disk; caching only risks stale code after an update.
    'Cache-Control': 'no-store',
  };
}

export type PermissionSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>;

export function installPermissionHandlers(session: PermissionSession): void {
  // Clearing first drops grants Chromium may have cached from an earlier handler.
  session.setPermissionRequestHandler(null);
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const allowed = permissionDecision(permission, details.requestingUrl);
    if (!allowed) console.warn(`[security] denied permission ${permission} for ${details.requestingUrl}`);
    callback(allowed);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionDecision(permission, requestingOrigin));
  session.setDevicePermissionHandler(() => false);
}

export type HardenableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** Applied to every WebContents Electron creates, including hidden print windows. */
export function hardenWebContents(contents: HardenableContents): void {
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (isAllowedNavigation(url)) return;
    console.warn(`[security] blocked navigation to ${url}`);
    event.preventDefault();
  };
  contents.on('will-navigate', (event, url) => guard(event, url));
  contents.on('will-frame-navigate', (event) => guard(event, event.url));
  contents.on('will-redirect', (event, url) => guard(event, url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    console.warn(`[security] blocked window.open(${url})`);
    return { action: 'deny' };
  });
}
