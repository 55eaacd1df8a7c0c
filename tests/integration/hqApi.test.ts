import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.js';
import { QueueEvent } from '../../shared/queue/events.js';
import { SYNC_PATHS } from '../../shared/sync/protocol.js';
import type { SyncRecord } from '../../shared/sync/protocol.js';
import { encodeHlc } from '../../shared/time/hlc.js';
import { startHqServer } from '../../server/hq/hqServer.js';
import type { HqServerOptions, RunningHq } from '../../server/hq/hqServer.js';
import { freshPgliteDir } from '../support/pgliteDataDir.js';
import { DB_TARGETS, freshPostgresSchema } from '../support/testDatabases.js';

const targets = DB_TARGETS;

/** Where HQ keeps its data: a fresh PGlite folder, or a schema of its own on the PostgreSQL server. */
async function freshStore(target: string): Promise<{ where: Pick<HqServerOptions, 'dataDir' | 'databaseUrl'>; drop(): Promise<void> }> {
  const dataDir = await freshPgliteDir();
  if (target === 'pglite') return { where: { dataDir }, drop: async () => undefined };
  const schema = await freshPostgresSchema();
  return { where: { dataDir, databaseUrl: schema.url }, drop: schema.drop };
}

// 17:00 UTC is 01:00 the next day in the demo branch's zone (Asia/Shanghai).
const NOW = new Date('2026-03-02T17:00:00.000Z');
const ADMIN = 'test-admin-token-0123456789';
const BRANCH = 'demo-001';

