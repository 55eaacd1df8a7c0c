import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { CONFIG_BRANCH } from '../../shared/sync/kinds.js';
import type { BranchConfig } from '../../shared/config/schema.js';
import { startBranchHost } from '../../server/branchHost.js';
import type { RunningBranchHost } from '../../server/branchHost.js';
import { startHqServer } from '../../server/hq/hqServer.js';
import type { RunningHq } from '../../server/hq/hqServer.js';
import { putConfigDoc } from '../../server/sync/configDocs.js';
import { createEnrolCode } from '../../server/sync/deviceAuth.js';
import type { CounterDb } from '../../renderer/device/db.js';
import type { CounterSyncControl } from '../../renderer/device/syncTypes.js';
import { branchConfig, hqRecords, loadCounterClient, nodeFetch, sampleEvent, serverDataDir, waitUntil } from '../support/syncWorld.js';
import type { CounterClient, SampleEventType } from '../support/syncWorld.js';

/**
 * Sync figures (DESIGN.md §9: printed, never timed tests): a real HQ and a real hub on loopback,
 * and the real counter sync client (renderer/device) over a fake-indexeddb database.
 */

const s = (ms: number): string => `${(ms / 1000).toFixed(ms < 1000 ? 2 : 1)} s`;

interface Branch {
  hq: RunningHq;
  hub: RunningBranchHost;
  client: CounterClient;
  dirs: string[];
  close(): Promise<void>;
}

/** HQ, and a hub enrolled there relaying with its production poll (5 s) unless told otherwise. */
async function branch(config: BranchConfig, pollMs?: number): Promise<Branch> {
  const client = await loadCounterClient();
  const dirs = [await serverDataDir('hq'), await serverDataDir('hub')];
  const hq = await startHqServer({ port: 0, host: '127.0.0.1', dataDir: dirs[0]!, logLevel: 'silent' });
  await putConfigDoc(hq.db, CONFIG_BRANCH, config.branchId, config);
  const code = await hq.createEnrolCode({ branchId: config.branchId, role: 'hub' });
  const hub = await startBranchHost({
    port: 0,
    host: '127.0.0.1',
    dataDir: dirs[1]!,
    hostKind: 'browser',
    config,
    upstream: { url: hq.url, enrolCode: code.code, ...(pollMs ? { pollMs } : {}) },
    logLevel: 'silent',
  });
  await waitUntil('the hub to enrol at HQ', async () => (await hub.db.query('select 1 from upstream_identity')).rows.length > 0, 15_000);
  return {
    hq,
    hub,
    client,
    dirs,
    close: async () => {
      await hub.close();
      await hq.close();
      for (const d of dirs) await rm(d, { recursive: true, force: true });
    },
  };
}

function counterSync(b: Branch, db: CounterDb): CounterSyncControl {
  return new b.client.CounterSync({
    db,
    transport: { fetch: nodeFetch, hubUrl: () => Promise.resolve(b.hub.url) },
    demoEnrol: false,
    locks: null,
    startDelayMs: 0,
    publish: () => undefined,
    preferPulledConfig: false,
    subscribeOnline: () => () => undefined,
    subscribeReachability: () => () => undefined,
  });
}

async function enrol(b: Branch, sync: CounterSyncControl, branchId: string): Promise<void> {
  const code = await createEnrolCode(b.hub.db, { branchId, ttlMinutes: 60 });
  await sync.enrol(code.code);
}

async function atHq(b: Branch, deviceId: string): Promise<number> {
  const { rows } = await b.hq.db.query<{ n: number | string }>('select count(*) as n from sync_records where device_id = $1', [deviceId]);
  return Number(rows[0]!.n);
}

async function writeDay(b: Branch, db: CounterDb, events: number): Promise<number> {
  const t0 = performance.now();
  const types: SampleEventType[] = ['teller.command', 'teller.command_result', 'walkin.started', 'walkin.finished'];
  for (let i = 0; i < events; i++) {
    const { type, payload } = sampleEvent(types[i % 4]!, i, `T${i}`);
    await b.client.recordEvent(db, type, payload);
  }
  return performance.now() - t0;
}

/**
 * A counter's full day, ~3,000 events, recorded while its sync was off, then drained from its
 * Dexie outbox through the hub to HQ over loopback.
 */
