import { createHash } from 'node:crypto';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorBody } from '../../shared/api/errors.js';
import { newId } from '../../shared/ids.js';
import { SYNC_PATHS } from '../../shared/sync/protocol.js';
import type { DeviceRole } from '../../shared/sync/protocol.js';
import { installHqGate } from '../../server/hq/hqGate.js';
import { HQ_ROUTE_ACCESS, isHqAdmin, isHqDevice, isHqOpen } from '../../server/hq/hqRouteAccess.js';
import { startHqServer } from '../../server/hq/hqServer.js';
import type { RunningHq } from '../../server/hq/hqServer.js';
import { serverDataDir } from '../support/syncWorld.js';

/**
 * Head office's routes, walked from its access table (server/hq/hqRouteAccess.ts) as the hub's
 * security test walks the hub's, so a new HQ route is covered the day it is born: no credential,
 * a wrong administrator token, the wrong kind of credential (a hub's device token on the admin
 * API, the admin token on the hubs' sync API, a counter where only a hub may fetch), a revoked
 * hub, and a foreign Origin on every write are refused with 401/403 in the project's error shape,
 * and every table of head office's database is the same afterwards.
 */

const ADMIN = 'test-admin-token-hqsecurity-0123';
const NAMED = { name: 'auditor-li', token: 'test-named-admin-token-0123456789' };
const BRANCH = 'demo-001';
const EVIL = 'http://evil.example';

let hq: RunningHq;
const devices: Record<'hub' | 'counter' | 'revoked', string> = { hub: '', counter: '', revoked: '' };
let hubId = '';

async function enrol(role: DeviceRole, deviceId: string): Promise<string> {
  const code = await hq.createEnrolCode({ branchId: BRANCH, role });
  const res = await fetch(hq.url + SYNC_PATHS.enrol, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: code.code, deviceId, role }) });
  expect(res.status, `enrol ${deviceId}`).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

