import { expect, test } from './support/test.js';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEVICE_HEADER } from '../../shared/access/credentials.js';
import { openSqlDb } from '../../server/db/sqlDb.js';
import { startHqServer } from '../../server/hq/hqServer.js';
import { queueMigrations } from '../../server/hub/queue/migrations.js';
import { relayMigrations } from '../../server/hub/sync/relayMigrations.js';
import { createEnrolCode } from '../../server/sync/deviceAuth.js';
import { syncMigrations } from '../../server/sync/migrations.js';
import { FaultProxy } from '../support/faultProxy.js';
import type { FaultWeights } from '../support/faultProxy.js';
import { seededRandom, testSeed } from '../support/seededRandom.js';

/**
 * The real browser host (dist/server/main.js) as its own process, relaying to a head office run
 * here (startHqServer) through a FaultProxy; killed with SIGKILL while it hands a backlog of a
 * few thousand queue events to head office, then started again: once it has settled, head
 * office holds every event of the hub exactly once.
 */

const root = resolve(import.meta.dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? res(a.port) : rej(new Error('no port'))));
    });
  });
}

class RelayingHub {
  private child: ChildProcess | null = null;
  output = '';
  constructor(
    readonly port: number,
    readonly dataDir: string,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [join(root, 'dist/server/main.js')], {
      env: { ...process.env, GUICHET_PORT: String(this.port), GUICHET_DATA_DIR: this.dataDir, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (d) => (this.output += String(d)));
    child.stderr?.on('data', (d) => (this.output += String(d)));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`hub exited early:\n${this.output}`);
      try {
        // Every data route wants a credential: a 401 from the access gate means the hub is up.
        const res = await fetch(`${this.url}/api/v1/queue`);
        if (res.ok || res.status === 401) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`hub did not start within 60 s:\n${this.output}`);
  }

