import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHttpPull } from '../../shared/sync/drain.js';
import type { FetchLike } from '../../shared/sync/drain.js';
import { CONFIG_BRANCH } from '../../shared/sync/kinds.js';
import { SYNC_PATHS } from '../../shared/sync/protocol.js';
import type { BranchConfig } from '../../shared/config/schema.js';
import { openSqlDb } from '../../server/db/sqlDb.js';
import type { SqlDb } from '../../server/db/sqlDb.js';
import { createHttpApp } from '../../server/http/createHttpApp.js';
import { hqMigrations } from '../../server/hq/migrations.js';
import { registerHqRoutes } from '../../server/hq/hqRoutes.js';
import { registerQueueRoutes } from '../../server/hub/api/queueRoutes.js';
import { queueMigrations } from '../../server/hub/queue/migrations.js';
import { QueueHub } from '../../server/hub/queue/queueHub.js';
import { HubUpstream } from '../../server/hub/sync/hubUpstream.js';
import { relayMigrations } from '../../server/hub/sync/relayMigrations.js';
import { putConfigDoc } from '../../server/sync/configDocs.js';
import { createEnrolCode } from '../../server/sync/deviceAuth.js';
import { syncMigrations } from '../../server/sync/migrations.js';
import { registerSyncRoutes } from '../../server/sync/syncRoutes.js';
import { seededRandom, testSeed } from '../support/seededRandom.js';
import type { CounterDb } from '../../renderer/device/db.js';
import type { CounterSyncControl } from '../../renderer/device/syncTypes.js';
import { branchConfig, convergenceProblems, hqRecords, hubBacklog, hubEvents, hubOwnRecords, loadCounterClient, reorderings, sampleEvent, serverDataDir } from '../support/syncWorld.js';
import type { CounterClient, HeldRecord, RecordFact } from '../support/syncWorld.js';

/**
 * A deterministic simulation of counters, hubs and head office in one process, driven by
 * fast-check model-based commands, over a FAKE network: no sockets. Every request of a counter
 * (CounterSync's drainer and the pull) and of a hub (HubUpstream) goes through `SimNet.fetch`,
 * which hands it to the addressed Fastify app with `app.inject` after a seeded fault decision
 * (dropped before it arrives, answer lost after it was handled, delivered twice). Nothing runs
 * in the background: a step pushes, pulls, works or crashes, and ends before the next starts,
 * so a run is a pure function of the fast-check seed (only ULIDs and real-time backoff sleeps
 * inside a step differ). Old requests can be delivered again later (a stale duplicate arriving
 * after newer ones). Crashes: a hub killed with a push answered by HQ but not yet heard (its
 * data folder reopened), a counter's renderer killed after the hub stored its push or answered
 * its pull (its IndexedDB reopened by a new renderer), and either killed between steps.
 *
 * Wrong PC clocks: one counter runs 2 hours fast, one a day slow. Each device's records keep
 * their order at HQ (HLC order = deviceSeq order), and HQ's corrected time is checked against
 * the true time each record was made.
 */

const seed = testSeed();
console.log(`simulation: seed ${seed} (replay with GUICHET_SEED=${seed})`);

const HOUR = 3_600_000;
const ADMIN = 'sim-admin-token-0123456789abcdef';

type Fault = 'none' | 'drop' | 'loseResponse' | 'duplicate';

interface Captured {
  host: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** The fake network: host name -> Fastify app, seeded faults, captured requests for replays. */
class SimNet {
  readonly apps = new Map<string, FastifyInstance>();
  readonly captured: Captured[] = [];
  readonly faults: Record<Fault, number> = { none: 0, drop: 0, loseResponse: 0, duplicate: 0 };
  healed = false;
  /** Consecutive failures per caller: capped so real backoff sleeps inside a step stay short. */
  private readonly streak = new Map<string, number>();
  /** Called after the server handled a request and before the caller hears the answer. */
  onAnswered: ((caller: string, path: string, status: number) => void) | null = null;

  constructor(private readonly random: () => number) {}

