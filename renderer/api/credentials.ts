import type { QueueError } from '../../shared/api/errors.js';
import { DEVICE_HEADER, WS_DEVICE_PARAM, WS_SESSION_PARAM } from '../../shared/access/credentials.js';

/**
 * What this page sends the hub to say who it is (shared/access/credentials.ts): the enrolled
 * device's token (x-guichet-device; one page is one screen, so one device) and, once someone
 * signed in here, the staff session's token (Authorization: Bearer). Both live in memory only:
 * the device token is read from the host's secure storage at start (renderer/device/identity.ts)
 * and the session token is never kept anywhere (renderer/device/staffSession.ts).
 */
export interface Credentials {
  device: string | null;
  session: string | null;
}

let current: Credentials = { device: null, session: null };
const changeListeners = new Set<(c: Credentials) => void>();

export function getCredentials(): Credentials {
  return current;
}

function set(next: Credentials): void {
  if (next.device === current.device && next.session === current.session) return;
  current = next;
  for (const l of changeListeners) l(current);
}

export function setDeviceToken(token: string | null): void {
  set({ ...current, device: token });
}

export function setSessionToken(token: string | null): void {
  set({ ...current, session: token });
}

/** Told whenever a token changes (sockets reopen with the new ones). */
export function onCredentialsChange(listener: (c: Credentials) => void): () => void {
  changeListeners.add(listener);
  return () => changeListeners.delete(listener);
}

/** The headers of one request: the device's, and the session's when someone is signed in. */
export function credentialHeaders(c: Credentials = current): Record<string, string> {
  const headers: Record<string, string> = {};
  if (c.device) headers[DEVICE_HEADER] = c.device;
  if (c.session) headers.authorization = `Bearer ${c.session}`;
  return headers;
}

/** A WebSocket URL with the same credentials as query parameters (browsers cannot set a socket's headers). */
export function withSocketCredentials(url: string, c: Credentials = current): string {
  const u = new URL(url);
  if (c.device) u.searchParams.set(WS_DEVICE_PARAM, c.device);
  else u.searchParams.delete(WS_DEVICE_PARAM);
  if (c.session) u.searchParams.set(WS_SESSION_PARAM, c.session);
  else u.searchParams.delete(WS_SESSION_PARAM);
  return u.toString();
}

/**
 * What a refusal says about the credentials sent:
 * - 'device': the device token is unknown or revoked (401 device_required, or a 401 without a
 *   reason on a device-token route): the device must enrol again;
 * - 'session': the staff session has ended (401 session_required: signed out, replaced by a
 *   sign-in elsewhere, expired) or belongs to another workstation (403 other_device);
 * - 'locked': the workstation is locked (423 session_locked);
 * - null: anything else (a wrong PIN, a lockout, a refused command) is the caller's to show.
 */
export type CredentialTrouble = 'device' | 'session' | 'locked';

export function credentialTrouble(err: QueueError, sent: Credentials): CredentialTrouble | null {
  if (err.code === 'unauthorized') {
    if (err.reason === 'device_required') return sent.device ? 'device' : null;
    if (err.reason === 'session_required') return sent.session ? 'session' : null;
    // The sync API and the gate's device-token routes refuse a revoked token without a reason.
    if (err.reason === undefined && sent.device) return 'device';
    return null;
  }
  if (err.code === 'forbidden' && err.reason === 'other_device' && sent.session) return 'session';
  if (err.code === 'session_locked' && sent.session) return 'locked';
  return null;
}

type TroubleListener = (trouble: CredentialTrouble, err: QueueError, sent: Credentials) => void;
const troubleListeners = new Set<TroubleListener>();

/** Told when the hub refuses this page's own credentials (the device layer forgets what was refused). */
export function onCredentialTrouble(listener: TroubleListener): () => void {
  troubleListeners.add(listener);
  return () => troubleListeners.delete(listener);
}

export function reportRefusal(err: QueueError, sent: Credentials): void {
  const trouble = credentialTrouble(err, sent);
  if (!trouble) return;
  for (const l of troubleListeners) l(trouble, err, sent);
}

/** Tests only: forget every token and listener. */
export function resetCredentialsForTests(): void {
  current = { device: null, session: null };
  changeListeners.clear();
  troubleListeners.clear();
}
