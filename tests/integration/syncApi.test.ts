import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { newId } from '../../shared/ids.js';
import { MAX_PUSH_RECORDS, SYNC_PATHS } from '../../shared/sync/protocol.js';
import type { SyncRecord } from '../../shared/sync/protocol.js';
import { encodeHlc } from '../../shared/time/hlc.js';
import { migrateSql } from '../../server/db/sqlDb.js';
import type { SqlDb } from '../../server/db/sqlDb.js';
import { createHttpApp } from '../../server/http/createHttpApp.js';
import { putConfigDoc } from '../../server/sync/configDocs.js';
import { authenticateDevice, createEnrolCode, enrolDevice, revokeDevice, sha256 } from '../../server/sync/deviceAuth.js';
import { deviceBacklog } from '../../server/sync/deviceProgress.js';
import { syncMigrations } from '../../server/sync/migrations.js';
import { registerSyncRoutes } from '../../server/sync/syncRoutes.js';
import type { SyncRoutesOptions } from '../../server/sync/syncRoutes.js';
import { FaultProxy } from '../support/faultProxy.js';
import { DB_TARGETS, freshSqlDb } from '../support/testDatabases.js';

const targets = DB_TARGETS;
const freshDb = (target: string) => freshSqlDb(target as 'pglite' | 'postgres', syncMigrations);

const BRANCH = 'b-api';