  private pick(caller: string): Fault {
    if (this.healed) return 'none';
    const s = this.streak.get(caller) ?? 0;
    const x = this.random();
    const fault: Fault = s >= 2 ? 'none' : x < 0.15 ? 'drop' : x < 0.3 ? 'loseResponse' : x < 0.4 ? 'duplicate' : 'none';
    this.streak.set(caller, fault === 'drop' || fault === 'loseResponse' ? s + 1 : 0);
    this.faults[fault]++;
    return fault;
  }

  private async deliver(c: Captured): Promise<{ status: number; body: string }> {
    const app = this.apps.get(c.host);
    if (!app) throw new TypeError(`connect ECONNREFUSED ${c.host}`);
    const res = await app.inject({
      method: c.method as 'GET' | 'POST',
      url: c.path,
      headers: c.headers,
      ...(c.body !== undefined ? { payload: c.body } : {}),
    });
    return { status: res.statusCode, body: res.body };
  }

  /** A caller's fetch (FetchLike and enough of `typeof fetch` for HubUpstream). */
  fetchFor(caller: string): FetchLike & ((url: string, init: RequestInit) => Promise<Response>) {
    return (async (url: string, init: { method?: string; headers?: unknown; body?: unknown }) => {
      const u = new URL(url);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries((init.headers ?? {}) as Record<string, string>)) headers[k.toLowerCase()] = v;
      const c: Captured = { host: u.host, method: init.method ?? 'GET', path: u.pathname + u.search, headers, body: typeof init.body === 'string' ? init.body : undefined };
      if (c.method === 'POST' && c.path === SYNC_PATHS.push) this.captured.push(c);
      const fault = this.pick(caller);
      if (fault === 'drop') throw new TypeError('fetch failed (dropped on the way)');
      const answer = await this.deliver(c);
      if (fault === 'duplicate') await this.deliver(c);
      this.onAnswered?.(caller, u.pathname, answer.status);
      if (fault === 'loseResponse') throw new TypeError('fetch failed (the answer was lost)');
      return new Response(answer.body, { status: answer.status, headers: { 'content-type': 'application/json' } });
    }) as FetchLike & ((url: string, init: RequestInit) => Promise<Response>);
  }

  /** An earlier push delivered again, late (its answer goes nowhere). */
  async replay(index: number): Promise<void> {
    const c = this.captured[index % Math.max(1, this.captured.length)];
    if (c) await this.deliver(c).catch(() => undefined);
  }
}

/** The "renderer crashed" signal thrown through a request. */
class Crash extends Error {}

interface SimCounter {
  name: string;
  hub: number;
  counter: number;
  skewMs: number;
  factory: InstanceType<typeof IDBFactory>;
  db: CounterDb;
  sync: CounterSyncControl;
  deviceId: string;
  token: string;
  /** Armed crash: the next answer to this kind of request kills the renderer. */
  armed: 'push' | 'pull' | null;
  dead: boolean;
  /** Retries left in the current step (the drainer retries for ever otherwise). */
  budget: number;
  /** True time (ms) each record was made, for the corrected-time check. */
  trueAt: Map<string, number>;
}

interface SimHub {
  name: string;
  host: string;
  config: BranchConfig;
  dataDir: string;
  enrolCode: string;
  db: SqlDb;
  hub: QueueHub;
  app: FastifyInstance;
  upstream: HubUpstream;
  armed: boolean;
  dead: boolean;
  restarts: number;
}

class SimWorld {
  now: number = Date.parse('2030-03-04T01:00:00Z');
  readonly net: SimNet;
  hqDir = '';
  hqDb!: SqlDb;
  hqApp!: FastifyInstance;
  readonly hubs: SimHub[] = [];
  readonly counters: SimCounter[] = [];
  readonly log: string[] = [];
  configVersion = 0;
  private readonly random: () => number;

  constructor(
    private readonly client: CounterClient,
    netSeed: number,
  ) {
    this.random = seededRandom(netSeed);
    this.net = new SimNet(seededRandom(netSeed ^ 0x5bd1e995 || 1));
    this.net.onAnswered = (caller, path, status) => this.answered(caller, path, status);
  }

