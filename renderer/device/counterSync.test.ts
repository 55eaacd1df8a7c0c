import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { createDrainer, createHttpPush } from '../../shared/sync/drain.js';
import type { FetchLike } from '../../shared/sync/drain.js';
import { CONFIG_BRANCH } from '../../shared/sync/kinds.js';
import { walkInFinished, walkInStarted } from './counterDbs.testing.js';
import { CounterDb, ensureDeviceId, recordEvent } from './db.js';
import { useConfigStore } from '../queue/configStore.js';
import { CounterSync } from './counterSync.js';
import type { CounterSyncOptions } from './syncTypes.js';
import { enrolWithCode, readEnrolment } from './enrol.js';
import { FakeSyncHub } from './fakeSyncHub.js';
import { dexieOutbox } from './outbox.js';
import { initialSyncState, summarise } from './syncStore.js';
import type { SyncStoreState } from './syncStore.js';
import { defaultTransport } from './transport.js';

let n = 0;
const dbs: CounterDb[] = [];
const syncs: CounterSync[] = [];
function freshDb(): CounterDb {
  const db = new CounterDb(60 + n++);
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const s of syncs.splice(0)) await s.stop();
  for (const db of dbs.splice(0)) await db.delete();
});

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function harness(hub: FakeSyncHub, db: CounterDb, overrides: Partial<CounterSyncOptions> = {}) {
  let state: SyncStoreState = initialSyncState();
  const enrolStates: string[] = [];
  const online = new Set<() => void>();
  const reach = new Set<(r: boolean) => void>();
  const sync = new CounterSync({
    db,
    transport: { fetch: hub.fetch, hubUrl: () => Promise.resolve('http://hub.test') },
    backoff: { baseMs: 5, maxMs: 20 },
    idleCheckMs: 200,
    pullIntervalMs: 200,
    noCodeRetryMs: 200,
    locks: null,
    startDelayMs: 0,
    random: () => 0.5,
    subscribeOnline: (l) => (online.add(l), () => online.delete(l)),
    subscribeReachability: (l) => (reach.add(l), () => reach.delete(l)),
    publish: (patch) => {
      state = { ...state, ...(typeof patch === 'function' ? patch(state) : patch) };
      if (enrolStates.at(-1) !== state.enrolment.state) enrolStates.push(state.enrolment.state);
    },
    ...overrides,
  });
  syncs.push(sync);
  return {
    sync,
    state: () => state,
    enrolStates,
    goOnline: () => online.forEach((l) => l()),
    reachable: (r: boolean) => reach.forEach((l) => l(r)),
  };
}

