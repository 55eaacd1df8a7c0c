import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorBody } from '../../shared/api/errors.js';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { fullMarks } from '../../shared/evaluation/dailyForm.js';
import { newId } from '../../shared/ids.js';
import { CreateApiKeyRequest } from '../../server/hub/access/apiKeys.js';
import { ROUTE_ACCESS, isDeviceToken, isOpen } from '../../server/hub/access/routeAccess.js';
import type { RouteKey } from '../../server/hub/access/routeAccess.js';
import { BranchUnderTest, actors, defaultActor } from '../support/branchUnderTest.js';
import type { TestActor } from '../support/branchUnderTest.js';

/**
 * Issue 12: a corpus of bad requests generated over every route of the hub's access table, each
 * sent with the right credentials so that only the input is wrong: malformed JSON, `null`, wrong
 * types, extra fields, huge bodies, odd window numbers, wrong content types, over-long parameters,
 * bad queries and idempotency keys, wrong methods. None may change anything, none may be a 5xx,
 * and every refusal comes in the project's error shape.
 */

const W = 2;
let b: BranchUnderTest;
let pauseId = '';

beforeAll(async () => {
  b = await BranchUnderTest.start(demoBranch('2000-01-01'));
  for (const service of ['A', 'B', 'A']) expect((await b.post('/api/v1/tickets', { service })).status).toBe(201);
  expect((await b.post(`/api/v1/counters/${W}/call-next`)).status).toBe(200);
  expect((await b.post('/api/v1/counters/3/open')).status).toBe(200);
  pauseId = (await b.post('/api/v1/counters/3/pause', { reason: 'break' })).json.pause.pause.id;
}, 120_000);

afterAll(async () => b?.stop());

interface BadCase {
  group: string;
  route: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  actor: TestActor;
  /** The status this case must get, when the corpus knows it. */
  expect?: number;
}

const methodOf = (key: RouteKey) => key.split(' ')[0]!;
const urlOf = (key: RouteKey) => key.split(' ')[1]!;
const TUS = (key: RouteKey) => urlOf(key).startsWith('/api/v1/uploads') && !urlOf(key).includes('/status/');

/**
 * Routes where one wrong value can still make a body the route takes (a key named "s" is a fine
 * key): such a case is not bad input, and sent it would create something, so it is left out.
 */
const STILL_VALID: Record<string, { safeParse(v: unknown): { success: boolean } }> = {
  'POST /api/v1/api-keys': CreateApiKeyRequest,
};

/** A body each route would accept (so that each case below differs from it in one thing). */
function goodBody(key: RouteKey): Record<string, unknown> | undefined {
  const bodies: Record<string, Record<string, unknown>> = {
    'POST /api/v1/tickets': { service: 'A' },
    'POST /api/v1/counters/:n/pause': { reason: 'break' },
    'POST /api/v1/counters/:n/rating': { ticketId: newId(), value: 4, source: 'customer_display' },
    'POST /api/v1/prompts': { prompt: 'bank.weather.rain', on: true },
    'POST /api/v1/phrases/show': { counter: W, phraseId: 'bank.greeting' },
    'POST /api/v1/devices/enrol-codes': { role: 'kiosk' },
    'POST /api/v1/session/sign-in': { login: 's-1002', pin: '100222' },
    'POST /api/v1/session/unlock': { pin: '135790' },
    'POST /api/v1/session/lock': { reason: 'manual' },
    'POST /api/v1/recordings/sign-in': { staffId: 's-9001', pin: '246810' },
    'POST /api/v1/sync/enrol': { code: 'ZZZZ-ZZZZ-ZZZZ', deviceId: 'bad-input-device', role: 'kiosk' },
    'POST /api/v1/sync/push': { deviceId: 'test-counter-2', sentAt: new Date().toISOString(), records: [] },
    'POST /api/v1/business-day/morning-meeting': { day: '2000-01-01' },
    'POST /api/v1/counters/:n/:action': {},
    // A teller's daily evaluation sheet (a full sheet, new): every case below differs from it in one thing.
    'PUT /api/v1/evaluations/daily/:day/:staffId': { scores: fullMarks(), baseRevision: 0 },
    // Hall notices: a notice that would be published (create) or a change of one that does not exist.
    'POST /api/v1/notices': { text: { 'zh-CN': '通知' }, schedule: { from: '2000-01-01', to: '2000-01-31', days: [1, 2, 3, 4, 5] } },
    'POST /api/v1/notices/:id': { version: 1, text: { 'zh-CN': '通知' }, schedule: { from: '2000-01-01', to: '2000-01-31', days: [1, 2, 3, 4, 5] } },
    'POST /api/v1/notices/:id/withdraw': { version: 1 },
    // A commanding key must list its windows: emptying or retyping any field is refused.
    'POST /api/v1/api-keys': { name: 'bad-input keypad', scopes: ['windows:command'], windows: [W] },
  };
  return bodies[key] ?? (methodOf(key) === 'POST' ? {} : undefined);
}

