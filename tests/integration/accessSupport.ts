import { request } from 'node:http';
import { DEVICE_HEADER } from '../../shared/access/credentials.js';
import { DEMO_SIGN_INS, demoBranch } from '../../shared/config/demoBranch.js';
import type { BranchConfig } from '../../shared/config/schema.js';
import { newId } from '../../shared/ids.js';
import type { DeviceRole } from '../../shared/sync/protocol.js';
import { startBranchHost } from '../../server/branchHost.js';
import type { RunningBranchHost } from '../../server/branchHost.js';
import type { ApiKeyConfig } from '../../server/hub/access/apiKeys.js';
import { createEnrolCode } from '../../server/sync/deviceAuth.js';
import { freshPgliteDir } from '../support/pgliteDataDir.js';

/** The demo PIN of a staff member. */
export const pinOf = (staffId: string): string => DEMO_SIGN_INS.find((d) => d.staffId === staffId)!.pin;

export interface Call {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: any;
}

/**
 * A hub for the access tests: its own data folder, a clock the test moves, restartable.
 * Requests may come from any loopback address (127.0.0.0/8), so per-address lockouts of one
 * test do not leak into the next.
 */
export class AccessHub {
  host!: RunningBranchHost;
  /** Added to the real time: the hub's clock. */
  offsetMs = 0;

  private constructor(
    readonly dataDir: string,
    readonly config: BranchConfig,
    readonly apiKeys: readonly ApiKeyConfig[],
  ) {}

  static async start(o: { config?: BranchConfig; apiKeys?: readonly ApiKeyConfig[] } = {}): Promise<AccessHub> {
    const hub = new AccessHub(await freshPgliteDir(), o.config ?? demoBranch('2000-01-01'), o.apiKeys ?? []);
    await hub.boot(0);
    return hub;
  }

  now = (): Date => new Date(Date.now() + this.offsetMs);

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
      now: this.now,
      ...(this.apiKeys.length > 0 ? { apiKeys: this.apiKeys } : {}),
    });
  }

  /** One request; `from` is the loopback address it comes from (default 127.0.0.1). */
  call(method: 'GET' | 'POST', path: string, o: { body?: unknown; device?: string; session?: string; from?: string; headers?: Record<string, string> } = {}): Promise<Call> {
    const url = new URL(this.host.url + path);
    const payload = o.body === undefined ? undefined : JSON.stringify(o.body);
    const headers: Record<string, string> = {
      ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }),
      ...(o.device ? { [DEVICE_HEADER]: o.device } : {}),
      ...(o.session ? { authorization: `Bearer ${o.session}` } : {}),
      ...o.headers,
    };
    return new Promise((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, localAddress: o.from ?? '127.0.0.1', agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : null });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** Enrols a device with a code made straight in the hub's database (as head office or the demo would). */
  async enrol(role: DeviceRole, window?: number): Promise<{ deviceId: string; token: string }> {
    const code = await createEnrolCode(this.host.db, { branchId: this.config.branchId, role, ...(window !== undefined ? { window } : {}), ttlMinutes: 5 }, this.now());
    const deviceId = `${role}-${newId()}`;
    const r = await this.call('POST', '/api/v1/sync/enrol', { body: { code: code.code, deviceId, role } });
    if (r.status !== 200) throw new Error(`enrol failed: ${r.status} ${JSON.stringify(r.json)}`);
    return { deviceId, token: r.json.token };
  }

  /** Signs a person in on a device; the session token. */
  async signIn(device: string, staffId: string, from?: string): Promise<string> {
    const r = await this.call('POST', '/api/v1/session/sign-in', { device, body: { login: staffId, pin: pinOf(staffId) }, ...(from ? { from } : {}) });
    if (r.status !== 200) throw new Error(`sign-in failed: ${r.status} ${JSON.stringify(r.json)}`);
    return r.json.token;
  }
}

/**
 * A JSON POST from a chosen loopback address (127.0.0.0/8): per-address lockouts of one test stay
 * off the addresses the others use. The answer's status, headers and parsed body.
 */
export function postFrom(from: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Call> {
  const u = new URL(url);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const all = { ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }), ...headers };
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method: 'POST', headers: all, localAddress: from, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : null });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}