describe('counter sync client', () => {
  it('enrols with the demo code, pushes what was written before, pulls the configuration, and pushes new records', async () => {
    const hub = new FakeSyncHub();
    const config = { ...demoBranch('2025-01-06'), policy: { ...demoBranch('2025-01-06').policy, alertWaitingCount: 42 } };
    hub.addConfigChange(CONFIG_BRANCH, 'demo-001', 3, config);
    const db = freshDb();
    for (let i = 0; i < 3; i++) await recordEvent(db, 'walkin.started', walkInStarted(i));
    const h = harness(hub, db);
    h.sync.start();
    await waitFor('the outbox to drain', async () => (await db.outbox.count()) === 0);
    expect([...hub.stored.values()].map((r) => [r.deviceSeq, r.branchId])).toEqual([
      [1, 'demo-001'],
      [2, 'demo-001'],
      [3, 'demo-001'],
    ]);
    const deviceId = await ensureDeviceId(db);
    expect(await readEnrolment(db)).toMatchObject({ deviceId, branchId: 'demo-001', token: 'tok-1' });
    await waitFor('the pull', () => h.state().pull.cursor === 1);
    await waitFor('the pulled config to be used', () => useConfigStore.getState().config?.policy.alertWaitingCount === 42);
    // The status follows the outbox a moment later (the count is taken after the ack).
    await waitFor('the status to show nothing waiting', () => h.state().push.recordsWaiting === 0 && h.state().push.phase === 'idle');
    const s = h.state();
    expect(s.enrolment).toMatchObject({ state: 'enrolled', deviceId, branchId: 'demo-001' });
    expect(s.push).toMatchObject({ link: `counter-${db.counter} → hub`, recordsWaiting: 0, bytesWaiting: 0, deadLetters: 0, lastError: null });
    expect(s.push.lastSuccessAt).not.toBeNull();
    expect(s.pull.lastSuccessAt).not.toBeNull();
    expect(summarise(s)).toMatchObject({ tone: 'ok', label: 'synced' });

    // A new local write is pushed without anyone asking.
    await recordEvent(db, 'walkin.finished', walkInFinished());
    await waitFor('the new record to reach the hub', () => hub.stored.size === 4);
    expect(hub.storeCount.size).toBe(4);
  });

  it('says "not enrolled" when the hub offers no demo code, keeps the records, and enrols with a typed code', async () => {
    const hub = new FakeSyncHub();
    hub.demoCode = null;
    const db = freshDb();
    await recordEvent(db, 'walkin.started', walkInStarted());
    const h = harness(hub, db, { noCodeRetryMs: 60_000 });
    h.sync.start();
    await waitFor('not enrolled', () => h.state().enrolment.state === 'not_enrolled' && h.state().enrolment.reasonKind === 'no_code');
    expect(summarise(h.state())).toMatchObject({ tone: 'error', label: 'notEnrolled' });
    await waitFor('the record to be counted', () => h.state().push.recordsWaiting === 1);
    expect(hub.pushes).toEqual([]);
    await expect(h.sync.enrol('WRONG-CODE')).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(h.state().enrolment).toMatchObject({ state: 'not_enrolled', reasonKind: 'unauthorized' });
    await h.sync.enrol('ADMIN-CODE-9');
    await waitFor('the outbox to drain', async () => (await db.outbox.count()) === 0);
    expect(h.state().enrolment.state).toBe('enrolled');
  });

  it('on 401 forgets the token, shows "revoked", enrols again with the demo code and pushes', async () => {
    const hub = new FakeSyncHub();
    const db = freshDb();
    const h = harness(hub, db, { pullIntervalMs: 60_000 });
    h.sync.start();
    await waitFor('enrolled', () => h.state().enrolment.state === 'enrolled');
    await waitFor('the first pull', () => h.state().pull.lastSuccessAt !== null);
    hub.revokeAll();
    await recordEvent(db, 'walkin.started', walkInStarted());
    await waitFor('the outbox to drain', async () => (await db.outbox.count()) === 0);
    expect(hub.pushes.map((p) => p.status)).toContain(401);
    expect(hub.tokens.size).toBe(2);
    expect((await readEnrolment(db))?.token).toBe('tok-2');
    expect(h.enrolStates).toEqual(['unknown', 'not_enrolled', 'enrolling', 'enrolled', 'revoked', 'enrolling', 'enrolled']);
  });

  it('waits with backoff while the hub is down and goes at once when the network comes back', async () => {
    const hub = new FakeSyncHub();
    const db = freshDb();
    const h = harness(hub, db, { backoff: { baseMs: 60_000, maxMs: 60_000 } });
    h.sync.start();
    await waitFor('enrolled', () => h.state().enrolment.state === 'enrolled');
    await waitFor('the first pull', () => h.state().pull.lastSuccessAt !== null);
    hub.down = true;
    await recordEvent(db, 'walkin.started', walkInStarted());
    await waitFor('retrying', () => h.state().push.phase === 'retrying');
    expect(h.state().push.lastError).toMatch(/did not answer/);
    expect(h.state().push.errorKind).toBe('network');
    expect(h.state().push.recordsWaiting).toBe(1);
    expect(summarise(h.state()).tone).toBe('warn');
    hub.down = false;
    h.goOnline();
    await waitFor('the outbox to drain', async () => (await db.outbox.count()) === 0);
    await waitFor('the error to clear', () => h.state().push.lastError === null);

    hub.down = true;
    await recordEvent(db, 'walkin.finished', walkInFinished());
    await waitFor('retrying again', () => h.state().push.phase === 'retrying');
    hub.down = false;
    h.reachable(false); // the hub was reported down by a queue request...
    h.reachable(true); // ...and is back
    await waitFor('the outbox to drain', async () => (await db.outbox.count()) === 0);
  });

  it('dead-letters a record the hub refuses and goes on with the rest', async () => {
    const hub = new FakeSyncHub();
    const db = freshDb();
    const refused = await recordEvent(db, 'walkin.started', walkInStarted(1));
    await recordEvent(db, 'walkin.started', walkInStarted(2));
    hub.refuses = (r) => r.id === refused.id;
    const h = harness(hub, db);
    h.sync.start();
    await waitFor('the outbox to drain', async () => (await db.outbox.count()) === 0);
    expect(hub.stored.size).toBe(1);
    expect(await db.deadLetters.toArray()).toMatchObject([{ code: 'bad_body', message: 'the hub cannot store this body' }]);
    await waitFor('the status', () => h.state().push.deadLetters === 1);
    expect(summarise(h.state())).toMatchObject({ tone: 'warn', label: 'synced' });
  });

  it('runs one client per counter database at a time: a second waits for the first to stop', async () => {
    const hub = new FakeSyncHub();
    let inFlight = 0;
    let maxInFlight = 0;
    const slowFetch: FetchLike = async (url, init) => {
      if (!url.endsWith('/push')) return hub.fetch(url, init);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 10));
      try {
        return await hub.fetch(url, init);
      } finally {
        inFlight--;
      }
    };
    const db = freshDb();
    const a = harness(hub, db, { transport: { fetch: slowFetch, hubUrl: () => Promise.resolve('http://hub.test') } });
    const b = harness(hub, db, { transport: { fetch: slowFetch, hubUrl: () => Promise.resolve('http://hub.test') } });
    a.sync.start();
    b.sync.start();
    for (let i = 0; i < 5; i++) await recordEvent(db, 'walkin.started', walkInStarted(i));
    await waitFor('a drained', async () => (await db.outbox.count()) === 0);
    await a.sync.stop();
    for (let i = 0; i < 5; i++) await recordEvent(db, 'walkin.started', walkInStarted(i));
    await waitFor('b drained', async () => (await db.outbox.count()) === 0);
    expect(maxInFlight).toBe(1);
    expect(hub.stored.size).toBe(10);
  });
});

