import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_HEADER, DEVICE_HEADER, WS_DEVICE_PARAM, WS_SESSION_PARAM } from '../../shared/access/credentials.js';
import { ApiErrorBody } from '../../shared/api/errors.js';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { newId } from '../../shared/ids.js';
import type { DeviceRole } from '../../shared/sync/protocol.js';
import { installAccessGate } from '../../server/hub/access/gate.js';
import { ROUTE_ACCESS, isDeviceToken, isGrant, isGuarded, isOpen } from '../../server/hub/access/routeAccess.js';
import type { Access, RouteKey } from '../../server/hub/access/routeAccess.js';
import { BranchUnderTest, actors } from '../support/branchUnderTest.js';
import type { TestActor } from '../support/branchUnderTest.js';
import { wsOutcome } from '../support/wsRefusal.js';

/**
 * Issue 12, "Trust at every boundary": every route and WebSocket of the hub's access table
 * (server/hub/access/routeAccess.ts), walked from the table itself so a new route is covered the
 * day it is born, is refused to: no credential, a revoked device, the wrong kind of device,
 * another window's device, a teller signed in at another window, a locked or expired session, a
 * teller where a lead is needed, an integration key without the scope, and a foreign Origin. The
 * queue, pauses, ratings and records are the same afterwards.
 */

const WINDOW = 2;
const OTHER = 1;
const KEYS = {
  read: 'key-read-0123456789abcdefghij',
  tickets: 'key-tickets-0123456789abcdefgh',
  commandOther: 'key-command-1-0123456789abcdef',
  all: 'key-all-scopes-0123456789abcdef',
};
const EVIL = 'http://evil.example';

let b: BranchUnderTest;
let offsetMs = 0;
let pauseId = '';
let finishedTicket = '';
/** A live integration key made by a lead through the hub: a revoke let through would show in the fingerprint. */
let apiKeyId = '';

beforeAll(async () => {
  b = await BranchUnderTest.start(demoBranch('2000-01-01'), {
    apiKeys: [
      { name: 'reader', key: KEYS.read, scopes: ['queue:read'], windows: [] },
      { name: 'ticket machine', key: KEYS.tickets, scopes: ['tickets:issue'], windows: [] },
      { name: 'keypad of window 1', key: KEYS.commandOther, scopes: ['windows:command'], windows: [OTHER] },
    ],
    host: { now: () => new Date(Date.now() + offsetMs) },
  });
  // Something to change: tickets waiting and called, a rated service, a pause waiting for approval.
  for (const service of ['A', 'A', 'B', 'A']) expect((await b.post('/api/v1/tickets', { service })).status).toBe(201);
  const served = await b.post(`/api/v1/counters/${WINDOW}/call-next`);
  finishedTicket = served.json.ticket.id;
  expect((await b.post(`/api/v1/counters/${WINDOW}/finish`)).status).toBe(200);
  expect((await b.post(`/api/v1/counters/${WINDOW}/rating`, { ticketId: finishedTicket, value: 4, source: 'customer_display' })).status).toBe(201);
  expect((await b.post(`/api/v1/counters/${WINDOW}/call-next`)).status).toBe(200);
  expect((await b.post('/api/v1/counters/3/open')).status).toBe(200);
  const paused = await b.post('/api/v1/counters/3/pause', { reason: 'break' });
  expect(paused.status).toBe(200);
  pauseId = paused.json.pause.pause.id;
  const made = await b.post('/api/v1/api-keys', { name: 'queue board', scopes: ['queue:read'], windows: [] });
  expect(made.status).toBe(201);
  apiKeyId = made.json.key.id;
}, 120_000);

afterAll(async () => b?.stop());

// ------------------------------------------------------------------ requests built from the table

interface Tokens {
  device?: string;
  session?: string;
  apiKey?: string;
}

interface Case {
  route: RouteKey;
  what: string;
  expect: number;
  tokens: () => Promise<Tokens>;
  origin?: string;
  /** Run with the hub's clock past every session's end. */
  expired?: true;
  /** Run while the right sessions are locked (the teller stepped away). */
  locked?: true;
}

