import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { hubRequest } from '../api/hub.js';
import { getCredentials, resetCredentialsForTests } from '../api/credentials.js';
import { walkInStarted } from './counterDbs.testing.js';
import { CounterDb, META, ensureDeviceId, recordEvent } from './db.js';
import { CounterSync } from './counterSync.js';
import { readEnrolment } from './enrol.js';
import { FakeSyncHub } from './fakeSyncHub.js';
import { DeviceIdentity, closeDeviceIdentityForTests, counterIdentityStore, localIdentityStore, openDeviceIdentity, useIdentityStore } from './identity.js';
import type { TokenVault } from './identity.js';
import { initialSyncState } from './syncStore.js';
import type { SyncStoreState } from './syncStore.js';

/** The host's secure storage, in memory. */
function memoryVault(initial: string | null = null) {
  const vault = { value: initial, sets: 0 };
  const api: TokenVault = {
    get: async () => vault.value,
    set: async (t) => {
      vault.sets++;
      vault.value = t;
    },
  };
  return { vault, api };
}

function memoryStorage() {
  const items = new Map<string, string>();
  return { items, getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) };
}

/** FakeSyncHub's fetch as the page's fetch (hubRequest reads a Response). */
function asFetch(hub: FakeSyncHub, seen: { path: string; body: unknown; headers: Record<string, string> }[] = []): typeof fetch {
  return (async (url: string, init: RequestInit) => {
    const headers = (init.headers ?? {}) as Record<string, string>;
    const body = typeof init.body === 'string' ? init.body : undefined;
    seen.push({ path: new URL(url).pathname, body: body ? JSON.parse(body) : undefined, headers });
    const r = await hub.fetch(url, { method: init.method ?? 'GET', headers, ...(body ? { body } : {}) });
    return new Response((await r.text()) || null, { status: r.status, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
}

let n = 0;
const dbs: CounterDb[] = [];
function freshDb(): CounterDb {
  const db = new CounterDb(80 + n++);
  dbs.push(db);
  return db;
}

afterEach(async () => {
  closeDeviceIdentityForTests();
  resetCredentialsForTests();
  for (const db of dbs.splice(0)) await db.delete();
});

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('device identity: enrolment', () => {
  it('enrols a never-enrolled screen with the demo hub silently; the token goes to secure storage, never to the page storage', async () => {
    const hub = new FakeSyncHub();
    const seen: { path: string; body: unknown; headers: Record<string, string> }[] = [];
    const { vault, api } = memoryVault();
    const storage = memoryStorage();
    const identity = new DeviceIdentity({ slot: { kind: 'kiosk', window: null }, store: localIdentityStore({ kind: 'kiosk', window: null }, storage), vault: api, api: { baseUrl: 'http://hub', fetchImpl: asFetch(hub, seen) } });
    await identity.start();
    expect(identity.status).toBe('enrolled');
    expect(seen.map((s) => s.path)).toEqual(['/api/v1/sync/demo-enrol-code', '/api/v1/sync/enrol']);
    const enrol = seen[1]!;
    expect(enrol.body).toMatchObject({ code: 'DEMO-CODE-1', role: 'kiosk' });
    expect(enrol.body).not.toHaveProperty('window');
    // The code is the proof: no credentials go with it.
    expect(enrol.headers['x-guichet-device']).toBeUndefined();
    expect(vault.value).toBe('tok-1');
    expect(getCredentials().device).toBe('tok-1');
    const kept = [...storage.items.values()].join('');
    expect(kept).toContain((enrol.body as { deviceId: string }).deviceId);
    expect(kept).not.toContain('tok-1');
    expect(useIdentityStore.getState()).toMatchObject({ status: 'enrolled', branchId: 'demo-001' });
  });

  it('asks for the code the lead made where the hub offers none; dashes, spaces and case do not matter', async () => {
    const hub = new FakeSyncHub();
    hub.demoCode = null;
    hub.codes.add('K7QP-X2M9RT4B');
    const seen: { path: string; body: unknown; headers: Record<string, string> }[] = [];
    const { vault, api } = memoryVault();
    const db = freshDb();
    const identity = new DeviceIdentity({ slot: { kind: 'counter', window: 3 }, store: counterIdentityStore(db), vault: api, api: { baseUrl: 'http://hub', fetchImpl: asFetch(hub, seen) } });
    await identity.start();
    expect(identity.status).toBe('not_enrolled');

    await expect(identity.enrol('nope-nope-nope')).rejects.toMatchObject({ code: 'unauthorized' });
    expect(useIdentityStore.getState()).toMatchObject({ status: 'not_enrolled' });
    expect(useIdentityStore.getState().error?.code).toBe('unauthorized');

    // Typed with a full-width dash and spaces, in lower case; the hub drops the dashes itself.
    await identity.enrol(' k7qp\uff0dx2m9 rt4b\u3000');
    expect(identity.status).toBe('enrolled');
    const deviceId = await ensureDeviceId(db);
    expect(seen.at(-1)!.body).toEqual({ code: 'K7QP-X2M9RT4B', deviceId, role: 'counter', window: 3 });
    // The counter's meta keeps who it is (its records carry the branch), not the token.
    const meta = await readEnrolment(db);
    expect(meta).toMatchObject({ deviceId, branchId: 'demo-001', window: 3, revokedAt: null });
    expect(meta).not.toHaveProperty('token');
    expect(vault.value).toMatch(/^tok-/);
  });

  it('moves an older counter’s token out of IndexedDB into secure storage', async () => {
    const db = freshDb();
    const deviceId = await ensureDeviceId(db);
    await db.meta.put({ key: META.enrolment, value: { deviceId, branchId: 'demo-001', token: 'old-token', enrolledAt: '2025-01-06T00:00:00.000Z', revokedAt: null, window: 5 } });
    const { vault, api } = memoryVault();
    const identity = new DeviceIdentity({ slot: { kind: 'counter', window: 5 }, store: counterIdentityStore(db), vault: api, demo: false, useToken: () => undefined });
    await identity.start();
    expect(identity.current()).toMatchObject({ deviceId, token: 'old-token', window: 5 });
    expect(vault.value).toBe('old-token');
    expect(await readEnrolment(db)).not.toHaveProperty('token');
  });

  it('forgets a token the hub refuses (401) and asks for a code again, even in the demo', async () => {
    const hub = new FakeSyncHub();
    const { vault, api } = memoryVault();
    const storage = memoryStorage();
    const fetchImpl = asFetch(hub);
    const slot = { kind: 'hall', window: null } as const;
    openDeviceIdentity(slot, { store: localIdentityStore(slot, storage), vault: api, api: { baseUrl: 'http://hub', fetchImpl } });
    await waitFor('the demo enrolment', () => useIdentityStore.getState().status === 'enrolled');
    expect(getCredentials().device).toBe('tok-1');

    // Any request of the page that the hub answers "device unknown or revoked".
    const refusing = (async () =>
      new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'the device token is unknown or revoked', reason: 'device_required' } }), {
        status: 401,
        headers: { 'content-type': 'application/json' },
      })) as unknown as typeof fetch;
    await expect(hubRequest('/api/v1/config', { baseUrl: 'http://hub', fetchImpl: refusing })).rejects.toMatchObject({ code: 'unauthorized' });
    await waitFor('the revocation', () => useIdentityStore.getState().status === 'revoked');
    expect(getCredentials().device).toBeNull();
    expect(vault.value).toBeNull();

    // Reopened (a reload): still revoked, and it does not enrol itself again.
    closeDeviceIdentityForTests();
    const again = new DeviceIdentity({ slot, store: localIdentityStore(slot, storage), vault: api, api: { baseUrl: 'http://hub', fetchImpl } });
    await again.start();
    expect(again.status).toBe('revoked');
    expect(hub.tokens.size).toBe(1);
  });

  it('a page closed while it keeps a revocation does not enrol itself again on reload', async () => {
    const hub = new FakeSyncHub();
    const { api } = memoryVault();
    const storage = memoryStorage();
    const fetchImpl = asFetch(hub);
    const slot = { kind: 'counter', window: 4 } as const;
    const kept = localIdentityStore(slot, storage);
    // Writing the revocation never finishes: the page is closed (reloaded) in the middle of it.
    const closing = { ...kept, write: (e: Parameters<typeof kept.write>[0]) => (e.revokedAt ? new Promise<void>(() => undefined) : kept.write(e)) };
    openDeviceIdentity(slot, { store: closing, vault: api, api: { baseUrl: 'http://hub', fetchImpl } });
    await waitFor('the demo enrolment', () => useIdentityStore.getState().status === 'enrolled');
    const refusing = (async () =>
      new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'the device token is unknown or revoked', reason: 'device_required' } }), {
        status: 401,
        headers: { 'content-type': 'application/json' },
      })) as unknown as typeof fetch;
    await expect(hubRequest('/api/v1/config', { baseUrl: 'http://hub', fetchImpl: refusing })).rejects.toMatchObject({ code: 'unauthorized' });
    await waitFor('the revocation', () => useIdentityStore.getState().status === 'revoked');

    closeDeviceIdentityForTests();
    const again = new DeviceIdentity({ slot, store: kept, vault: api, api: { baseUrl: 'http://hub', fetchImpl } });
    await again.start();
    // Either revoked or holding the token the hub refuses at its next request; never a second enrolment.
    expect(again.status).not.toBe('not_enrolled');
    expect(hub.tokens.size).toBe(1);
  });
});

