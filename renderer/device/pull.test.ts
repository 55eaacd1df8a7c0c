import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { demoBranch } from '../../shared/config/demoBranch.js';
import type { BranchConfig } from '../../shared/config/schema.js';
import { createHttpPull } from '../../shared/sync/drain.js';
import { CONFIG_BRANCH } from '../../shared/sync/kinds.js';
import { walkInStarted } from './counterDbs.testing.js';
import { CounterDb, recordEvent } from './db.js';
import { useConfigStore } from '../queue/configStore.js';
import { preferPulledConfig } from './configSource.js';
import { enrolWithCode } from './enrol.js';
import { FakeSyncHub } from './fakeSyncHub.js';
import { CURSOR_KEY, applyPulledPage, defaultAppliers, docKey, pullAll, readConfigDoc, readCursor, reapplyParked } from './pull.js';
import { defaultTransport } from './transport.js';

let n = 0;
const dbs: CounterDb[] = [];
function freshDb(): CounterDb {
  const db = new CounterDb(20 + n++);
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

const base = demoBranch('2025-01-06');
const configV = (v: number): BranchConfig => ({ ...base, policy: { ...base.policy, alertWaitingCount: 10 + v } });

async function enrolled(hub: FakeSyncHub, db: CounterDb) {
  const transport = defaultTransport({ fetch: hub.fetch, hubUrl: () => Promise.resolve('http://hub.test') });
  const enrolment = await enrolWithCode(db, transport, 'ADMIN-CODE-9');
  const pull = createHttpPull({ baseUrl: transport.hubUrl, token: () => enrolment.token ?? null, fetch: hub.fetch });
  return { transport, enrolment, pull };
}

describe('pull since cursor', () => {
  it('catches up after a week offline: pages until hasMore is false, newest config wins, unknown kinds parked', async () => {
    const hub = new FakeSyncHub();
    const db = freshDb();
    // A week of head-office changes: 1100 config versions, and kinds this version does not know.
    for (let v = 1; v <= 1100; v++) {
      hub.addConfigChange(CONFIG_BRANCH, 'demo-001', v, configV(v));
      if (v % 250 === 0) hub.addConfigChange('queue.snapshot_v2', 'demo-001', v / 250, { future: true, v });
    }
    const { pull } = await enrolled(hub, db);
    const result = await pullAll(db, pull);
    expect(result.pages).toBe(3);
    expect(hub.pulls.map((p) => p.since)).toEqual([0, 500, 1000]);
    expect(result).toMatchObject({ changes: 1104, applied: 1100, parked: 4, cursor: 1104 });
    expect(await readCursor(db)).toBe(1104);
    const doc = await readConfigDoc(db, 'demo-001');
    expect(doc?.version).toBe(1100);
    expect(doc?.body.policy.alertWaitingCount).toBe(1110);
    const parked = await db.parked.orderBy('seq').toArray();
    expect(parked.map((p) => [p.kind, p.reason])).toEqual(Array(4).fill(['queue.snapshot_v2', 'unknown_kind']));

    // ...and then works with the new configuration.
    useConfigStore.setState({ config: configV(0), fromCache: true, error: null });
    const stop = preferPulledConfig(db, 'demo-001');
    await new Promise((r) => setTimeout(r, 30));
    expect(useConfigStore.getState().config?.policy.alertWaitingCount).toBe(1110);
    // The hub's GET /api/v1/config answering later does not push the pulled document aside.
    useConfigStore.setState({ config: configV(0), fromCache: false, error: null });
    expect(useConfigStore.getState().config?.policy.alertWaitingCount).toBe(1110);
    // A newer document arriving is taken up live.
    hub.addConfigChange(CONFIG_BRANCH, 'demo-001', 1101, configV(1101));
    await pullAll(db, pull);
    await new Promise((r) => setTimeout(r, 30));
    expect(useConfigStore.getState().config?.policy.alertWaitingCount).toBe(1111);
    stop();
    // Nothing more pulled: one more request answered "nothing new" and the cursor stays.
    const again = await pullAll(db, pull);
    expect(again).toMatchObject({ pages: 1, changes: 0, cursor: 1105 });
  });

  it('saves data and cursor atomically: a failure in the middle leaves both old', async () => {
    const db = freshDb();
    await applyPulledPage(db, { changes: [{ seq: 1, kind: CONFIG_BRANCH, key: 'demo-001', version: 1, body: configV(1) }], next: 1, hasMore: false });
    const page = {
      changes: [
        { seq: 2, kind: CONFIG_BRANCH, key: 'demo-001', version: 2, body: configV(2) },
        { seq: 3, kind: 'complaint.view', key: 'C-1', version: 1, body: { x: 1 } },
      ],
      next: 3,
      hasMore: false,
    };
    await expect(
      applyPulledPage(db, page, {
        beforeCursor: () => {
          throw new Error('renderer killed mid-page');
        },
      }),
    ).rejects.toThrow('renderer killed');
    expect(await readCursor(db)).toBe(1);
    expect((await readConfigDoc(db, 'demo-001'))?.version).toBe(1);
    expect(await db.parked.count()).toBe(0);
    // Pulled again, the page is saved whole.
    await applyPulledPage(db, page);
    expect(await readCursor(db)).toBe(3);
    expect((await readConfigDoc(db, 'demo-001'))?.version).toBe(2);
    expect(await db.parked.count()).toBe(1);
  });

  it('parks a known kind whose body this version cannot read, and never lets an old version replace a newer one', async () => {
    const db = freshDb();
    await applyPulledPage(db, {
      changes: [
        { seq: 1, kind: CONFIG_BRANCH, key: 'demo-001', version: 5, body: configV(5) },
        { seq: 2, kind: CONFIG_BRANCH, key: 'demo-001', version: 4, body: configV(4) },
        { seq: 3, kind: CONFIG_BRANCH, key: 'demo-001', version: 6, body: { branchId: 'demo-001', shape: 'from the future' } },
      ],
      next: 3,
      hasMore: false,
    });
    expect((await readConfigDoc(db, 'demo-001'))?.version).toBe(5);
    expect(await db.parked.get(3)).toMatchObject({ reason: 'invalid_body', version: 6 });
  });

  it('re-applies parked changes once this version knows their kind', async () => {
    const db = freshDb();
    await applyPulledPage(db, { changes: [{ seq: 7, kind: 'notice.board', key: 'demo-001', version: 2, body: { text: 'closed at noon' } }], next: 7, hasMore: false });
    expect(await reapplyParked(db)).toBe(0);
    expect(await db.parked.count()).toBe(1);
    const upgraded = { ...defaultAppliers, 'notice.board': (body: unknown) => ({ value: body }) };
    expect(await reapplyParked(db, upgraded)).toBe(1);
    expect(await db.parked.count()).toBe(0);
    expect((await db.syncState.get(docKey('notice.board', 'demo-001')))?.value).toMatchObject({ version: 2, body: { text: 'closed at noon' } });
    expect((await db.syncState.get(CURSOR_KEY))?.value).toBe(7);
  });

  it('stops when the server says there is more but does not move the cursor', async () => {
    const db = freshDb();
    await expect(pullAll(db, async (since) => ({ changes: [], next: since, hasMore: true }))).rejects.toMatchObject({ kind: 'server' });
  });

  it('keeps the pages saved before a failure', async () => {
    const hub = new FakeSyncHub();
    const db = freshDb();
    for (let v = 1; v <= 700; v++) hub.addConfigChange(CONFIG_BRANCH, 'demo-001', v, configV(v));
    const { pull } = await enrolled(hub, db);
    let calls = 0;
    await expect(
      pullAll(db, async (since, limit) => {
        if (++calls === 2) throw new TypeError('Failed to fetch');
        return pull(since, limit);
      }),
    ).rejects.toThrow();
    expect(await readCursor(db)).toBe(500);
    expect((await pullAll(db, pull)).cursor).toBe(700);
    // Local writes are untouched by pulls.
    await recordEvent(db, 'walkin.started', walkInStarted());
    expect(await db.outbox.count()).toBe(1);
  });
});