async function call(hq: RunningHq, method: string, path: string, opts: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {}) {
  const token = opts.token === undefined ? ADMIN : opts.token;
  const res = await fetch(hq.url + path, {
    method,
    headers: {
      ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...opts.headers,
    },
    ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

/** A hub's queue event as the hub committed it; its wall clock is an hour slow. */
function queueRecord(deviceSeq: number, type: 'ticket.issued' | 'ticket.called', minutesAgo: number): SyncRecord {
  const wall = new Date(NOW.getTime() - 3600_000 - minutesAgo * 60_000);
  const at = wall.toISOString();
  const called = type === 'ticket.called';
  const body = QueueEvent.parse({
    id: newId(),
    seq: deviceSeq,
    type,
    at,
    branchId: BRANCH,
    counter: called ? 1 : null,
    ticket: {
      id: `t-${deviceSeq}`,
      businessDay: '2026-03-03',
      service: 'A',
      number: `A${String(deviceSeq).padStart(3, '0')}`,
      priority: 'none',
      issuedAt: at,
      status: called ? 'called' : 'waiting',
      counter: called ? 1 : null,
      targetCounter: null,
      calledAt: called ? at : null,
      lastCalledAt: called ? at : null,
      recalls: 0,
      startedAt: null,
      finishedAt: null,
      outcome: null,
      items: [],
      transfers: 0,
    },
    detail: {},
  });
  return { id: newId(), kind: 'queue.event', branchId: BRANCH, deviceId: 'h-demo', deviceSeq, hlc: encodeHlc({ wallMs: wall.getTime(), counter: 0, node: 'h-demo' }), wallAt: at, body };
}

describe.each(targets)('the HQ server on %s', (target) => {
  let hq: RunningHq;
  let store: Awaited<ReturnType<typeof freshStore>>;
  let hubToken: string;
  const start = () => startHqServer({ port: 0, host: '127.0.0.1', ...store.where, adminToken: ADMIN, logLevel: 'silent', now: () => NOW });

  beforeAll(async () => {
    store = await freshStore(target);
    hq = await start();
  });
  afterAll(async () => {
    await hq.close();
    await store.drop();
  });

  it('answers 401 without the administrator token', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/hq/devices'],
      ['GET', '/api/v1/hq/events'],
      ['GET', '/api/v1/hq/summary'],
      ['GET', '/api/v1/hq/dead-letters'],
      ['GET', '/api/v1/hq/config-docs'],
      ['POST', '/api/v1/hq/enrol-codes'],
      ['POST', '/api/v1/hq/devices/h-demo/revoke'],
    ] as const) {
      for (const token of [null, 'wrong-token', `${ADMIN}x`]) {
        const res = await call(hq, method, path, { token, ...(method === 'POST' ? { body: { branchId: BRANCH } } : {}) });
        expect(res.status, `${method} ${path} ${token}`).toBe(401);
        expect(res.json.error.code).toBe('unauthorized');
      }
    }
    expect((await call(hq, 'GET', '/api/v1/hq/enrol-codes')).status).toBe(404);
  });

  it('has the demo branch configuration from the first start', async () => {
    const docs = (await call(hq, 'GET', '/api/v1/hq/config-docs')).json.docs;
    expect(docs).toEqual([expect.objectContaining({ kind: 'config.branch', key: BRANCH, version: 1 })]);
  });

  it('makes an enrolment code a hub enrols with, and takes its records, relayed ones and one bad one', async () => {
    expect((await call(hq, 'POST', '/api/v1/hq/enrol-codes', { body: { branchId: BRANCH, role: 'robot' } })).status).toBe(400);
    const made = await call(hq, 'POST', '/api/v1/hq/enrol-codes', { body: { branchId: BRANCH, role: 'hub' } });
    expect(made).toMatchObject({ status: 201, json: { code: expect.any(String), branchId: BRANCH, role: 'hub', expiresAt: '2026-03-03T17:00:00.000Z' } });
    const enrolled = await call(hq, 'POST', SYNC_PATHS.enrol, { token: null, body: { code: made.json.code, deviceId: 'h-demo', role: 'hub' } });
    expect(enrolled.status).toBe(200);
    hubToken = enrolled.json.token;

    const records: SyncRecord[] = [queueRecord(1, 'ticket.issued', 20), queueRecord(2, 'ticket.issued', 15), queueRecord(3, 'ticket.called', 10)];
    const wall = new Date(NOW.getTime() - 3600_000 - 5 * 60_000);
    // A counter's record the hub relays, and a queue event with a broken body.
    records.push({ ...queueRecord(9, 'ticket.issued', 0), deviceId: 'c-7', deviceSeq: 1, kind: 'counter.event', body: { type: 'teller.signed_in', counter: 1, payload: {} }, wallAt: wall.toISOString() });
    const broken = { ...queueRecord(4, 'ticket.called', 1), body: { type: 'ticket.called' } };
    records.push(broken);
    const sentAt = new Date(NOW.getTime() - 3600_000).toISOString();
    const res = await call(hq, 'POST', SYNC_PATHS.push, { token: hubToken, body: { deviceId: 'h-demo', sentAt, records }, headers: { 'x-outbox-pending': '12' } });
    expect(res.status).toBe(200);
    expect(res.json.acked).toHaveLength(4);
    expect(res.json.rejected).toEqual([expect.objectContaining({ id: broken.id, code: 'invalid_body' })]);

    const devices = (await call(hq, 'GET', '/api/v1/hq/devices')).json;
    expect(devices).toEqual([
      expect.objectContaining({ deviceId: 'c-7', branch: BRANCH, role: null, lastSeenAt: '2026-03-02T16:55:00.000Z', pending: 0 }),
      expect.objectContaining({ deviceId: 'h-demo', branch: BRANCH, role: 'hub', lastSeenAt: NOW.toISOString(), pending: 12, contiguousSeq: 4 }),
    ]);
    const dead = (await call(hq, 'GET', `/api/v1/hq/dead-letters?branch=${BRANCH}`)).json.deadLetters;
    expect(dead).toEqual([expect.objectContaining({ id: broken.id, deviceId: 'h-demo', code: 'invalid_body', record: broken })]);
  });

  it('pages the events by server sequence, in corrected time, with filters', async () => {
    const all: any[] = [];
    let since = 0;
    for (let guard = 0; guard < 10; guard++) {
      const page = (await call(hq, 'GET', `/api/v1/hq/events?since=${since}&limit=2`)).json;
      all.push(...page.events);
      since = page.next;
      if (!page.hasMore) break;
    }
    expect(all).toHaveLength(4);
    expect(all.map((e) => e.seq)).toEqual([...all.map((e) => e.seq)].sort((a, b) => a - b));
    expect(all[0]).toMatchObject({
      kind: 'queue.event',
      type: 'ticket.issued',
      deviceId: 'h-demo',
      branch: BRANCH,
      // The hub's clock was an hour slow: corrected, and the device's own time kept beside it.
      at: '2026-03-02T16:40:00.000Z',
      wallAt: '2026-03-02T15:40:00.000Z',
      hlc: expect.stringMatching(/:h-demo$/),
      body: expect.objectContaining({ type: 'ticket.issued' }),
    });
    const called = (await call(hq, 'GET', '/api/v1/hq/events?kind=queue.event&type=ticket.called')).json;
    expect(called.events.map((e: any) => e.body.ticket.number)).toEqual(['A003']);
    expect((await call(hq, 'GET', '/api/v1/hq/events?branch=b-none')).json).toEqual({ events: [], next: 0, hasMore: false });
    const window = (await call(hq, 'GET', '/api/v1/hq/events?from=2026-03-02T16:44:00Z&to=2026-03-02T16:52:00Z')).json;
    expect(window.events.map((e: any) => e.at)).toEqual(['2026-03-02T16:45:00.000Z', '2026-03-02T16:50:00.000Z']);
    expect((await call(hq, 'GET', '/api/v1/hq/events?limit=0')).status).toBe(400);
    expect((await call(hq, 'GET', '/api/v1/hq/events?color=red')).status).toBe(400);
  });

  it('summarises branches, devices and each branch’s business per local day', async () => {
    const s = (await call(hq, 'GET', '/api/v1/hq/summary')).json;
    expect(s.branches).toEqual([
      { branchId: BRANCH, timeZone: 'Asia/Shanghai', configVersion: 1, devices: 2, lastSeenAt: NOW.toISOString(), pending: 12, deadLetters: 1 },
    ]);
    expect(s.devices).toHaveLength(2);
    // 16:40 UTC is the next morning in Shanghai.
    // The figures head office keeps (two tickets issued, one called), on the branch's day.
    expect(s.perDay).toEqual([{ branch: BRANCH, day: '2026-03-03', arrivals: 2, served: 0, noShows: 0, rated: 0, satisfied: 0, averageWaitSeconds: expect.any(Number) }]);
  });

  it('pushes configuration down to the hub, and revokes the hub', async () => {
    const put = await call(hq, 'PUT', `/api/v1/hq/config-docs/notice.banner/${BRANCH}`, { body: { text: 'closed Friday' } });
    expect(put).toMatchObject({ status: 200, json: { kind: 'notice.banner', key: BRANCH, version: 1 } });
    expect((await call(hq, 'PUT', `/api/v1/hq/config-docs/config.branch/${BRANCH}`, { body: { branchId: BRANCH } })).status).toBe(400);
    const pulled = await call(hq, 'GET', `${SYNC_PATHS.pull}?since=0`, { token: hubToken });
    expect(pulled.json.changes.map((c: any) => c.kind)).toEqual(['config.branch', 'notice.banner']);
    expect((await call(hq, 'POST', '/api/v1/hq/devices/h-demo/revoke')).json).toEqual({ deviceId: 'h-demo', revoked: true });
    expect((await call(hq, 'POST', '/api/v1/hq/devices/h-nobody/revoke')).status).toBe(404);
    expect((await call(hq, 'GET', `${SYNC_PATHS.pull}?since=0`, { token: hubToken })).status).toBe(401);
    expect((await call(hq, 'GET', '/api/v1/hq/devices')).json.find((d: any) => d.deviceId === 'h-demo').revoked).toBe(true);
  });

  it('keeps its data and seeds nothing twice when it restarts', async () => {
    await hq.close();
    hq = await start();
    const docs = (await call(hq, 'GET', '/api/v1/hq/config-docs')).json.docs;
    expect(docs.find((d: any) => d.kind === 'config.branch')).toMatchObject({ version: 1 });
    expect((await call(hq, 'GET', '/api/v1/hq/events')).json.events).toHaveLength(4);
    const code = await hq.createEnrolCode({ branchId: 'b-new' });
    expect(code).toMatchObject({ branchId: 'b-new', role: null, code: expect.any(String) });
  });
});

describe('the HQ server without a configured token', () => {
  it('makes one', async () => {
    const hq = await startHqServer({ port: 0, host: '127.0.0.1', dataDir: await freshPgliteDir(), logLevel: 'silent' });
    try {
      expect(hq.adminToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect((await call(hq, 'GET', '/api/v1/hq/summary', { token: hq.adminToken })).status).toBe(200);
    } finally {
      await hq.close();
    }
  });
});
