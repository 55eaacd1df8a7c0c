import { createHash } from 'node:crypto';
import { API_KEY_HEADER, DEVICE_HEADER, WS_DEVICE_PARAM, WS_SESSION_PARAM } from '../../shared/access/credentials.js';
import { DEMO_SIGN_INS, demoBranch } from '../../shared/config/demoBranch.js';
import type { BranchConfig } from '../../shared/config/schema.js';
import type { DeviceRole } from '../../shared/sync/protocol.js';
import { startBranchHost } from '../../server/branchHost.js';
import type { BranchHostOptions, RunningBranchHost } from '../../server/branchHost.js';
import { ROUTE_ACCESS, isGuarded } from '../../server/hub/access/routeAccess.js';
import type { Access } from '../../server/hub/access/routeAccess.js';
import type { ApiKeyConfig } from '../../server/hub/access/apiKeys.js';
import { postJson } from './http.js';
import { freshPgliteDir } from './pgliteDataDir.js';

/**
 * Who sends a request to the hub under test (DESIGN.md §8, server/hub/access/routeAccess.ts):
 * - `counter` n: window n's counter device, with `teller` signed in there (default: the staff
 *   the configuration names for window n; null: nobody signed in);
 * - `display` n: window n's counter display (ratings);
 * - `kiosk`, `hall`: those devices, nobody signed in;
 * - `lead`: a lead station with `staff` signed in (default the demo lead s-9001; null: nobody);
 * - `apiKey`: an integration key (configured with BranchUnderTest.start's apiKeys);
 * - `none`: no credential at all.
 */
export type TestActor =
  | { kind: 'counter'; window: number; teller?: string | null }
  | { kind: 'display'; window: number }
  | { kind: 'kiosk' }
  | { kind: 'hall' }
  | { kind: 'lead'; staff?: string | null }
  | { kind: 'apiKey'; key: string }
  | { kind: 'none' };

export const actors = {
  counter: (window: number, teller?: string | null): TestActor => ({ kind: 'counter', window, ...(teller === undefined ? {} : { teller }) }),
  display: (window: number): TestActor => ({ kind: 'display', window }),
  kiosk: { kind: 'kiosk' } as TestActor,
  hall: { kind: 'hall' } as TestActor,
  lead: (staff: string | null = 's-9001'): TestActor => ({ kind: 'lead', staff }),
  auditor: { kind: 'lead', staff: 's-9002' } as TestActor,
  apiKey: (key: string): TestActor => ({ kind: 'apiKey', key }),
  none: { kind: 'none' } as TestActor,
};

/** The demo branch's PINs (shared/config/demoBranch.ts), by staff id. */
export const DEMO_PINS: Readonly<Record<string, string>> = Object.fromEntries(DEMO_SIGN_INS.map((s) => [s.staffId, s.pin]));

export interface Answer {
  status: number;
  json: any;
}

/** A request as a chosen actor (BranchUnderTest.as). */
export interface ActingClient {
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer>;
  get(path: string, headers?: Record<string, string>): Promise<Answer>;
  /** The credentials' headers (plus any given). */
  headers(extra?: Record<string, string>): Promise<Record<string, string>>;
  /** A ws:// URL for `path` carrying the actor's tokens as query parameters (browsers cannot set WebSocket headers). */
  wsUrl(path: string): Promise<string>;
}

interface Enrolled {
  deviceId: string;
  token: string;
}

export interface BranchUnderTestOptions {
  apiKeys?: readonly ApiKeyConfig[];
  /** Passed to startBranchHost (e.g. upstream, now). */
  host?: Partial<BranchHostOptions>;
  /** The hub's data folder (default: a fresh PGlite folder). */
  dataDir?: string;
}

/**
 * A real hub on a loopback port with its own data folder; restartable on the same folder and
 * port. Requests carry real credentials: devices are enrolled through the hub's API (the demo
 * enrolment code) and staff sign in with their PINs, the first time each is needed. `post` and
 * `get` send each request as the actor its route asks for (the access table): window n's counter
 * with its teller for /counters/{n}/..., window n's display for a rating, the kiosk for a ticket,
 * the lead station with the lead signed in for approvals, prompts, records and recordings, the
 * hall display for reads. `as(actor)` sends as anyone else.
 */
