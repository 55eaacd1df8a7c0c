import 'fake-indexeddb/auto';
import { scrypt } from '@noble/hashes/scrypt.js';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { getCredentials, reportRefusal, resetCredentialsForTests, setDeviceToken } from '../api/credentials.js';
import { QueueError } from '../../shared/api/errors.js';
import { receiveWindowStaff, useWindowStaffStore } from '../queue/windowStaff.js';
import { CounterDb } from './db.js';
import { FakeSessionHub, fakeStaff } from './fakeSessionHub.testing.js';
import { IdleTimer } from './idleTimer.js';
import { checkOffline, offlineFailures, readVerifiers, staffKey } from './offlineSignIn.js';
import { toBase64Url, verifyPin } from './pinVerifier.js';
import { StaffSession } from './staffSession.js';
import type { StaffSessionOptions, StaffSessionView } from './staffSession.js';

/** A verifier as the hub makes it (server/hub/access/pinHash.ts), made here with @noble/hashes. */
function makeVerifier(pin: string, N = 16_384): string {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = scrypt(new TextEncoder().encode(pin), salt, { N, r: 8, p: 1, dkLen: 32 });
  return `scrypt$${N}$8$1$${toBase64Url(salt)}$${toBase64Url(hash)}`;
}

let liQiang: ReturnType<typeof fakeStaff>;
let wangLi: ReturnType<typeof fakeStaff>;
beforeAll(() => {
  liQiang = fakeStaff('s-1002', '1002', '100222', makeVerifier('100222'));
  // Cheaper verifiers where a test checks many PINs: the same format, a smaller cost.
  wangLi = fakeStaff('s-1001', '1001', '100111', makeVerifier('100111', 1024));
});

let n = 0;
const dbs: CounterDb[] = [];
const sessions: StaffSession[] = [];
function freshDb(): CounterDb {
  const db = new CounterDb(90 + n++);
  dbs.push(db);
  return db;
}

afterEach(async () => {
  for (const s of sessions.splice(0)) s.stop();
  resetCredentialsForTests();
  useWindowStaffStore.setState({ windows: {} });
  vi.useRealTimers();
  for (const db of dbs.splice(0)) await db.delete();
});

function open(hub: FakeSessionHub, over: Partial<StaffSessionOptions> = {}) {
  const reach = new Set<(r: boolean) => void>();
  const session = new StaffSession({
    db: null,
    window: 2,
    api: { baseUrl: 'http://hub', fetchImpl: hub.fetch },
    publish: () => undefined,
    subscribeReachability: (l) => (reach.add(l), () => reach.delete(l)),
    subscribeWindowStaff: () => () => undefined,
    reconcileEveryMs: 60_000,
    verifiersEveryMs: 60_000,
    ...over,
  });
  session.start();
  sessions.push(session);
  return { session, view: (): StaffSessionView => session.state, hubBack: () => reach.forEach((l) => l(true)) };
}

