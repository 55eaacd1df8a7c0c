import type { z } from 'zod';
import { SyncError, errorFromResponse, toSyncError } from '../../../shared/sync/drain.js';
import { EnrolResponse, PullResponse, PushResponse, SYNC_PATHS } from '../../../shared/sync/protocol.js';
import type { DeviceRole, PushRequest } from '../../../shared/sync/protocol.js';

export interface UpstreamClientOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * The hub's HTTP calls to head office. Every failure becomes a SyncError: no answer is
 * 'network' (retried), a 4xx is typed from the error body, an unreadable answer is 'server'.
 */
export class UpstreamClient {
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly opts: UpstreamClientOptions) {
    this.fetch = opts.fetch ?? fetch;
    this.timeoutMs = opts.timeoutMs ?? 15_000;
  }

  enrol(code: string, deviceId: string, role: DeviceRole): Promise<EnrolResponse> {
    return this.call('POST', SYNC_PATHS.enrol, undefined, { code, deviceId, role }, EnrolResponse);
  }

  push(token: string, req: PushRequest, outboxPending: number): Promise<PushResponse> {
    return this.call('POST', SYNC_PATHS.push, token, req, PushResponse, { 'x-outbox-pending': String(outboxPending) });
  }

  pull(token: string, since: number, limit: number): Promise<PullResponse> {
    return this.call('GET', `${SYNC_PATHS.pull}?since=${since}&limit=${limit}`, token, undefined, PullResponse);
  }

  private async call<T>(method: string, path: string, token: string | undefined, body: unknown, schema: z.ZodType<T>, extra: Record<string, string> = {}): Promise<T> {
    let res: Response;
    try {
      res = await this.fetch(this.opts.baseUrl + path, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...extra,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw toSyncError(err, 'network');
    }
    let json: unknown;
    try {
      json = await res.json();
    } catch {
      if (res.ok) throw new SyncError('server', `head office sent an unreadable answer (HTTP ${res.status})`, { status: res.status });
      json = null;
    }
    if (!res.ok) throw errorFromResponse(res.status, json);
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new SyncError('server', `head office sent an answer of the wrong shape (HTTP ${res.status})`, { status: res.status });
    return parsed.data;
  }
}
