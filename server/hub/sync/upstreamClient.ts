import { SyncError, createHttpPull, createHttpPush, syncRequest } from '../../../shared/sync/drain.js';
import type { HttpSyncOptions } from '../../../shared/sync/drain.js';
import { EnrolResponse, SYNC_PATHS } from '../../../shared/sync/protocol.js';
import type { DeviceRole, PullResponse, PushResponse, SyncRecord } from '../../../shared/sync/protocol.js';

export interface UpstreamClientOptions {
  baseUrl: string;
  /** The hub's token at head office, null before enrolment. */
  token: () => string | null;
  deviceId: string;
  /** Records waiting before this push (head office shows what stays behind as the backlog). */
  waiting: () => Promise<number>;
  now: () => number;
  fetch?: typeof fetch;
}

/**
 * The hub's calls to head office, over the same HTTP helpers every sync client uses
 * (shared/sync/drain.ts): every failure is a typed SyncError.
 */
export class UpstreamClient {
  private readonly http: HttpSyncOptions;
  readonly push: (records: SyncRecord[]) => Promise<PushResponse>;
  readonly pull: (since: number, limit?: number) => Promise<PullResponse>;

  constructor(opts: UpstreamClientOptions) {
    this.http = { baseUrl: () => opts.baseUrl, token: opts.token, fetch: opts.fetch ?? fetch };
    this.push = createHttpPush({ ...this.http, deviceId: () => opts.deviceId, now: opts.now, waiting: opts.waiting });
    this.pull = createHttpPull(this.http);
  }

  async enrol(code: string, deviceId: string, role: DeviceRole): Promise<EnrolResponse> {
    const json = await syncRequest(this.http, SYNC_PATHS.enrol, { method: 'POST', body: { code, deviceId, role }, auth: false });
    const parsed = EnrolResponse.safeParse(json);
    if (!parsed.success) throw new SyncError('server', 'head office sent a malformed enrolment answer');
    return parsed.data;
  }
}