export class BranchUnderTest {
  host!: RunningBranchHost;
  private readonly devices = new Map<string, Promise<Enrolled>>();
  private readonly sessions = new Map<string, Promise<string>>();

  private constructor(
    readonly dataDir: string,
    readonly config: BranchConfig,
    private readonly options: BranchUnderTestOptions,
  ) {}

  static async start(config: BranchConfig = demoBranch('2000-01-01'), options: BranchUnderTestOptions = {}): Promise<BranchUnderTest> {
    const b = new BranchUnderTest(options.dataDir ?? (await freshPgliteDir()), config, options);
    await b.boot(0);
    return b;
  }

  get url(): string {
    return this.host.url;
  }

  async restart(): Promise<void> {
    const port = this.host.port;
    await this.host.close();
    await this.boot(port);
  }

  stop(): Promise<void> {
    return this.host.close();
  }

  private async boot(port: number): Promise<void> {
    this.host = await startBranchHost({
      port,
      host: '127.0.0.1',
      dataDir: this.dataDir,
      hostKind: 'browser',
      config: this.config,
      logLevel: 'silent',
      // The demo's enrolment code route: this machine's devices enrol without a lead.
      demo: true,
      ...(this.options.apiKeys ? { apiKeys: this.options.apiKeys } : {}),
      ...this.options.host,
    });
  }

  /** POST as the actor the route asks for (see the class comment). */
  async post(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    return this.as(defaultActor(this.config, 'POST', path, body)).post(path, body, headers);
  }