describe('counter sign-in, online', () => {
  it('signs a teller in by badge (as a card reader types it) and sends the session with every request after', async () => {
    const hub = new FakeSessionHub([liQiang, wangLi]);
    setDeviceToken('counter-2-token');
    const { session, view } = open(hub);
    await session.signIn(' 1002 ', '100222');
    expect(hub.calls.find((c) => c.path === '/api/v1/session/sign-in')).toMatchObject({ body: { login: '1002', pin: '100222' }, headers: { 'x-guichet-device': 'counter-2-token' } });
    expect(view()).toMatchObject({ phase: 'signed_in', offline: false, staff: { id: 's-1002', badge: '1002' }, window: 2, idleLockSeconds: 300 });
    expect(getCredentials().session).toBe(session.sessionToken);
    expect(session.sessionToken).toMatch(/^session-token-/);
  });

  it('answers a wrong PIN with the hub’s refusal and stays signed out', async () => {
    const hub = new FakeSessionHub([liQiang]);
    const { session, view } = open(hub);
    await expect(session.signIn('s-1002', '999999')).rejects.toMatchObject({ code: 'unauthorized', reason: 'bad_credentials' });
    expect(view().phase).toBe('signed_out');
    expect(getCredentials().session).toBeNull();
  });

  it('locks after the idle minutes without input, and unlocks with the PIN at the hub', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const hub = new FakeSessionHub([liQiang]);
    const { session, view } = open(hub);
    await session.signIn('s-1002', '100222');
    const idle = new IdleTimer({ timeoutMs: () => view().idleLockSeconds * 1000, onIdle: () => void session.lock('idle') });
    idle.start();
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    idle.activity(); // the teller moved the mouse: the five minutes start over
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    expect(view().phase).toBe('signed_in');
    await vi.advanceTimersByTimeAsync(60_000 + 1);
    expect(view()).toMatchObject({ phase: 'locked', lockReason: 'idle' });
    await vi.waitFor(() => expect(hub.calls.some((c) => c.path === '/api/v1/session/lock')).toBe(true));
    expect(hub.calls.find((c) => c.path === '/api/v1/session/lock')!.body).toEqual({ reason: 'idle' });
    idle.stop();

    await expect(session.unlock('000000')).rejects.toMatchObject({ reason: 'bad_credentials' });
    expect(view().phase).toBe('locked');
    await session.unlock('100222');
    expect(view()).toMatchObject({ phase: 'signed_in', lockReason: null });
    expect(hub.calls.filter((c) => c.path === '/api/v1/session/unlock').map((c) => c.body)).toEqual([{ pin: '000000' }, { pin: '100222' }]);
  });

  it('checks the PIN at the hub even for a lock the hub never heard of', async () => {
    const hub = new FakeSessionHub([liQiang]);
    const { session, view } = open(hub);
    await session.signIn('s-1002', '100222');
    hub.down = true;
    await session.lock('manual');
    hub.down = false;
    await session.unlock('100222');
    expect(view().phase).toBe('signed_in');
    const paths = hub.calls.map((c) => c.path);
    expect(paths.slice(paths.lastIndexOf('/api/v1/session/lock'))).toEqual(['/api/v1/session/lock', '/api/v1/session/unlock']);
  });

  it('ends the session when the hub refuses it, saying so when the teller signed in at another window', async () => {
    const hub = new FakeSessionHub([liQiang]);
    const { session, view } = open(hub, { subscribeWindowStaff: undefined });
    await session.signIn('s-1002', '100222');
    const token = session.sessionToken!;
    hub.endAll();
    receiveWindowStaff(2, { staff: null, locked: false });
    receiveWindowStaff(3, { staff: { id: 's-1002', name: liQiang.name, badge: '1002', role: 'teller', stars: 2 }, locked: false });
    // The next request of the page is refused (any request: here the check the stream prompted).
    reportRefusal(new QueueError('unauthorized', 'the session is unknown', 'session_required'), { device: null, session: token });
    expect(view()).toMatchObject({ phase: 'signed_out', staff: null, ended: { kind: 'elsewhere', window: 3 } });
    expect(getCredentials().session).toBeNull();
  });

  it('signs out here and at the hub', async () => {
    const hub = new FakeSessionHub([liQiang]);
    const { session, view } = open(hub);
    await session.signIn('s-1002', '100222');
    const token = session.sessionToken!;
    await session.signOut();
    expect(view()).toMatchObject({ phase: 'signed_out', ended: { kind: 'signed_out' } });
    expect(hub.calls.at(-1)).toMatchObject({ path: '/api/v1/session/sign-out', headers: { authorization: `Bearer ${token}` } });
    expect(hub.sessions.size).toBe(0);
  });
});

