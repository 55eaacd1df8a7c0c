import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError, z } from 'zod';
import { QueueError } from '../../shared/api/errors.js';
import { wholeNumberText } from '../../shared/api/params.js';
import { EnrolRequest, EnrolResponse, MAX_PUSH_RECORDS, PullResponse, PushRequest, PushResponse, SYNC_PATHS } from '../../shared/sync/protocol.js';
import type { DeviceRole } from '../../shared/sync/protocol.js';
import type { SqlDb } from '../db/sqlDb.js';
import { AttemptLimiter, DEFAULT_ENROL_LIMIT } from './attemptLimiter.js';
import type { AttemptLimit } from './attemptLimiter.js';
import { configChangesAfter } from './configDocs.js';
import { authenticateDevice, enrolDevice } from './deviceAuth.js';
import type { AuthedDevice } from './deviceAuth.js';
import { touchDevice } from './deviceProgress.js';
import { storeRecords } from './recordStore.js';
import { SyncApiError } from './syncErrors.js';

/**
 * Largest push body. A full batch of queue events is about 0.5 MB; a client splits a batch that
 * would be larger (records can be up to MAX_RECORD_BODY_BYTES each) and gets 413 otherwise.
 */
export const MAX_PUSH_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Optional request header of a push: how many records the device still has in its outbox beyond
 * this batch. Shown as the device's backlog (deviceBacklog); the wire body is fixed.
 */
export const OUTBOX_PENDING_HEADER = 'x-outbox-pending';

export interface SyncRoutesOptions {
  db: SqlDb;
  now?: () => Date;
  /** 'hub': the server of one branch's devices; 'hq': the server of every branch's hubs. */
  role: 'hub' | 'hq';
  /** Required on a hub: the only branch it enrols and accepts records for. */
  branchId?: string;
  /** Failed enrolments allowed per remote address (default: 10 a minute); then 429 with Retry-After. */
  enrolLimit?: AttemptLimit;
  /** Called after a push stored records not held before (the hub wakes its relay to HQ). */
  onStored?: (inserted: number) => void;
  /** Called after a device enrolled (the hub's device cache forgets it, the audit records it). */
  onEnrolled?: (device: { deviceId: string; role: DeviceRole; window: number | null }) => void;
  /** On a hub: whether a window a device names at enrolment exists in the branch. */
  windowExists?: (window: number) => boolean;
  /** Changes a pulled document before it leaves (the hub strips staff PIN hashes from the branch configuration). */
  redactPulled?: (kind: string, body: unknown) => unknown;
}

const PullQuery = z
  .object({
    since: wholeNumberText(0, Number.MAX_SAFE_INTEGER).default(0),
    limit: wholeNumberText(1, MAX_PUSH_RECORDS).default(MAX_PUSH_RECORDS),
  })
  .strict();

const OutboxPending = z
  .string()
  .regex(/^\d{1,9}$/, `${OUTBOX_PENDING_HEADER} is a whole number of records`)
  .transform(Number)
  .optional();

/** Zod's account of a bad 500-record batch can be long; the first part says enough. */
const MAX_MESSAGE = 4000;

/**
 * The sync API (docs/sync.md, docs/hq-api.md), served by the hub to its devices and by HQ to
 * the hubs: enrol with a one-time code, push records, pull configuration. Every call but enrol
 * needs a device token; a refused batch stores nothing. Register before `listen`.
 */
