import { SyncError, syncRequest } from '../../shared/sync/drain.js';
import type { FetchLike, HttpSyncOptions } from '../../shared/sync/drain.js';
import { credentialHeaders } from '../api/credentials.js';
import { getPlatform } from '../platform/index.js';
import type { SyncTransport } from './syncTypes.js';

/** The page's fetch, never cached. */
export const browserFetch: FetchLike = (url, init) => fetch(url, { ...init, cache: 'no-store' });

export function defaultTransport(overrides: Partial<SyncTransport> = {}): SyncTransport {
  return {
    fetch: overrides.fetch ?? browserFetch,
    hubUrl: overrides.hubUrl ?? (() => getPlatform().hubUrl()),
    ...(overrides.timeoutMs !== undefined ? { timeoutMs: overrides.timeoutMs } : {}),
  };
}

export function httpOptions(transport: SyncTransport, token: () => string | null | Promise<string | null>): HttpSyncOptions {
  return {
    baseUrl: transport.hubUrl,
    token,
    fetch: transport.fetch,
    ...(transport.timeoutMs !== undefined ? { timeoutMs: transport.timeoutMs } : {}),
  };
}

/**
 * A GET without the sync API's bearer token (demo enrol code, the lead's status page), carrying
 * this page's LAN credentials (api/credentials.ts: x-guichet-device, and the session's bearer
 * when someone is signed in), which the hub's guarded routes ask for.
 */
export function getJson(transport: SyncTransport, path: string): Promise<unknown> {
  return syncRequest(httpOptions(transport, () => null), path, { method: 'GET', auth: false, headers: credentialHeaders() });
}

export function postJson(transport: SyncTransport, path: string, body: unknown): Promise<unknown> {
  return syncRequest(httpOptions(transport, () => null), path, { method: 'POST', body, auth: false });
}

export function isNotFound(err: unknown): boolean {
  return err instanceof SyncError && err.status === 404;
}
