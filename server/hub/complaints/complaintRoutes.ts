import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { QueueError } from '../../../shared/api/errors.js';
import { IdText } from '../../../shared/api/params.js';
import { EmptyRequest } from '../../../shared/api/queueApi.js';
import { COMPLAINTS_PATH, COMPLAINT_STEPS, COMPLAINT_STEP_NAMES, ComplaintListQuery, ComplaintStatsQuery, RegisterComplaintRequest } from '../../../shared/complaints/api.js';
import { bodyOf } from '../../http/body.js';
import type { ComplaintDesk, Viewer } from './complaintDesk.js';

const IdParam = z.object({ id: IdText });
const IdempotencyKey = z.string().min(8).max(128).optional();

/** The roles that work on the log at a lead station (a teller's place is their counter). */
const LEAD_STATION_ROLES = new Set(['lead', 'auditor', 'hq_admin']);

/**
 * The complaint log's LAN API (docs/complaints-api.md). The access table lets a counter with its
 * teller signed in or a lead station with a signed-in person through (capability 'complaints');
 * who acts is that session, never the body. Each handler checks who asks, then the body, then
 * the complaint, so a refused person learns nothing and a bad body is 400 whatever the id.
 */
export function registerComplaintRoutes(app: FastifyInstance, desk: ComplaintDesk): void {
  const key = (req: FastifyRequest) => IdempotencyKey.parse(req.headers['idempotency-key']);

  app.post(COMPLAINTS_PATH, async (req, reply) => {
    const viewer = viewerOf(req);
    const body = RegisterComplaintRequest.parse(bodyOf(req));
    const answer = await desk.register(viewer, body, key(req));
    return reply.status(answer.status).send(answer.body);
  });

  app.get(COMPLAINTS_PATH, async (req) => {
    const viewer = viewerOf(req);
    return desk.list(viewer, ComplaintListQuery.parse(req.query ?? {}));
  });

  // A static segment: fastify routes it here before /:id.
  app.get(`${COMPLAINTS_PATH}/stats`, async (req) => desk.stats(ComplaintStatsQuery.parse(req.query ?? {})));

  app.get(`${COMPLAINTS_PATH}/:id`, async (req) => {
    const viewer = viewerOf(req);
    const { id } = IdParam.parse(req.params);
    return desk.detail(viewer, id);
  });

  for (const name of COMPLAINT_STEP_NAMES) {
    app.post(`${COMPLAINTS_PATH}/:id/${name}`, async (req, reply) => {
      const viewer = viewerOf(req);
      const { id } = IdParam.parse(req.params);
      const body = COMPLAINT_STEPS[name].body.parse(bodyOf(req)) as Record<string, unknown>;
      const answer = await desk.step(viewer, id, name, body, key(req));
      return reply.status(answer.status).send(answer.body);
    });
  }

  app.post(`${COMPLAINTS_PATH}/:id/reveal-phone`, async (req) => {
    const viewer = viewerOf(req);
    const { id } = IdParam.parse(req.params);
    EmptyRequest.parse(bodyOf(req));
    return desk.revealPhone(viewer, id);
  });
}

/** The person behind the request and where they are, as the gate resolved them. */
function viewerOf(req: FastifyRequest): Viewer {
  const { device, session } = req.actor;
  if (!device || !session) throw new QueueError('unauthorized', 'sign in first: the complaint log needs a staff session', 'session_required');
  if (device.role === 'lead') {
    if (!LEAD_STATION_ROLES.has(session.role)) {
      throw new QueueError('forbidden', `a ${session.role} works on complaints at their counter: the lead station's log is for the duty lead, auditors and head office`, 'capability_missing');
    }
    return { staffId: session.staffId, role: session.role, deviceId: device.deviceId, place: 'lead', window: null };
  }
  if (device.role === 'counter' && device.window !== null && session.window === device.window) {
    return { staffId: session.staffId, role: session.role, deviceId: device.deviceId, place: 'counter', window: device.window };
  }
  throw new QueueError('forbidden', `a ${device.role} device does not work on complaints`, 'device_not_allowed');
}
