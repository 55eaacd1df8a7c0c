import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AuditQuery } from '../../../shared/access/audit.js';
import { IdText } from '../../../shared/api/params.js';
import { EmptyRequest } from '../../../shared/api/queueApi.js';
import type { AuditDay } from '../../../shared/access/audit.js';
import { EnrolCodeRequest } from '../../../shared/access/devices.js';
import type { DeviceList, EnrolCodeAnswer } from '../../../shared/access/devices.js';
import { LockRequest, StaffSignInRequest, UnlockRequest } from '../../../shared/access/session.js';
import type { SessionInfo, StaffVerifiers, WindowStaffList } from '../../../shared/access/session.js';
import { bodyOf } from '../../http/body.js';
import { refuse, installRetryAfter } from './accessErrors.js';
import { CreateApiKeyRequest } from './apiKeys.js';
import type { ApiKeyList, CreatedApiKey } from './apiKeys.js';
import type { AccessServices } from './access.js';
import { actorOf, requireDevice, requireSession } from './requestActor.js';

/** The access routes of the branch hub (docs/api.md, "Staff sessions, devices, audit"). */
export const ACCESS_PATHS = {
  signIn: '/api/v1/session/sign-in',
  signOut: '/api/v1/session/sign-out',
  lock: '/api/v1/session/lock',
  unlock: '/api/v1/session/unlock',
  session: '/api/v1/session',
  verifiers: '/api/v1/session/verifiers',
  windowStaff: '/api/v1/windows/staff',
  enrolCodes: '/api/v1/devices/enrol-codes',
  devices: '/api/v1/devices',
  revoke: '/api/v1/devices/:id/revoke',
  audit: '/api/v1/audit',
  apiKeys: '/api/v1/api-keys',
  apiKeyRevoke: '/api/v1/api-keys/:id/revoke',
} as const;

const DeviceParams = z.object({ id: IdText }).strict();

/**
 * Staff sessions (sign-in at a counter or lead station, sign-out, lock, unlock, the session, the
 * PIN verifiers for a counter), who is at each window, the lead's device enrolment, and the
 * security audit. Handlers read who sends the request from `req.actor` (the gate), completed by
 * actorOf for the session routes, and check it again themselves.
 */
export function registerAccessRoutes(app: FastifyInstance, access: AccessServices): void {
  const { sessions, devices, audit, resolvers } = access;
  installRetryAfter(app);

  // ---- sessions

  app.post(ACCESS_PATHS.signIn, async (req): Promise<SessionInfo> => {
    const actor = await actorOf(req, resolvers);
    const device = requireDevice(actor, ['counter', 'lead'], 'signing in');
    const body = StaffSignInRequest.parse(req.body);
    return sessions.signIn(body, { device, ip: req.ip });
  });

  app.post(ACCESS_PATHS.signOut, async (req, reply) => {
    const session = requireSession(await actorOf(req, resolvers), { allowLocked: true });
    EmptyRequest.parse(bodyOf(req)); // strict JSON: a body with anything in it is refused, not ignored
    await sessions.signOut(session.sessionId);
    return reply.status(204).send();
  });

  app.post(ACCESS_PATHS.lock, async (req): Promise<SessionInfo> => {
    const session = requireSession(await actorOf(req, resolvers), { allowLocked: true });
    return sessions.lock(session.sessionId, LockRequest.parse(bodyOf(req)));
  });

  app.post(ACCESS_PATHS.unlock, async (req): Promise<SessionInfo> => {
    const session = requireSession(await actorOf(req, resolvers), { allowLocked: true });
    const body = UnlockRequest.parse(req.body);
    return sessions.unlock(session.sessionId, body.pin, req.ip);
  });

  app.get(ACCESS_PATHS.session, async (req): Promise<SessionInfo> => {
    const session = requireSession(await actorOf(req, resolvers), { allowLocked: true });
    const info = sessions.info(session);
    if (!info) throw refuse('unauthorized', 'session_required', 'the session has ended: sign in again');
    return info;
  });

  // Only an enrolled counter with its window: it signs its tellers in while the hub is down.
  app.get(ACCESS_PATHS.verifiers, async (req): Promise<StaffVerifiers> => {
    const device = requireDevice(await actorOf(req, resolvers), ['counter'], 'the PIN verifiers');
    if (device.window === null) throw refuse('forbidden', 'device_without_window', 'this counter was enrolled without a window');
    return sessions.verifiers();
  });

  // What the displays and the lead show as each window's teller (also live: window.staff on the stream).
  app.get(ACCESS_PATHS.windowStaff, async (): Promise<WindowStaffList> => ({ windows: sessions.allWindows().map(({ type: _type, ...w }) => w) }));

  // ---- devices (a lead station's session with 'enrol')

  app.post(ACCESS_PATHS.enrolCodes, async (req, reply): Promise<EnrolCodeAnswer> => {
    const lead = requireSession(await actorOf(req, resolvers), { capability: 'enrol' });
    const body = EnrolCodeRequest.parse(req.body);
    const answer = await devices.makeCode(body, { staffId: lead.staffId, deviceId: lead.deviceId });
    void reply.status(201).header('cache-control', 'no-store');
    return answer;
  });

  app.get(ACCESS_PATHS.devices, async (req): Promise<DeviceList> => {
    requireSession(await actorOf(req, resolvers), { capability: 'enrol' });
    return { devices: await devices.list() };
  });

  app.post(ACCESS_PATHS.revoke, async (req) => {
    const lead = requireSession(await actorOf(req, resolvers), { capability: 'enrol' });
    const { id } = DeviceParams.parse(req.params);
    EmptyRequest.parse(bodyOf(req));
    return { device: await devices.revoke(id, { staffId: lead.staffId, deviceId: lead.deviceId }) };
  });

  // ---- integration API keys (a lead station's session with 'enrol': a lead or head office's admin)

  app.post(ACCESS_PATHS.apiKeys, async (req, reply): Promise<CreatedApiKey> => {
    const admin = requireSession(await actorOf(req, resolvers), { capability: 'enrol' });
    const body = CreateApiKeyRequest.parse(req.body);
    const created = await access.apiKeys.create(body, { staffId: admin.staffId, deviceId: admin.deviceId });
    // The secret is in this answer only: never cached.
    void reply.status(201).header('cache-control', 'no-store');
    return created;
  });

  app.get(ACCESS_PATHS.apiKeys, async (req): Promise<ApiKeyList> => {
    requireSession(await actorOf(req, resolvers), { capability: 'enrol' });
    return { keys: await access.apiKeys.list() };
  });

  app.post(ACCESS_PATHS.apiKeyRevoke, async (req) => {
    const admin = requireSession(await actorOf(req, resolvers), { capability: 'enrol' });
    const { id } = DeviceParams.parse(req.params);
    EmptyRequest.parse(bodyOf(req));
    return { key: await access.apiKeys.revoke(id, { staffId: admin.staffId, deviceId: admin.deviceId }) };
  });

  // ---- audit (a session with 'audit')

  app.get(ACCESS_PATHS.audit, async (req): Promise<AuditDay> => {
    requireSession(await actorOf(req, resolvers), { capability: 'audit' });
    const q = AuditQuery.parse(req.query ?? {});
    const day = q.day ?? audit.today();
    return { day, entries: await audit.day(day) };
  });
}
