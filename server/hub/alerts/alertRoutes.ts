import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { QueueError } from '../../../shared/api/errors.js';
import { IdText } from '../../../shared/api/params.js';
import { AcknowledgeBody, ALERTS_API, AlertListQuery } from '../../../shared/alerts/schema.js';
import { bodyOf } from '../../http/body.js';
import type { AlertActor, AlertDesk } from './alertDesk.js';

const IdParam = z.object({ id: IdText });

/**
 * The alert list and its acknowledgement (docs/alerts.md). Who acknowledges is the person
 * signed in at the lead station (req.actor, set by the access gate), never a name in the body.
 */
export function registerAlertRoutes(app: FastifyInstance, desk: AlertDesk): void {
  app.get(ALERTS_API.list, async (req) => desk.list(AlertListQuery.parse(req.query ?? {}).day));

  app.post(ALERTS_API.acknowledge, async (req) => {
    const { id } = IdParam.parse(req.params);
    AcknowledgeBody.parse(bodyOf(req));
    return desk.acknowledge(id, signedIn(req));
  });
}

function signedIn(req: FastifyRequest): AlertActor {
  const session = req.actor?.session;
  if (!session) throw new QueueError('forbidden', 'sign in at the lead station first', 'session_required');
  return { staffId: session.staffId, deviceId: req.actor.device?.deviceId ?? null };
}
