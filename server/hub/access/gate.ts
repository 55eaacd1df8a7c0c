import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { networkInterfaces, hostname } from 'node:os';
import { may } from '../../../shared/access/roles.js';
import { API_KEY_HEADER, DEVICE_HEADER, WS_DEVICE_PARAM, WS_SESSION_PARAM } from '../../../shared/access/credentials.js';
import { QueueError } from '../../../shared/api/errors.js';
import { WindowNumberText } from '../../../shared/api/params.js';
import { CounterNumber } from '../../../shared/config/primitives.js';
import { NOT_FOUND_ACCESS, STATIC_FILE_ACCESS, entryFor, isDeviceToken, isGrant, isOpen, routeKey } from './routeAccess.js';
import type { GuardedAccess, RouteEntry, RouteKey } from './routeAccess.js';
import type { Actor, ApiKeyResolver, DeviceIdentity, DeviceResolver, SessionResolver } from './types.js';

/** The Electron app's own origin (its pages are served from guichet://app). */
export const ELECTRON_APP_ORIGIN = 'guichet://app';

export interface AccessGateOptions {
  /** The only branch whose devices this hub serves. */
  branchId: () => string;
  devices: DeviceResolver;
  sessions: SessionResolver;
  apiKeys: ApiKeyResolver;
  /** Whether the branch has window n (a window that does not exist is 404, once the caller proved who it is). */
  hasWindow: (n: number) => boolean;
  /** The hub's own origins (scheme://host:port), known once it listens (see ownOrigins). */
  ownOrigins: () => ReadonlySet<string>;
  /**
   * false: nobody is refused and no credential is read (a window's command is attributed to the
   * session signed in there). Only the bench sets it, to measure what the gate costs
   * (tests/bench/queueBench.ts); no environment variable or configuration reaches it.
   */
  enforce?: boolean;
  /** The hub's clock (sessions expire by it). */
  now?: () => Date;
  /** Called once per request an integration key was accepted for (the audit's 'api_key_used'). */
  onApiKeyUsed?: (req: FastifyRequest, keyName: string) => void;
}

export interface AccessGate {
  /** Every "METHOD /url" registered so far (static files aside): the security test compares it to the table. */
  readonly registered: ReadonlySet<RouteKey>;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The access gate of the branch hub (DESIGN.md §8, docs/security.md): every request is checked
 * against its route's entry in ROUTE_ACCESS (routeAccess.ts) before its body is read, and
 * `req.actor` says who sent it. Registering a route without an entry throws, so the hub does not
 * start. Refusals: 401 for a missing, unknown, revoked or expired credential; 403 for a
 * credential that may not do this (wrong device kind, another window, a teller where a lead is
 * needed, a foreign Origin); 423 session_locked for a locked workstation. A WebSocket is refused
 * before its upgrade.
 */
export function installAccessGate(app: FastifyInstance, opts: AccessGateOptions): AccessGate {
  const registered = new Set<RouteKey>();
  const enforce = opts.enforce ?? true;
  app.decorateRequest('actor', null as unknown as Actor);

  app.addHook('onRoute', (route: RouteOptions) => {
    if (isStaticFile(route.config)) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      const entry = entryFor(method, route.url);
      if (!entry) {
        throw new Error(`access gate: ${routeKey(method, route.url)} has no entry in server/hub/access/routeAccess.ts; declare who may call it there`);
      }
      const ws = (route as RouteOptions & { websocket?: boolean }).websocket === true;
      if (method !== 'HEAD' && ws !== (entry.ws === true)) {
        throw new Error(`access gate: ${routeKey(method, route.url)} is ${ws ? '' : 'not '}a WebSocket but its entry says otherwise`);
      }
      registered.add(routeKey(method, route.url));
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    req.actor = { device: null, session: null, apiKey: null, ip: req.ip };
    const entry = entryOf(req);
    const ws = isUpgrade(req);
    const { access } = entry;
    if (!enforce) return bypass(req, entry, opts);
    // A WebSocket route asked without an upgrade: the plugin would answer a bare 404.
    if (entry.ws === true && !ws && req.method === 'GET') {
      return reply.status(426).header('upgrade', 'websocket').send({ error: { code: 'bad_request', message: `${req.routeOptions.url ?? ''} is a WebSocket: connect with an Upgrade request` } });
    }
    // The host bridge keeps its own same-origin check (1008 after the upgrade, hostSocket.ts).
    const ownOriginCheck = isOpen(access) && entry.ws === true;
    if ((STATE_CHANGING.has(req.method) || ws) && !ownOriginCheck && !originAllowed(req.headers.origin, opts)) {
      return refuse(reply, new QueueError('forbidden', 'requests from another origin are refused', 'foreign_origin'));
    }
    if (isOpen(access) || isGrant(access)) return;
    if (isDeviceToken(access)) {
      const device = await resolveDevice(bearer(req), opts);
      if (!device) {
        void reply.header('www-authenticate', 'Bearer');
        return refuse(reply, new QueueError('unauthorized', 'a valid device token is required (Authorization: Bearer <token>); enrol the device again if it was revoked'));
      }
      req.actor.device = device;
      return;
    }
    const failure = await admit(req, access, ws, opts);
    if (failure) return refuse(reply, failure);
  });

  // A window named in the body (phrases/show's `counter`) is known once the body is parsed.
  app.addHook('preValidation', async (req, reply) => {
    const { access } = entryOf(req);
    if (!enforce || !('window' in access) || access.window !== 'body') return;
    const counter = (req.body as { counter?: unknown } | null | undefined)?.counter;
    if (!CounterNumber.safeParse(counter).success) return refuse(reply, new QueueError('bad_request', 'the body names its window: "counter" is a window number, 1 to 99'));
    if (!opts.hasWindow(counter as number)) return refuse(reply, new QueueError('not_found', `window ${String(counter)} does not exist in this branch`));
    const n = req.actor.device?.window ?? req.actor.session?.window ?? null;
    if (n !== counter) return refuse(reply, new QueueError('forbidden', `this device serves window ${n ?? 'none'}, not window ${counter}`, 'wrong_window'));
  });

  return { registered };
}

/** The hub's own origins for a listen address: loopback binds answer to 127.0.0.1, localhost and [::1]; wildcard binds to every interface too. */
export function ownOrigins(host: string, port: number, scheme: 'http' | 'https' = 'http'): Set<string> {
  const loopback = ['127.0.0.1', 'localhost', '[::1]'];
  const hosts = new Set<string>();
  const add = (h: string) => hosts.add(h.includes(':') && !h.startsWith('[') ? `[${h}]` : h);
  if (host === '0.0.0.0' || host === '::') {
    loopback.forEach(add);
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) add(a.address.split('%')[0]!);
    add(hostname());
  } else if (loopback.includes(host) || host === '::1' || host.startsWith('127.')) {
    loopback.forEach(add);
    add(host);
  } else {
    add(host);
  }
  const defaultPort = scheme === 'https' ? 443 : 80;
  const origins = new Set<string>();
  for (const h of hosts) {
    origins.add(`${scheme}://${h}:${port}`);
    if (port === defaultPort) origins.add(`${scheme}://${h}`);
  }
  return origins;
}