  async stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((r) => {
      child.once('exit', () => r());
      child.kill(signal);
    });
    this.child = null;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


async function poll<T>(what: string, f: () => Promise<T>, done: (v: T) => boolean, timeoutMs: number, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (done(v)) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(v)})`);
    await sleep(everyMs);
  }
}

test('a hub killed with SIGKILL mid-batch while relaying its backlog to head office: after restart, nothing lost, nothing doubled at HQ', async () => {
  // 3000 tickets, a backlog relayed twice: minutes on a busy 2-core machine.
  test.setTimeout(480_000);
  const seed = testSeed();
  console.log(`syncCrash: seed ${seed} (replay with GUICHET_SEED=${seed})`);
  const hqDir = mkdtempSync(join(tmpdir(), 'guichet-e2e-hq-'));
  const hubDir = mkdtempSync(join(tmpdir(), 'guichet-e2e-relay-'));
  const hq = await startHqServer({ port: 0, host: '127.0.0.1', dataDir: hqDir, adminToken: 'e2e-sync-crash-admin-0123456789', logLevel: 'silent' });
  // One weights object, changed in place between phases (the proxy reads it at every request).
  const weights: FaultWeights = {};
  const setWeights = (w: FaultWeights) => {
    for (const k of Object.keys(weights) as (keyof FaultWeights)[]) delete weights[k];
    Object.assign(weights, w);
  };
  const random = seededRandom(seed);
  const proxy = await FaultProxy.start(hq.url, random, weights);
  const hubCount = async (): Promise<number> =>
    Number((await hq.db.query<{ n: number | string }>("select count(*) as n from sync_records where kind = 'queue.event'")).rows[0]!.n);
  let hub: RelayingHub | null = null;
  try {
    proxy.quiet();
    const code = await hq.createEnrolCode({ branchId: 'demo-001', role: 'hub' });
    // A branch syncing with a real head office is no demo (no demo enrol code) and has no lead
    // station yet here: its kiosk's one-time code is written into the hub's database before it
    // starts, as a lead's would be, and the kiosk enrols with it.
    const before = await openSqlDb({ dataDir: join(hubDir, 'hub') }, [...queueMigrations, ...syncMigrations, ...relayMigrations]);
    const kioskCode = await createEnrolCode(before, { branchId: 'demo-001', role: 'kiosk', ttlMinutes: 60 });
    await before.close();
    hub = new RelayingHub(await freePort(), hubDir, { GUICHET_UPSTREAM: proxy.url, GUICHET_ENROL_CODE: code.code });
    await hub.start();
    const enrolled = await fetch(`${hub.url}/api/v1/sync/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: kioskCode.code, deviceId: 'e2e-sync-crash-kiosk', role: 'kiosk' }) });
    expect(enrolled.status).toBe(200);
    const kioskToken = ((await enrolled.json()) as { token: string }).token;
    await poll('the hub to enrol at head office', async () => (await hq.db.query("select 1 from sync_devices where role = 'hub'")).rows.length, (n) => n > 0, 30_000);

    // Head office unreachable: the branch builds a backlog of a few thousand queue events.
    setWeights({ drop: 1 });
    proxy.noisy();
    const TICKETS = 3000;
    let issued = 0;
    const url = hub.url;
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = w; i < TICKETS; i += 8) {
          const res = await fetch(`${url}/api/v1/tickets`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', [DEVICE_HEADER]: kioskToken },
            body: JSON.stringify({ service: ['A', 'B', 'V'][i % 3] }),
          });
          await res.text();
          if (res.status === 201) issued++;
        }
      }),
    );
    expect(issued).toBe(TICKETS);
    console.log(`syncCrash: ${issued} tickets issued`);
    expect(await hubCount()).toBe(0);

    // Head office back, slowly and unreliably: requests held, answers lost, requests doubled.
    setWeights({ reorder: 0.5, delay: 0.3, loseResponse: 0.1, duplicate: 0.1 });
    // Killed as soon as head office has stored 1 to 3 batches (of 500) of the backlog: the batch
    // it answered is on its way back (or the next is in flight) and the hub has not noted it yet.
    const batches = 1 + Math.floor(random() * 3);
    const atKill = await poll(`head office to store ${batches} batches of the backlog`, hubCount, (n) => n >= batches * 500, 90_000, 5);
    await hub.stop('SIGKILL');
    const afterKill = await hubCount();
    console.log(`syncCrash: killed with ${atKill} of ${issued} events at head office (${afterKill} once the last request landed); proxy so far ${JSON.stringify(proxy.counts)}`);
    expect(afterKill).toBeLessThan(issued);

    // Restarted on the same data folder; the network goes quiet; everything arrives once.
    proxy.quiet();
    await hub.start();
    await poll('head office to hold every event of the hub', hubCount, (n) => n >= issued, 90_000, 200);
    await sleep(500);
    await hub.stop('SIGTERM');
    hub = null;

    // What the hub wrote (read from its own database) against what head office holds.
    const hubDb = await openSqlDb({ dataDir: join(hubDir, 'hub') }, [...queueMigrations, ...syncMigrations, ...relayMigrations]);
    let written: Array<{ id: string; seq: number }>;
    let deviceId: string;
    try {
      written = (await hubDb.query<{ id: string; seq: number | string }>('select id, seq from queue_events order by seq')).rows.map((r) => ({ id: r.id, seq: Number(r.seq) }));
      deviceId = (await hubDb.query<{ device_id: string }>('select device_id from hub_identity')).rows[0]!.device_id;
    } finally {
      await hubDb.close();
    }
    const held = (
      await hq.db.query<{ id: string; device_id: string; device_seq: number | string }>("select id, device_id, device_seq from sync_records where kind = 'queue.event' order by device_seq")
    ).rows.map((r) => ({ id: r.id, deviceId: r.device_id, seq: Number(r.device_seq) }));
    expect(written.length).toBe(issued);
    const heldIds = new Set(held.map((h) => h.id));
    const missing = written.filter((w) => !heldIds.has(w.id));
    expect(missing.map((m) => `${m.id}#${m.seq}`), 'events lost on the way to head office').toEqual([]);
    expect(held.length, 'events at head office (each once)').toBe(written.length);
    expect(new Set(held.map((h) => h.deviceId))).toEqual(new Set([deviceId]));
    expect(held.map((h) => h.seq)).toEqual(written.map((w) => w.seq));
    const dead = Number((await hq.db.query<{ n: number | string }>('select count(*) as n from dead_letters')).rows[0]!.n);
    expect(dead).toBe(0);
    console.log(`syncCrash: ${held.length} events at head office, each once; proxy ${JSON.stringify(proxy.counts)}`);
  } finally {
    await hub?.stop('SIGKILL');
    await proxy.close();
    await hq.close();
    await rm(hqDir, { recursive: true, force: true });
    await rm(hubDir, { recursive: true, force: true });
  }
});
