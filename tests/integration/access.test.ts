import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AuditEntry, SECURITY_AUDIT } from '../../shared/access/audit.js';
import { SessionInfo, StaffVerifiers, WindowStaffMessage } from '../../shared/access/session.js';
import { pushedKinds } from '../../shared/sync/kinds.js';
import { LIVE_LISTEN_PATH } from '../../shared/recording/live.js';
import { staffKey } from '../../server/hub/access/lockout.js';
import { newId } from '../../shared/ids.js';
import { SYNC_PATHS } from '../../shared/sync/protocol.js';
import { HybridClock } from '../../shared/time/hlc.js';
import { AccessHub, pinOf } from './accessSupport.js';

const SIGN_IN = '/api/v1/session/sign-in';

describe('staff sessions', () => {
  let hub: AccessHub;
  const counters: Record<number, { deviceId: string; token: string }> = {};
  let lead: { deviceId: string; token: string };

  beforeAll(async () => {
    hub = await AccessHub.start();
    for (const n of [1, 2, 3]) counters[n] = await hub.enrol('counter', n);
    lead = await hub.enrol('lead');
  });
  afterAll(async () => hub?.stop());

  it('signs in at a counter by staff id and by badge, bound to its window', async () => {
    const byId = await hub.call('POST', SIGN_IN, { device: counters[1]!.token, body: { login: 's-1001', pin: '100111' } });
    expect(byId.status).toBe(200);
    const info = SessionInfo.parse(byId.json);
    expect(info).toMatchObject({ window: 1, deviceId: counters[1]!.deviceId, locked: false, staff: { id: 's-1001', badge: '1001', role: 'teller' }, idleLockSeconds: 300 });
    expect(Date.parse(info.expiresAt) - Date.parse(info.signedInAt)).toBe(12 * 3_600_000);
    expect(hub.host.access.sessions.atWindow(1)?.staffId).toBe('s-1001');
    const me = await hub.call('GET', '/api/v1/session', { device: counters[1]!.token, session: info.token! });
    expect(me.status).toBe(200);
    expect(me.json.token).toBeUndefined();
    expect((await hub.call('POST', '/api/v1/session/sign-out', { device: counters[1]!.token, session: info.token! })).status).toBe(204);
    expect((await hub.call('GET', '/api/v1/session', { device: counters[1]!.token, session: info.token! })).json.error.reason).toBe('session_required');
    expect(hub.host.access.sessions.atWindow(1)).toBeNull();

    const byBadge = await hub.call('POST', SIGN_IN, { device: counters[1]!.token, body: { login: '1001', pin: '100111' } });
    expect(byBadge.status).toBe(200);
    expect(byBadge.json.staff.id).toBe('s-1001');
  });

  it('gives one answer to a wrong PIN and to an unknown person', async () => {
    const from = '127.0.0.2';
    const wrong = await hub.call('POST', SIGN_IN, { device: counters[2]!.token, body: { login: 's-1002', pin: '999999' }, from });
    const nobody = await hub.call('POST', SIGN_IN, { device: counters[2]!.token, body: { login: 's-4242', pin: '100222' }, from });
    for (const r of [wrong, nobody]) {
      expect(r.status).toBe(401);
      expect(r.json.error).toMatchObject({ code: 'unauthorized', reason: 'bad_credentials' });
    }
    expect(wrong.json.error.message).toBe(nobody.json.error.message);
  });

  it('signs staff in only from a counter with a window or a lead station, and only servers at a window', async () => {
    const from = '127.0.0.3';
    const none = await hub.call('POST', SIGN_IN, { body: { login: 's-1002', pin: '100222' }, from });
    expect([none.status, none.json.error.reason]).toEqual([401, 'device_required']);
    const kiosk = await hub.enrol('kiosk');
    const atKiosk = await hub.call('POST', SIGN_IN, { device: kiosk.token, body: { login: 's-1002', pin: '100222' }, from });
    expect([atKiosk.status, atKiosk.json.error.reason]).toEqual([403, 'device_not_allowed']);
    const windowless = await hub.enrol('counter');
    const noWindow = await hub.call('POST', SIGN_IN, { device: windowless.token, body: { login: 's-1002', pin: '100222' }, from });
    expect([noWindow.status, noWindow.json.error.reason]).toEqual([403, 'device_without_window']);
    const auditor = await hub.call('POST', SIGN_IN, { device: counters[3]!.token, body: { login: 's-9002', pin: pinOf('s-9002') }, from });
    expect([auditor.status, auditor.json.error.reason]).toEqual([403, 'cannot_serve']);
    const atLead = await hub.call('POST', SIGN_IN, { device: lead.token, body: { login: 's-9002', pin: pinOf('s-9002') }, from });
    expect(atLead.status).toBe(200);
    expect(atLead.json.window).toBeNull();
  });

  it('ends the first session when the same person signs in at a second window, and tells the stream', async () => {
    const stream = new WebSocket(hub.host.url.replace(/^http/, 'ws') + `/api/v1/stream?device=${counters[1]!.token}`);
    const frames: WindowStaffMessage[] = [];
    stream.on('message', (data: Buffer) => {
      const m = JSON.parse(String(data));
      if (m.type === 'window.staff') frames.push(WindowStaffMessage.parse(m));
    });
    await new Promise((resolve) => stream.once('open', resolve));
    const first = await hub.signIn(counters[2]!.token, 's-1002');
    const second = await hub.signIn(counters[3]!.token, 's-1002');
    expect((await hub.call('GET', '/api/v1/session', { device: counters[2]!.token, session: first })).status).toBe(401);
    expect((await hub.call('GET', '/api/v1/session', { device: counters[3]!.token, session: second })).json.window).toBe(3);
    expect(hub.host.access.sessions.atWindow(2)).toBeNull();
    expect(hub.host.access.sessions.atWindow(3)?.staffId).toBe('s-1002');
    await expect.poll(() => frames.filter((f) => f.window === 2).at(-1)?.staff).toBeNull();
    expect(frames.filter((f) => f.window === 3).at(-1)?.staff?.id).toBe('s-1002');
    // On connect every window had its frame.
    expect(new Set(frames.slice(0, 4).map((f) => f.window))).toEqual(new Set([1, 2, 3, 4]));
    stream.close();
    const list = await hub.call('GET', '/api/v1/windows/staff', { device: counters[1]!.token });
    expect(list.json.windows.find((w: { window: number }) => w.window === 3).staff.id).toBe('s-1002');
  });

  it('hands a window over: signing in where someone else is ends their session', async () => {
    const before = await hub.call('GET', '/api/v1/session', { device: counters[3]!.token, session: await hub.signIn(counters[3]!.token, 's-1002') });
    const previous = before.json.sessionId as string;
    const next = await hub.signIn(counters[3]!.token, 's-1003');
    expect(hub.host.access.sessions.byIdNow(previous)).toBeNull();
    expect(hub.host.access.sessions.atWindow(3)?.staffId).toBe('s-1003');
    expect((await hub.call('GET', '/api/v1/session', { device: counters[3]!.token, session: next })).json.staff.id).toBe('s-1003');
    const audit = await hub.host.access.audit.day(hub.host.access.audit.today());
    expect(audit.some((e) => e.kind === 'session_replaced' && e.staffId === 's-1002' && /shift handover: s-1003 signed in at window 3/.test(e.detail))).toBe(true);
    expect(audit.some((e) => e.kind === 'session_replaced' && e.staffId === 's-1002' && /replaced by a sign-in at window 3/.test(e.detail))).toBe(true);
  });

  it('binds a session to its device', async () => {
    const token = await hub.signIn(counters[1]!.token, 's-1001');
    expect((await hub.call('GET', '/api/v1/session', { device: counters[2]!.token, session: token })).status).toBe(401);
    expect((await hub.call('GET', '/api/v1/session', { session: token })).status).toBe(401);
  });

  it('locks and unlocks with the PIN', async () => {
    const from = '127.0.0.4';
    const device = counters[1]!.token;
    const token = await hub.signIn(device, 's-1001');
    const locked = await hub.call('POST', '/api/v1/session/lock', { device, session: token, body: { reason: 'idle' }, from });
    expect(locked.json.locked).toBe(true);
    expect(hub.host.access.sessions.atWindow(1)?.locked).toBe(true);
    expect((await hub.call('GET', '/api/v1/session', { device, session: token })).json.locked).toBe(true);
    const wrong = await hub.call('POST', '/api/v1/session/unlock', { device, session: token, body: { pin: '123456' }, from });
    expect([wrong.status, wrong.json.error.reason]).toEqual([401, 'bad_credentials']);
    const right = await hub.call('POST', '/api/v1/session/unlock', { device, session: token, body: { pin: '100111' }, from });
    expect([right.status, right.json.locked]).toEqual([200, false]);
    const kinds = (await hub.host.access.audit.day(hub.host.access.audit.today())).filter((e) => e.staffId === 's-1001').map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['session_locked', 'sign_in_failed', 'session_unlocked']));
  });

  it('answers 423 to a locked lead and 403 to a role without the capability', async () => {
    const token = await hub.signIn(lead.token, 's-9001');
    expect((await hub.call('GET', '/api/v1/audit', { device: lead.token, session: token })).status).toBe(200);
    await hub.call('POST', '/api/v1/session/lock', { device: lead.token, session: token, body: {} });
    const refused = await hub.call('GET', '/api/v1/audit', { device: lead.token, session: token });
    expect([refused.status, refused.json.error.code, refused.json.error.reason]).toEqual([423, 'session_locked', 'session_locked']);
    const teller = await hub.call('POST', SIGN_IN, { device: lead.token, body: { login: 's-1004', pin: '100444' } });
    const forbidden = await hub.call('GET', '/api/v1/devices', { device: lead.token, session: teller.json.token });
    expect([forbidden.status, forbidden.json.error.reason]).toEqual([403, 'capability_missing']);
  });

  it('keeps everyone signed in across a hub restart, and keeps only hashes of tokens', async () => {
    const token = await hub.signIn(counters[2]!.token, 's-1002');
    await hub.restart();
    expect((await hub.call('GET', '/api/v1/session', { device: counters[2]!.token, session: token })).json.staff.id).toBe('s-1002');
    expect(hub.host.access.sessions.atWindow(2)?.staffId).toBe('s-1002');
    const { rows } = await hub.host.db.query<{ n: number }>('select count(*)::int as n from staff_sessions where token_hash = $1 or id = $1', [token]);
    expect(rows[0]!.n).toBe(0);
  });
});