export async function counterDay(events = 3000): Promise<string[]> {
  const config = branchConfig('demo-001');
  const b = await branch(config);
  const db = new b.client.CounterDb(1, { indexedDB: new IDBFactory(), IDBKeyRange });
  try {
    const sync = counterSync(b, db);
    await enrol(b, sync, config.branchId);
    const wrote = await writeDay(b, db, events);
    const deviceId = await b.client.ensureDeviceId(db);
    const t0 = performance.now();
    sync.start();
    let atHub = 0;
    await waitUntil('the outbox to drain to the hub', async () => (await db.outbox.count()) === 0, 300_000, 20);
    atHub = performance.now() - t0;
    await waitUntil('HQ to hold the day', async () => (await atHq(b, deviceId)) === events, 300_000, 20);
    const total = performance.now() - t0;
    await sync.stop();
    const held = (await hqRecords(b.hq.db)).filter((r) => r.deviceId === deviceId);
    if (new Set(held.map((r) => r.deviceSeq)).size !== events) throw new Error('HQ does not hold the day once each');
    return [
      `counter day: ${events} events written to the Dexie outbox in ${s(wrote)} (${((wrote / events) * 1000).toFixed(0)} µs each, fake-indexeddb)`,
      `counter day: outbox -> hub in ${s(atHub)} (batches of 100), -> HQ in ${s(total)} (the hub relays as soon as it has stored a push)`,
    ];
  } finally {
    db.close();
    await b.close();
  }
}

/**
 * A counter offline for 7 days comes back: HQ changed the configuration every day, the hub
 * relayed a week of queue events, and the counter recorded its own week. Seconds until it works
 * on the current configuration, and until its week is at the hub and at HQ.
 */
export async function weekCatchUp(perDay = { tickets: 300, counterEvents: 400 }): Promise<string[]> {
  let config = branchConfig('demo-001');
  const b = await branch(config, 1_000);
  const db = new b.client.CounterDb(2, { indexedDB: new IDBFactory(), IDBKeyRange });
  try {
    await b.hub.upstream!.pullNow();
    const first = counterSync(b, db);
    await enrol(b, first, config.branchId);
    first.start();
    await waitUntil('the first configuration', async () => (await b.client.readConfigDoc(db, config.branchId)) !== null, 15_000, 20);
    await first.stop();
    const before = (await b.client.readConfigDoc(db, config.branchId))!;

    // The week without the counter.
    for (let day = 1; day <= 7; day++) {
      config = {
        ...config,
        services: [...config.services, { ...config.services[0]!, code: 'CDEFGHJ'[day - 1]!, name: { 'zh-CN': `新${day}`, 'zh-TW': `新${day}`, en: `New ${day}` } }],
        hours: { ...config.hours, closedDates: [...config.hours.closedDates, `2031-01-0${day}`] },
      };
      await putConfigDoc(b.hq.db, CONFIG_BRANCH, config.branchId, config);
      await b.hub.upstream!.pullNow();
      for (let i = 0; i < perDay.tickets; i++) {
        const res = await fetch(`${b.hub.url}/api/v1/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ service: 'A' }) });
        await res.text();
      }
      await writeDay(b, db, perDay.counterEvents);
    }
    await b.hub.upstream!.flush();
    const waiting = await db.outbox.count();
    const deviceId = await b.client.ensureDeviceId(db);

    // Back on the network: a new renderer, the old cursor.
    const t0 = performance.now();
    const sync = counterSync(b, db);
    sync.start();
    await waitUntil('the current configuration', async () => (await b.client.readConfigDoc(db, config.branchId))?.version === before.version + 7, 120_000, 10);
    const configured = performance.now() - t0;
    await waitUntil('the outbox to drain', async () => (await db.outbox.count()) === 0, 300_000, 20);
    const drained = performance.now() - t0;
    await waitUntil('HQ to hold the week', async () => (await atHq(b, deviceId)) === waiting, 300_000, 20);
    const atHqMs = performance.now() - t0;
    await sync.stop();
    const doc = (await b.client.readConfigDoc(db, config.branchId))!;
    if (JSON.stringify(doc.body) !== JSON.stringify(config)) throw new Error('the counter does not have the current configuration');
    return [
      `week catch-up: works on the current configuration (version ${before.version} -> ${doc.version}) ${s(configured)} after reconnecting, with ${waiting} records of its own waiting`,
      `week catch-up: its week at the hub after ${s(drained)}, at HQ after ${s(atHqMs)} (hub poll 1 s); the hub relayed ${7 * perDay.tickets} queue events meanwhile`,
    ];
  } finally {
    db.close();
    await b.close();
  }
}
