import { EnrolRequest, MAX_PUSH_RECORDS, PushRequest, SYNC_PATHS } from '../../shared/sync/protocol.js';
import type { LinkStatus, PulledChange, SyncRecord } from '../../shared/sync/protocol.js';
import type { FetchLike } from '../../shared/sync/drain.js';
import { DEMO_ENROL_CODE_PATH } from './enrol.js';

/**
 * An in-memory hub that keeps the sync API's contract (tests only; the real one is
 * server/sync): enrol with a one-time code, push stored idempotently (same id twice = stored
 * once, acked again), per-record rejection of bad bodies, whole-batch 401/403, pull since a
 * cursor, the demo enrol code and the status page. `fetch` is injected into the client.
 */
export class FakeSyncHub {
  branchId = 'demo-001';
  /** The code GET demo-enrol-code hands out; null = not a demo hub (404). */
  demoCode: string | null = 'DEMO-CODE-1';
  /** One-time codes still valid. */
  readonly codes = new Set<string>(['ADMIN-CODE-9']);
  readonly tokens = new Map<string, { deviceId: string; revoked: boolean }>();
  readonly stored = new Map<string, SyncRecord>();
  readonly storeCount = new Map<string, number>();
  /** Every push that reached the hub: the ids it carried and the status answered. */
  readonly pushes: { ids: string[]; status: number }[] = [];
  readonly pulls: { since: number; limit: number }[] = [];
  changes: PulledChange[] = [];
  /** Records refused one by one (bad_body), as a real hub refuses a body it cannot store. */
  refuses: (record: SyncRecord) => boolean = () => false;
  /** No answer at all (network down). */
  down = false;
  /** The status page: null = 404 (an older hub). */
  status: { links: LinkStatus[]; deadLetters: { id: string; deviceId: string; kind: string; reason: string; at: string }[] } | null = null;
  /** Called before each request is handled; return a response to answer it instead. */
  intercept: ((path: string, method: string) => { status: number; body: unknown } | 'network' | null) | null = null;
  private tokenSeq = 0;

  addConfigChange(kind: string, key: string, version: number, body: unknown): PulledChange {
    const change = { seq: (this.changes.at(-1)?.seq ?? 0) + 1, kind, key, version, body };
    this.changes.push(change);
    return change;
  }

  revokeAll(): void {
    for (const t of this.tokens.values()) t.revoked = true;
  }

  readonly fetch: FetchLike = async (url, init) => {
    const u = new URL(url);
    const answer = (status: number, body: unknown) => ({ status, text: () => Promise.resolve(body === undefined ? '' : JSON.stringify(body)) });
    const error = (status: number, code: string, message: string, recordId?: string) =>
      answer(status, { error: { code, message, ...(recordId ? { recordId } : {}) } });
    await Promise.resolve();
    if (this.down) throw new TypeError('Failed to fetch');
    const intercepted = this.intercept?.(u.pathname, init.method);
    if (intercepted === 'network') throw new TypeError('Failed to fetch');
    if (intercepted) return answer(intercepted.status, intercepted.body);
    const body = init.body ? (JSON.parse(init.body) as unknown) : undefined;
    const device = () => {
      const token = /^Bearer (.+)$/.exec(init.headers.authorization ?? '')?.[1];
      const t = token ? this.tokens.get(token) : undefined;
      return t && !t.revoked ? t : null;
    };

    if (u.pathname === DEMO_ENROL_CODE_PATH && init.method === 'GET') {
      if (this.demoCode === null) return error(404, 'not_found', 'no demo enrolment here');
      this.codes.add(this.demoCode);
      return answer(200, { code: this.demoCode });
    }
    if (u.pathname === SYNC_PATHS.enrol && init.method === 'POST') {
      const req = EnrolRequest.safeParse(body);
      if (!req.success) return error(400, 'bad_request', 'bad enrolment');
      if (!this.codes.delete(req.data.code)) return error(401, 'unauthorized', 'the enrolment code is unknown, already used or expired');
      const token = `tok-${++this.tokenSeq}`;
      this.tokens.set(token, { deviceId: req.data.deviceId, revoked: false });
      return answer(200, { deviceId: req.data.deviceId, branchId: this.branchId, token });
    }
    if (u.pathname === SYNC_PATHS.push && init.method === 'POST') {
      const ids = ((body as { records?: { id?: string }[] })?.records ?? []).map((r) => String(r.id));
      const reply = (status: number, b: unknown) => {
        this.pushes.push({ ids, status });
        return answer(status, b);
      };
      const d = device();
      if (!d) return reply(401, { error: { code: 'unauthorized', message: 'a valid device token is required' } });
      const req = PushRequest.safeParse(body);
      if (!req.success) return reply(400, { error: { code: 'bad_request', message: 'bad push' } });
      if (req.data.deviceId !== d.deviceId) return reply(403, { error: { code: 'forbidden', message: 'not your token' } });
      for (const r of req.data.records) {
        if (r.branchId !== this.branchId) return reply(403, { error: { code: 'forbidden', message: `record of branch ${r.branchId}`, recordId: r.id } });
      }
      const acked: string[] = [];
      const rejected: { id: string; code: string; message: string }[] = [];
      for (const r of req.data.records) {
        if (this.refuses(r)) {
          rejected.push({ id: r.id, code: 'bad_body', message: 'the hub cannot store this body' });
          continue;
        }
        if (!this.stored.has(r.id)) {
          this.stored.set(r.id, r);
          this.storeCount.set(r.id, (this.storeCount.get(r.id) ?? 0) + 1);
        }
        acked.push(r.id);
      }
      return reply(200, { acked, rejected, serverTime: new Date().toISOString() });
    }
    if (u.pathname === SYNC_PATHS.pull && init.method === 'GET') {
      if (!device()) return error(401, 'unauthorized', 'a valid device token is required');
      const since = Number(u.searchParams.get('since') ?? 0);
      const limit = Math.min(MAX_PUSH_RECORDS, Number(u.searchParams.get('limit') ?? MAX_PUSH_RECORDS));
      this.pulls.push({ since, limit });
      const after = this.changes.filter((c) => c.seq > since);
      const page = after.slice(0, limit);
      return answer(200, { changes: page, next: page.at(-1)?.seq ?? since, hasMore: after.length > limit });
    }
    if (u.pathname === SYNC_PATHS.status && init.method === 'GET') {
      if (!this.status) return error(404, 'not_found', `no route ${u.pathname}`);
      return answer(200, this.status);
    }
    return error(404, 'not_found', `no route ${u.pathname}`);
  };
}