const methodOf = (key: RouteKey) => key.split(' ')[0]!;
const urlOf = (key: RouteKey) => key.split(' ')[1]!;
const isWs = (key: RouteKey) => ROUTE_ACCESS[key]!.ws === true;

/** A request that would change something if it were let through. */
function sample(key: RouteKey): { path: string; body?: unknown } {
  const ids: Record<string, string> = {
    n: String(WINDOW),
    action: 'call-next',
    id: key.includes('/pauses/') ? pauseId : key.includes('/devices/') ? 'test-hall' : key.includes('/api-keys/') ? apiKeyId : newId(),
    uploadId: newId(),
    recordId: newId(),
  };
  let path = urlOf(key).replace(/:(\w+)/g, (_, name: string) => ids[name] ?? 'x');
  const access = ROUTE_ACCESS[key]!.access;
  if (isGuarded(access) && access.window === 'query') path += `?counter=${WINDOW}`;
  const bodies: Record<string, unknown> = {
    'POST /api/v1/tickets': { service: 'A' },
    'POST /api/v1/counters/:n/pause': { reason: 'break' },
    'POST /api/v1/counters/:n/close': {},
    'POST /api/v1/counters/:n/rating': { ticketId: finishedTicket, value: 1, source: 'customer_display' },
    'POST /api/v1/pauses/:id/approve': {},
    'POST /api/v1/prompts': { prompt: 'bank.weather.rain', on: true },
    'POST /api/v1/phrases/show': { counter: WINDOW, phraseId: 'bank.greeting' },
    'POST /api/v1/devices/enrol-codes': { role: 'kiosk' },
    'POST /api/v1/api-keys': { name: 'intruder', scopes: ['tickets:issue'], windows: [] },
    'POST /api/v1/session/sign-in': { login: 's-1002', pin: '100222' },
    'POST /api/v1/session/unlock': { pin: '100222' },
    'POST /api/v1/recordings/sign-in': { staffId: 's-9001', pin: '246810' },
    'POST /api/v1/recordings/:id/comments': { text: 'a comment nobody may write' },
  };
  return { path, ...(key in bodies ? { body: bodies[key] } : methodOf(key) === 'POST' ? { body: {} } : {}) };
}

/** The actor a guarded route is for (right kind, window and person). */
function rightActor(access: Access): TestActor {
  if (!isGuarded(access)) return actors.none;
  const kinds = access.devices;
  if (kinds === 'any') return actors.hall;
  if (kinds.includes('lead')) return actors.lead();
  if (kinds.includes('kiosk')) return actors.kiosk;
  if (kinds.includes('counter-display')) return actors.display(WINDOW);
  return actors.counter(WINDOW, access.staff === undefined ? null : undefined);
}

/** A device of a kind the route does not take, at the same window where it has one. */
function wrongKind(kinds: readonly DeviceRole[]): TestActor {
  if (!kinds.includes('counter')) return actors.counter(WINDOW);
  if (!kinds.includes('counter-display')) return actors.display(WINDOW);
  if (!kinds.includes('kiosk')) return actors.kiosk;
  return actors.hall;
}

const revokedName = (a: TestActor): string => `revoked-${a.kind}-${'window' in a ? a.window : 'x'}`;
const roleOf = (a: TestActor): DeviceRole => (a.kind === 'display' ? 'counter-display' : a.kind === 'counter' ? 'counter' : a.kind === 'lead' ? 'lead' : a.kind === 'kiosk' ? 'kiosk' : 'hall');

async function revokedDevice(a: TestActor): Promise<string> {
  return (await b.device(revokedName(a), roleOf(a), 'window' in a ? a.window : null)).token;
}