describe('counter sign-in, offline', () => {
  it('verifies the hub’s scrypt strings in the page (one made here, one the hub made for the demo)', async () => {
    expect(await verifyPin('100222', liQiang.pinHash)).toBe(true);
    expect(await verifyPin('100223', liQiang.pinHash)).toBe(false);
    const demo = demoBranch('2025-01-06').staff.find((s) => s.id === 's-1002')!.pinHash!;
    const progress: number[] = [];
    expect(await verifyPin('100222', demo, (f) => progress.push(f))).toBe(true);
    expect(progress.length).toBeGreaterThan(0);
    expect(await verifyPin('100222', 'scrypt$3$8$1$AAAA$AAAA')).toBe(false);
  });

  it('signs in against the kept verifiers when the hub is down, records it, and confirms it with the hub when it is back', async () => {
    const hub = new FakeSessionHub([liQiang, wangLi]);
    const db = freshDb();
    const config = demoBranch('2025-01-06');
    const { session, view, hubBack } = open(hub, {
      db,
      staffOf: (id) => config.staff.find((s) => s.id === id) ?? null,
    });
    // Enrolled and the hub up: the counter keeps the verifiers.
    await vi.waitFor(async () => expect(await readVerifiers(db)).not.toBeNull());
    hub.down = true;

    await session.signIn('1002', '100222');
    expect(view()).toMatchObject({ phase: 'signed_in', offline: true, staff: { id: 's-1002', name: { en: 'Li Qiang' } } });
    expect(session.sessionToken).toBeNull();
    expect(session.holdsPin).toBe(true);
    // The sign-in is a local event for head office, and what the teller does next is theirs.
    await db.transaction('rw', db.events, () => undefined);
    const signedIn = (await db.events.toArray()).find((e) => e.type === 'staff.signed_in_offline');
    expect(signedIn).toMatchObject({ staffId: 's-1002', payload: { staffId: 's-1002', role: 'teller', method: 'badge' } });
    expect(db.teller).toBe('s-1002');
    // The PIN is never written anywhere.
    const everything = JSON.stringify([await db.meta.toArray(), await db.events.toArray(), await db.records.toArray()]);
    expect(everything).not.toContain('100222');

    hub.down = false;
    hubBack();
    await vi.waitFor(() => expect(session.holdsPin).toBe(false));
    expect(view()).toMatchObject({ phase: 'signed_in', offline: false });
    expect(session.sessionToken).toMatch(/^session-token-/);
    const checked = (await db.events.toArray()).find((e) => e.type === 'staff.offline_checked');
    expect(checked?.payload).toEqual({ staffId: 's-1002', accepted: true });
  });

  it('locks the counter and asks again when the hub refuses the PIN used offline', async () => {
    const hub = new FakeSessionHub([liQiang]);
    const db = freshDb();
    const { session, view, hubBack } = open(hub, { db });
    await vi.waitFor(async () => expect(await readVerifiers(db)).not.toBeNull());
    hub.down = true;
    await session.signIn('s-1002', '100222');
    // Meanwhile head office changed the PIN.
    liQiang.pin = '222222';
    try {
      hub.down = false;
      hubBack();
      await vi.waitFor(() => expect(view()).toMatchObject({ phase: 'locked', lockReason: 'reauth' }));
      expect(session.holdsPin).toBe(false);
      const checked = (await db.events.toArray()).find((e) => e.type === 'staff.offline_checked');
      expect(checked?.payload).toEqual({ staffId: 's-1002', accepted: false, refusal: 'bad_credentials' });
      // Only the hub lets them back in now: the old PIN no longer works, the new one does.
      await expect(session.unlock('100222')).rejects.toMatchObject({ reason: 'bad_credentials' });
      await session.unlock('222222');
      expect(view()).toMatchObject({ phase: 'signed_in', offline: false });
    } finally {
      liQiang.pin = '100222';
    }
  });

  it('says so when the counter never received verifiers', async () => {
    const hub = new FakeSessionHub([liQiang]);
    hub.down = true;
    const { session } = open(hub, { db: freshDb() });
    await expect(session.signIn('s-1002', '100222')).rejects.toMatchObject({ reason: 'no_verifiers' });
  });

  it('locks a staff member out after the policy’s wrong PINs, and a reload does not reset it', async () => {
    const hub = new FakeSessionHub([liQiang, wangLi]);
    hub.policy = { ...hub.policy, maxFailures: 3, lockoutMinutes: 15 };
    const db = freshDb();
    const { session } = open(hub, { db });
    await vi.waitFor(async () => expect(await readVerifiers(db)).not.toBeNull());
    hub.down = true;
    let now = new Date('2025-01-06T09:00:00.000Z');
    const clock = () => now;

    for (let i = 0; i < 2; i++) await expect(checkOffline(db, 's-1001', '000000', { now: clock })).rejects.toMatchObject({ reason: 'bad_credentials' });
    const third = await checkOffline(db, 's-1001', '000000', { now: clock }).catch((e: unknown) => e);
    expect(third).toMatchObject({ code: 'too_many_requests', reason: 'locked_out' });
    expect((third as { retryAt: Date }).retryAt.toISOString()).toBe('2025-01-06T09:15:00.000Z');

    // A reload: the same database opened again, the same answer, even with the right PIN.
    const reopened = new CounterDb(db.counter);
    try {
      await expect(checkOffline(reopened, '1001', '100111', { now: clock })).rejects.toMatchObject({ reason: 'locked_out' });
      expect(await offlineFailures(reopened, staffKey('s-1001'), now.getTime(), { lockoutMinutes: 15 })).toBe(3);
      // Another teller is not affected; through the session the hub's words come back too.
      await expect(session.signIn('s-1002', '999999')).rejects.toMatchObject({ reason: 'bad_credentials' });
      // Once the window has passed, the right PIN works and the count is cleared.
      now = new Date('2025-01-06T09:15:01.000Z');
      await expect(checkOffline(reopened, '1001', '100111', { now: clock })).resolves.toMatchObject({ staffId: 's-1001', method: 'badge' });
      expect(await offlineFailures(reopened, staffKey('s-1001'), now.getTime(), { lockoutMinutes: 15 })).toBe(0);
    } finally {
      reopened.close();
    }
  });

  it('counts an unknown login like a wrong PIN, with the same answer', async () => {
    const hub = new FakeSessionHub([wangLi]);
    const db = freshDb();
    const { session } = open(hub, { db, verify: async () => false });
    await vi.waitFor(async () => expect(await readVerifiers(db)).not.toBeNull());
    hub.down = true;
    await expect(session.signIn('s-7777', '123456')).rejects.toMatchObject({ code: 'unauthorized', reason: 'bad_credentials' });
    await expect(session.signIn('s-1001', '123456')).rejects.toMatchObject({ code: 'unauthorized', reason: 'bad_credentials' });
  });
});
