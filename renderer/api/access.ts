import { z } from 'zod';
import { QueueError } from '../../shared/api/errors.js';
import { SessionInfo, StaffVerifiers, WindowStaffList } from '../../shared/access/session.js';
import type { LockRequest, StaffSignInRequest } from '../../shared/access/session.js';
import { EnrolResponse, SYNC_PATHS } from '../../shared/sync/protocol.js';
import type { EnrolRequest } from '../../shared/sync/protocol.js';
import { hubRequest } from './hub.js';
import type { RequestOptions } from './hub.js';

/**
 * The hub's staff-session and enrolment routes (server/hub/access/sessionRoutes.ts,
 * docs/api.md "Staff sessions, devices, audit"), as the screens call them.
 */
export const SESSION_PATHS = {
  signIn: '/api/v1/session/sign-in',
  signOut: '/api/v1/session/sign-out',
  lock: '/api/v1/session/lock',
  unlock: '/api/v1/session/unlock',
  session: '/api/v1/session',
  verifiers: '/api/v1/session/verifiers',
  windowStaff: '/api/v1/windows/staff',
  demoEnrolCode: '/api/v1/sync/demo-enrol-code',
} as const;

/** Test seams (baseUrl, fetchImpl) and an explicit set of credentials. */
export type CallOptions = Pick<RequestOptions, 'baseUrl' | 'fetchImpl' | 'credentials' | 'timeoutMs'>;

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new QueueError('internal', `the queue server sent a malformed ${what}`);
  return parsed.data;
}

/** Staff id or badge + PIN at this enrolled counter or lead station; the answer carries the session token. */
export async function signIn(body: StaffSignInRequest, o: CallOptions = {}): Promise<SessionInfo & { token: string }> {
  const info = parse(SessionInfo, await hubRequest(SESSION_PATHS.signIn, { ...o, method: 'POST', body, timeoutMs: o.timeoutMs ?? 8000 }), 'session');
  if (!info.token) throw new QueueError('internal', 'the queue server answered a sign-in without a session token');
  return info as SessionInfo & { token: string };
}

export async function signOut(o: CallOptions = {}): Promise<void> {
  await hubRequest(SESSION_PATHS.signOut, { ...o, method: 'POST', body: {} });
}

export async function lockSession(reason: LockRequest['reason'], o: CallOptions = {}): Promise<SessionInfo> {
  return parse(SessionInfo, await hubRequest(SESSION_PATHS.lock, { ...o, method: 'POST', body: { reason } }), 'session');
}

export async function unlockSession(pin: string, o: CallOptions = {}): Promise<SessionInfo> {
  return parse(SessionInfo, await hubRequest(SESSION_PATHS.unlock, { ...o, method: 'POST', body: { pin }, timeoutMs: o.timeoutMs ?? 8000 }), 'session');
}

export async function fetchSession(o: CallOptions = {}): Promise<SessionInfo> {
  return parse(SessionInfo, await hubRequest(SESSION_PATHS.session, o), 'session');
}

/** The PIN verifiers an enrolled counter keeps to sign its tellers in while the hub is down. */
export async function fetchVerifiers(o: CallOptions = {}): Promise<StaffVerifiers> {
  return parse(StaffVerifiers, await hubRequest(SESSION_PATHS.verifiers, o), 'list of PIN verifiers');
}

export async function fetchWindowStaff(o: CallOptions = {}): Promise<WindowStaffList> {
  return parse(WindowStaffList, await hubRequest(SESSION_PATHS.windowStaff, o), 'list of signed-in tellers');
}

/** Spends a one-time code for a device token (no credentials: the code is the proof). */
export async function enrolDevice(body: EnrolRequest, o: CallOptions = {}): Promise<EnrolResponse> {
  return parse(EnrolResponse, await hubRequest(SYNC_PATHS.enrol, { ...o, method: 'POST', body, credentials: false, timeoutMs: o.timeoutMs ?? 8000 }), 'enrolment');
}

/**
 * The demo hub's one-time code for a screen on its own machine, or null where none is offered
 * (404: not the demo; 403: the demo hands codes only to its own machine).
 */
export async function fetchDemoEnrolCode(o: CallOptions = {}): Promise<string | null> {
  try {
    const json = await hubRequest(SESSION_PATHS.demoEnrolCode, { ...o, credentials: false });
    return parse(z.object({ code: z.string().min(6).max(64) }), json, 'enrolment code').code;
  } catch (err) {
    if (err instanceof QueueError && (err.code === 'not_found' || err.code === 'forbidden')) return null;
    throw err;
  }
}