function goodPath(key: RouteKey, override: Record<string, string> = {}): string {
  const values: Record<string, string> = {
    n: String(W),
    // The command route with a body-less command; the other routes' ids name nothing that exists.
    action: 'recall',
    id: key.includes('/pauses/') ? pauseId : key.includes('/devices/') ? 'test-hall' : newId(),
    uploadId: newId(),
    recordId: newId(),
    day: '2000-01-01',
    staffId: 's-1002',
    ...override,
  };
  let path = urlOf(key).replace(/:(\w+)/g, (_, name: string) => values[name]!);
  if (key.includes('/live/')) path += `?counter=${W}`;
  return path;
}

function actorOf(key: RouteKey): TestActor {
  const access = ROUTE_ACCESS[key]!.access;
  if (isDeviceToken(access)) return actors.counter(W, null);
  // Sign-ins from a station of their own, the session's own acts by the auditor: a case let
  // through by mistake would change their sessions, which the fingerprint shows.
  if (/sign-in$/.test(key)) return actors.lead(null);
  if (/\/session\/(sign-out|lock|unlock)$|GET \/api\/v1\/session$/.test(key)) return actors.auditor;
  return defaultActor(b.config, methodOf(key), goodPath(key), goodBody(key));
}

const ODD_WINDOWS = ['1e0', '0x4', '%204', '04', '-1', '4.0', '99999', '+2', '2.0', '0', 'NaN', 'Infinity', '%20', '%EF%BC%92', '2%00', '1_0'];
const ODD_IDS = ['%00', '..%2F..%2Fetc', '%E0%A4%A', '%u0041', '%F0%9F%8E%AB', 'null', 'undefined', '-1'];
const LONG = 'x'.repeat(300);
const BAD_JSON = ['{', '{"a":', 'nul', '[1,2', '{}x', '\uFEFF{}', '{"a":1}{"b":2}', "{'a':1}", '{"a":NaN}', '{"a":1,}', '\u0000', ''];
const WRONG_TOP = ['null', '[]', '"text"', '42', 'true', '3.14', '[{}]', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}'];
const WRONG_VALUES: unknown[] = [null, 12345, 's', [], {}, true, -1, 'x'.repeat(5000)];
const CONTENT_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json-patch+json', 'application/jsonx', 'text/json'];
const QUERIES = ['?ticket=%00&teller=%00&day=%00', '?day=yesterday', '?day=2026-02-30x', '?day[]=1', '?day=2026-01-01&day=2026-01-02', '?since=1e3', '?limit=-1', '?limit=0x10', '?counter=04', '?zzz=1', '?%zz=1', `?q=${'y'.repeat(3000)}`];

