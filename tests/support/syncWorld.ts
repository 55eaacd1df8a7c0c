import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { existsSync } from 'node:fs';
import { mkdtemp, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoBranch } from '../../shared/config/demoBranch.js';
import type { BranchConfig } from '../../shared/config/schema.js';
import { newId } from '../../shared/ids.js';
import { createDrainer, createHttpPush } from '../../shared/sync/drain.js';
import type { DeadLetterEntry, Drainer, FetchLike } from '../../shared/sync/drain.js';
import { CONFIG_BRANCH } from '../../shared/sync/kinds.js';
import type { PullResponse, SyncRecord } from '../../shared/sync/protocol.js';
import { SYNC_PATHS } from '../../shared/sync/protocol.js';
import { HybridClock } from '../../shared/time/hlc.js';
import { startBranchHost } from '../../server/branchHost.js';
import type { RunningBranchHost } from '../../server/branchHost.js';
import type { SqlDb } from '../../server/db/sqlDb.js';
import { startHqServer } from '../../server/hq/hqServer.js';
import type { RunningHq } from '../../server/hq/hqServer.js';
import { putConfigDoc } from '../../server/sync/configDocs.js';
import { createEnrolCode } from '../../server/sync/deviceAuth.js';
import type { CounterDb, ensureDeviceId, recordEvent } from '../../renderer/device/db.js';
import type { LocalEventPayloadInput } from '../../renderer/device/localEvents.js';
import type { pullAll, readConfigDoc, readCursor } from '../../renderer/device/pull.js';
import type { CounterSyncControl, CounterSyncOptions } from '../../renderer/device/syncTypes.js';
import { FaultProxy } from './faultProxy.js';
import type { FaultWeights } from './faultProxy.js';
import { freshPgliteDir } from './pgliteDataDir.js';
import { seededRandom } from './seededRandom.js';
import { freshPostgresSchema } from './testDatabases.js';

/**
 * A whole sync topology in one process, for convergence tests and benchmarks (DESIGN.md §5, §9):
 * head office (PGlite or PostgreSQL), branch hubs (real `startBranchHost`, each with its own data
 * folder, enrolled at HQ, its upstream going THROUGH a FaultProxy), and counters (the real
 * renderer sync client, CounterSync, over its own fake-indexeddb database, its requests going
 * THROUGH a FaultProxy to its hub). Helpers do random work, crash hubs and counters, quiet the
 * network, wait for the world to settle and compare "what every device wrote" with "what HQ holds".
 *
 * The counter client is renderer code (Dexie, browser globals, Bundler resolution), so it is
 * loaded at run time (loadCounterClient). Its types are the device layer's own, read from the
 * modules of renderer/device/ that need no DOM (db.ts, localEvents.ts, pull.ts, syncTypes.ts),
 * so the Node type-check follows the client's real signatures.
 */

// ---------------------------------------------------------------------------------------------
// The counter client, loaded at run time
// ---------------------------------------------------------------------------------------------

export interface CounterClient {
  CounterDb: typeof CounterDb;
  CounterSync: new (options: CounterSyncOptions) => CounterSyncControl;
  recordEvent: typeof recordEvent;
  ensureDeviceId: typeof ensureDeviceId;
  readConfigDoc: typeof readConfigDoc;
  readCursor: typeof readCursor;
  pullAll: typeof pullAll;
}

/** The kinds of local event the harness writes, a teller's everyday ones. */
export type SampleEventType = 'walkin.started' | 'walkin.finished' | 'teller.command' | 'teller.command_result';
export type SampleEvent = { [T in SampleEventType]: { type: T; payload: LocalEventPayloadInput<T> } }[SampleEventType];

/**
 * A valid event of `type` (every write is checked against its kind's schema). `note` goes where
 * free text may go (a command's body, a failed result's message), so records vary in size.
 */
export function sampleEvent(type: SampleEventType, i: number, note = 'ok'): SampleEvent {
  const walkIn = { walkInId: `walk-in-${i}`, service: 'A' };
  switch (type) {
    case 'walkin.started':
      return { type, payload: walkIn };
    case 'walkin.finished':
      return { type, payload: { ...walkIn, startedAt: '2000-01-01T00:00:00.000Z', outcome: 'completed', handlingSeconds: i } };
    case 'teller.command':
      return { type, payload: { command: 'call-next', body: { i, note } } };
    case 'teller.command_result':
      return { type, payload: { eventId: `command-${i}`, ok: false, code: 'hub_unreachable', message: note } };
  }
}

const CLIENT_MODULES = ['renderer/device/counterSync.ts', 'renderer/device/db.ts', 'renderer/device/pull.ts'];