describe('lockout under concurrency', () => {
  let hub: AccessHub;
  let counter2: string;
  let counter4: string;

  beforeAll(async () => {
    hub = await AccessHub.start();
    counter2 = (await hub.enrol('counter', 2)).token;
    counter4 = (await hub.enrol('counter', 4)).token;
  });
  afterAll(async () => hub?.stop());

  it('lets 200 wrong PINs and the right one sent at once issue no session, and holds for the right PIN after', async () => {
    const from = '127.0.1.1';
    const wrong = Array.from({ length: 200 }, (_, i) => hub.call('POST', SIGN_IN, { device: counter2, body: { login: 's-1002', pin: String(200_000 + i) }, from }));
    // The wrong ones reach the hub first (their checks hold the person's whole allowance) ...
    const lockout = hub.host.access.sessions.lockout;
    await expect.poll(() => {
      const s = lockout.state(staffKey('s-1002'));
      return s.failures + s.inFlight;
    }).toBe(5);
    // ... and the right PIN comes while they are still in flight or just failed.
    const right = hub.call('POST', SIGN_IN, { device: counter2, body: { login: 's-1002', pin: '100222' }, from });
    const answers = await Promise.all([...wrong, right]);
    expect(answers.filter((a) => a.status === 200)).toEqual([]);
    expect(answers.filter((a) => a.status === 401)).toHaveLength(5);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(196);
    const refused = (await right).json.error;
    expect(refused).toMatchObject({ code: 'too_many_requests', reason: 'locked_out' });
    expect(Number((await right).headers['retry-after'])).toBeGreaterThan(0);
    expect(hub.host.access.sessions.atWindow(2)).toBeNull();

    // The lockout holds for the right PIN, from this address and from another.
    for (const addr of [from, '127.0.1.2']) {
      const again = await hub.call('POST', SIGN_IN, { device: counter2, body: { login: 's-1002', pin: '100222' }, from: addr });
      expect([again.status, again.json.error.reason]).toEqual([429, 'locked_out']);
      // All five checks have failed: the wait is the lockout's, about 15 minutes.
      expect(Number(again.headers['retry-after'])).toBeGreaterThan(14 * 60);
    }
    // By badge too: it is the same person.
    expect((await hub.call('POST', SIGN_IN, { device: counter2, body: { login: '1002', pin: '100222' }, from: '127.0.1.3' })).status).toBe(429);
    const audit = await hub.host.access.audit.day(hub.host.access.audit.today());
    expect(audit.filter((e) => e.kind === 'sign_in')).toEqual([]);
    expect(audit.filter((e) => e.kind === 'sign_in_failed' && e.staffId === 's-1002')).toHaveLength(5);
    expect(audit.filter((e) => e.kind === 'locked_out').map((e) => e.staffId).sort()).toEqual([null, 's-1002']);

    // After the lockout window the right PIN gets in again.
    hub.offsetMs += 15 * 60_000 + 1_000;
    expect((await hub.call('POST', SIGN_IN, { device: counter2, body: { login: 's-1002', pin: '100222' }, from: '127.0.1.4' })).status).toBe(200);
  });

  it('locks an address out across different staff ids', async () => {
    const from = '127.0.2.1';
    const logins = ['s-1001', 's-1003', 's-1004', 's-4242', '9001'];
    const answers = await Promise.all(logins.map((login) => hub.call('POST', SIGN_IN, { device: counter4, body: { login, pin: '000000' }, from })));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
    // Another person, the right PIN, the same address: refused.
    const there = await hub.call('POST', SIGN_IN, { device: counter4, body: { login: 's-1004', pin: '100444' }, from });
    expect([there.status, there.json.error.reason]).toEqual([429, 'locked_out']);
    // None of those people is locked: from elsewhere they sign in.
    const elsewhere = await hub.call('POST', SIGN_IN, { device: counter4, body: { login: 's-1004', pin: '100444' }, from: '127.0.2.2' });
    expect(elsewhere.status).toBe(200);
    // Unlock counts against the same allowance.
    const unlock = await hub.call('POST', '/api/v1/session/unlock', { device: counter4, session: elsewhere.json.token, body: { pin: '100444' }, from });
    expect(unlock.status).toBe(200); // not locked: nothing to check
    await hub.call('POST', '/api/v1/session/lock', { device: counter4, session: elsewhere.json.token });
    const lockedUnlock = await hub.call('POST', '/api/v1/session/unlock', { device: counter4, session: elsewhere.json.token, body: { pin: '100444' }, from });
    expect([lockedUnlock.status, lockedUnlock.json.error.reason]).toEqual([429, 'locked_out']);
  });
});