describe('one enrolment serves the sync client too', () => {
  it('pushes with the screen’s token, and a 401 of the sync API revokes the screen’s enrolment', async () => {
    const hub = new FakeSyncHub();
    const db = freshDb();
    const { vault, api } = memoryVault();
    const identity = new DeviceIdentity({ slot: { kind: 'counter', window: db.counter }, store: counterIdentityStore(db), vault: api, api: { baseUrl: 'http://hub.test', fetchImpl: asFetch(hub) }, useToken: () => undefined });
    await identity.start();
    expect(identity.status).toBe('enrolled');

    let state: SyncStoreState = initialSyncState();
    const sync = new CounterSync({
      db,
      enrolment: identity,
      transport: { fetch: hub.fetch, hubUrl: () => Promise.resolve('http://hub.test') },
      backoff: { baseMs: 5, maxMs: 20 },
      idleCheckMs: 100,
      pullIntervalMs: 100,
      locks: null,
      startDelayMs: 0,
      preferPulledConfig: false,
      subscribeOnline: () => () => undefined,
      subscribeReachability: () => () => undefined,
      publish: (patch) => {
        state = { ...state, ...(typeof patch === 'function' ? patch(state) : patch) };
      },
    });
    try {
      await recordEvent(db, 'walkin.started', walkInStarted(1));
      sync.start();
      await waitFor('the push', async () => (await db.outbox.count()) === 0);
      // No second enrolment: the hub gave out one token, to the screen.
      expect(hub.tokens.size).toBe(1);
      expect(state.enrolment.state).toBe('enrolled');

      hub.revokeAll();
      await recordEvent(db, 'walkin.started', walkInStarted(2));
      await waitFor('the revocation', () => identity.status === 'revoked');
      expect(vault.value).toBeNull();
      await waitFor('the pill to say so', () => state.enrolment.state === 'revoked');
      // The client does not enrol by itself: the screen asks for a code.
      await new Promise((r) => setTimeout(r, 150));
      expect(hub.tokens.size).toBe(1);
      expect(await db.outbox.count()).toBe(1);
    } finally {
      await sync.stop();
    }
  });
});