/** The repository root, from tests/support (vitest) or dist/tests/support (the built bench). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'renderer', 'device', 'counterSync.ts'))) return dir;
    dir = resolve(dir, '..');
  }
  throw new Error('syncWorld: cannot find the repository root (renderer/device/counterSync.ts)');
}

let client: Promise<CounterClient> | null = null;

/**
 * The real counter sync client. Under vitest its TypeScript is imported like any other module;
 * under plain Node (the built benchmarks) Vite's module runner compiles it on the fly.
 */
export function loadCounterClient(): Promise<CounterClient> {
  client ??= (async () => {
    const root = repoRoot();
    const paths = CLIENT_MODULES.map((m) => join(root, m));
    let mods: Record<string, unknown>[];
    if (process.env.VITEST) {
      mods = await Promise.all(paths.map((p) => import(/* @vite-ignore */ p) as Promise<Record<string, unknown>>));
    } else {
      const { runnerImport } = await import('vite');
      mods = [];
      for (const p of paths) mods.push((await runnerImport<Record<string, unknown>>(p, { configFile: false, logLevel: 'silent', root })).module);
    }
    return Object.assign({}, ...mods) as CounterClient;
  })();
  return client;
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Node's fetch as the sync transport's FetchLike. */
export const nodeFetch: FetchLike = (url, init) => fetch(url, init);

export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** demo-001 with calls allowed back to back (the tests call far faster than tellers). */
export function branchConfig(branchId: string, day = '2000-01-01'): BranchConfig {
  const base = demoBranch(day);
  return { ...base, branchId, policy: { ...base.policy, minSecondsBetweenCalls: 0 } };
}

/**
 * A data folder for a hub (`sub` = 'hub') or head office ('hq') whose database folder is a copy
 * of the initialised PGlite template: the servers open `<dataDir>/<sub>`, and an empty folder
 * there would cost a full initdb (~3 s) per start.
 */
export async function serverDataDir(sub: 'hub' | 'hq'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `guichet-world-${sub}-`));
  await rename(await freshPgliteDir(), join(dir, sub));
  return dir;
}

// ---------------------------------------------------------------------------------------------
// What was written and what HQ holds
// ---------------------------------------------------------------------------------------------

/** One record as its device wrote it (or, at HQ, as stored). */
export interface RecordFact {
  id: string;
  deviceId: string;
  deviceSeq: number;
  hlc: string;
}

export interface HeldRecord extends RecordFact {
  serverSeq: number;
  wallAt: string;
  correctedAt: string;
  via: string;
}

export async function hqRecords(db: Pick<SqlDb, 'query'>): Promise<HeldRecord[]> {
  const { rows } = await db.query<{
    id: string;
    device_id: string;
    device_seq: number | string;
    hlc: string;
    server_seq: number | string;
    wall_at: string;
    corrected_at: Date | string;
    via_device_id: string;
  }>('select id, device_id, device_seq, hlc, server_seq, wall_at, corrected_at, via_device_id from sync_records order by server_seq');
  return rows.map((r) => ({
    id: r.id,
    deviceId: r.device_id,
    deviceSeq: Number(r.device_seq),
    hlc: r.hlc,
    serverSeq: Number(r.server_seq),
    wallAt: r.wall_at,
    correctedAt: new Date(r.corrected_at).toISOString(),
    via: r.via_device_id,
  }));
}

/** A hub's own queue events, as the records it owes head office. */
export async function hubEvents(db: Pick<SqlDb, 'query'>, deviceId: string): Promise<RecordFact[]> {
  const { rows } = await db.query<{ id: string; seq: number | string; hlc: string | null }>('select id, seq, hlc from queue_events order by seq');
  return rows.map((r) => ({ id: r.id, deviceId, deviceSeq: Number(r.seq), hlc: r.hlc ?? '' }));
}

/**
 * Records the hub made itself beside its queue events (pauses, business-day forms, the listen
 * log: stored through storeRecords under device ids of their own), as opposed to records its
 * enrolled devices pushed to it: written at the hub, owed to head office.
 */
export async function hubOwnRecords(db: Pick<SqlDb, 'query'>): Promise<RecordFact[]> {
  const { rows } = await db.query<{ id: string; device_id: string; device_seq: number | string; hlc: string }>(
    'select id, device_id, device_seq, hlc from sync_records where via_device_id not in (select device_id from sync_devices) order by server_seq',
  );
  return rows.map((r) => ({ id: r.id, deviceId: r.device_id, deviceSeq: Number(r.device_seq), hlc: r.hlc }));
}