function casesOf(key: RouteKey): Case[] {
  const { access } = ROUTE_ACCESS[key]!;
  const method = methodOf(key);
  const stateChanging = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method);
  const out: Case[] = [];
  const tokens = (a: TestActor) => () => b.tokens(a);
  if (isOpen(access)) {
    // The host bridge keeps its own Origin check (1008 after the upgrade); other open writes are checked here.
    if (stateChanging) out.push({ route: key, what: 'cross-origin', expect: 403, tokens: async () => ({}), origin: EVIL });
    return out;
  }
  if (isGrant(access)) return [{ route: key, what: 'no token', expect: 401, tokens: async () => ({}) }];
  if (isDeviceToken(access)) {
    out.push({ route: key, what: 'no token', expect: 401, tokens: async () => ({}) });
    out.push({ route: key, what: 'revoked token', expect: 401, tokens: async () => ({ device: await revokedDevice(actors.counter(WINDOW)) }) });
    if (stateChanging) out.push({ route: key, what: 'cross-origin', expect: 403, tokens: async () => ({ device: (await b.tokens(actors.counter(WINDOW, null))).device! }), origin: EVIL });
    return out;
  }
  if (!isGuarded(access)) throw new Error(`${key}: an access form this test does not know`);
  const right = rightActor(access);
  out.push({ route: key, what: 'no token', expect: 401, tokens: async () => ({}) });
  out.push({ route: key, what: 'revoked token', expect: 401, tokens: async () => ({ ...(await b.tokens(right)), device: await revokedDevice(right) }) });
  if (access.devices !== 'any') out.push({ route: key, what: 'wrong device kind', expect: 403, tokens: tokens(wrongKind(access.devices)) });
  if (access.window !== undefined) {
    const other = right.kind === 'display' ? actors.display(OTHER) : actors.counter(OTHER, access.staff === undefined ? null : undefined);
    out.push({ route: key, what: "another window's device", expect: 403, tokens: tokens(other) });
  }
  if (access.staff === 'window-teller') {
    out.push({
      route: key,
      what: 'a teller signed in at another window',
      expect: 403,
      tokens: async () => ({ device: (await b.tokens(actors.counter(WINDOW))).device!, session: (await b.tokens(actors.counter(OTHER))).session! }),
    });
  }
  if (access.staff !== undefined && access.staff !== 'window-teller') {
    out.push({ route: key, what: 'a teller where a lead is needed', expect: 403, tokens: tokens(actors.lead('s-1003')) });
  }
  if (access.staff !== undefined) {
    out.push({ route: key, what: 'an expired session', expect: 401, tokens: tokens(right), expired: true });
    out.push({ route: key, what: 'a locked session', expect: 423, tokens: tokens(right), locked: true });
  }
  if (access.apiKey !== undefined) {
    out.push({ route: key, what: 'an API key without the scope', expect: 403, tokens: async () => ({ apiKey: access.apiKey === 'queue:read' ? KEYS.tickets : KEYS.read }) });
    if (access.window !== undefined) out.push({ route: key, what: "an API key for another window", expect: 403, tokens: async () => ({ apiKey: KEYS.commandOther }) });
  } else {
    out.push({ route: key, what: 'an API key (none allowed here)', expect: 403, tokens: async () => ({ apiKey: KEYS.read }) });
  }
  out.push({ route: key, what: 'an unknown API key', expect: 401, tokens: async () => ({ apiKey: 'key-nobody-0123456789abcdefghijk' }) });
  if (stateChanging || ROUTE_ACCESS[key]!.ws) out.push({ route: key, what: 'cross-origin', expect: 403, tokens: tokens(right), origin: EVIL });
  return out;
}