  /** GET as the actor the route asks for. */
  async get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
    return this.as(defaultActor(this.config, 'GET', path)).get(path, headers);
  }

  /** A ws:// URL for `path` with the default actor's tokens (a display's read of the stream). */
  wsUrl(path: string, actor: TestActor = defaultActor(this.config, 'GET', path)): Promise<string> {
    return this.as(actor).wsUrl(path);
  }

  as(actor: TestActor): ActingClient {
    const headers = async (extra: Record<string, string> = {}): Promise<Record<string, string>> => ({ ...(await this.credentials(actor)), ...extra });
    return {
      headers,
      post: async (path, body, extra = {}) => postJson(this.url + path, body, await headers(extra)),
      get: async (path, extra = {}) => {
        const res = await fetch(this.url + path, { headers: await headers(extra) });
        return { status: res.status, json: parseJson(await res.text()) };
      },
      wsUrl: async (path) => {
        const c = await this.tokens(actor);
        const url = new URL(path, this.url.replace(/^http/, 'ws'));
        if (c.device) url.searchParams.set(WS_DEVICE_PARAM, c.device);
        if (c.session) url.searchParams.set(WS_SESSION_PARAM, c.session);
        return url.href;
      },
    };
  }

  /** The HTTP headers that carry an actor's credentials. */
  async credentials(actor: TestActor): Promise<Record<string, string>> {
    const c = await this.tokens(actor);
    return {
      ...(c.device ? { [DEVICE_HEADER]: c.device } : {}),
      ...(c.session ? { authorization: `Bearer ${c.session}` } : {}),
      ...(c.apiKey ? { [API_KEY_HEADER]: c.apiKey } : {}),
    };
  }

  /** An actor's raw tokens: device, session, API key. */
  async tokens(actor: TestActor): Promise<{ device?: string; session?: string; apiKey?: string }> {
    switch (actor.kind) {
      case 'none':
        return {};
      case 'apiKey':
        return { apiKey: actor.key };
      case 'kiosk':
      case 'hall':
        return { device: (await this.device(actor.kind, actor.kind, null)).token };
      case 'display':
        return { device: (await this.device(`display-${actor.window}`, 'counter-display', actor.window)).token };
      case 'counter': {
        const device = await this.device(`counter-${actor.window}`, 'counter', actor.window);
        const teller = actor.teller === undefined ? this.tellerOf(actor.window) : actor.teller;
        if (teller === null) return { device: device.token };
        return { device: device.token, session: await this.signIn(`counter-${actor.window}`, device, teller) };
      }
      case 'lead': {
        const staff = actor.staff === undefined ? 's-9001' : actor.staff;
        // One session per device: each person at the lead station has a station of their own.
        const device = await this.device(`lead-${staff ?? 'nobody'}`, 'lead', null);
        if (staff === null) return { device: device.token };
        return { device: device.token, session: await this.signIn(`lead-${staff}`, device, staff) };
      }
    }
  }

  /** Enrols a device through the hub's API (once per name): the demo code, then POST /api/v1/sync/enrol. */
  device(name: string, role: DeviceRole, window: number | null): Promise<Enrolled> {
    let d = this.devices.get(name);
    if (!d) {
      d = (async () => {
        const code = await fetch(`${this.url}/api/v1/sync/demo-enrol-code`).then((r) => r.json() as Promise<{ code: string }>);
        const deviceId = `test-${name}`;
        const res = await postJson(`${this.url}/api/v1/sync/enrol`, { code: code.code, deviceId, role, ...(window === null ? {} : { window }) });
        if (res.status !== 200) throw new Error(`enrolling ${name}: ${res.status} ${JSON.stringify(res.json)}`);
        return { deviceId, token: res.json.token as string };
      })();
      d.catch(() => this.devices.delete(name));
      this.devices.set(name, d);
    }
    return d;
  }

  /** Signs `staffId` in on the named device (once, kept until signOut or replaced). */
  signIn(deviceName: string, device: Enrolled, staffId: string): Promise<string> {
    const key = `${deviceName}|${staffId}`;
    let s = this.sessions.get(key);
    if (!s) {
      s = (async () => {
        const pin = DEMO_PINS[staffId];
        if (!pin) throw new Error(`no demo PIN for ${staffId}`);
        const res = await postJson(`${this.url}/api/v1/session/sign-in`, { login: staffId, pin }, { [DEVICE_HEADER]: device.token });
        if (res.status !== 200) throw new Error(`signing ${staffId} in on ${deviceName}: ${res.status} ${JSON.stringify(res.json)}`);
        return res.json.token as string;
      })();
      s.catch(() => this.sessions.delete(key));
      // A device holds one session, a person one window: forget what this sign-in replaces.
      for (const k of [...this.sessions.keys()]) {
        const [d, p] = k.split('|');
        if (k !== key && (d === deviceName || (p === staffId && deviceName.startsWith('counter-') && d!.startsWith('counter-')))) this.sessions.delete(k);
      }
      this.sessions.set(key, s);
    }
    return s;
  }

  /** Forgets the sessions this helper holds (after the test signed someone out or the sessions expired). */
  forgetSessions(): void {
    this.sessions.clear();
  }

  /** The staff the configuration names for window n (the demo's teller there). */
  tellerOf(window: number): string {
    const c = this.config.counters.find((x) => x.number === window);
    if (!c) throw new Error(`no window ${window} in the test branch`);
    return c.staffId;
  }

  /**
   * What a refused request must leave unchanged: the queue (snapshot, events, tickets), the
   * windows and pauses, ratings, sessions, devices, listens and every stored record (security
   * audit entries aside: a refusal may be audited). A digest plus the counts, for messages.
   * `sessions: false` leaves sessions out (a test that lets them expire).
   */
  async fingerprint(o: { sessions?: boolean } = {}): Promise<{ digest: string; counts: Record<string, number>; parts: Record<string, string> }> {
    const db = this.host.db;
    const rows = async (sql: string) => (await db.query(sql)).rows;
    const count = async (sql: string) => Number(((await db.query<{ n: number | string }>(sql)).rows[0]?.n ?? 0));
    const parts = {
      snapshot: this.host.hub.snapshot(),
      tickets: await rows('select id, status, doc from tickets order by id'),
      pauses: await rows('select id, ended_at, doc from pauses order by id'),
      windows: await rows('select counter, open, opened_at from pause_windows order by counter'),
      ratings: await rows('select service_id, status, value from rating_services order by service_id'),
      prompts: await rows('select phrase_id from phrase_prompts order by phrase_id'),
      sessions: o.sessions === false ? [] : await rows('select id, ended_at, locked from staff_sessions order by id'),
      devices: await rows('select device_id, revoked_at from sync_devices order by device_id'),
      // Alerts are left out: the rules raise them on a timer, whatever the requests do.
      evaluations: await rows('select business_day, staff_id, revision from daily_evaluation_revisions order by business_day, staff_id, revision'),
      notices: await rows('select id, version from notices order by id'),
      apiKeys: await rows('select id, revoked_at from integration_api_keys order by id'),
    };
    const counts = {
      queueEvents: await count('select count(*) as n from queue_events'),
      tickets: parts.tickets.length,
      pauses: parts.pauses.length,
      ratings: parts.ratings.length,
      records: await count("select count(*) as n from sync_records where kind <> 'security.audit'"),
      idempotency: await count('select count(*) as n from idempotency'),
      listens: await count('select count(*) as n from recording_listens'),
      sessions: parts.sessions.length,
      devices: parts.devices.length,
    };
    const hash = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');
    return { digest: hash({ parts, counts }), counts, parts: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, hash(v).slice(0, 12)])) };
  }
}