/** A sync server on a loopback port: what the hub runs for its counters and HQ for the hubs. */
async function serve(db: SqlDb, opts: Omit<SyncRoutesOptions, 'db'>): Promise<{ app: FastifyInstance; url: string }> {
  const app = await createHttpApp({ logLevel: 'silent' });
  registerSyncRoutes(app, { db, ...opts });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return { app, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

interface Answer {
  status: number;
  json: any;
}

async function call(url: string, method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const res = await fetch(url + path, {
    method,
    headers: {
      ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    ...(opts.body === undefined ? {} : { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

function record(deviceId: string, deviceSeq: number, over: Partial<SyncRecord> = {}): SyncRecord {
  const wall = new Date(Date.UTC(2026, 2, 2, 2, 0, 0, deviceSeq));
  return {
    id: newId(),
    kind: 'counter.event',
    branchId: BRANCH,
    deviceId,
    deviceSeq,
    hlc: encodeHlc({ wallMs: wall.getTime(), counter: 0, node: deviceId }),
    wallAt: wall.toISOString(),
    body: { type: 'teller.signed_in', counter: 2, payload: {} },
    ...over,
  };
}

function push(deviceId: string, records: SyncRecord[]): { deviceId: string; sentAt: string; records: SyncRecord[] } {
  return { deviceId, sentAt: new Date().toISOString(), records };
}

async function count(db: SqlDb, table: string): Promise<number> {
  return Number((await db.query<{ n: number | string }>(`select count(*) as n from ${table}`)).rows[0]!.n);
}

describe.each(targets)('the sync API on %s', (target) => {
  let db: SqlDb;
  let drop: () => Promise<void>;
  let url: string;
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};

  async function enrol(deviceId: string, role: string, branchId = BRANCH): Promise<string> {
    const { code } = await createEnrolCode(db, { branchId, ttlMinutes: 10 });
    const res = await call(url, 'POST', SYNC_PATHS.enrol, { body: { code, deviceId, role } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ deviceId, branchId, token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    return res.json.token;
  }

  /** Whatever happens, `fn` must leave every table as it was. */
  async function storesNothing(fn: () => Promise<void>): Promise<void> {
    const tables = ['sync_records', 'dead_letters', 'device_progress'];
    const before = await Promise.all(tables.map((t) => count(db, t)));
    await fn();
    expect(await Promise.all(tables.map((t) => count(db, t)))).toEqual(before);
  }

  beforeAll(async () => {
    ({ db, drop } = await freshDb(target));
    // The enrolment tests below fail on purpose more often than the default limit allows a minute.
    ({ app, url } = await serve(db, { role: 'hq', enrolLimit: { max: 1000, windowMs: 60_000 } }));
    tokens.hub = await enrol('h-1', 'hub');
    tokens.counter = await enrol('c-1', 'counter');
    tokens.other = await enrol('h-2', 'hub', 'b-other');
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  it('enrols with a one-time code: single use, expiring, bound to its role, token stored only as a hash', async () => {
    const { code } = await createEnrolCode(db, { branchId: BRANCH, role: 'counter', ttlMinutes: 5 });
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const wrongRole = await call(url, 'POST', SYNC_PATHS.enrol, { body: { code, deviceId: 'c-enrol', role: 'kiosk' } });
    expect(wrongRole.status).toBe(403);
    // Typed in lower case without dashes: the same code, still unused after the refusal above.
    const ok = await call(url, 'POST', SYNC_PATHS.enrol, { body: { code: code.replace(/-/g, '').toLowerCase(), deviceId: 'c-enrol', role: 'counter' } });
    expect(ok.status).toBe(200);
    const again = await call(url, 'POST', SYNC_PATHS.enrol, { body: { code, deviceId: 'c-enrol-2', role: 'counter' } });
    expect(again).toMatchObject({ status: 401, json: { error: { code: 'unauthorized' } } });
    const old = await createEnrolCode(db, { branchId: BRANCH, ttlMinutes: 1 }, new Date(Date.now() - 120_000));
    expect((await call(url, 'POST', SYNC_PATHS.enrol, { body: { code: old.code, deviceId: 'c-late', role: 'counter' } })).status).toBe(401);
    expect((await call(url, 'POST', SYNC_PATHS.enrol, { body: { code: 'NOPE-NOPE-NOPE', deviceId: 'c-x', role: 'counter' } })).status).toBe(401);
    expect((await call(url, 'POST', SYNC_PATHS.enrol, { body: { code, deviceId: 'c-x' } })).status).toBe(400);
    const stored = await db.query<{ token_hash: string }>("select token_hash from device_tokens where device_id = 'c-enrol'");
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.rows[0]!.token_hash).not.toContain(ok.json.token);
    // The device's token works; enrolling again replaces it.
    expect((await call(url, 'GET', `${SYNC_PATHS.pull}?since=0`, { token: ok.json.token })).status).toBe(200);
    await enrol('c-enrol', 'counter');
    expect((await call(url, 'GET', `${SYNC_PATHS.pull}?since=0`, { token: ok.json.token })).status).toBe(401);
  });

  it('lets a device whose enrolment answer was lost enrol again with its code, and refuses any other device', async () => {
    const { code } = await createEnrolCode(db, { branchId: BRANCH, role: 'counter', ttlMinutes: 10 });
    const enrolVia = (proxyUrl: string, deviceId: string) => call(proxyUrl, 'POST', SYNC_PATHS.enrol, { body: { code, deviceId, role: 'counter' } });
    const losing = await FaultProxy.start(url, () => 0, { loseResponse: 1 });
    const doubling = await FaultProxy.start(url, () => 0, { duplicate: 1 });
    try {
      // The server enrols the device; the answer never comes back.
      await expect(enrolVia(losing.url, 'c-lost')).rejects.toThrow();
      expect(losing.counts.loseResponse).toBe(1);
      losing.quiet();
      // The code is spent for everyone else ...
      expect(await enrolVia(losing.url, 'c-thief')).toMatchObject({ status: 401, json: { error: { code: 'unauthorized' } } });
      // ... but the device that used it asks again and gets its enrolment.
      const retry = await enrolVia(losing.url, 'c-lost');
      expect(retry).toMatchObject({ status: 200, json: { deviceId: 'c-lost', branchId: BRANCH } });
      const r = record('c-lost', 1);
      const pushed = await call(url, 'POST', SYNC_PATHS.push, { token: retry.json.token, body: push('c-lost', [r]) });
      expect(pushed.json.acked).toEqual([r.id]);
      // The same request reaching the server twice: the token the device got still works.
      const seen = await enrolVia(doubling.url, 'c-lost');
      expect(doubling.counts.duplicate).toBe(1);
      expect(seen.status).toBe(200);
      for (const token of [retry.json.token, seen.json.token]) expect((await call(url, 'GET', SYNC_PATHS.pull, { token })).status).toBe(200);
      expect(await enrolVia(doubling.url, 'c-thief').catch(() => ({ status: 'no answer' }))).toMatchObject({ status: 401 });
      expect((await deviceBacklog(db, { branchId: BRANCH })).filter((d) => d.deviceId === 'c-thief')).toEqual([]);
    } finally {
      await losing.close();
      await doubling.close();
    }
  });

  it('re-admits nothing with a spent code: not after it expired, not a revoked device, not one enrolled again since', async () => {
    const t0 = new Date(Date.UTC(2026, 2, 2, 2, 0, 0));
    const at = (minutes: number) => ({ now: new Date(t0.getTime() + minutes * 60_000) });
    const first = await createEnrolCode(db, { branchId: BRANCH, ttlMinutes: 5 }, t0);
    const req = { code: first.code, deviceId: 'c-retry', role: 'counter' as const };
    const original = await enrolDevice(db, req, at(0));
    const again = await enrolDevice(db, req, at(4));
    expect(again).toMatchObject({ deviceId: 'c-retry', branchId: BRANCH });
    expect(again.token).not.toBe(original.token);
    expect(await authenticateDevice(db, `Bearer ${original.token}`)).toMatchObject({ deviceId: 'c-retry', role: 'counter' });
    await expect(enrolDevice(db, req, at(5.01))).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(enrolDevice(db, { ...req, role: 'kiosk' }, at(1))).rejects.toMatchObject({ code: 'unauthorized' });
    await revokeDevice(db, 'c-retry', at(2).now);
    await expect(enrolDevice(db, req, at(3))).rejects.toMatchObject({ code: 'unauthorized' });
    // An administrator's new code re-admits it, and from then on only the new token counts.
    const second = await createEnrolCode(db, { branchId: BRANCH, ttlMinutes: 5 }, at(3).now);
    const readmitted = await enrolDevice(db, { ...req, code: second.code }, at(3));
    await expect(enrolDevice(db, req, at(4))).rejects.toMatchObject({ code: 'unauthorized' });
    expect(await authenticateDevice(db, `Bearer ${readmitted.token}`)).toMatchObject({ deviceId: 'c-retry' });
    for (const old of [original.token, again.token]) expect(await authenticateDevice(db, `Bearer ${old}`)).toBeNull();
  });

  it('refuses enrolment from an address with 429 and Retry-After after 10 failed attempts a minute, good codes included', async () => {
    let clock = Date.UTC(2026, 2, 2, 3, 0, 0);
    const limited = await serve(db, { role: 'hq', now: () => new Date(clock) });
    try {
      const enrolNow = (code: string) =>
        fetch(limited.url + SYNC_PATHS.enrol, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, deviceId: 'c-limited', role: 'counter' }) });
      const { code } = await createEnrolCode(db, { branchId: BRANCH, ttlMinutes: 10 }, new Date(clock));
      // A good enrolment costs nothing.
      expect((await enrolNow(code)).status).toBe(200);
      for (let i = 0; i < 10; i++) expect((await enrolNow(`WRONG-CODE-${i}`)).status).toBe(401);
      const fresh = await createEnrolCode(db, { branchId: BRANCH, ttlMinutes: 10 }, new Date(clock));
      clock += 15_000;
      const refused = await enrolNow(fresh.code);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('45');
      expect(await refused.json()).toEqual({ error: { code: 'too_many_requests', message: expect.stringContaining('45 s') } });
      // The minute over, the address may try again, and the code refused meanwhile was not spent.
      clock += 45_000;
      expect((await enrolNow(fresh.code)).status).toBe(200);
    } finally {
      await limited.app.close();
    }
  });

  it('acknowledges a pushed batch, again when it comes twice, and once more when the hub relays it', async () => {
    const records = [record('c-1', 1), record('c-1', 2), record('c-1', 3)];
    const first = await call(url, 'POST', SYNC_PATHS.push, { token: tokens.counter, body: push('c-1', records), headers: { 'x-outbox-pending': '7' } });
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ acked: records.map((r) => r.id), rejected: [], serverTime: expect.any(String) });
    const before = await count(db, 'sync_records');
    const again = await call(url, 'POST', SYNC_PATHS.push, { token: tokens.counter, body: push('c-1', records) });
    const relayed = await call(url, 'POST', SYNC_PATHS.push, { token: tokens.hub, body: push('h-1', [records[1]!, record('c-1', 4)]) });
    expect(again.json.acked).toEqual(first.json.acked);
    expect(relayed.status).toBe(200);
    expect(relayed.json.acked[0]).toBe(records[1]!.id);
    expect(await count(db, 'sync_records')).toBe(before + 1);
    const backlog = await deviceBacklog(db, { branchId: BRANCH });
    expect(backlog.find((d) => d.deviceId === 'c-1')).toMatchObject({ role: 'counter', enrolled: true, contiguousSeq: 4, outboxPending: null });
    expect(backlog.find((d) => d.deviceId === 'h-1')).toMatchObject({ role: 'hub', outboxPending: null, lastSeenAt: expect.any(String) });
  });

  it('takes a full batch of 500 records, beyond the 256 KiB other routes accept', async () => {
    const records = Array.from({ length: MAX_PUSH_RECORDS }, (_, i) =>
      record('c-full', i + 1, { body: { type: 'teller.note', counter: 1, payload: { text: '字'.repeat(300) } } }),
    );
    const { code } = await createEnrolCode(db, { branchId: BRANCH, ttlMinutes: 5 });
    const token = (await call(url, 'POST', SYNC_PATHS.enrol, { body: { code, deviceId: 'c-full', role: 'counter' } })).json.token;
    const body = push('c-full', records);
    expect(Buffer.byteLength(JSON.stringify(body))).toBeGreaterThan(256 * 1024);
    const res = await call(url, 'POST', SYNC_PATHS.push, { token, body });
    expect(res.status).toBe(200);
    expect(res.json.acked).toHaveLength(MAX_PUSH_RECORDS);
  });

  it('refuses a missing, unknown or revoked token with 401 and stores nothing', async () => {
    const { code } = await createEnrolCode(db, { branchId: BRANCH, ttlMinutes: 5 });
    const gone = (await call(url, 'POST', SYNC_PATHS.enrol, { body: { code, deviceId: 'c-gone', role: 'counter' } })).json.token;
    expect(await revokeDevice(db, 'c-gone')).toBe(true);
    expect(await revokeDevice(db, 'c-never')).toBe(false);
    await storesNothing(async () => {
      for (const token of [undefined, 'x'.repeat(43), gone]) {
        const res = await call(url, 'POST', SYNC_PATHS.push, { ...(token ? { token } : {}), body: push('c-gone', [record('c-gone', 1)]) });
        expect(res).toMatchObject({ status: 401, json: { error: { code: 'unauthorized', message: expect.any(String) } } });
        expect((await call(url, 'GET', SYNC_PATHS.pull, token ? { token } : {})).status).toBe(401);
      }
      // The token is checked before the body is even read.
      expect((await call(url, 'POST', SYNC_PATHS.push, { token: gone, body: '{not json' })).status).toBe(401);
    });
  });

  it("refuses with 403 a record of another branch or, from a counter, another device's, naming it, and stores none of the batch", async () => {
    await storesNothing(async () => {
      const foreign = record('h-1', 1, { branchId: 'b-other' });
      const res = await call(url, 'POST', SYNC_PATHS.push, { token: tokens.hub, body: push('h-1', [record('h-1', 1), foreign]) });
      expect(res).toMatchObject({ status: 403, json: { error: { code: 'forbidden', recordId: foreign.id } } });
      const stolen = record('c-9', 1);
      const res2 = await call(url, 'POST', SYNC_PATHS.push, { token: tokens.counter, body: push('c-1', [record('c-1', 50), stolen]) });
      expect(res2).toMatchObject({ status: 403, json: { error: { recordId: stolen.id } } });
      // The batch's own device must be the token's.
      const res3 = await call(url, 'POST', SYNC_PATHS.push, { token: tokens.counter, body: push('h-1', [record('c-1', 51)]) });
      expect(res3.status).toBe(403);
      // Another branch's hub cannot push this branch's records either.
      expect((await call(url, 'POST', SYNC_PATHS.push, { token: tokens.other, body: push('h-2', [record('c-1', 52)]) })).status).toBe(403);
    });
  });

  it('refuses malformed JSON, a wrong schema and a bad header with 400, and stores nothing', async () => {
    await storesNothing(async () => {
      const good = push('c-1', [record('c-1', 60)]);
      const bad: unknown[] = [
        '{"deviceId": "c-1", "records": [',
        { ...good, extra: true },
        { ...good, sentAt: 'yesterday' },
        { ...good, records: [] },
        { ...good, records: [{ ...good.records[0], id: 'not-a-ulid' }] },
        { ...good, records: [{ ...good.records[0], kind: 'NoDots' }] },
        { ...good, records: [{ ...good.records[0], body: 'text' }] },
        [good],
      ];
      for (const body of bad) {
        const res = await call(url, 'POST', SYNC_PATHS.push, { token: tokens.counter, body });
        expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
        expect(res.json.error).toMatchObject({ code: 'bad_request', message: expect.any(String) });
      }
      const header = await call(url, 'POST', SYNC_PATHS.push, { token: tokens.counter, body: good, headers: { 'x-outbox-pending': 'lots' } });
      expect(header.status).toBe(400);
      expect((await call(url, 'GET', `${SYNC_PATHS.pull}?since=-1`, { token: tokens.counter })).status).toBe(400);
      expect((await call(url, 'GET', `${SYNC_PATHS.pull}?limit=100000`, { token: tokens.counter })).status).toBe(400);
    });
  });

  it('refuses an oversized batch with 413 (too many records, or too many bytes) and stores nothing', async () => {
    await storesNothing(async () => {
      const many = Array.from({ length: MAX_PUSH_RECORDS + 1 }, (_, i) => record('h-1', 1000 + i));
      const res = await call(url, 'POST', SYNC_PATHS.push, { token: tokens.hub, body: push('h-1', many) });
      expect(res).toMatchObject({ status: 413, json: { error: { code: 'payload_too_large' } } });
      const fat = Array.from({ length: 80 }, (_, i) => record('h-1', 2000 + i, { body: { blob: 'x'.repeat(60_000) } }));
      const res2 = await call(url, 'POST', SYNC_PATHS.push, { token: tokens.hub, body: push('h-1', fat) });
      expect(res2).toMatchObject({ status: 413, json: { error: { code: 'payload_too_large' } } });
    });
  });

  it('dead-letters a record of a known kind with a bad body and stores the rest of its batch', async () => {
    const ok1 = record('c-1', 100);
    const bad = record('c-1', 101, { kind: 'doc.op', body: { docType: 'complaint' } });
    const ok2 = record('c-1', 102, { kind: 'complaint.attachment', body: { any: 'shape' } });
    const res = await call(url, 'POST', SYNC_PATHS.push, { token: tokens.counter, body: push('c-1', [ok1, bad, ok2]) });
    expect(res.status).toBe(200);
    expect(res.json.acked).toEqual([ok1.id, ok2.id]);
    expect(res.json.rejected).toEqual([{ id: bad.id, code: 'invalid_body', message: expect.stringContaining('doc.op') }]);
    const dead = await db.query<{ device_id: string; via_device_id: string; kind: string; record: SyncRecord }>('select * from dead_letters where id = $1', [bad.id]);
    expect(dead.rows[0]).toMatchObject({ device_id: 'c-1', via_device_id: 'c-1', kind: 'doc.op', record: bad });
  });

  it('stores nothing of a batch whose connection is cut halfway through the body', async () => {
    await storesNothing(async () => {
      const body = JSON.stringify(push('c-1', Array.from({ length: 200 }, (_, i) => record('c-1', 300 + i))));
      const { port, hostname } = new URL(url);
      await new Promise<void>((resolve, reject) => {
        const socket = connect(Number(port), hostname, () => {
          socket.write(
            `POST ${SYNC_PATHS.push} HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/json\r\n` +
              `authorization: Bearer ${tokens.counter}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`,
          );
          socket.write(body.slice(0, body.length / 2), () => setTimeout(() => (socket.destroy(), resolve()), 50));
        });
        socket.on('error', reject);
      });
      await new Promise((r) => setTimeout(r, 100));
    });
  });

  it('gives each device the configuration of its branch since its cursor, page by page', async () => {
    const config = demoBranch('2026-03-02');
    await putConfigDoc(db, 'config.branch', BRANCH, { ...config, branchId: BRANCH });
    await putConfigDoc(db, 'notice.banner', '*', { text: 'for everyone' });
    await putConfigDoc(db, 'notice.banner', 'b-other', { text: 'not for us' });
    await putConfigDoc(db, 'notice.banner', BRANCH, { text: 'ours' });
    const pages: any[] = [];
    let since = 0;
    for (;;) {
      const res = await call(url, 'GET', `${SYNC_PATHS.pull}?since=${since}&limit=2`, { token: tokens.counter });
      expect(res.status).toBe(200);
      pages.push(res.json);
      since = res.json.next;
      if (!res.json.hasMore) break;
    }
    expect(pages.map((p) => p.changes.length)).toEqual([2, 1]);
    const changes = pages.flatMap((p) => p.changes);
    expect(changes.map((c) => [c.kind, c.key])).toEqual([
      ['config.branch', BRANCH],
      ['notice.banner', '*'],
      ['notice.banner', BRANCH],
    ]);
    expect(changes[0].body.branchId).toBe(BRANCH);
    expect(changes.map((c) => c.seq)).toEqual([...changes.map((c) => c.seq)].sort((a, b) => a - b));
    // Nothing new: the same cursor back; a change: only that document.
    expect((await call(url, 'GET', `${SYNC_PATHS.pull}?since=${since}`, { token: tokens.counter })).json).toEqual({ changes: [], next: since, hasMore: false });
    await putConfigDoc(db, 'notice.banner', BRANCH, { text: 'ours, v2' });
    const later = await call(url, 'GET', `${SYNC_PATHS.pull}?since=${since}`, { token: tokens.counter });
    expect(later.json.changes).toEqual([expect.objectContaining({ key: BRANCH, version: 2, body: { text: 'ours, v2' } })]);
  });
});

describe.each(targets)('device tokens issued before sync_002, on %s', (target) => {
  it('still work after the migration moves them to device_tokens', async () => {
    const { db, drop } = await freshSqlDb(target, syncMigrations.slice(0, 1));
    try {
      await db.query(
        "insert into sync_devices (device_id, branch_id, role, token_hash, enrolled_at) values ('c-old', 'b-mig', 'counter', $1, now())",
        [sha256('t'.repeat(43))],
      );
      await migrateSql(db, syncMigrations);
      expect(await authenticateDevice(db, `Bearer ${'t'.repeat(43)}`)).toEqual({ deviceId: 'c-old', branchId: 'b-mig', role: 'counter', window: null });
      expect(await authenticateDevice(db, `Bearer ${'u'.repeat(43)}`)).toBeNull();
    } finally {
      await drop();
    }
  });
});

describe('the sync API on a hub', () => {
  it('serves its own branch only and does not enrol another hub', async () => {
    const { db, drop } = await freshDb('pglite');
    const { app, url } = await serve(db, { role: 'hub', branchId: 'demo-001' });
    try {
      const hubCode = await createEnrolCode(db, { branchId: 'demo-001', ttlMinutes: 5 });
      expect((await call(url, 'POST', SYNC_PATHS.enrol, { body: { code: hubCode.code, deviceId: 'h-x', role: 'hub' } })).status).toBe(403);
      const foreign = await createEnrolCode(db, { branchId: 'b-else', ttlMinutes: 5 });
      expect((await call(url, 'POST', SYNC_PATHS.enrol, { body: { code: foreign.code, deviceId: 'c-x', role: 'counter' } })).status).toBe(401);
      const ok = await call(url, 'POST', SYNC_PATHS.enrol, { body: { code: hubCode.code, deviceId: 'c-3', role: 'counter' } });
      expect(ok.json).toMatchObject({ deviceId: 'c-3', branchId: 'demo-001' });
      const r = record('c-3', 1, { branchId: 'demo-001' });
      const res = await call(url, 'POST', SYNC_PATHS.push, { token: ok.json.token, body: push('c-3', [r]) });
      expect(res.json.acked).toEqual([r.id]);
    } finally {
      await app.close();
      await drop();
    }
  });
});