async function send(c: Case): Promise<{ status: number; body: unknown; messages?: number }> {
  const t = await c.tokens();
  const { path, body } = sample(c.route);
  const headers: Record<string, string> = {
    ...(t.device ? { [DEVICE_HEADER]: t.device } : {}),
    ...(t.session ? { authorization: `Bearer ${t.session}` } : {}),
    ...(t.apiKey ? { [API_KEY_HEADER]: t.apiKey } : {}),
    ...(c.origin ? { origin: c.origin } : {}),
  };
  const access = ROUTE_ACCESS[c.route]!.access;
  if (isDeviceToken(access) && t.device) {
    delete headers[DEVICE_HEADER];
    headers.authorization = `Bearer ${t.device}`;
  }
  if (isWs(c.route)) {
    // Browsers cannot set WebSocket headers: the tokens ride in the query, the key in its header.
    const url = new URL(path, b.url.replace(/^http/, 'ws'));
    if (t.device) url.searchParams.set(WS_DEVICE_PARAM, t.device);
    if (t.session) url.searchParams.set(WS_SESSION_PARAM, t.session);
    const o = await wsOutcome(url.href, { ...(t.apiKey ? { [API_KEY_HEADER]: t.apiKey } : {}), ...(c.origin ? { origin: c.origin } : {}) });
    return { status: o.status ?? -(o.code ?? 0), body: null, messages: o.messages };
  }
  const res = await fetch(b.url + path, {
    method: methodOf(c.route),
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

// ------------------------------------------------------------------ the tests

describe('the access table', () => {
  it('declares exactly the routes the hub registers', () => {
    const table = new Set(Object.keys(ROUTE_ACCESS));
    // Fastify adds a HEAD beside each GET; it shares the GET's entry.
    const registered = [...b.host.routes].filter((k) => !(k.startsWith('HEAD ') && !table.has(k) && table.has(`GET ${k.slice(5)}`)));
    expect(new Set(registered)).toEqual(table);
  });

  it('stops a hub whose new route has no entry', async () => {
    const app = Fastify();
    installAccessGate(app, {
      branchId: () => 'b',
      devices: { resolve: async () => null },
      sessions: { resolve: async () => null, atWindow: () => null },
      apiKeys: { resolve: () => null },
      hasWindow: () => true,
      ownOrigins: () => new Set(),
    });
    expect(() => app.get('/api/v1/brand-new', async () => ({}))).toThrow(/no entry in server\/hub\/access\/routeAccess.ts/);
    await app.close();
  });
});

describe('the table says what issue 12 says', () => {
  const entry = (key: string) => ROUTE_ACCESS[key]?.access;
  const keys = Object.keys(ROUTE_ACCESS);

  it('opens only enrolment, the demo code, the host bridge and tus discovery', () => {
    expect(keys.filter((k) => isOpen(ROUTE_ACCESS[k]!.access)).sort()).toEqual(
      ['POST /api/v1/sync/enrol', 'GET /api/v1/sync/demo-enrol-code', 'GET /host', 'OPTIONS /api/v1/uploads/', 'OPTIONS /api/v1/uploads', 'OPTIONS /api/v1/uploads/:uploadId'].sort(),
    );
  });

  it('keeps the device token of the sync API and uploads for them alone', () => {
    expect(keys.filter((k) => isDeviceToken(ROUTE_ACCESS[k]!.access)).every((k) => /^\S+ \/api\/v1\/(sync\/(push|pull)$|uploads)/.test(k))).toBe(true);
  });

  it("gives a window's commands to its own counter with its teller signed in, or a key listing the window", () => {
    const commands = keys.filter((k) => k.startsWith('POST /api/v1/counters/:n/') && !/\/(rating|override)$/.test(k));
    expect(commands.sort()).toEqual(['action', 'close', 'open', 'pause', 'resume'].map((c) => `POST /api/v1/counters/:n/${c === 'action' ? ':action' : c}`).sort());
    for (const k of commands) expect(entry(k), k).toEqual({ devices: ['counter'], window: 'param', staff: 'window-teller', apiKey: 'windows:command' });
    expect(entry('POST /api/v1/phrases/show')).toEqual({ devices: ['counter'], window: 'body', staff: 'window-teller' });
  });

  it("takes a rating from the window's customer display only, and a ticket from a kiosk (or a ticket machine's key)", () => {
    expect(entry('POST /api/v1/counters/:n/rating')).toEqual({ devices: ['counter-display'], window: 'param' });
    expect(entry('POST /api/v1/tickets')).toEqual({ devices: ['kiosk'], apiKey: 'tickets:issue' });
  });

  it('needs a lead station and a session with the capability for approvals, prompts, records, recordings, devices and the audit', () => {
    const lead = (capability: string) => ({ devices: ['lead'], staff: capability });
    for (const k of ['POST /api/v1/pauses/:id/approve', 'POST /api/v1/counters/:n/override', 'GET /api/v1/pauses', 'GET /api/v1/follow-ups', 'GET /api/v1/business-day/records', 'POST /api/v1/business-day/morning-meeting']) {
      expect(entry(k), k).toEqual(lead('approve'));
    }
    expect(entry('POST /api/v1/prompts')).toEqual(lead('prompt'));
    for (const k of ['GET /api/v1/phrases/rates', 'GET /api/v1/business-day/figures', 'GET /api/v1/audit']) expect(entry(k), k).toEqual(lead('audit'));
    for (const k of ['GET /api/v1/figures/day', 'GET /api/v1/figures/month', 'GET /api/v1/figures/live']) expect(entry(k), k).toEqual(lead('audit'));
    // The expected wait names no teller: the kiosk's ticket and the hall show it, no key reads it.
    expect(entry('GET /api/v1/figures/expected-wait')).toEqual({ devices: ['kiosk', 'hall', 'lead'] });
    for (const k of ['GET /api/v1/recordings', 'GET /api/v1/recordings/listens', 'GET /api/v1/recordings/status', 'POST /api/v1/recordings/:id/replay', 'GET /api/v1/recordings/live/listen', 'GET /api/v1/services/:ticketId/record']) {
      expect(entry(k), k).toEqual(lead('listen'));
    }
    for (const k of ['POST /api/v1/devices/enrol-codes', 'GET /api/v1/devices', 'POST /api/v1/devices/:id/revoke', 'POST /api/v1/api-keys', 'GET /api/v1/api-keys', 'POST /api/v1/api-keys/:id/revoke']) expect(entry(k), k).toEqual(lead('enrol'));
  });

  it('lets every enrolled device (or a key reading the queue) read the queue, and nothing more', () => {
    for (const k of ['GET /api/v1/config', 'GET /api/v1/kiosk', 'GET /api/v1/queue', 'GET /api/v1/snapshot', 'GET /api/v1/tickets/:id', 'GET /api/v1/windows', 'GET /api/v1/stream', 'GET /api/v1/ratings/stream']) {
      expect(entry(k), k).toEqual({ devices: 'any', apiKey: 'queue:read' });
    }
    for (const k of keys) {
      const a = ROUTE_ACCESS[k]!.access;
      if (isGuarded(a) && a.apiKey === 'queue:read') expect(methodOf(k), k).toBe('GET');
    }
  });
});

describe('every route refuses whoever may not call it, and nothing changes', () => {
  const all = Object.keys(ROUTE_ACCESS).flatMap(casesOf);
  const results: Array<{ c: Case; status: number }> = [];

  it('refuses every case with 401/403 (WebSockets before the upgrade) in the project’s error shape', async () => {
    // Every credential the cases use exists before the fingerprint: enrolments and sign-ins change state.
    for (const c of all) await c.tokens();
    for (const a of [actors.counter(WINDOW), actors.display(WINDOW), actors.lead(), actors.kiosk, actors.hall]) {
      const name = revokedName(a);
      const d = await b.device(name, roleOf(a), 'window' in a ? a.window : null);
      void d;
      const res = await b.post(`/api/v1/devices/test-${name}/revoke`);
      expect(res.status, name).toBe(200);
    }
    const before = await b.fingerprint();
    const failures: string[] = [];
    for (const c of all.filter((x) => !x.expired && !x.locked)) {
      const got = await send(c);
      results.push({ c, status: got.status });
      if (got.status !== c.expect) failures.push(`${c.route} — ${c.what}: ${got.status} (expected ${c.expect}) ${JSON.stringify(got.body)}`);
      else if (!isWs(c.route) && !ApiErrorBody.safeParse(got.body).success && methodOf(c.route) !== 'HEAD') failures.push(`${c.route} — ${c.what}: not the project's error shape: ${JSON.stringify(got.body)}`);
      if (got.messages) failures.push(`${c.route} — ${c.what}: the socket sent ${got.messages} messages`);
    }
    expect(failures).toEqual([]);
    const after = await b.fingerprint();
    expect(after.counts).toEqual(before.counts);
    expect(after.parts).toEqual(before.parts);
    expect(after.digest).toBe(before.digest);
    // The revoke cases aimed at a live key: it is live still.
    const listed = await b.get('/api/v1/api-keys');
    expect(listed.json.keys.find((k: { id: string }) => k.id === apiKeyId)).toMatchObject({ revokedAt: null });
  }, 240_000);

  it('refuses a locked session (423 session_locked) everywhere a person is needed', async () => {
    const before = await b.fingerprint();
    for (const a of [actors.counter(WINDOW), actors.lead()]) expect((await b.as(a).post('/api/v1/session/lock', {})).status).toBe(200);
    const failures: string[] = [];
    try {
      for (const c of all.filter((x) => x.locked)) {
        const got = await send(c);
        results.push({ c, status: got.status });
        if (got.status !== c.expect) failures.push(`${c.route} — ${c.what}: ${got.status} (expected ${c.expect})`);
        else if (!isWs(c.route) && (got.body as ApiErrorBody).error.code !== 'session_locked') failures.push(`${c.route} — ${c.what}: ${JSON.stringify(got.body)}`);
      }
    } finally {
      expect((await b.as(actors.counter(WINDOW)).post('/api/v1/session/unlock', { pin: '100222' })).status).toBe(200);
      expect((await b.as(actors.lead()).post('/api/v1/session/unlock', { pin: '246810' })).status).toBe(200);
    }
    expect(failures).toEqual([]);
    expect(await b.fingerprint()).toEqual(before);
  }, 120_000);

  it('refuses an expired session everywhere a person is needed', async () => {
    const before = await b.fingerprint({ sessions: false });
    // Past every session's end (the branch's policy: 12 hours), on the hub's own clock.
    offsetMs = (b.config.access.sessionHours + 1) * 3_600_000;
    const failures: string[] = [];
    try {
      for (const c of all.filter((x) => x.expired)) {
        const got = await send(c);
        results.push({ c, status: got.status });
        if (got.status !== c.expect) failures.push(`${c.route} — ${c.what}: ${got.status} (expected ${c.expect})`);
      }
    } finally {
      offsetMs = 0;
    }
    expect(failures).toEqual([]);
    const after = await b.fingerprint({ sessions: false });
    expect(after.counts).toEqual(before.counts);
    expect(after.parts).toEqual(before.parts);
    expect(after.digest).toBe(before.digest);
  }, 120_000);

  afterAll(() => {
    const routes = Object.entries(ROUTE_ACCESS);
    const form = (a: Access) => (isOpen(a) ? 'open' : isDeviceToken(a) ? 'device token' : isGrant(a) ? 'replay grant' : 'guarded');
    const byForm: Record<string, number> = {};
    for (const [, e] of routes) byForm[form(e.access)] = (byForm[form(e.access)] ?? 0) + 1;
    const byCase: Record<string, number> = {};
    const byStatus: Record<string, number> = {};
    for (const r of results) {
      byCase[r.c.what] = (byCase[r.c.what] ?? 0) + 1;
      byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    }
    console.log(
      `security: ${routes.length} routes in the table (${routes.filter(([, e]) => e.ws).length} WebSockets; ${Object.entries(byForm).map(([k, v]) => `${k} ${v}`).join(', ')}); ` +
        `${results.length} refusal cases, by case: ${JSON.stringify(byCase)}; by status: ${JSON.stringify(byStatus)}`,
    );
  });
});

describe('integration keys', () => {
  it('command only their windows, as the teller signed in there, and never where nobody is', async () => {
    const keyed = await BranchUnderTest.start(demoBranch('2000-01-01'), {
      apiKeys: [{ name: 'keypad 1', key: KEYS.all, scopes: ['windows:command', 'tickets:issue', 'queue:read'], windows: [1] }],
    });
    try {
      const key = keyed.as(actors.apiKey(KEYS.all));
      expect((await key.post('/api/v1/tickets', { service: 'A' })).status).toBe(201);
      const nobody = await key.post('/api/v1/counters/1/call-next');
      expect(nobody.status).toBe(403);
      expect(nobody.json.error.reason).toBe('nobody_signed_in');
      await keyed.tokens(actors.counter(1)); // s-1001 signs in at window 1
      const called = await key.post('/api/v1/counters/1/call-next');
      expect(called.status).toBe(200);
      const { rows } = await keyed.host.db.query<{ body: any }>("select body from queue_events where type = 'ticket.called'");
      expect(rows.map((r) => r.body.detail.staffId)).toEqual(['s-1001']);
      expect((await key.post('/api/v1/counters/2/call-next')).status).toBe(403);
      expect((await key.get('/api/v1/queue')).status).toBe(200);
      expect((await key.get('/api/v1/pauses')).status).toBe(403);
    } finally {
      await keyed.stop();
    }
  }, 60_000);
});