/** Records a hub still has to hand to head office (its relay cursors, see relaySource.ts). */
export async function hubBacklog(db: Pick<SqlDb, 'query'>): Promise<number> {
  const { rows } = await db.query<{ n: number | string }>(
    `select (select count(*) from queue_events where seq > coalesce((select value from relay_cursors where name = 'push.events'), 0))
          + (select count(*) from sync_records where server_seq > coalesce((select value from relay_cursors where name = 'push.records'), 0)) as n`,
  );
  return Number(rows[0]!.n);
}

const short = (ids: readonly string[], n = 8): string => `${ids.slice(0, n).join(', ')}${ids.length > n ? ` … (${ids.length} in all)` : ''}`;

/**
 * The convergence invariant: HQ holds exactly the union of what every device wrote, each record
 * once, as it was written, and every device's sequence is contiguous 1..n. Returns what diverged,
 * in words (empty when nothing did).
 */
export function convergenceProblems(written: readonly RecordFact[], held: readonly HeldRecord[]): string[] {
  const problems: string[] = [];
  const wrote = new Map<string, RecordFact>();
  for (const w of written) {
    if (wrote.has(w.id)) problems.push(`record ${w.id} was written twice by the devices (${w.deviceId})`);
    wrote.set(w.id, w);
  }
  const heldBy = new Map<string, HeldRecord>();
  for (const h of held) {
    if (heldBy.has(h.id)) problems.push(`HQ holds record ${h.id} twice`);
    heldBy.set(h.id, h);
  }
  const missing = new Map<string, string[]>();
  for (const w of wrote.values()) {
    const h = heldBy.get(w.id);
    if (!h) missing.set(w.deviceId, [...(missing.get(w.deviceId) ?? []), `${w.id}#${w.deviceSeq}`]);
    else if (h.deviceId !== w.deviceId || h.deviceSeq !== w.deviceSeq || h.hlc !== w.hlc) {
      problems.push(`record ${w.id} differs at HQ: wrote ${w.deviceId}#${w.deviceSeq} ${w.hlc}, HQ holds ${h.deviceId}#${h.deviceSeq} ${h.hlc}`);
    }
  }
  for (const [device, ids] of missing) problems.push(`missing at HQ from device ${device}: ${short(ids)}`);
  const extra = held.filter((h) => !wrote.has(h.id)).map((h) => `${h.id} (${h.deviceId}#${h.deviceSeq})`);
  if (extra.length > 0) problems.push(`HQ holds records no device wrote: ${short(extra)}`);
  if (held.length !== wrote.size) problems.push(`HQ holds ${held.length} records, the devices wrote ${wrote.size}`);

  const seqsAt = new Map<string, number[]>();
  for (const h of held) seqsAt.set(h.deviceId, [...(seqsAt.get(h.deviceId) ?? []), h.deviceSeq]);
  for (const [device, seqs] of seqsAt) {
    seqs.sort((a, b) => a - b);
    const dup = seqs.filter((s, i) => i > 0 && seqs[i - 1] === s);
    if (dup.length > 0) problems.push(`HQ holds (deviceId, deviceSeq) twice for device ${device}: seq ${short(dup.map(String))}`);
    const gap = seqs.findIndex((s, i) => s !== i + 1);
    if (gap >= 0) problems.push(`device ${device}'s sequence at HQ is not 1..${seqs.length}: position ${gap + 1} holds ${seqs[gap]}`);
  }
  return problems;
}