function corpus(): BadCase[] {
  const out: BadCase[] = [];
  for (const key of Object.keys(ROUTE_ACCESS)) {
    const entry = ROUTE_ACCESS[key]!;
    const method = methodOf(key);
    if (isOpen(entry.access) && method === 'OPTIONS') continue; // tus discovery
    const actor = actorOf(key);
    const good = goodBody(key);
    const goodJson = good === undefined ? undefined : JSON.stringify(good);
    const json = { 'content-type': 'application/json' };
    const base = { route: key, method, actor, headers: {} as Record<string, string> };
    if (entry.ws) {
      out.push({ ...base, group: 'WebSocket without an upgrade', path: goodPath(key), expect: 426 });
      for (const q of QUERIES.slice(0, 4)) out.push({ ...base, group: 'WebSocket without an upgrade', path: goodPath(key) + (goodPath(key).includes('?') ? q.replace('?', '&') : q), expect: 426 });
      continue;
    }
    // Path parameters: odd window numbers, odd ids, over-long values.
    const params = [...urlOf(key).matchAll(/:(\w+)/g)].map((m) => m[1]!);
    for (const p of params) {
      const odd = p === 'n' ? ODD_WINDOWS : ODD_IDS;
      for (const v of odd) out.push({ ...base, group: p === 'n' ? 'odd window number' : 'odd id', path: goodPath(key, { [p]: v }), headers: goodJson ? json : {}, ...(goodJson ? { body: goodJson } : {}), ...(p === 'n' ? { expect: 400 } : {}) });
      out.push({ ...base, group: 'over-long parameter', path: goodPath(key, { [p]: LONG }), headers: goodJson ? json : {}, ...(goodJson ? { body: goodJson } : {}), expect: 414 });
    }
    // Queries on reads.
    if (method === 'GET') for (const q of QUERIES) out.push({ ...base, group: 'bad query', path: goodPath(key) + q });
    if (method === 'GET' || method === 'HEAD' || TUS(key)) continue;
    // Bodies of writes.
    const path = goodPath(key);
    for (const text of BAD_JSON) out.push({ ...base, group: 'malformed JSON', path, headers: json, body: text, expect: 400 });
    for (const text of WRONG_TOP) out.push({ ...base, group: 'null / wrong top-level type', path, headers: json, body: text, expect: 400 });
    out.push({ ...base, group: 'extra field', path, headers: json, body: JSON.stringify({ ...good, by: 's-9001' }), expect: 400 });
    out.push({ ...base, group: 'extra field', path, headers: json, body: JSON.stringify({ ...good, overrideBy: 's-9001', staffId: 's-9001' }), expect: 400 });
    for (const field of Object.keys(good ?? {})) {
      for (const v of WRONG_VALUES) {
        if (JSON.stringify(v) === JSON.stringify(good![field])) continue; // that would be the good body
        if (STILL_VALID[key]?.safeParse({ ...good, [field]: v }).success) continue;
        out.push({ ...base, group: 'wrong type', path, headers: json, body: JSON.stringify({ ...good, [field]: v }) });
      }
    }
    // Over the route's limit: 256 KiB, or the sync push's 4 MiB.
    const limit = key === 'POST /api/v1/sync/push' ? 4 * 1024 * 1024 : 256 * 1024;
    out.push({ ...base, group: 'huge body', path, headers: json, body: JSON.stringify({ ...good, pad: 'z'.repeat(limit + 1024) }), expect: 413 });
    out.push({ ...base, group: 'deep nesting', path, headers: json, body: '['.repeat(20_000) + ']'.repeat(20_000), expect: 400 });
    for (const type of CONTENT_TYPES) out.push({ ...base, group: 'wrong content type', path, headers: { 'content-type': type }, body: goodJson ?? '{}', expect: 415 });
    out.push({ ...base, group: 'wrong content type', path, headers: {}, body: goodJson ?? '{}', expect: 415 });
    if (/counters\/:n\/(:action|pause|resume|open|close)$|approve$/.test(key)) {
      for (const k of ['k', 'x'.repeat(200)]) out.push({ ...base, group: 'bad Idempotency-Key', path, headers: { ...(goodJson ? json : {}), 'idempotency-key': k }, ...(goodJson ? { body: goodJson } : {}), expect: 400 });
    }
    // A method the route does not have.
    out.push({ ...base, group: 'wrong method', method: method === 'PUT' ? 'PATCH' : 'PUT', path, headers: json, body: goodJson ?? '{}', expect: 404 });
  }
  for (const [method, path] of [['GET', '/api/v1/nope'], ['POST', '/api/v1/nope'], ['DELETE', '/api/v1/queue'], ['PATCH', '/api/v1/tickets'], ['GET', '/api/v1/counters/1'], ['POST', '/api/v1/counters/1/rating/x']] as const) {
    out.push({ group: 'no such route', route: `${method} ${path}`, method, path, headers: method === 'GET' ? {} : { 'content-type': 'application/json' }, ...(method === 'GET' ? {} : { body: '{}' }), actor: actors.lead(), expect: 404 });
  }
  return out;
}

