import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { wholeNumberText } from '../../shared/api/params.js';
import { DeviceRole, RecordKind } from '../../shared/sync/protocol.js';
import type { SqlDb } from '../db/sqlDb.js';
import { ConfigKey, listConfigDocs, putConfigDoc } from '../sync/configDocs.js';
import { BranchId, createEnrolCode, revokeDevice } from '../sync/deviceAuth.js';
import { deviceBacklog } from '../sync/deviceProgress.js';
import { SyncApiError } from '../sync/syncErrors.js';
import { adminGuard } from './adminAuth.js';
import type { HqAdmin } from './adminAuth.js';
import { registerHqConfigRoutes } from './config/configRoutes.js';
import { validateBranchConfig } from '../../shared/config/validation.js';
import { CONFIG_BRANCH } from '../../shared/sync/kinds.js';
import { InvalidConfigError } from './config/invalidConfig.js';
import { listDeadLetters } from '../sync/deadLetters.js';
import { hqEvents, hqSummary } from './hqQueries.js';
import { HqComplaintListQuery } from '../../shared/complaints/api.js';
import { listComplaints } from '../hub/complaints/complaintTable.js';
import type { ComplaintProjection } from '../hub/complaints/projection.js';

export const HQ_API = '/api/v1/hq';

/** Enrolment codes made at HQ live a day unless asked otherwise: enough to install a hub. */
export const DEFAULT_CODE_TTL_MINUTES = 24 * 60;

const EventsQuery = z
  .object({
    since: wholeNumberText(0, Number.MAX_SAFE_INTEGER).default(0),
    limit: wholeNumberText(1, 1000).default(100),
    branch: BranchId.optional(),
    kind: RecordKind.optional(),
    type: z.string().regex(/^[a-z]+(\.[a-z_]+)+$/, 'a type is dotted lower case, e.g. ticket.issued').optional(),
    device: z.string().min(1).max(64).optional(),
    from: z.iso.datetime().optional(),
    to: z.iso.datetime().optional(),
  })
  .strict();

const SummaryQuery = z.object({ days: wholeNumberText(1, 92).default(14) }).strict();
const DevicesQuery = z.object({ branch: BranchId.optional() }).strict();
const DeadLettersQuery = z.object({ branch: BranchId.optional(), limit: wholeNumberText(1, 1000).default(100) }).strict();
const EnrolCodeRequest = z
  .object({ branchId: BranchId, role: DeviceRole.optional(), ttlMinutes: z.number().int().min(1).max(7 * 24 * 60).optional() })
  .strict();
const DeviceParam = z.object({ id: z.string().min(1).max(64) });
const DocParams = z.object({ kind: RecordKind, key: ConfigKey });

export interface HqRoutesOptions {
  db: SqlDb;
  adminToken: string;
  /** Named administrators besides the administrator token (GUICHET_HQ_ADMINS). */
  admins?: readonly HqAdmin[];
  now?: () => Date;
  /** The merged complaint log of every branch (caught up before each list). */
  complaints?: ComplaintProjection;
  /** The figures kept as records are ingested (caught up before the summary's per-day business). */
  figures?: { catchUp(): Promise<unknown> };
}

/**
 * The HQ read and admin API (docs/hq-api.md), every route behind the administrator token.
 * Registered as its own plugin so the guard covers exactly these routes.
 */
export async function registerHqRoutes(app: FastifyInstance, opts: HqRoutesOptions): Promise<void> {
  const { db } = opts;
  const now = opts.now ?? (() => new Date());
  await app.register(async (hq) => {
    hq.addHook('onRequest', adminGuard(opts.adminToken, opts.admins));

    hq.get(`${HQ_API}/devices`, async (req) => {
      const q = DevicesQuery.parse(req.query);
      const devices = await deviceBacklog(db, q.branch ? { branchId: q.branch } : {});
      return devices.map((d) => ({ ...d, branch: d.branchId }));
    });

    hq.get(`${HQ_API}/events`, async (req) => hqEvents(db, EventsQuery.parse(req.query)));

    hq.get(`${HQ_API}/summary`, async (req) => {
      const { days } = SummaryQuery.parse(req.query);
      await opts.figures?.catchUp();
      return hqSummary(db, now(), days);
    });

    hq.get(`${HQ_API}/complaints`, async (req) => {
      const q = HqComplaintListQuery.parse(req.query ?? {});
      // What was ingested a moment ago is listed (another process projecting meanwhile is skipped, not waited for).
      await opts.complaints?.catchUp();
      return listComplaints(
        db,
        'hq_complaints',
        {
          ...(q.branch ? { branch: q.branch } : {}),
          ...(q.status ? { statuses: q.status } : {}),
          ...(q.overdue !== undefined ? { overdue: q.overdue } : {}),
          ...(q.flagged !== undefined ? { flagged: q.flagged } : {}),
          ...(q.kind ? { kind: q.kind } : {}),
          limit: q.limit,
          ...(q.cursor ? { cursor: q.cursor } : {}),
        },
        now(),
      );
    });

    hq.get(`${HQ_API}/dead-letters`, async (req) => ({ deadLetters: await listDeadLetters(db, DeadLettersQuery.parse(req.query)) }));

    hq.post(`${HQ_API}/enrol-codes`, async (req, reply) => {
      const body = EnrolCodeRequest.parse(req.body);
      const code = await createEnrolCode(
        db,
        { branchId: body.branchId, ttlMinutes: body.ttlMinutes ?? DEFAULT_CODE_TTL_MINUTES, ...(body.role ? { role: body.role } : {}) },
        now(),
      );
      return reply.status(201).send(code);
    });

    hq.post(`${HQ_API}/devices/:id/revoke`, async (req) => {
      const { id } = DeviceParam.parse(req.params);
      if (!(await revokeDevice(db, id, now()))) throw new SyncApiError('not_found', `no device ${id} is enrolled here`);
      return { deviceId: id, revoked: true };
    });

    hq.get(`${HQ_API}/config-docs`, async () => ({ docs: await listConfigDocs(db) }));

    hq.put(`${HQ_API}/config-docs/:kind/:key`, async (req) => {
      const { kind, key } = DocParams.parse(req.params);
      // A branch configuration reaches a branch only if it validates, whichever way it is put.
      if (kind === CONFIG_BRANCH) {
        const checked = validateBranchConfig(req.body);
        if (!checked.ok) throw new InvalidConfigError(checked.issues);
      }
      return putConfigDoc(db, kind, key, req.body, { now: now() });
    });

    // Configuration editing: versions with who and when, validated, and the branches' reports.
    registerHqConfigRoutes(hq, { db, now });
  });
}