  private simNow = (): Date => new Date(this.now);

  async boot(): Promise<void> {
    this.hqDir = await serverDataDir('hq');
    this.hqDb = await openSqlDb({ dataDir: join(this.hqDir, 'hq') }, hqMigrations);
    this.hqApp = await createHttpApp({ logLevel: 'silent' });
    registerSyncRoutes(this.hqApp, { db: this.hqDb, now: this.simNow, role: 'hq' });
    await registerHqRoutes(this.hqApp, { db: this.hqDb, adminToken: ADMIN, now: this.simNow });
    await this.hqApp.ready();
    this.net.apps.set('hq.sim', this.hqApp);
    for (let i = 0; i < 2; i++) {
      const config = branchConfig(`demo-00${i + 1}`);
      await putConfigDoc(this.hqDb, CONFIG_BRANCH, config.branchId, config, { now: this.simNow() });
      const code = await createEnrolCode(this.hqDb, { branchId: config.branchId, role: 'hub', ttlMinutes: 60 * 24 * 7 }, this.simNow());
      const hub = { name: `hub${i + 1}`, host: `hub${i + 1}.sim`, config, dataDir: await serverDataDir('hub'), enrolCode: code.code, armed: false, dead: false, restarts: 0 } as SimHub;
      await this.openHub(hub);
      // The hub's enrolment at HQ is one-time too: quiet network.
      this.net.healed = true;
      await hub.upstream.pullNow();
      this.net.healed = false;
      this.hubs.push(hub);
    }
    const setups = [
      { hub: 0, counter: 1, skewMs: 0 },
      { hub: 0, counter: 2, skewMs: 2 * HOUR },
      { hub: 1, counter: 3, skewMs: -24 * HOUR },
    ];
    for (const s of setups) {
      const c = { name: `counter${s.counter}@hub${s.hub + 1}`, ...s, factory: new IDBFactory(), armed: null, dead: false, trueAt: new Map() } as unknown as SimCounter;
      await this.bootCounter(c, false);
      const hub = this.hubs[s.hub]!;
      const code = await createEnrolCode(hub.db, { branchId: hub.config.branchId, ttlMinutes: 60 }, this.simNow());
      // Enrolment is one-time (a lost answer would burn the code): done on a quiet network.
      this.net.healed = true;
      await c.sync.enrol(code.code);
      this.net.healed = false;
      c.deviceId = await this.client.ensureDeviceId(c.db);
      c.token = ((await c.db.meta.get('syncEnrolment'))?.value as { token: string }).token;
      this.counters.push(c);
    }
  }

  private async openHub(h: SimHub): Promise<void> {
    h.db = await openSqlDb({ dataDir: join(h.dataDir, 'hub') }, [...queueMigrations, ...syncMigrations, ...relayMigrations]);
    h.hub = await QueueHub.open({ db: h.db, config: h.config, now: this.simNow });
    h.app = await createHttpApp({ logLevel: 'silent' });
    registerQueueRoutes(h.app, h.hub);
    registerSyncRoutes(h.app, { db: h.db, now: this.simNow, role: 'hub', branchId: h.config.branchId });
    h.upstream = new HubUpstream({
      db: h.db,
      hub: h.hub,
      upstreamUrl: 'http://hq.sim',
      enrolCode: h.enrolCode,
      fetch: this.net.fetchFor(h.name) as unknown as typeof fetch,
      now: this.simNow,
      random: this.random,
    });
    await h.app.ready();
    h.dead = false;
    this.net.apps.set(h.host, h.app);
  }

  private async closeHub(h: SimHub): Promise<void> {
    h.dead = true;
    this.net.apps.delete(h.host);
    await h.upstream.stop();
    await h.app.close();
    await h.db.close();
  }