// ------------------------------------------------------------------ checks

async function admit(req: FastifyRequest, access: GuardedAccess, ws: boolean, opts: AccessGateOptions): Promise<QueueError | null> {
  const key = header(req, API_KEY_HEADER);
  if (key !== undefined) return admitApiKey(req, access, key, opts);
  // Where no person is needed, the sync API's form (Authorization: Bearer <device token>) names
  // the device too: the counter's host publishes live audio that way (livePublisher.ts).
  const deviceToken = header(req, DEVICE_HEADER) ?? (ws ? queryParam(req, WS_DEVICE_PARAM) : undefined) ?? (access.staff === undefined ? bearer(req) : undefined);
  if (deviceToken === undefined) return new QueueError('unauthorized', `this request needs the device's token (${DEVICE_HEADER}); enrol the device first`, 'device_required');
  const device = await resolveDevice(deviceToken, opts);
  if (!device) return new QueueError('unauthorized', 'the device token is unknown or revoked: enrol the device again', 'device_required');
  if (access.devices !== 'any' && !access.devices.includes(device.role)) {
    return new QueueError('forbidden', `a ${device.role} device may not do this (only ${access.devices.join(', ')})`, 'device_not_allowed');
  }
  let n: number | null = null;
  if (access.window === 'param' || access.window === 'query') {
    const parsed = windowOf(req, access.window);
    if (parsed === null) return new QueueError('bad_request', 'the window number is written in plain digits, 1 to 99');
    n = parsed;
    if (!opts.hasWindow(n)) return new QueueError('not_found', `window ${n} does not exist in this branch`);
    if (device.window !== n) return new QueueError('forbidden', `this device serves window ${device.window ?? 'none'}, not window ${n}`, 'wrong_window');
  }
  req.actor.device = device;
  if (access.staff === undefined) return null;

  const token = bearer(req) ?? (ws ? queryParam(req, WS_SESSION_PARAM) : undefined);
  if (token === undefined) return new QueueError('unauthorized', 'sign in first: this needs a staff session (Authorization: Bearer <session token>)', 'session_required');
  const session = await opts.sessions.resolve(token);
  if (!session || session.expiresAt <= (opts.now?.() ?? new Date()).getTime()) return new QueueError('unauthorized', 'the session is unknown, signed out or expired: sign in again', 'session_required');
  if (session.deviceId !== device.deviceId) return new QueueError('forbidden', 'this session belongs to another workstation', 'other_device');
  if (session.locked) return new QueueError('session_locked', 'the workstation is locked: unlock it with your PIN', 'session_locked');
  if (access.staff === 'window-teller') {
    const at = n ?? device.window;
    if (!may(session.role, 'serve')) return new QueueError('forbidden', `a ${session.role} does not serve at a window`, 'cannot_serve');
    if (at === null || session.window !== at) return new QueueError('forbidden', `the person signed in serves window ${session.window ?? 'none'}, not window ${at ?? 'none'}`, 'wrong_window');
  } else if (!may(session.role, access.staff)) {
    return new QueueError('forbidden', `a ${session.role} may not do this (needs '${access.staff}')`, 'capability_missing');
  }
  req.actor.session = session;
  return null;
}