function parseJson(text: string): any {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// ------------------------------------------------------------------ the default actor of a route

interface Pattern {
  method: string;
  url: string;
  re: RegExp;
  names: string[];
  statics: number;
  access: Access;
}

const PATTERNS: Pattern[] = Object.entries(ROUTE_ACCESS).map(([key, entry]) => {
  const [method, url] = key.split(' ') as [string, string];
  const names: string[] = [];
  const segments = url.split('/').map((seg) => {
    if (seg.startsWith(':')) {
      names.push(seg.slice(1));
      return '([^/]+)';
    }
    return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return { method, url, re: new RegExp(`^${segments.join('/')}$`), names, statics: url.split('/').filter((s) => s && !s.startsWith(':')).length, access: entry.access };
});

/** The table entry a request would reach (static segments before parameters, as fastify routes). */
export function matchRoute(method: string, path: string): { pattern: Pattern; params: Record<string, string> } | null {
  const bare = path.split('?')[0]!;
  let best: { pattern: Pattern; params: Record<string, string> } | null = null;
  for (const p of PATTERNS) {
    if (p.method !== method && !(method === 'HEAD' && p.method === 'GET')) continue;
    const m = p.re.exec(bare);
    if (!m) continue;
    if (best && best.pattern.statics >= p.statics) continue;
    best = { pattern: p, params: Object.fromEntries(p.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) };
  }
  return best;
}

/** The actor a route asks for (a valid one: the tests of refusals use `as`). */
export function defaultActor(config: BranchConfig, method: string, path: string, body?: unknown): TestActor {
  const found = matchRoute(method, path);
  if (!found || !isGuarded(found.pattern.access)) return actors.none;
  const access = found.pattern.access;
  const windows = config.counters.map((c) => c.number);
  const windowFrom = (raw: unknown): number => {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^[1-9]\d?$/.test(raw) ? Number(raw) : NaN;
    // A window the branch does not have (or a malformed number): the first window's credentials, so the hub's own answer shows.
    return windows.includes(n) ? n : windows[0]!;
  };
  const window =
    access.window === 'param'
      ? windowFrom(found.params.n)
      : access.window === 'query'
        ? windowFrom(new URLSearchParams(path.split('?')[1] ?? '').get('counter'))
        : access.window === 'body'
          ? windowFrom((body as { counter?: unknown } | null | undefined)?.counter)
          : null;
  const kinds = access.devices === 'any' ? 'any' : access.devices;
  if (kinds === 'any') return actors.hall;
  if (kinds.includes('lead')) return actors.lead();
  if (kinds.includes('kiosk')) return actors.kiosk;
  if (kinds.includes('counter-display')) return actors.display(window ?? windows[0]!);
  if (kinds.includes('counter')) return actors.counter(window ?? windows[0]!, access.staff === undefined ? null : undefined);
  return actors.none;
}