describe('lockout across a hub restart', () => {
  it('keeps the person’s and the address’s wrong PINs: a restart gives no fresh allowance', async () => {
    const hub = await AccessHub.start();
    try {
      const counter = (await hub.enrol('counter', 3)).token;
      const from = '127.0.3.1';
      // Five wrong PINs for s-1003 from one address: both locked.
      const wrong = await Promise.all(Array.from({ length: 5 }, (_, i) => hub.call('POST', SIGN_IN, { device: counter, body: { login: 's-1003', pin: String(300_000 + i) }, from })));
      expect(wrong.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
      // Four wrong from another address across other people: one short of its lock.
      for (const login of ['s-1001', 's-1002', 's-1004', 's-4242']) {
        expect((await hub.call('POST', SIGN_IN, { device: counter, body: { login, pin: '000000' }, from: '127.0.3.2' })).status).toBe(401);
      }

      await hub.restart();

      // The person stays locked, from any address, with the lockout's own wait.
      for (const addr of [from, '127.0.3.3']) {
        const again = await hub.call('POST', SIGN_IN, { device: counter, body: { login: 's-1003', pin: '100333' }, from: addr });
        expect([again.status, again.json.error.reason]).toEqual([429, 'locked_out']);
        expect(Number(again.headers['retry-after'])).toBeGreaterThan(14 * 60);
      }
      // The second address had four: its fifth wrong PIN locks it, whoever tries next.
      expect((await hub.call('POST', SIGN_IN, { device: counter, body: { login: 's-4243', pin: '000000' }, from: '127.0.3.2' })).status).toBe(401);
      const locked = await hub.call('POST', SIGN_IN, { device: counter, body: { login: 's-1004', pin: '100444' }, from: '127.0.3.2' });
      expect([locked.status, locked.json.error.reason]).toEqual([429, 'locked_out']);

      // Past the window (also across a restart) the right PIN gets in; the kept failures are pruned.
      hub.offsetMs += 15 * 60_000 + 1_000;
      await hub.restart();
      expect((await hub.call('POST', SIGN_IN, { device: counter, body: { login: 's-1003', pin: '100333' }, from })).status).toBe(200);
      await hub.host.access.sessions.sweep();
      const { rows } = await hub.host.db.query<{ n: number }>('select count(*)::int as n from access_lockout_failures');
      expect(rows[0]!.n).toBe(0);
    } finally {
      await hub.stop();
    }
  });
});

describe('expiry', () => {
  it('ends a session after policy.sessionHours, with its audit entry and stream frame', async () => {
    const hub = await AccessHub.start();
    try {
      const counter = await hub.enrol('counter', 1);
      const token = await hub.signIn(counter.token, 's-1001');
      hub.offsetMs += 11 * 3_600_000;
      expect((await hub.call('GET', '/api/v1/session', { device: counter.token, session: token })).status).toBe(200);
      hub.offsetMs += 3_600_000;
      expect((await hub.call('GET', '/api/v1/session', { device: counter.token, session: token })).status).toBe(401);
      expect(hub.host.access.sessions.atWindow(1)).toBeNull();
      await hub.host.access.sessions.sweep();
      const audit = await hub.host.access.audit.day(hub.host.access.audit.today());
      expect(audit.filter((e) => e.kind === 'sign_out').map((e) => e.detail)).toEqual(['session expired (12 h)']);
      expect(hub.host.access.sessions.windowStaff(1)).toEqual({ type: 'window.staff', window: 1, staff: null, locked: false });
    } finally {
      await hub.stop();
    }
  });

  it('prunes the rows of sessions ended more than a day ago, on the sweep and at start; an expired token stays refused', async () => {
    const hub = await AccessHub.start();
    try {
      const counter = await hub.enrol('counter', 1);
      const lead = await hub.enrol('lead');
      const old = await hub.signIn(counter.token, 's-1001');
      expect((await hub.call('POST', '/api/v1/session/sign-out', { device: counter.token, session: old })).status).toBe(204);
      const expiring = await hub.signIn(lead.token, 's-9001');
      const count = async () => (await hub.host.db.query<{ n: number }>('select count(*)::int as n from staff_sessions')).rows[0]!.n;
      expect(await count()).toBe(2);

      // 13 hours on: the lead's session expired and ended; both rows are kept for the day.
      hub.offsetMs += 13 * 3_600_000;
      await hub.host.access.sessions.sweep();
      expect(await count()).toBe(2);
      expect((await hub.call('GET', '/api/v1/session', { device: lead.token, session: expiring })).status).toBe(401);

      // A day after the sign-out: that row goes on the sweep; the lead's (ended 13 h in) at a later start.
      hub.offsetMs += 11 * 3_600_000 + 60_000;
      await hub.host.access.sessions.sweep();
      expect(await count()).toBe(1);
      hub.offsetMs += 13 * 3_600_000;
      const current = await hub.signIn(counter.token, 's-1001');
      await hub.restart();
      expect(await count()).toBe(1);
      expect((await hub.call('GET', '/api/v1/session', { device: counter.token, session: current })).status).toBe(200);
      expect((await hub.call('GET', '/api/v1/session', { device: lead.token, session: expiring })).status).toBe(401);
      // The audit keeps the story of every pruned session.
      const { rows } = await hub.host.db.query<{ kind: string }>("select kind from security_audit where kind in ('sign_in', 'sign_out') order by at, id");
      expect(rows.map((r) => r.kind)).toEqual(['sign_in', 'sign_out', 'sign_in', 'sign_out', 'sign_in']);
    } finally {
      await hub.stop();
    }
  });
});

describe('secrets and devices', () => {
  let hub: AccessHub;
  let lead: { deviceId: string; token: string };
  let leadSession: string;

  beforeAll(async () => {
    hub = await AccessHub.start();
    lead = await hub.enrol('lead');
    leadSession = await hub.signIn(lead.token, 's-9001');
  });
  afterAll(async () => hub?.stop());

  it('gives the PIN verifiers only to an enrolled counter with its window', async () => {
    const counter = await hub.enrol('counter', 1);
    const ok = await hub.call('GET', '/api/v1/session/verifiers', { device: counter.token });
    expect(ok.status).toBe(200);
    const verifiers = StaffVerifiers.parse(ok.json);
    // Those who serve at a window: the tellers and the lead, not the auditor.
    expect(verifiers.staff.map((s) => s.id).sort()).toEqual(['s-1001', 's-1002', 's-1003', 's-1004', 's-9001']);
    expect(verifiers.staff.every((s) => s.pinHash.startsWith('scrypt$'))).toBe(true);
    expect(verifiers.policy).toMatchObject({ pinLength: 6, maxFailures: 5 });
    const display = await hub.enrol('counter-display', 1);
    for (const [device, status, reason] of [
      [undefined, 401, 'device_required'],
      [lead.token, 403, 'device_not_allowed'],
      [display.token, 403, 'device_not_allowed'],
      [(await hub.enrol('counter')).token, 403, 'device_without_window'],
    ] as const) {
      const r = await hub.call('GET', '/api/v1/session/verifiers', device ? { device } : {});
      expect([r.status, r.json.error.reason]).toEqual([status, reason]);
    }
  });

  it('never lets a PIN hash out in the configuration a device pulls or the stream', async () => {
    const counter = await hub.enrol('counter', 2);
    const pull = await hub.call('GET', '/api/v1/sync/pull?since=0', { session: counter.token });
    expect(pull.status).toBe(200);
    // The hub serves what it pulled from head office; here there is none, so check the redaction on a stored document.
    const { putConfigDoc } = await import('../../server/sync/configDocs.js');
    const { CONFIG_BRANCH } = await import('../../shared/sync/kinds.js');
    await putConfigDoc(hub.host.db, CONFIG_BRANCH, hub.config.branchId, hub.config);
    const pulled = await hub.call('GET', '/api/v1/sync/pull?since=0', { session: counter.token });
    const doc = pulled.json.changes.find((c: { kind: string }) => c.kind === CONFIG_BRANCH);
    expect(doc.body.staff).toHaveLength(hub.config.staff.length);
    expect(JSON.stringify(pulled.json)).not.toContain('scrypt$');
    const stream = new WebSocket(hub.host.url.replace(/^http/, 'ws') + `/api/v1/stream?device=${counter.token}`);
    const first: string[] = [];
    stream.on('message', (d: Buffer) => first.push(String(d)));
    await expect.poll(() => first.length).toBeGreaterThan(3);
    stream.close();
    expect(first.join('')).not.toContain('scrypt$');
  });

  it('serves GET /api/v1/config without PIN hashes', async () => {
    const r = await hub.call('GET', '/api/v1/config', { device: lead.token });
    expect(r.status).toBe(200);
    expect(r.json.staff.map((s: { id: string }) => s.id)).toEqual(hub.config.staff.map((s) => s.id));
    expect(JSON.stringify(r.json)).not.toContain('scrypt$');
    expect(r.json.access).toMatchObject({ pinLength: 6, idleLockMinutes: 5 });
  });

  it('enrols a counter for the window its code names', async () => {
    const code = await hub.call('POST', '/api/v1/devices/enrol-codes', { device: lead.token, session: leadSession, body: { role: 'counter', window: 2, ttlMinutes: 10 } });
    expect(code.status).toBe(201);
    expect(code.json).toMatchObject({ role: 'counter', window: 2 });
    const otherWindow = await hub.call('POST', '/api/v1/sync/enrol', { body: { code: code.json.code, deviceId: 'counter-two', role: 'counter', window: 3 }, from: '127.0.3.1' });
    expect([otherWindow.status, otherWindow.json.error.reason]).toEqual([403, 'wrong_window']);
    const enrolled = await hub.call('POST', '/api/v1/sync/enrol', { body: { code: code.json.code, deviceId: 'counter-two', role: 'counter' }, from: '127.0.3.1' });
    expect(enrolled.status).toBe(200);
    expect(enrolled.json.window).toBe(2);
    expect(await hub.host.access.devices.resolve(enrolled.json.token)).toMatchObject({ deviceId: 'counter-two', role: 'counter', window: 2 });
    const list = await hub.call('GET', '/api/v1/devices', { device: lead.token, session: leadSession });
    expect(list.json.devices.find((d: { id: string }) => d.id === 'counter-two')).toMatchObject({ role: 'counter', window: 2, revoked: false });
    // The code is never listed or stored in clear.
    expect(JSON.stringify(list.json)).not.toContain(code.json.code);

    for (const [body, status, reason] of [
      [{ role: 'counter', ttlMinutes: 10 }, 400, 'window_required'],
      [{ role: 'kiosk', window: 1, ttlMinutes: 10 }, 400, 'window_not_allowed'],
      [{ role: 'counter-display', window: 9, ttlMinutes: 10 }, 404, 'unknown_window'],
    ] as const) {
      const r = await hub.call('POST', '/api/v1/devices/enrol-codes', { device: lead.token, session: leadSession, body });
      expect([r.status, r.json.error.reason], JSON.stringify(body)).toEqual([status, reason]);
    }
    // A demo code lets the device name its window.
    const demo = await hub.enrol('counter-display');
    expect(await hub.host.access.devices.resolve(demo.token)).toMatchObject({ window: null });
  });

  it('revokes a device at once: its token, its session', async () => {
    const counter = await hub.enrol('counter', 4);
    const token = await hub.signIn(counter.token, 's-1004');
    expect(await hub.host.access.devices.resolve(counter.token)).not.toBeNull(); // cached now
    const revoked = await hub.call('POST', `/api/v1/devices/${counter.deviceId}/revoke`, { device: lead.token, session: leadSession });
    expect(revoked.json.device).toMatchObject({ id: counter.deviceId, revoked: true });
    expect(await hub.host.access.devices.resolve(counter.token)).toBeNull();
    expect(hub.host.access.sessions.atWindow(4)).toBeNull();
    const signIn = await hub.call('POST', SIGN_IN, { device: counter.token, body: { login: 's-1004', pin: '100444' } });
    expect([signIn.status, signIn.json.error.reason]).toEqual([401, 'device_required']);
    expect((await hub.call('GET', '/api/v1/session', { device: counter.token, session: token })).status).toBe(401);
    expect((await hub.call('GET', '/api/v1/sync/pull', { session: counter.token })).status).toBe(401);
    const unknown = await hub.call('POST', '/api/v1/devices/nobody/revoke', { device: lead.token, session: leadSession });
    expect([unknown.status, unknown.json.error.reason]).toEqual([404, 'unknown_device']);
  });

  it('writes the audit, reads it by day for a session with the capability, and syncs it as valid security.audit records', async () => {
    // A listen is audited too.
    const listen = new WebSocket(hub.host.url.replace(/^http/, 'ws') + `${LIVE_LISTEN_PATH}?counter=1&session=${leadSession}&device=${lead.token}`);
    await new Promise((resolve) => listen.once('open', resolve));
    await expect.poll(async () => (await hub.host.access.audit.day(hub.host.access.audit.today())).some((e) => e.kind === 'listen')).toBe(true);
    listen.close();

    const day = await hub.call('GET', '/api/v1/audit', { device: lead.token, session: leadSession });
    expect(day.status).toBe(200);
    const kinds = new Set((day.json.entries as unknown[]).map((e) => AuditEntry.parse(e).kind));
    for (const k of ['sign_in', 'device_enrolled', 'enrol_code_made', 'device_revoked', 'sign_out', 'listen'] as const) expect(kinds, k).toContain(k);
    expect(day.json.day).toBe(hub.host.access.audit.today());
    expect((await hub.call('GET', '/api/v1/audit?day=1999-01-01', { device: lead.token, session: leadSession })).json.entries).toEqual([]);
    expect((await hub.call('GET', '/api/v1/audit?day=yesterday', { device: lead.token, session: leadSession })).status).toBe(400);
    expect((await hub.call('GET', '/api/v1/audit', { device: lead.token })).status).toBe(401);

    const { rows } = await hub.host.db.query<{ body: unknown; device_id: string; device_seq: string | number }>(
      'select body, device_id, device_seq from sync_records where kind = $1 order by device_seq',
      [SECURITY_AUDIT],
    );
    expect(rows.length).toBe(day.json.entries.length);
    expect(rows.every((r) => pushedKinds[SECURITY_AUDIT].safeParse(r.body).success)).toBe(true);
    expect(new Set(rows.map((r) => r.device_id))).toEqual(new Set([`${hub.host.hub.deviceId}-audit`]));
    expect(rows.map((r) => Number(r.device_seq))).toEqual(rows.map((_, i) => i + 1));
    // No token, PIN or code in any entry.
    expect(JSON.stringify(rows)).not.toMatch(/scrypt\$|246810|100444/);
    expect(JSON.stringify(rows)).not.toContain(leadSession);
  });
});

describe('the recording hub’s older sign-in', () => {
  it('is an alias of the staff sessions: its token is a session, a session token from sign-in opens the recordings', async () => {
    const hub = await AccessHub.start();
    try {
      const lead = await hub.enrol('lead');
      const old = await hub.call('POST', '/api/v1/recordings/sign-in', { device: lead.token, body: { staffId: 's-9002', pin: '135790' } });
      expect(old.status).toBe(200);
      expect(old.json).toMatchObject({ staffId: 's-9002', role: 'auditor' });
      expect((await hub.call('GET', '/api/v1/recordings/listens', { device: lead.token, session: old.json.token })).status).toBe(200);
      expect(hub.host.access.sessions.byIdNow((await hub.call('GET', '/api/v1/session', { device: lead.token, session: old.json.token })).json.sessionId)?.window).toBeNull();
      const session = await hub.signIn(lead.token, 's-9001');
      expect((await hub.call('GET', '/api/v1/recordings/listens', { device: lead.token, session })).status).toBe(200);
      // A teller's session may not listen.
      const teller = await hub.call('POST', SIGN_IN, { device: lead.token, body: { login: 's-1001', pin: '100111' } });
      expect((await hub.call('GET', '/api/v1/recordings/listens', { device: lead.token, session: teller.json.token })).status).toBe(403);
    } finally {
      await hub.stop();
    }
  });
});

describe('integration API keys made and revoked at runtime', () => {
  const ENV_KEY = 'env-ticket-machine-key-0123456789';
  let hub: AccessHub;
  let lead: { deviceId: string; token: string };
  let leadSession: string;
  const asLead = (method: 'GET' | 'POST', path: string, body?: unknown) => hub.call(method, path, { device: lead.token, session: leadSession, ...(body !== undefined ? { body } : {}) });
  const withKey = (key: string, method: 'GET' | 'POST', path: string, body?: unknown) => hub.call(method, path, { headers: { 'x-guichet-api-key': key }, ...(body !== undefined ? { body } : {}) });

  beforeAll(async () => {
    hub = await AccessHub.start({ apiKeys: [{ name: 'lobby-machine', key: ENV_KEY, scopes: ['tickets:issue'], windows: [] }] });
    lead = await hub.enrol('lead');
    leadSession = await hub.signIn(lead.token, 's-9001');
  });
  afterAll(async () => hub?.stop());

  it('a lead makes a key (the secret shown once, kept hashed), lists it without it, revokes it: it stops at once; all audited', async () => {
    const made = await asLead('POST', '/api/v1/api-keys', { name: 'display-wall', scopes: ['queue:read'], windows: [] });
    expect(made.status, JSON.stringify(made.json)).toBe(201);
    expect(made.headers['cache-control']).toBe('no-store');
    const { key, secret } = made.json;
    expect(secret).toMatch(/^gk_[\w-]{43}$/);
    expect(key).toMatchObject({ name: 'display-wall', scopes: ['queue:read'], source: 'admin', createdBy: 's-9001', revokedAt: null });
    // The hub keeps only the secret's SHA-256.
    const stored = JSON.stringify((await hub.host.db.query('select * from integration_api_keys')).rows);
    expect(stored).not.toContain(secret);

    // The key works for its scope only.
    expect((await withKey(secret, 'GET', '/api/v1/queue')).status).toBe(200);
    expect((await withKey(secret, 'POST', '/api/v1/tickets', { service: 'A' })).status).toBe(403);
    // The environment's key keeps working beside it.
    expect((await withKey(ENV_KEY, 'POST', '/api/v1/tickets', { service: 'A' })).status).toBe(201);

    // Listed without a secret, the environment's key too.
    const list = await asLead('GET', '/api/v1/api-keys');
    expect(list.status).toBe(200);
    expect(list.json.keys.map((k: any) => [k.id, k.name, k.source])).toEqual([
      ['env:lobby-machine', 'lobby-machine', 'environment'],
      [key.id, 'display-wall', 'admin'],
    ]);
    expect(JSON.stringify(list.json)).not.toContain(secret);
    expect(JSON.stringify(list.json)).not.toContain(ENV_KEY);

    // Names are unique among the keys in force; the environment's key is not revoked here.
    expect((await asLead('POST', '/api/v1/api-keys', { name: 'lobby-machine', scopes: ['queue:read'], windows: [] })).json.error).toMatchObject({ code: 'conflict', reason: 'api_key_name_taken' });
    expect((await asLead('POST', '/api/v1/api-keys/env:lobby-machine/revoke', {})).json.error).toMatchObject({ code: 'conflict', reason: 'api_key_from_environment' });
    // A command key lists its windows; the body never carries a secret of its own.
    expect((await asLead('POST', '/api/v1/api-keys', { name: 'keypads', scopes: ['windows:command'], windows: [] })).status).toBe(400);
    expect((await asLead('POST', '/api/v1/api-keys', { name: 'mine', scopes: ['queue:read'], windows: [], key: 'my-own-chosen-secret-0123456789' })).status).toBe(400);

    // It survives a restart, and a revocation stops it at once (and across a restart).
    await hub.restart();
    expect((await withKey(secret, 'GET', '/api/v1/queue')).status).toBe(200);
    const revoked = await asLead('POST', `/api/v1/api-keys/${key.id}/revoke`, {});
    expect(revoked.status).toBe(200);
    expect(revoked.json.key).toMatchObject({ id: key.id, revokedBy: 's-9001' });
    expect((await withKey(secret, 'GET', '/api/v1/queue')).status).toBe(401);
    await hub.restart();
    expect((await withKey(secret, 'GET', '/api/v1/queue')).status).toBe(401);
    expect((await asLead('POST', '/api/v1/api-keys/no-such-key/revoke', {})).status).toBe(404);

    const audit = await hub.host.access.audit.day(hub.host.access.audit.today());
    const keyEntries = audit.filter((e) => e.kind === 'api_key_created' || e.kind === 'api_key_revoked');
    expect(keyEntries.map((e) => [e.kind, e.staffId])).toEqual([
      ['api_key_created', 's-9001'],
      ['api_key_revoked', 's-9001'],
    ]);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it('refuses a teller, an auditor and a lead station nobody signed in to', async () => {
    const body = { name: 'sneaky', scopes: ['tickets:issue'], windows: [] };
    const auditorDevice = await hub.enrol('lead');
    const auditor = await hub.signIn(auditorDevice.token, 's-9002');
    const counter = await hub.enrol('counter', 1);
    const teller = await hub.signIn(counter.token, 's-1001');
    expect((await hub.call('POST', '/api/v1/api-keys', { device: auditorDevice.token, session: auditor, body })).status).toBe(403);
    expect((await hub.call('POST', '/api/v1/api-keys', { device: counter.token, session: teller, body })).status).toBe(403);
    expect((await hub.call('POST', '/api/v1/api-keys', { device: lead.token, body })).status).toBe(401);
    expect((await hub.call('GET', '/api/v1/api-keys', { device: auditorDevice.token, session: auditor })).status).toBe(403);
    expect((await hub.host.db.query("select * from integration_api_keys where name = 'sneaky'")).rows).toEqual([]);
  });
});

describe('offline sign-ins reconciled when the hub returns', () => {
  it('audits each staff.signed_in_offline a counter pushes, dated when it happened, once, for the lead to see', async () => {
    const hub = await AccessHub.start();
    try {
      const counter = await hub.enrol('counter', 2);
      const lead = await hub.enrol('lead');
      const leadSession = await hub.signIn(lead.token, 's-9001');
      // A while ago, with the hub down, Li Qiang signed in at window 2 by badge; then served.
      const happened = new Date(hub.now().getTime() - 5 * 60_000).toISOString();
      const clock = new HybridClock(counter.deviceId, () => Date.parse(happened));
      const record = (seq: number, type: string, payload: Record<string, unknown>) => ({
        id: newId(),
        kind: 'counter.event',
        branchId: 'demo-001',
        deviceId: counter.deviceId,
        deviceSeq: seq,
        hlc: clock.tick(),
        wallAt: happened,
        body: { type, counter: 2, staffId: 's-1002', payload },
      });
      const records = [record(1, 'staff.signed_in_offline', { staffId: 's-1002', role: 'teller', method: 'badge' }), record(2, 'walkin.started', { walkinId: newId() })];
      const pushed = await hub.call('POST', SYNC_PATHS.push, { headers: { authorization: `Bearer ${counter.token}` }, body: { deviceId: counter.deviceId, sentAt: hub.now().toISOString(), records } });
      expect(pushed.status, JSON.stringify(pushed.json)).toBe(200);

      const offline = async () => {
        const res = await hub.call('GET', `/api/v1/audit?day=${hub.host.access.audit.today()}`, { device: lead.token, session: leadSession });
        return (res.json.entries as AuditEntry[]).filter((e) => e.kind === 'sign_in_offline');
      };
      await expect.poll(async () => (await offline()).length, { timeout: 10_000 }).toBe(1);
      const [entry] = await offline();
      expect(entry).toMatchObject({ kind: 'sign_in_offline', staffId: 's-1002', deviceId: counter.deviceId, window: 2, at: happened });
      expect(entry!.detail).toContain('badge');
      // Also a record for head office, like every audit entry.
      const { rows } = await hub.host.db.query<{ body: AuditEntry }>("select body from sync_records where kind = 'security.audit' and body->>'kind' = 'sign_in_offline'");
      expect(rows.map((r) => r.body.staffId)).toEqual(['s-1002']);

      // Once: a restart (which catches up at start) does not audit it again.
      await hub.restart();
      await hub.host.access.offlineSignIns.catchUp();
      const again = await hub.signIn(lead.token, 's-9001');
      const res = await hub.call('GET', `/api/v1/audit?day=${hub.host.access.audit.today()}`, { device: lead.token, session: again });
      expect((res.json.entries as AuditEntry[]).filter((e) => e.kind === 'sign_in_offline')).toHaveLength(1);
    } finally {
      await hub.stop();
    }
  });
});