function admitApiKey(req: FastifyRequest, access: GuardedAccess, key: string, opts: AccessGateOptions): QueueError | null {
  const grant = opts.apiKeys.resolve(key);
  if (!grant) return new QueueError('unauthorized', 'the integration API key is unknown or withdrawn', 'api_key_required');
  if (access.apiKey === undefined || !grant.scopes.includes(access.apiKey)) {
    return new QueueError('forbidden', access.apiKey === undefined ? 'integration keys may not do this' : `this key lacks the scope '${access.apiKey}'`, 'scope_missing');
  }
  if (access.window === 'param' || access.window === 'query') {
    const n = windowOf(req, access.window);
    if (n === null) return new QueueError('bad_request', 'the window number is written in plain digits, 1 to 99');
    if (!opts.hasWindow(n)) return new QueueError('not_found', `window ${n} does not exist in this branch`);
    if (!grant.windows.includes(n)) return new QueueError('forbidden', `this key may not command window ${n}`, 'wrong_window');
    if (access.staff === 'window-teller') {
      // The command is the teller's at that window: nobody signed in, no command.
      const session = opts.sessions.atWindow(n);
      if (!session) return new QueueError('forbidden', `nobody is signed in at window ${n}: its commands wait for its teller`, 'nobody_signed_in');
      if (session.locked) return new QueueError('session_locked', `window ${n}'s workstation is locked`, 'session_locked');
      req.actor.session = session;
    }
  }
  req.actor.apiKey = grant;
  opts.onApiKeyUsed?.(req, grant.name);
  return null;
}

/** The bench's hub: nobody refused, nothing resolved; a window's command is its signed-in teller's. */
function bypass(req: FastifyRequest, entry: RouteEntry, opts: AccessGateOptions): void {
  const { access } = entry;
  if (!('staff' in access) || access.staff !== 'window-teller' || access.window !== 'param') return;
  const n = windowOf(req, 'param');
  if (n !== null) req.actor.session = opts.sessions.atWindow(n);
}

async function resolveDevice(token: string | undefined, opts: AccessGateOptions): Promise<DeviceIdentity | null> {
  if (token === undefined || token.length === 0 || token.length > 512) return null;
  const device = await opts.devices.resolve(token);
  return device && device.branchId === opts.branchId() ? device : null;
}

function originAllowed(origin: string | undefined, opts: AccessGateOptions): boolean {
  return origin === undefined || origin === ELECTRON_APP_ORIGIN || opts.ownOrigins().has(origin);
}

function refuse(reply: FastifyReply, err: QueueError): FastifyReply {
  return reply.status(err.status).send(err.toBody());
}

// ------------------------------------------------------------------ reading the request

function entryOf(req: FastifyRequest): RouteEntry {
  const url = req.routeOptions.url;
  if (url === undefined) return { access: NOT_FOUND_ACCESS };
  if (isStaticFile(req.routeOptions.config)) return { access: STATIC_FILE_ACCESS };
  // Every registered route has an entry (onRoute refused the others); be strict anyway.
  return entryFor(req.method, url) ?? { access: { devices: [] } };
}

function isStaticFile(config: unknown): boolean {
  const c = config as { file?: unknown; rootPath?: unknown } | undefined;
  return c !== undefined && c !== null && typeof c.file === 'string' && c.rootPath !== undefined;
}

function isUpgrade(req: FastifyRequest): boolean {
  const upgrade = req.headers.upgrade;
  return typeof upgrade === 'string' && upgrade.toLowerCase() === 'websocket';
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function bearer(req: FastifyRequest): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

function queryParam(req: FastifyRequest, name: string): string | undefined {
  const v = (req.query as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function windowOf(req: FastifyRequest, where: 'param' | 'query'): number | null {
  const raw = where === 'param' ? (req.params as Record<string, unknown> | undefined)?.n : (req.query as Record<string, unknown> | undefined)?.counter;
  const parsed = WindowNumberText.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