beforeAll(async () => {
  hq = await startHqServer({ port: 0, host: '127.0.0.1', dataDir: await serverDataDir('hq'), adminToken: ADMIN, admins: [NAMED], logLevel: 'silent', now: () => new Date('2026-04-02T04:00:00.000Z') });
  hubId = `hub-${newId()}`;
  devices.hub = await enrol('hub', hubId);
  devices.counter = await enrol('counter', `counter-${newId()}`);
  const revokedId = `hub-${newId()}`;
  devices.revoked = await enrol('hub', revokedId);
  expect((await fetch(`${hq.url}/api/v1/hq/devices/${revokedId}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(200);
  // Something a write let through would change: a month's reports, kept and sent to the branch.
  const made = await fetch(`${hq.url}/api/v1/hq/reports/2026-03/generate`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: '{}' });
  expect(made.status).toBe(200);
}, 120_000);

afterAll(async () => hq?.close());

// ------------------------------------------------------------------ requests built from the table

const methodOf = (key: string) => key.split(' ')[0]!;
const urlOf = (key: string) => key.split(' ')[1]!;
const isWrite = (key: string) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(methodOf(key));

interface Case {
  route: string;
  what: string;
  expect: 401 | 403;
  token: () => string | null;
  origin?: string;
}

/** A request that would change something if it were let through (the hub's device revoked, a score, a document). */
function sample(key: string): { path: string; body?: unknown } {
  const ids: Record<string, string> = {
    id: hubId,
    kind: 'config.notices',
    key: BRANCH,
    branchId: BRANCH,
    month: '2026-03',
    scope: BRANCH,
    format: 'pdf',
    recordingId: newId(),
    tellerId: 's-1001',
    uploadId: newId(),
    recordId: newId(),
  };
  const path = urlOf(key).replace(/:(\w+)/g, (_, name: string) => ids[name] ?? 'x');
  const bodies: Record<string, unknown> = {
    'POST /api/v1/hq/enrol-codes': { branchId: BRANCH, role: 'hub' },
    'PUT /api/v1/hq/config-docs/:kind/:key': { notices: [] },
    'PUT /api/v1/hq/evaluation-scores': { month: '2026-03', branchId: BRANCH, kind: 'inspection', score: 10 },
    'POST /api/v1/hq/reports/:month/generate': { langs: ['en'] },
    'POST /api/v1/sync/enrol': { code: 'not-a-code-0000', deviceId: 'intruder', role: 'hub' },
  };
  return { path, ...(key in bodies ? { body: bodies[key] } : isWrite(key) ? { body: {} } : {}) };
}

function casesOf(key: string): Case[] {
  const access = HQ_ROUTE_ACCESS[key]!;
  const out: Case[] = [];
  if (methodOf(key) === 'OPTIONS') return out; // tus discovery: open, nothing to change
  if (isHqOpen(access)) {
    if (isWrite(key)) out.push({ route: key, what: 'cross-origin', expect: 403, token: () => null, origin: EVIL });
    return out;
  }
  out.push({ route: key, what: 'no credential', expect: 401, token: () => null });
  if (isHqAdmin(access)) {
    out.push({ route: key, what: 'a wrong administrator token', expect: 401, token: () => 'not-the-admin-token-0123456789' });
    out.push({ route: key, what: "a hub's device token on the admin API", expect: 401, token: () => devices.hub });
    if (isWrite(key)) {
      out.push({ route: key, what: 'cross-origin', expect: 403, token: () => ADMIN, origin: EVIL });
      out.push({ route: key, what: 'cross-origin (a named administrator)', expect: 403, token: () => NAMED.token, origin: EVIL });
    }
    return out;
  }
  if (!isHqDevice(access)) throw new Error(`${key}: an access form this test does not know`);
  out.push({ route: key, what: 'the administrator token on the sync API', expect: 401, token: () => ADMIN });
  out.push({ route: key, what: 'a revoked hub', expect: 401, token: () => devices.revoked });
  if (access.hubOnly) out.push({ route: key, what: 'a counter where only a hub may', expect: 403, token: () => devices.counter });
  if (isWrite(key)) out.push({ route: key, what: 'cross-origin', expect: 403, token: () => devices.hub, origin: EVIL });
  return out;
}

async function send(c: Case): Promise<{ status: number; body: unknown }> {
  const { path, body } = sample(c.route);
  const token = c.token();
  const res = await fetch(hq.url + path, {
    method: methodOf(c.route),
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(c.origin ? { origin: c.origin } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      // tus asks for its version header on every request but OPTIONS.
      ...(c.route.includes('/uploads') ? { 'tus-resumable': '1.0.0' } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed };
}

/** Every table of head office's database, row by row: a refused request changes none. */
async function fingerprint(): Promise<Record<string, string>> {
  const { rows } = await hq.db.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name",
  );
  const out: Record<string, string> = {};
  for (const { table_name: t } of rows) {
    const all = await hq.db.query<{ row: string }>(`select t::text as row from "${t}" t`);
    out[t] = `${all.rows.length}:${createHash('sha256').update(all.rows.map((r) => r.row).sort().join('\n')).digest('hex').slice(0, 16)}`;
  }
  return out;
}

// ------------------------------------------------------------------ the tests

describe("head office's access table", () => {
  it('declares exactly the routes head office registers', () => {
    const table = new Set(Object.keys(HQ_ROUTE_ACCESS));
    // Fastify adds a HEAD beside each GET; it shares the GET's entry.
    const registered = [...hq.routes].filter((k) => !(k.startsWith('HEAD ') && !table.has(k) && table.has(`GET ${k.slice(5)}`)));
    expect(new Set(registered)).toEqual(table);
  });

  it('stops head office when a new route has no entry', async () => {
    const app = Fastify();
    installHqGate(app, { adminToken: ADMIN });
    expect(() => app.get('/api/v1/hq/brand-new', async () => ({}))).toThrow(/no entry in server\/hq\/hqRouteAccess.ts/);
    await app.close();
  });

  it('opens only enrolment and tus discovery, and gives the report files to hubs alone', () => {
    const keys = Object.keys(HQ_ROUTE_ACCESS);
    expect(keys.filter((k) => isHqOpen(HQ_ROUTE_ACCESS[k]!)).every((k) => k === 'POST /api/v1/sync/enrol' || k.startsWith('OPTIONS /api/v1/uploads'))).toBe(true);
    expect(keys.filter((k) => k.startsWith('GET /api/v1/sync/reports')).map((k) => HQ_ROUTE_ACCESS[k])).toEqual([{ device: true, hubOnly: true }]);
    // Everything under /api/v1/hq is the administrators'.
    for (const k of keys.filter((x) => urlOf(x).startsWith('/api/v1/hq/'))) expect(isHqAdmin(HQ_ROUTE_ACCESS[k]!), k).toBe(true);
  });
});

describe('every HQ route refuses whoever may not call it, and nothing changes', () => {
  const all = Object.keys(HQ_ROUTE_ACCESS).flatMap(casesOf);

  it('refuses every case with 401/403 in the project’s error shape', async () => {
    expect(all.length).toBeGreaterThan(100);
    const before = await fingerprint();
    const failures: string[] = [];
    const byCase: Record<string, number> = {};
    for (const c of all) {
      const got = await send(c);
      byCase[c.what] = (byCase[c.what] ?? 0) + 1;
      if (got.status !== c.expect) failures.push(`${c.route} — ${c.what}: ${got.status} (expected ${c.expect}) ${JSON.stringify(got.body)}`);
      else if (methodOf(c.route) !== 'HEAD' && !ApiErrorBody.safeParse(got.body).success) failures.push(`${c.route} — ${c.what}: not the project's error shape: ${JSON.stringify(got.body)}`);
    }
    expect(failures).toEqual([]);
    expect(await fingerprint()).toEqual(before);
    console.log(`hq security: ${Object.keys(HQ_ROUTE_ACCESS).length} routes in the table, ${all.length} refusal cases: ${JSON.stringify(byCase)}`);
  }, 120_000);

  it('lets the right credential through the gate on every read (the table is not stricter than the routes)', async () => {
    const failures: string[] = [];
    for (const key of Object.keys(HQ_ROUTE_ACCESS).filter((k) => methodOf(k) === 'GET')) {
      const access = HQ_ROUTE_ACCESS[key]!;
      const token = isHqAdmin(access) ? NAMED.token : devices.hub;
      const got = await send({ route: key, what: 'the right credential', expect: 401, token: () => token });
      if (got.status === 401 || got.status === 403) failures.push(`${key}: ${got.status} ${JSON.stringify(got.body)}`);
    }
    expect(failures).toEqual([]);
    // The hub fetches its own branch's file; the branch is its token's, never a name in the path.
    const file = await fetch(`${hq.url}/api/v1/sync/reports/2026-03/pdf?lang=zh-CN`, { headers: { authorization: `Bearer ${devices.hub}` } });
    expect([file.status, Buffer.from(await file.arrayBuffer()).subarray(0, 5).toString()]).toEqual([200, '%PDF-']);
  }, 120_000);

  it('takes a write from the HQ page itself (its own Origin)', async () => {
    const res = await fetch(`${hq.url}/api/v1/hq/enrol-codes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, origin: hq.url, 'content-type': 'application/json' },
      body: JSON.stringify({ branchId: BRANCH, role: 'hub' }),
    });
    expect(res.status).toBe(201);
  });
});