export function registerSyncRoutes(app: FastifyInstance, opts: SyncRoutesOptions): void {
  if (opts.role === 'hub' && !opts.branchId) throw new Error('registerSyncRoutes: a hub serves one branch; pass branchId');
  const { db } = opts;
  const now = opts.now ?? (() => new Date());
  const devices = new WeakMap<FastifyRequest, AuthedDevice>();
  const enrolAttempts = new AttemptLimiter(opts.enrolLimit ?? DEFAULT_ENROL_LIMIT, () => now().getTime());

  // Before the body is read: an unknown token costs us no parsing and stores nothing.
  const authenticate = async (req: FastifyRequest): Promise<void> => {
    const device = await authenticateDevice(db, req.headers.authorization);
    if (!device) throw new SyncApiError('unauthorized', 'a valid device token is required (Authorization: Bearer <token>); enrol the device again if it was revoked');
    if (opts.branchId !== undefined && device.branchId !== opts.branchId) throw new SyncApiError('forbidden', `this hub serves branch ${opts.branchId}`);
    devices.set(req, device);
  };
  const deviceOf = (req: FastifyRequest): AuthedDevice => devices.get(req)!;

  app.post(SYNC_PATHS.enrol, async (req, reply) => {
    const wait = enrolAttempts.waitFor(req.ip);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      void reply.header('retry-after', String(seconds));
      throw new SyncApiError('too_many_requests', `too many failed enrolment attempts from this address; try again in ${seconds} s`);
    }
    try {
      const body = EnrolRequest.parse(req.body);
      const refusedRoles: DeviceRole[] = opts.role === 'hub' ? ['hub'] : [];
      const answer = await enrolDevice(db, body, { now: now(), ...(opts.branchId ? { branchId: opts.branchId } : {}), refusedRoles, ...(opts.windowExists ? { windowExists: opts.windowExists } : {}) });
      opts.onEnrolled?.({ deviceId: answer.deviceId, role: body.role, window: answer.window ?? null });
      return EnrolResponse.parse(answer);
    } catch (err) {
      // Refused codes, roles and bodies count; a failure of ours (5xx) is no attempt of theirs.
      if (err instanceof ZodError || (err instanceof QueueError && err.status < 500)) enrolAttempts.failed(req.ip);
      throw err;
    }
  });

  app.post(SYNC_PATHS.push, { bodyLimit: MAX_PUSH_BODY_BYTES, onRequest: authenticate, errorHandler: tooLargeAs413 }, async (req) => {
    const serverNow = now();
    const device = deviceOf(req);
    const outboxPending = parseOr400(OutboxPending, req.headers[OUTBOX_PENDING_HEADER]);
    const records = (req.body as { records?: unknown } | null)?.records;
    if (Array.isArray(records) && records.length > MAX_PUSH_RECORDS) {
      throw new SyncApiError('payload_too_large', `a push carries at most ${MAX_PUSH_RECORDS} records, not ${records.length}; split the batch`);
    }
    const push = parseOr400(PushRequest, req.body);
    if (push.deviceId !== device.deviceId) throw new SyncApiError('forbidden', `the token is device ${device.deviceId}'s, not ${push.deviceId}'s`);
    for (const r of push.records) {
      if (r.branchId !== device.branchId) throw new SyncApiError('forbidden', `record of branch ${r.branchId}; this device belongs to ${device.branchId}`, r.id);
      // A hub relays its counters' records; any other device pushes only its own.
      if (r.deviceId !== device.deviceId && device.role !== 'hub') {
        throw new SyncApiError('forbidden', `record of device ${r.deviceId}; a ${device.role} pushes only its own records`, r.id);
      }
    }
    const stored = await storeRecords(db, device, push.records, serverNow, new Date(push.sentAt), outboxPending === undefined ? {} : { outboxPending });
    if (stored.inserted > 0) opts.onStored?.(stored.inserted);
    return PushResponse.parse({ acked: stored.acked, rejected: stored.rejected, serverTime: serverNow.toISOString() });
  });

  app.get(SYNC_PATHS.pull, { onRequest: authenticate }, async (req) => {
    const device = deviceOf(req);
    const q = parseOr400(PullQuery, req.query);
    await touchDevice(db, device.deviceId, device.branchId, now());
    const page = await configChangesAfter(db, device.branchId, q.since, q.limit);
    const redact = opts.redactPulled;
    return PullResponse.parse(redact ? { ...page, changes: page.changes.map((c) => ({ ...c, body: redact(c.kind, c.body) })) } : page);
  });
}

function parseOr400<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const message = z.prettifyError(parsed.error);
  throw new SyncApiError('bad_request', message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message);
}

/** Fastify's own body-limit refusal, typed like ours; everything else goes to the app's handler. */
function tooLargeAs413(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return reply.status(413).send(new SyncApiError('payload_too_large', `a push body is at most ${MAX_PUSH_BODY_BYTES} bytes; split the batch`).toBody());
  }
  throw err;
}