describe('a corpus of bad input over every route', () => {
  it('changes nothing, answers no 5xx, and refuses in the project’s error shape', async () => {
    const cases = corpus();
    expect(cases.length).toBeGreaterThanOrEqual(600);
    // Making an integration key is covered field by field, not only by its malformed bodies.
    expect(cases.filter((c) => c.route === 'POST /api/v1/api-keys' && c.group === 'wrong type').length).toBeGreaterThanOrEqual(20);
    // Credentials first: enrolments and sign-ins are changes of their own.
    for (const c of cases) await b.tokens(c.actor);
    const before = await b.fingerprint();
    const byStatus: Record<number, number> = {};
    const byGroup: Record<string, number> = {};
    const failures: string[] = [];
    for (const c of cases) {
      const headers = { ...(await b.credentials(c.actor)), ...c.headers };
      if (isDeviceToken(ROUTE_ACCESS[c.route]?.access ?? { open: '' })) {
        const device = (await b.tokens(c.actor)).device!;
        headers.authorization = `Bearer ${device}`;
      }
      const res = await fetch(b.url + c.path, { method: c.method, headers, ...(c.body === undefined ? {} : { body: c.body }) });
      const text = await res.text();
      byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
      byGroup[c.group] = (byGroup[c.group] ?? 0) + 1;
      const what = `${c.group}: ${c.method} ${c.path.slice(0, 120)} (${c.route}) body ${JSON.stringify((c.body ?? '').slice(0, 60))}`;
      if (res.status >= 500) failures.push(`${what} → ${res.status} ${text.slice(0, 200)}`);
      if (process.env.GUICHET_BAD_INPUT_LOG && [401, 409].includes(res.status)) console.log(`${what} → ${res.status} ${text.slice(0, 160)}`);
      // Enrolment counts refused attempts per address: after ten, 429 comes before the 400.
      const allowed = c.expect === 400 && c.route === 'POST /api/v1/sync/enrol' ? [400, 429] : [c.expect];
      if (c.expect !== undefined && !allowed.includes(res.status)) failures.push(`${what} → ${res.status}, expected ${c.expect}: ${text.slice(0, 200)}`);
      if (res.status >= 400 && c.method !== 'HEAD') {
        let parsed = false;
        try {
          parsed = ApiErrorBody.safeParse(JSON.parse(text)).success;
        } catch {
          parsed = false;
        }
        if (!parsed) failures.push(`${what} → ${res.status} not in the project's error shape: ${text.slice(0, 200)}`);
      }
    }
    const after = await b.fingerprint();
    console.log(`bad input: ${cases.length} cases over ${Object.keys(ROUTE_ACCESS).length} routes; by group ${JSON.stringify(byGroup)}; by status ${JSON.stringify(byStatus)}; failures ${failures.length}`);
    expect(failures).toEqual([]);
    expect(after.counts).toEqual(before.counts);
    expect(after.parts).toEqual(before.parts);
    expect(after.digest).toBe(before.digest);
  }, 300_000);
});
