import type { StaffRole } from '../../../shared/config/schema.js';
import type { DeviceRole } from '../../../shared/sync/protocol.js';

/**
 * Who is behind one request to the hub, as the access gate (gate.ts) resolved it from the
 * request's credentials (shared/access/credentials.ts). Route handlers read it from
 * `req.actor` to attribute what they do; they never read a person from the body.
 */
export interface DeviceIdentity {
  deviceId: string;
  branchId: string;
  role: DeviceRole;
  /** The window a counter or counter display was enrolled for; null for other kinds. */
  window: number | null;
}

export interface ActiveSession {
  sessionId: string;
  staffId: string;
  role: StaffRole;
  deviceId: string;
  /** The window the session serves (counter devices); null at a lead station. */
  window: number | null;
  locked: boolean;
  expiresAt: number;
}

export const API_SCOPES = ['tickets:issue', 'windows:command', 'queue:read'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export interface ApiKeyGrant {
  name: string;
  scopes: readonly ApiScope[];
  /** Windows a 'windows:command' key may command. */
  windows: readonly number[];
}

export interface Actor {
  device: DeviceIdentity | null;
  session: ActiveSession | null;
  apiKey: ApiKeyGrant | null;
  /** The request's address, for per-address lockouts. */
  ip: string;
}

/** Implemented by the session service (staffSessions.ts); the gate only resolves. */
export interface SessionResolver {
  resolve(token: string): Promise<ActiveSession | null>;
  /** The session signed in at a window now, if any (API-key commands are attributed to it). */
  atWindow(window: number): ActiveSession | null;
}

/** Implemented over the hub's enrolled devices (sync_devices / device_tokens). */
export interface DeviceResolver {
  resolve(token: string): Promise<DeviceIdentity | null>;
}

export interface ApiKeyResolver {
  resolve(key: string): ApiKeyGrant | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
  }
}