  /**
   * A renderer on the counter's database. Steps drive its drainer and pulls, so its loops do not
   * run: a restarted one is started only until it has read its enrolment back, then stopped.
   */
  private async bootCounter(c: SimCounter, readEnrolment: boolean): Promise<void> {
    c.db = new this.client.CounterDb(c.counter, { indexedDB: c.factory, IDBKeyRange });
    c.dead = false;
    const net = this.net.fetchFor(c.name);
    const db = c.db;
    let state: { enrolment?: { state?: string } } = {};
    let stopping: Promise<void> | null = null;
    const fetchOf: FetchLike = async (url, init) => {
      if (c.dead || c.db !== db) throw new Crash('the renderer is gone');
      return net(url, init);
    };
    c.sync = new this.client.CounterSync({
      db: c.db,
      transport: { fetch: fetchOf, hubUrl: () => Promise.resolve(`http://${this.hubs[c.hub]!.host}`) },
      demoEnrol: false,
      now: () => this.now + c.skewMs,
      random: this.random,
      // No real waiting between retries; a step gives up after a bounded number of them.
      sleep: () => {
        if (--c.budget <= 0) c.sync.drainer.stop();
        return Promise.resolve();
      },
      backoff: { baseMs: 1, maxMs: 1 },
      locks: null,
      startDelayMs: 0,
      publish: (patch) => {
        state = { ...state, ...(typeof patch === 'function' ? (patch as (s: typeof state) => typeof state)(state) : (patch as typeof state)) };
        // Called synchronously as the loops begin: they end before doing anything.
        if (readEnrolment && !stopping && state.enrolment?.state === 'enrolled') stopping = c.sync.stop();
      },
      preferPulledConfig: false,
      subscribeOnline: () => () => undefined,
      subscribeReachability: () => () => undefined,
    });
    if (readEnrolment) {
      c.sync.start();
      for (let i = 0; i < 500 && !stopping; i++) await new Promise((r) => setTimeout(r, 2));
      if (!stopping) throw new Error(`${c.name}'s new renderer did not read its enrolment back`);
      await stopping;
    }
  }

  /** The server answered `caller`; an armed crash fires now, before the caller hears. */
  private answered(caller: string, path: string, status: number): void {
    if (status !== 200) return;
    const c = this.counters.find((x) => x.name === caller);
    if (c?.armed && ((c.armed === 'push' && path === SYNC_PATHS.push) || (c.armed === 'pull' && path === SYNC_PATHS.pull))) {
      c.armed = null;
      c.dead = true;
      c.db.close();
      throw new Crash(`${caller}'s renderer died before hearing the answer`);
    }
    const h = this.hubs.find((x) => x.name === caller);
    if (h?.armed && path === SYNC_PATHS.push) {
      h.armed = false;
      h.dead = true;
      h.upstream.stop().catch(() => undefined);
      throw new Crash(`${caller} died before hearing head office's answer`);
    }
  }

  // -- steps ------------------------------------------------------------------------------------

  async counterWrite(k: number, n: number): Promise<void> {
    const c = this.counters[k]!;
    for (let i = 0; i < n; i++) {
      this.now += 1_000 + Math.floor(this.random() * 60_000);
      const { type, payload } = sampleEvent(this.random() < 0.5 ? 'walkin.started' : 'teller.command', i);
      const e = await this.client.recordEvent(c.db, type, payload, { now: new Date(this.now + c.skewMs) });
      c.trueAt.set(e.id, this.now);
    }
  }

  async counterPush(k: number): Promise<void> {
    const c = this.counters[k]!;
    c.budget = 40;
    await c.sync.drainer.run();
    if (c.dead) await this.restartCounter(c);
  }

  async counterPull(k: number): Promise<void> {
    const c = this.counters[k]!;
    const pull = createHttpPull({ baseUrl: () => `http://${this.hubs[c.hub]!.host}`, token: () => c.token, fetch: (u, i) => (c.dead ? Promise.reject(new Crash('gone')) : this.net.fetchFor(c.name)(u, i)) });
    await this.client.pullAll(c.db, pull).catch(() => undefined);
    if (c.dead) await this.restartCounter(c);
  }

