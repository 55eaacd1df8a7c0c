import type { CustomScheme, Protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { APP_SCHEME, isAppUrl } from './appOrigin.js';
import { APP_CSP, appResponseHeaders } from './security.js';

/**
 * standard: real origin and relative URLs; secure: counts as a secure context (media, crypto);
 * supportFetchAPI + corsEnabled: the renderer may fetch its own assets and the hub;
 * stream: <audio> of announcement clips plays from a streamed response.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true },
};

/** Must run before app 'ready': Chromium fixes scheme privileges at startup. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

export type AppPathResolution =
  | { kind: 'file'; filePath: string }
  | { kind: 'spa'; filePath: string }
  | { kind: 'missing'; reason: string }
  | { kind: 'refused'; reason: string };

/**
 * Under the browser host these are the hub's, on the page's own origin. Here the hub is
 * elsewhere (app:info's hubUrl); a clear 404 beats index.html parsed as JSON.
 */
const HUB_PREFIXES = ['/api', '/host'];

/**
 * Maps guichet://app/<path> to a file under rendererDir. Paths without an extension are
 * client-side routes (/counter/3) and get index.html. Decoding happens before the
 * containment check so "%2e%2e%2f" and "..%5c" cannot climb out.
 */
export function resolveAppPath(rendererDir: string, url: string): AppPathResolution {
  if (!isAppUrl(url)) return { kind: 'refused', reason: 'not an app URL' };
  const root = path.resolve(rendererDir);
  let decoded: string;
  try {
    decoded = decodeURIComponent(new URL(url).pathname);
  } catch {
    return { kind: 'refused', reason: 'malformed escape' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'refused', reason: 'forbidden character' };
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return { kind: 'refused', reason: 'path traversal' };

  const first = `/${segments[0] ?? ''}`;
  if (HUB_PREFIXES.includes(first)) return { kind: 'missing', reason: `${decoded} belongs to the hub; use the hubUrl from app:info` };

  const last = segments.at(-1) ?? '';
  if (path.posix.extname(last) === '') return { kind: 'spa', filePath: path.join(root, 'index.html') };

  const filePath = path.resolve(root, ...segments);
  const relative = path.relative(root, filePath);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return { kind: 'refused', reason: 'outside the renderer' };
  return { kind: 'file', filePath };
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.webm': 'audio/webm',
  '.wasm': 'application/wasm',
};

export function mimeType(filePath: string): string {
  return MIME[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export type ReadFile = (filePath: string) => Promise<Uint8Array>;

/**
 * The whole guichet:// server, written against fetch's Request/Response so it runs under plain
 * Node in tests. `csp`: the policy naming the hub the pages may reach (security.ts appCsp).
 */
export function createAppRequestHandler(rendererDir: string, read: ReadFile = readFile, csp: string = APP_CSP): (request: Request) => Promise<Response> {
  const plain = (status: number, text: string): Response => new Response(text, { status, headers: appResponseHeaders('text/plain; charset=utf-8', csp) });
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed');
    const resolved = resolveAppPath(rendererDir, request.url);
    if (resolved.kind === 'refused') return plain(403, resolved.reason);
    if (resolved.kind === 'missing') return plain(404, resolved.reason);
    let body: Uint8Array;
    try {
      body = await read(resolved.filePath);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return plain(404, 'not found');
      throw err;
    }
    const headers = appResponseHeaders(mimeType(resolved.filePath), csp);
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
  };
}

/** Call after app 'ready'. */
export function serveApp(protocol: Pick<Protocol, 'handle'>, rendererDir: string, csp: string = APP_CSP): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir, readFile, csp));
}
