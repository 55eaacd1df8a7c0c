import { SyncError, syncRequest } from '../../shared/sync/drain.js';
import type { FetchLike, HttpSyncOptions } from '../../shared/sync/drain.js';
import { getPlatform } from '../platform/index.js';

/** Where the counter's sync requests go and how (injected in tests). */
export interface SyncTransport {
  fetch: FetchLike;
  hubUrl: () => Promise<string>;
  timeoutMs?: number;
}

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

/** A GET without the device token (demo enrol code, the lead's status page). */
export function getJson(transport: SyncTransport, path: string): Promise<unknown> {
  return syncRequest(httpOptions(transport, () => null), path, { method: 'GET', auth: false });
}

export function postJson(transport: SyncTransport, path: string, body: unknown): Promise<unknown> {
  return syncRequest(httpOptions(transport, () => null), path, { method: 'POST', body, auth: false });
}

export function isNotFound(err: unknown): boolean {
  return err instanceof SyncError && err.status === 404;
}