  async crashCounter(k: number, when: 'now' | 'push' | 'pull'): Promise<void> {
    const c = this.counters[k]!;
    if (when === 'now') {
      c.dead = true;
      c.db.close();
      await this.restartCounter(c);
      return;
    }
    c.armed = when;
    if (when === 'push') await this.counterPush(k);
    else await this.counterPull(k);
    c.armed = null;
  }

  private async restartCounter(c: SimCounter): Promise<void> {
    c.sync.drainer.stop();
    if (!c.dead) c.db.close();
    this.log.push(`${c.name} renderer restarted`);
    await this.bootCounter(c, true);
  }

  async hubWork(i: number, tickets: number, calls: number): Promise<void> {
    const h = this.hubs[i]!;
    for (let t = 0; t < tickets; t++) {
      this.now += 1_000 + Math.floor(this.random() * 30_000);
      await h.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { service: ['A', 'B', 'V'][t % 3] } });
    }
    for (let k = 0; k < calls; k++) {
      this.now += 1_000;
      const n = 1 + Math.floor(this.random() * 4);
      const res = await h.app.inject({ method: 'POST', url: `/api/v1/counters/${n}/call-next` });
      if (res.statusCode === 200) await h.app.inject({ method: 'POST', url: `/api/v1/counters/${n}/start` });
    }
  }

  async hubFlush(i: number): Promise<void> {
    const h = this.hubs[i]!;
    await h.upstream.flush().catch(() => undefined);
    if (h.dead) await this.restartHub(h, true);
  }

  async hubPull(i: number): Promise<void> {
    await this.hubs[i]!.upstream.pullNow().catch(() => undefined);
  }

  async crashHub(i: number, midPush: boolean): Promise<void> {
    const h = this.hubs[i]!;
    if (!midPush) return this.restartHub(h, false);
    h.armed = true;
    await this.hubFlush(i);
    h.armed = false;
  }

  private async restartHub(h: SimHub, alreadyDead: boolean): Promise<void> {
    if (alreadyDead) {
      this.net.apps.delete(h.host);
      await h.upstream.stop();
      await h.app.close();
      await h.db.close();
    } else {
      await this.closeHub(h);
    }
    h.restarts++;
    this.log.push(`${h.name} restarted`);
    await this.openHub(h);
  }

  async newConfig(): Promise<void> {
    const h = this.hubs[0]!;
    this.configVersion++;
    const config = { ...h.config, policy: { ...h.config.policy, alertWaitingCount: 20 + this.configVersion } };
    await putConfigDoc(this.hqDb, CONFIG_BRANCH, config.branchId, config, { now: this.simNow() });
  }

  advance(ms: number): void {
    this.now += ms;
  }

  // -- heal, settle, check ----------------------------------------------------------------------

  async settle(): Promise<void> {
    this.net.healed = true;
    for (let round = 0; round < 6; round++) {
      for (let k = 0; k < this.counters.length; k++) await this.counterPush(k);
      for (let i = 0; i < this.hubs.length; i++) await this.hubFlush(i);
      for (let i = 0; i < this.hubs.length; i++) await this.hubPull(i);
      for (let k = 0; k < this.counters.length; k++) await this.counterPull(k);
      if ((await this.pending()).length === 0) return;
    }
    throw new Error(`the simulation did not settle: ${(await this.pending()).join('; ')}`);
  }

  async pending(): Promise<string[]> {
    const out: string[] = [];
    for (const c of this.counters) {
      const n = await c.db.outbox.count();
      if (n > 0) out.push(`${c.name}: ${n} in its outbox`);
    }
    for (const h of this.hubs) {
      const n = await hubBacklog(h.db);
      if (n > 0) out.push(`${h.name}: ${n} not handed to HQ`);
    }
    return out;
  }

  async written(): Promise<RecordFact[]> {
    const out: RecordFact[] = [];
    for (const c of this.counters) for (const r of await c.db.records.toArray()) out.push({ id: r.id, deviceId: r.deviceId, deviceSeq: r.deviceSeq, hlc: r.hlc });
    for (const h of this.hubs) out.push(...(await hubEvents(h.db, h.hub.deviceId)));
    // What a hub writes under device ids of its own (its word on each configuration it pulls).
    for (const h of this.hubs) out.push(...(await hubOwnRecords(h.db)));
    return out;
  }

  /** The true time (ms) each record was made, and by whom. */
  async trueTimes(): Promise<Map<string, { at: number; who: string; relayed: boolean }>> {
    const out = new Map<string, { at: number; who: string; relayed: boolean }>();
    for (const c of this.counters) for (const [id, at] of c.trueAt) out.set(id, { at, who: c.name, relayed: true });
    // The hubs run on true time: their events' own times are the truth.
    for (const h of this.hubs) {
      const { rows } = await h.db.query<{ id: string; at: Date | string }>('select id, at from queue_events');
      for (const r of rows) out.set(r.id, { at: new Date(r.at).getTime(), who: h.name, relayed: false });
    }
    return out;
  }

  /** What each hub stored of its counters' records (with the hub's corrected time). */
  async atHubs(): Promise<HeldRecord[]> {
    const out: HeldRecord[] = [];
    for (const h of this.hubs) out.push(...(await hqRecords(h.db)));
    return out;
  }

  async close(): Promise<void> {
    for (const c of this.counters) {
      c.sync.drainer.stop();
      c.db.close();
    }
    for (const h of this.hubs) if (!h.dead) await this.closeHub(h).catch(() => undefined);
    await this.hqApp?.close();
    await this.hqDb?.close();
    for (const dir of [this.hqDir, ...this.hubs.map((h) => h.dataDir)]) if (dir) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Records whose corrected time is more than a minute from the true time they were made. */
function timeProblems(where: string, held: readonly HeldRecord[], truth: Map<string, { at: number; who: string }>): string[] {
  const worst = new Map<string, { id: string; off: number; n: number }>();
  for (const r of held) {
    const t = truth.get(r.id);
    if (!t) continue;
    const off = Date.parse(r.correctedAt) - t.at;
    if (Math.abs(off) <= 60_000) continue;
    const w = worst.get(t.who) ?? { id: r.id, off, n: 0 };
    w.n++;
    if (Math.abs(off) > Math.abs(w.off)) Object.assign(w, { id: r.id, off });
    worst.set(t.who, w);
  }
  return [...worst].map(([who, w]) => `${where}: ${w.n} of ${who}'s records have a corrected time more than a minute off (e.g. ${w.id}: ${(w.off / HOUR).toFixed(2)} h)`);
}

// -- the model-based commands -------------------------------------------------------------------

interface Model {
  steps: number;
}
type Cmd = fc.AsyncCommand<Model, SimWorld>;

const cmd = (name: string, run: (w: SimWorld) => Promise<void> | void): Cmd => ({
  check: () => true,
  run: async (m, w) => {
    m.steps++;
    await run(w);
  },
  toString: () => name,
});

const counterIx = fc.integer({ min: 0, max: 2 });
const hubIx = fc.integer({ min: 0, max: 1 });

const write = fc.tuple(counterIx, fc.integer({ min: 1, max: 12 })).map(([k, n]) => cmd(`counterWrite(${k}, ${n})`, (w) => w.counterWrite(k, n)));
const push = counterIx.map((k) => cmd(`counterPush(${k})`, (w) => w.counterPush(k)));
const work = fc.tuple(hubIx, fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 3 })).map(([i, t, c]) => cmd(`hubWork(${i}, ${t}, ${c})`, (w) => w.hubWork(i, t, c)));
const flush = hubIx.map((i) => cmd(`hubFlush(${i})`, (w) => w.hubFlush(i)));