/** HLC order must be deviceSeq order for each device's records at HQ. */
export function reorderings(held: readonly HeldRecord[]): string[] {
  const by = new Map<string, HeldRecord[]>();
  for (const h of held) by.set(h.deviceId, [...(by.get(h.deviceId) ?? []), h]);
  const problems: string[] = [];
  for (const [device, rs] of by) {
    rs.sort((a, b) => a.deviceSeq - b.deviceSeq);
    for (let i = 1; i < rs.length; i++) {
      if (!(rs[i - 1]!.hlc < rs[i]!.hlc)) {
        problems.push(`device ${device}: #${rs[i - 1]!.deviceSeq} (${rs[i - 1]!.hlc}) does not sort before #${rs[i]!.deviceSeq} (${rs[i]!.hlc})`);
        break;
      }
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Counters
// ---------------------------------------------------------------------------------------------

/** Where a counter's renderer dies. */
export type CounterCrash =
  /** At once, wherever its loops are. */
  | 'now'
  /** The hub stored a push and answered; the renderer dies before it hears (the ack is never stored). */
  | 'afterPushAnswered'
  /** The hub answered a pull page; the renderer dies before the page and cursor are saved. */
  | 'afterPullAnswered';

export const COUNTER_CRASHES: readonly CounterCrash[] = ['now', 'afterPushAnswered', 'afterPullAnswered'];

interface CounterLife {
  db: CounterDb;
  sync: CounterSyncControl;
  dead: boolean;
  armed: { mode: CounterCrash; fired: () => void } | null;
}

export interface CounterSetup {
  branch: number;
  counter: number;
  /** The counter PC's clock: ms to add to true time (2 h fast: 7_200_000). */
  clockSkewMs?: number;
}

/** One counter workstation: its IndexedDB (survives its renderer), its link to its hub, its renderer. */
export class CounterNode {
  readonly factory = new IDBFactory();
  life: CounterLife | null = null;
  crashes = 0;
  /** Ids recordEvent returned: every one must be in the database and at HQ. */
  readonly wrote: string[] = [];
  /** Pull requests the hub answered: [since, next, hasMore]. */
  readonly pulls: Array<{ since: number; next: number; hasMore: boolean }> = [];
  deviceId = '';
  /** The counter's network cable: while unplugged every request fails before it leaves. */
  unplugged = false;

  constructor(
    readonly name: string,
    readonly branch: number,
    readonly counter: number,
    readonly proxy: FaultProxy,
    readonly skewMs: number,
    private readonly random: () => number,
    private readonly options: Partial<CounterSyncOptions>,
  ) {}

  now = (): number => Date.now() + this.skewMs;

  /** A new renderer on the same database. */
  async boot(c: CounterClient): Promise<CounterLife> {
    const db = new c.CounterDb(this.counter, { indexedDB: this.factory, IDBKeyRange });
    const life: CounterLife = { db, dead: false, armed: null, sync: null as unknown as CounterSyncControl };
    const lifeFetch: FetchLike = async (url, init) => {
      if (life.dead) throw new TypeError('the renderer is gone');
      if (this.unplugged) throw new TypeError('the network is down');
      const res = await fetch(url, init);
      const text = await res.text();
      if (life.dead) throw new TypeError('the renderer is gone');
      const path = new URL(url).pathname;
      if (path === SYNC_PATHS.pull && res.status === 200) {
        const page = JSON.parse(text) as PullResponse;
        this.pulls.push({ since: Number(new URL(url).searchParams.get('since')), next: page.next, hasMore: page.hasMore });
      }
      const armed = life.armed;
      if (
        armed &&
        res.status === 200 &&
        ((armed.mode === 'afterPushAnswered' && path === SYNC_PATHS.push) || (armed.mode === 'afterPullAnswered' && path === SYNC_PATHS.pull))
      ) {
        this.die(life);
        armed.fired();
        throw new TypeError('the renderer crashed with the answer on its way');
      }
      return { status: res.status, text: () => Promise.resolve(text) };
    };
    life.sync = new c.CounterSync({
      db,
      transport: { fetch: lifeFetch, hubUrl: () => Promise.resolve(this.proxy.url), timeoutMs: 5_000 },
      demoEnrol: false,
      pullIntervalMs: 500,
      idleCheckMs: 300,
      backoff: { baseMs: 20, maxMs: 400 },
      random: this.random,
      now: this.now,
      locks: null,
      startDelayMs: 0,
      publish: () => undefined,
      preferPulledConfig: false,
      subscribeOnline: () => () => undefined,
      subscribeReachability: () => () => undefined,
      ...this.options,
    });
    this.life = life;
    this.deviceId = await c.ensureDeviceId(db);
    return life;
  }

  private die(life: CounterLife): void {
    life.dead = true;
    // The database connection goes with the renderer: nothing it still has in hand is written.
    life.db.close();
  }

  /**
   * Kills the renderer (at once, or when the next push or pull answer arrives, within
   * `waitMs`; then at once) and starts a new one on the same database.
   */
  async crash(c: CounterClient, mode: CounterCrash, waitMs = 1_500): Promise<string> {
    const life = this.life;
    if (!life) throw new Error(`${this.name} has no renderer`);
    let how: string = mode;
    if (mode !== 'now') {
      let fired = false;
      await new Promise<void>((resolveFired) => {
        life.armed = { mode, fired: () => ((fired = true), resolveFired()) };
        life.sync.nudge();
        setTimeout(resolveFired, waitMs);
      });
      life.armed = null;
      if (!fired) how = `${mode} (no answer within ${waitMs} ms: at once)`;
    }
    if (!life.dead) this.die(life);
    await life.sync.stop();
    this.crashes++;
    const next = await this.boot(c);
    next.sync.start();
    return how;
  }

  async record(c: CounterClient, { type, payload }: SampleEvent): Promise<string | null> {
    const life = this.life;
    if (!life || life.dead) return null;
    const event = await c.recordEvent(life.db, type, payload, { now: new Date(this.now()) });
    this.wrote.push(event.id);
    return event.id;
  }

  /** A connection of its own to the database (the renderer's may be closed). */
  async inspect<T>(c: CounterClient, f: (db: CounterDb) => Promise<T>): Promise<T> {
    const db = new c.CounterDb(this.counter, { indexedDB: this.factory, IDBKeyRange });
    try {
      return await f(db);
    } finally {
      db.close();
    }
  }

  async stop(): Promise<void> {
    const life = this.life;
    this.life = null;
    if (!life) return;
    await life.sync.stop();
    life.db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Direct pushers: devices enrolled at HQ pushing their own records (PostgreSQL concurrency)
// ---------------------------------------------------------------------------------------------

export class DirectPusher {
  private outbox: SyncRecord[] = [];
  readonly written: SyncRecord[] = [];
  readonly dead: DeadLetterEntry[] = [];
  readonly drainer: Drainer;
  private seq = 0;
  private readonly clock: HybridClock;

  constructor(
    readonly deviceId: string,
    readonly branchId: string,
    private readonly token: string,
    readonly proxy: FaultProxy,
    random: () => number,
    batchSize: number,
  ) {
    this.clock = new HybridClock(deviceId);
    this.drainer = createDrainer({
      link: `${deviceId} → HQ`,
      peek: (limit) => Promise.resolve(this.outbox.slice(0, limit)),
      ack: (ids) => {
        const gone = new Set(ids);
        this.outbox = this.outbox.filter((r) => !gone.has(r.id));
        return Promise.resolve();
      },
      deadLetter: (entries) => {
        this.dead.push(...entries);
        const gone = new Set(entries.map((e) => e.record.id));
        this.outbox = this.outbox.filter((r) => !gone.has(r.id));
        return Promise.resolve();
      },
      push: createHttpPush({ baseUrl: () => this.proxy.url, token: () => this.token, fetch: nodeFetch, deviceId: () => deviceId, timeoutMs: 5_000 }),
      random,
      backoff: { baseMs: 10, maxMs: 200 },
      batchSize,
    });
  }

  get waiting(): number {
    return this.outbox.length;
  }

  write(n: number): void {
    for (let i = 0; i < n; i++) {
      const r: SyncRecord = {
        id: newId(),
        kind: 'counter.event',
        branchId: this.branchId,
        deviceId: this.deviceId,
        deviceSeq: ++this.seq,
        hlc: this.clock.tick(),
        wallAt: new Date().toISOString(),
        body: { type: 'walkin.started', counter: 9, payload: { direct: true, i: this.seq } },
      };
      this.outbox.push(r);
      this.written.push(r);
    }
    void this.drainer.run();
  }

  facts(): RecordFact[] {
    return this.written.map((r) => ({ id: r.id, deviceId: r.deviceId, deviceSeq: r.deviceSeq, hlc: r.hlc }));
  }
}

/** Pages GET /api/v1/hq/events "since cursor" as fast as it can, noting every seq it sees. */
export class EventPuller {
  readonly seen: number[] = [];
  readonly problems: string[] = [];
  pages = 0;
  private since = 0;
  private stopped = false;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly hqUrl: string,
    private readonly adminToken: string,
    private readonly random: () => number,
  ) {}

  start(): void {
    this.loop = (async () => {
      while (!this.stopped) {
        await this.page().catch(() => undefined);
        await sleep(Math.floor(this.random() * 15));
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  /** One page; true when it reached the end. */
  async page(): Promise<boolean> {
    const limit = [1, 3, 7, 50, 200, 1000][Math.floor(this.random() * 6)]!;
    const res = await fetch(`${this.hqUrl}/api/v1/hq/events?since=${this.since}&limit=${limit}`, { headers: { authorization: `Bearer ${this.adminToken}` } });
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    const page = (await res.json()) as { events: Array<{ seq: number }>; next: number; hasMore: boolean };
    this.pages++;
    let last = this.since;
    for (const e of page.events) {
      if (!(e.seq > last)) this.problems.push(`page since ${this.since}: seq ${e.seq} after ${last}`);
      last = e.seq;
      this.seen.push(e.seq);
    }
    if (page.next !== last) this.problems.push(`page since ${this.since}: next ${page.next}, last seq ${last}`);
    this.since = page.next;
    return !page.hasMore;
  }

  /** Pages until the end (after the world settled). */
  async catchUp(timeoutMs = 20_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!(await this.page())) if (Date.now() > until) throw new Error('the event puller did not catch up');
  }
}

// ---------------------------------------------------------------------------------------------
// The world
// ---------------------------------------------------------------------------------------------

export interface HubNode {
  name: string;
  branchId: string;
  config: BranchConfig;
  dataDir: string;
  port: number;
  upstreamProxy: FaultProxy;
  enrolCode: string;
  host: RunningBranchHost | null;
  deviceId: string;
  restarts: number;
}

export interface SyncWorldOptions {
  seed: number;
  hq?: 'pglite' | 'postgres';
  /** Faults of every proxy while noisy. */
  faults?: FaultWeights;
  /** Counters: which hub (0 or 1) and window number. Default: two on hub 0, one on hub 1. */
  counters?: CounterSetup[];
  hubs?: number;
  hubPollMs?: number;
  /** Extra devices enrolled at HQ pushing their own records concurrently (PostgreSQL runs). */
  directPushers?: number;
  counterOptions?: Partial<CounterSyncOptions>;
  log?: (line: string) => void;
}

export interface Collected {
  written: RecordFact[];
  held: HeldRecord[];
  /** Per counter: outbox rows and dead letters left. */
  counters: Array<{ name: string; deviceId: string; outbox: number; deadLetters: number; lostWrites: string[] }>;
  hubDeadLetters: number;
  hqDeadLetters: number;
}

export class SyncWorld {
  readonly random: () => number;
  hq!: RunningHq;
  readonly hubs: HubNode[] = [];
  readonly counters: CounterNode[] = [];
  readonly pushers: DirectPusher[] = [];
  readonly events: string[] = [];
  client!: CounterClient;
  private hqDrop: (() => Promise<void>) | null = null;
  private readonly proxies: FaultProxy[] = [];
  private tickets = 0;

  private constructor(readonly opts: SyncWorldOptions) {
    this.random = seededRandom(opts.seed);
  }

  note(line: string): void {
    this.events.push(line);
    this.opts.log?.(line);
  }

  private subRandom(k: number): () => number {
    return seededRandom((this.opts.seed ^ Math.imul(k + 1, 0x9e3779b1)) >>> 0 || 1);
  }

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.random() * xs.length)]!;
  }

  static async start(opts: SyncWorldOptions): Promise<SyncWorld> {
    const w = new SyncWorld(opts);
    try {
      await w.boot();
    } catch (err) {
      await w.close().catch(() => undefined);
      throw err;
    }
    return w;
  }

  private async proxy(target: string): Promise<FaultProxy> {
    const p = await FaultProxy.start(target, this.subRandom(this.proxies.length + 100), this.opts.faults);
    p.quiet();
    this.proxies.push(p);
    return p;
  }

  private async boot(): Promise<void> {
    this.client = await loadCounterClient();
    const hqDir = await mkdtemp(join(tmpdir(), 'guichet-world-hq-'));
    let databaseUrl: string | undefined;
    if (this.opts.hq === 'postgres') {
      const schema = await freshPostgresSchema();
      databaseUrl = schema.url;
      this.hqDrop = schema.drop;
    }
    this.hq = await startHqServer({
      port: 0,
      host: '127.0.0.1',
      dataDir: databaseUrl ? hqDir : await serverDataDir('hq'),
      ...(databaseUrl ? { databaseUrl } : {}),
      adminToken: 'world-admin-token-0123456789abcdef',
      logLevel: 'silent',
    });
    const hubCount = this.opts.hubs ?? 2;
    for (let i = 0; i < hubCount; i++) {
      const branchId = `demo-00${i + 1}`;
      const config = branchConfig(branchId);
      // HQ is the source of the configuration: what it holds is what the hub will pull.
      await putConfigDoc(this.hq.db, CONFIG_BRANCH, branchId, config);
      const upstreamProxy = await this.proxy(this.hq.url);
      const code = await this.hq.createEnrolCode({ branchId, role: 'hub' });
      const node: HubNode = { name: `hub${i + 1}`, branchId, config, dataDir: await serverDataDir('hub'), port: 0, upstreamProxy, enrolCode: code.code, host: null, deviceId: '', restarts: 0 };
      await this.bootHub(node);
      node.port = node.host!.port;
      node.deviceId = node.host!.hub.deviceId;
      this.hubs.push(node);
    }
    // Enrolment happens on a quiet network so every run starts from the same place (a lost
    // answer is retried with the same code: tests/integration/syncRelay.test.ts).
    for (const h of this.hubs) {
      await waitUntil(`${h.name} to enrol at HQ`, async () => (await h.host!.db.query('select 1 from upstream_identity')).rows.length > 0, 15_000);
      // The first pull, started with the first push, must not have lost an enrolment race.
      await h.host!.upstream!.pullNow();
    }
    const setups = this.opts.counters ?? [
      { branch: 0, counter: 1 },
      { branch: 0, counter: 2 },
      { branch: 1, counter: 3 },
    ];
    for (const [k, s] of setups.entries()) {
      const hub = this.hubs[s.branch]!;
      const proxy = await this.proxy(hub.host!.url);
      const node = new CounterNode(`counter${k + 1}@${hub.name}`, s.branch, s.counter, proxy, s.clockSkewMs ?? 0, this.subRandom(k + 10), this.opts.counterOptions ?? {});
      const life = await node.boot(this.client);
      const code = await createEnrolCode(hub.host!.db, { branchId: hub.branchId, ttlMinutes: 60 });
      await life.sync.enrol(code.code);
      life.sync.start();
      this.counters.push(node);
    }
    for (let k = 0; k < (this.opts.directPushers ?? 0); k++) {
      const hub = this.hubs[k % this.hubs.length]!;
      const deviceId = `direct-${k + 1}`;
      const code = await this.hq.createEnrolCode({ branchId: hub.branchId, role: 'counter' });
      const res = await fetch(`${this.hq.url}${SYNC_PATHS.enrol}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: code.code, deviceId, role: 'counter' }),
      });
      const enrolled = (await res.json()) as { token: string };
      if (res.status !== 200) throw new Error(`${deviceId} could not enrol: ${JSON.stringify(enrolled)}`);
      const proxy = await this.proxy(this.hq.url);
      this.pushers.push(new DirectPusher(deviceId, hub.branchId, enrolled.token, proxy, this.subRandom(k + 50), 5 + Math.floor(this.random() * 60)));
    }
  }

  private async bootHub(h: HubNode): Promise<void> {
    h.host = await startBranchHost({
      port: h.port,
      host: '127.0.0.1',
      dataDir: h.dataDir,
      hostKind: 'browser',
      config: h.config,
      upstream: { url: h.upstreamProxy.url, enrolCode: h.enrolCode, pollMs: this.opts.hubPollMs ?? 150 },
      logLevel: 'silent',
    });
  }

  noisy(): void {
    for (const p of this.proxies) p.noisy();
  }

  quiet(): void {
    for (const p of this.proxies) p.quiet();
  }

  faultCounts(): Record<string, number> {
    const total: Record<string, number> = {};
    for (const p of this.proxies) for (const [k, v] of Object.entries(p.counts)) total[k] = (total[k] ?? 0) + v;
    return total;
  }

  // -- work --------------------------------------------------------------------------------------

  /** Tellers' local events on a counter. */
  async counterWork(k: number, n: number): Promise<void> {
    const c = this.counters[k]!;
    for (let i = 0; i < n; i++) {
      const type = this.pick<SampleEventType>(['walkin.started', 'walkin.finished', 'teller.command', 'teller.command_result']);
      await c.record(this.client, sampleEvent(type, i, this.random() < 0.1 ? 'x'.repeat(Math.floor(this.random() * 2000)) : 'ok'));
    }
  }

  /** Tickets issued at a hub's kiosk, some of them called, served and finished at its windows. */
  async hubWork(i: number, tickets: number, calls: number): Promise<void> {
    const h = this.hubs[i]!;
    if (!h.host) return;
    const url = h.host.url;
    const post = async (path: string, body?: unknown): Promise<number> => {
      try {
        const res = await fetch(url + path, {
          method: 'POST',
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        await res.text();
        return res.status;
      } catch {
        return 0;
      }
    };
    for (let t = 0; t < tickets; t++) {
      this.tickets++;
      await post('/api/v1/tickets', { service: this.pick(['A', 'B', 'V']) });
    }
    for (let k = 0; k < calls; k++) {
      const n = 1 + Math.floor(this.random() * 4);
      if ((await post(`/api/v1/counters/${n}/call-next`)) !== 200) continue;
      if (this.random() < 0.7) {
        await post(`/api/v1/counters/${n}/start`);
        await post(`/api/v1/counters/${n}/finish`, { outcome: 'completed' });
      }
    }
  }

  /** One round of random work everywhere. */
  async randomWork(): Promise<void> {
    const jobs: Promise<void>[] = [];
    for (let k = 0; k < this.counters.length; k++) jobs.push(this.counterWork(k, Math.floor(this.random() * 25)));
    for (let i = 0; i < this.hubs.length; i++) jobs.push(this.hubWork(i, Math.floor(this.random() * 10), Math.floor(this.random() * 4)));
    for (const p of this.pushers) p.write(Math.floor(this.random() * 40));
    await Promise.all(jobs);
  }

  // -- crashes -----------------------------------------------------------------------------------

  /** Closes a hub and starts it again on the same data folder and port. */
  async crashHub(i: number, downMs = 0): Promise<void> {
    const h = this.hubs[i]!;
    const host = h.host;
    if (!host) return;
    h.host = null;
    await host.close();
    if (downMs > 0) await sleep(downMs);
    await this.bootHub(h);
    h.restarts++;
    this.note(`${h.name} crashed and restarted (${downMs} ms down)`);
  }

  async crashCounter(k: number, mode: CounterCrash): Promise<void> {
    const c = this.counters[k]!;
    const how = await c.crash(this.client, mode);
    this.note(`${c.name}'s renderer crashed: ${how}`);
  }

  // -- settling and checking ---------------------------------------------------------------------

  async collect(): Promise<Collected> {
    const written: RecordFact[] = [];
    const counters: Collected['counters'] = [];
    for (const c of this.counters) {
      const row = await c.inspect(this.client, async (db) => {
        const records = await db.records.toArray();
        const ids = new Set(records.map((r) => r.id));
        return {
          records,
          outbox: await db.outbox.count(),
          deadLetters: await db.deadLetters.count(),
          lostWrites: c.wrote.filter((id) => !ids.has(id)),
        };
      });
      for (const r of row.records) written.push({ id: r.id, deviceId: r.deviceId, deviceSeq: r.deviceSeq, hlc: r.hlc });
      counters.push({ name: c.name, deviceId: c.deviceId, outbox: row.outbox, deadLetters: row.deadLetters, lostWrites: row.lostWrites });
    }
    let hubDeadLetters = 0;
    for (const h of this.hubs) {
      if (!h.host) throw new Error(`${h.name} is down`);
      written.push(...(await hubEvents(h.host.db, h.deviceId)));
      written.push(...(await hubOwnRecords(h.host.db)));
      hubDeadLetters += Number((await h.host.db.query<{ n: number | string }>('select count(*) as n from relay_dead_letters')).rows[0]!.n);
      hubDeadLetters += Number((await h.host.db.query<{ n: number | string }>('select count(*) as n from dead_letters')).rows[0]!.n);
    }
    for (const p of this.pushers) written.push(...p.facts());
    const held = await hqRecords(this.hq.db);
    const hqDeadLetters = Number((await this.hq.db.query<{ n: number | string }>('select count(*) as n from dead_letters')).rows[0]!.n);
    return { written, held, counters, hubDeadLetters, hqDeadLetters };
  }

  /** What is still on its way, in words; empty when the world has settled. */
  async pending(): Promise<string[]> {
    const out: string[] = [];
    for (const c of this.counters) {
      const n = await c.inspect(this.client, (db) => db.outbox.count());
      if (n > 0) out.push(`${c.name}: ${n} in its outbox`);
    }
    for (const h of this.hubs) {
      if (!h.host) {
        out.push(`${h.name}: down`);
        continue;
      }
      const n = await hubBacklog(h.host.db);
      if (n > 0) out.push(`${h.name}: ${n} not yet handed to HQ (${h.host.upstream?.status()[0]?.lastError ?? 'no error'})`);
    }
    for (const p of this.pushers) if (p.waiting > 0) out.push(`${p.deviceId}: ${p.waiting} waiting`);
    if (out.length === 0) {
      const c = await this.collect();
      const held = new Set(c.held.map((h) => h.id));
      const missing = c.written.filter((w) => !held.has(w.id));
      if (missing.length > 0) out.push(`HQ lacks ${missing.length} records though every outbox is empty`);
    }
    return out;
  }

  /** Quiet network, then waits (bounded) until every outbox and backlog is empty and HQ has everything. */
  async settle(timeoutMs = 45_000): Promise<number> {
    this.quiet();
    const started = Date.now();
    let last: string[] = [];
    while (Date.now() - started < timeoutMs) {
      for (const c of this.counters) c.life?.sync.nudge();
      for (const h of this.hubs) h.host?.upstream?.kick();
      for (const p of this.pushers) if (p.waiting > 0) void p.drainer.run();
      last = await this.pending();
      if (last.length === 0) return Date.now() - started;
      await sleep(150);
    }
    throw new Error(`the world did not settle within ${timeoutMs} ms: ${last.join('; ')}\nevents: ${this.events.join('; ')}`);
  }

  async close(): Promise<void> {
    for (const c of this.counters) await c.stop().catch(() => undefined);
    for (const p of this.pushers) p.drainer.stop();
    for (const h of this.hubs) await h.host?.close().catch(() => undefined);
    for (const p of this.proxies) await p.close().catch(() => undefined);
    await this.hq?.close().catch(() => undefined);
    await this.hqDrop?.().catch(() => undefined);
  }
}
