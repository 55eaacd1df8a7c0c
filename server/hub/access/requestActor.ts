import type { FastifyRequest } from 'fastify';
import { may } from '../../../shared/access/roles.js';
import type { Capability } from '../../../shared/access/roles.js';
import { API_KEY_HEADER, DEVICE_HEADER, WS_DEVICE_PARAM, WS_SESSION_PARAM } from '../../../shared/access/credentials.js';
import type { DeviceRole } from '../../../shared/sync/protocol.js';
import { refuse } from './accessErrors.js';
import type { ActiveSession, Actor, ApiKeyResolver, DeviceIdentity, DeviceResolver, SessionResolver } from './types.js';

export interface CredentialResolvers {
  branchId: () => string;
  devices: DeviceResolver;
  sessions: SessionResolver;
  apiKeys: ApiKeyResolver;
}

/**
 * Who sent a request, for the access routes: what the gate (gate.ts) put in `req.actor`,
 * completed from the request's own credentials where the gate did not resolve them. The session
 * routes need this: signing out, locking and unlocking act on any session (locked or not, any
 * role), which no entry of the gate's table asks it to resolve. Without the gate (tests of this
 * folder, a hub built without it) this reads every credential itself, by the same rules.
 *
 * A session counts only on the device it was opened on.
 */
export async function actorOf(req: FastifyRequest, r: CredentialResolvers): Promise<Actor> {
  const gate = (req as { actor?: Actor | null }).actor ?? null;
  const actor: Actor = gate ? { ...gate } : { device: null, session: null, apiKey: null, ip: req.ip };
  if (!actor.device) actor.device = await deviceOf(req, r);
  if (!actor.session) {
    const token = sessionToken(req);
    const session = token === undefined ? null : await r.sessions.resolve(token);
    if (session && session.deviceId === actor.device?.deviceId) actor.session = session;
  }
  if (!actor.apiKey && !gate) {
    const key = header(req, API_KEY_HEADER);
    actor.apiKey = key === undefined ? null : r.apiKeys.resolve(key);
  }
  return actor;
}

async function deviceOf(req: FastifyRequest, r: CredentialResolvers): Promise<DeviceIdentity | null> {
  const token = header(req, DEVICE_HEADER) ?? queryParam(req, WS_DEVICE_PARAM);
  // The sync API's form (Authorization: Bearer <device token>) when no device header is sent.
  const candidates = token !== undefined ? [token] : bearer(req) !== undefined ? [bearer(req)!] : [];
  for (const t of candidates) {
    if (t.length > 512) continue;
    const d = await r.devices.resolve(t);
    if (d && d.branchId === r.branchId()) return d;
  }
  return null;
}

/** The staff session token: `Authorization: Bearer`, or a WebSocket's `?session=` (and the recording hub's older `?token=`). */
export function sessionToken(req: FastifyRequest): string | undefined {
  return bearer(req) ?? queryParam(req, WS_SESSION_PARAM) ?? queryParam(req, 'token');
}

/** The enrolled device behind the request, of one of these kinds; else 401 device_required / 403 device_not_allowed. */
export function requireDevice(actor: Actor, roles: readonly DeviceRole[], what: string): DeviceIdentity {
  const d = actor.device;
  if (!d) throw refuse('unauthorized', 'device_required', `${what} needs an enrolled device's token (${DEVICE_HEADER})`);
  if (!roles.includes(d.role)) throw refuse('forbidden', 'device_not_allowed', `${what} is for ${roles.join(' or ')} devices, not a ${d.role}`);
  return d;
}

/**
 * The signed-in person behind the request; 401 session_required without one, 423 session_locked
 * while locked (unless `locked` is allowed: sign-out, unlock, reading the session), 403
 * capability_missing without the capability.
 */
export function requireSession(actor: Actor, o: { capability?: Capability; allowLocked?: boolean } = {}): ActiveSession {
  const s = actor.session;
  if (!s) throw refuse('unauthorized', 'session_required', 'sign in first: this needs a staff session (Authorization: Bearer <session token>)');
  if (s.locked && !o.allowLocked) throw refuse('session_locked', 'session_locked', 'the workstation is locked: unlock it with your PIN');
  if (o.capability && !may(s.role, o.capability)) throw refuse('forbidden', 'capability_missing', `a ${s.role} may not do this (needs '${o.capability}')`);
  return s;
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