/** Work and pushes come up more often than the rest (an array entry per chance). */
const commands = [
  write,
  write,
  write,
  push,
  push,
  work,
  work,
  flush,
  flush,
  counterIx.map((k) => cmd(`counterPull(${k})`, (w) => w.counterPull(k))),
  fc.tuple(counterIx, fc.constantFrom('now' as const, 'push' as const, 'pull' as const)).map(([k, when]) => cmd(`crashCounter(${k}, ${when})`, (w) => w.crashCounter(k, when))),
  hubIx.map((i) => cmd(`hubPull(${i})`, (w) => w.hubPull(i))),
  fc.tuple(hubIx, fc.boolean()).map(([i, mid]) => cmd(`crashHub(${i}, ${mid ? 'mid-push' : 'between steps'})`, (w) => w.crashHub(i, mid))),
  fc.nat().map((n) => cmd(`replayStalePush(${n})`, (w) => w.net.replay(n))),
  fc.constant(cmd('newConfigAtHq', (w) => w.newConfig())),
  fc.integer({ min: 1, max: 180 }).map((min) => cmd(`advance(${min} min)`, (w) => w.advance(min * 60_000))),
];

describe('deterministic simulation: counters, hubs and HQ over a faulty fake network', () => {
  it('after any sequence of work, faults and crashes, then healing: HQ holds exactly what was written, in each device\'s order, at the right time', async () => {
    const client = await loadCounterClient();
    const runs: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.commands(commands, { maxCommands: 60, size: 'max' }), async (netSeed, cmds) => {
        const world = new SimWorld(client, netSeed);
        const model: Model = { steps: 0 };
        try {
          await world.boot();
          await fc.asyncModelRun(() => ({ model, real: world }), cmds);
          await world.settle();
          const held = await hqRecords(world.hqDb);
          const truth = await world.trueTimes();
          const hubsOwn = new Map([...truth].filter(([, t]) => !t.relayed));
          const problems = [
            ...convergenceProblems(await world.written(), held),
            ...reorderings(held),
            // Each counter's clock error is removed where it pushes (its hub); the hubs' own
            // events at HQ. Relayed records at HQ: see the known-bug test below.
            ...timeProblems('at the hubs', await world.atHubs(), truth),
            ...timeProblems('at HQ', held, hubsOwn),
          ];
          // Everyone ends on HQ's newest configuration of branch 1.
          const { rows } = await world.hqDb.query<{ version: number }>("select version from config_docs where kind = 'config.branch' and key = 'demo-001'");
          for (const c of world.counters.filter((x) => x.hub === 0)) {
            const doc = await client.readConfigDoc(c.db, 'demo-001');
            if (doc?.version !== Number(rows[0]!.version)) problems.push(`${c.name} has config version ${doc?.version}, HQ ${rows[0]!.version}`);
          }
          runs.push(`${held.length} records, ${model.steps} steps, faults ${JSON.stringify(world.net.faults)}, ${world.log.length} restarts`);
          if (problems.length > 0) throw new Error(`net seed ${netSeed}:\n${problems.join('\n')}\nrestarts: ${world.log.join('; ')}`);
        } finally {
          await world.close();
        }
      }),
      { seed, numRuns: 4, endOnFailure: true, verbose: 1 },
    );
    console.log(`simulation (seed ${seed}):\n  ${runs.join('\n  ')}`);
  }, 170_000);

  /**
   * A hub relays its counters' records with the correction it measured for their clocks
   * (SyncRecord.correctedAt); HQ removes only the hub's own clock error on top. Without that, a
   * counter a day slow would be a day off at HQ (this test failed before the fix).
   */
  it("HQ's corrected time of a wrong-clock counter's records, relayed by its hub, is within a minute of true time", async () => {
    const client = await loadCounterClient();
    const world = new SimWorld(client, 4242);
    try {
      await world.boot();
      world.net.healed = true;
      await world.counterWrite(2, 3); // counter3, a day slow
      await world.counterWrite(1, 3); // counter2, 2 hours fast
      await world.counterPush(2);
      await world.counterPush(1);
      await world.hubFlush(0);
      await world.hubFlush(1);
      const truth = await world.trueTimes();
      // Right at the hubs...
      expect(timeProblems('at the hubs', await world.atHubs(), truth)).toEqual([]);
      // ...a day and two hours off at HQ.
      expect(timeProblems('at HQ', await hqRecords(world.hqDb), truth)).toEqual([]);
    } finally {
      await world.close();
    }
  }, 60_000);
});