describe('a renderer killed between push and acknowledgement', () => {
  it('re-pushes the same ids from the same database, and the hub stores them once', async () => {
    const hub = new FakeSyncHub();
    const db = freshDb();
    const transport = defaultTransport({ fetch: hub.fetch, hubUrl: () => Promise.resolve('http://hub.test') });
    const enrolment = await enrolWithCode(db, transport, 'ADMIN-CODE-9');
    for (let i = 0; i < 3; i++) await recordEvent(db, 'walkin.started', walkInStarted(i));
    const push = createHttpPush({ baseUrl: transport.hubUrl, token: () => enrolment.token ?? null, deviceId: () => enrolment.deviceId, fetch: hub.fetch });

    // First life: the hub stores the batch, the renderer dies before the ack is written.
    const outbox = dexieOutbox(db, () => enrolment.branchId);
    let pushed!: () => void;
    const pushDone = new Promise<void>((r) => (pushed = r));
    const first = createDrainer({
      ...outbox,
      push: async (records) => {
        const answer = await push(records);
        pushed();
        return answer;
      },
      ack: () => new Promise<void>(() => undefined), // never written: the process is gone
    });
    void first.run();
    await pushDone;
    expect(hub.pushes).toHaveLength(1);
    expect(await db.outbox.count()).toBe(3);
    db.close();

    // Second life: a new page opens the same database and drains again.
    const reopened = new CounterDb(db.counter);
    dbs.push(reopened);
    const second = createDrainer({ ...dexieOutbox(reopened, () => enrolment.branchId), push });
    const result = await second.run();
    expect(result).toMatchObject({ outcome: 'drained', acked: 3 });
    expect(hub.pushes).toHaveLength(2);
    expect(hub.pushes[1]!.ids).toEqual(hub.pushes[0]!.ids);
    expect([...hub.storeCount.values()]).toEqual([1, 1, 1]);
    expect(await reopened.outbox.count()).toBe(0);
  });
});
