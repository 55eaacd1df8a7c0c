import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { QueueError } from '../../../shared/api/errors.js';
import { EmptyRequest } from '../../../shared/api/queueApi.js';
import { IdText, WindowParam } from '../../../shared/api/params.js';
import { ApproveBody, CloseBody, OverrideBody, PauseBody, PausesQuery } from '../../../shared/pause/wire.js';
import { bodyOf } from '../../http/body.js';
import type { PauseDesk, WindowActor } from './pauseDesk.js';

const IdParam = z.object({ id: IdText });
const IdempotencyKey = z.string().min(8).max(128).optional();

/**
 * The pause desk's LAN API (docs/api.md, "Pause and window state"). The window commands sit
 * beside the queue's (/api/v1/counters/{n}/...) and take an Idempotency-Key the same way. Who
 * acts comes from the request's session (the access gate, server/hub/access/gate.ts): the teller
 * signed in at the window, or the lead signed in at the lead station; never from the body.
 */
export function registerPauseRoutes(app: FastifyInstance, desk: PauseDesk): void {
  const key = (headers: Record<string, unknown>) => IdempotencyKey.parse(headers['idempotency-key']);

  app.post('/api/v1/counters/:n/pause', async (req) => {
    const { n } = WindowParam.parse(req.params);
    return desk.pause(n, PauseBody.parse(bodyOf(req)), teller(req), key(req.headers));
  });

  app.post('/api/v1/counters/:n/resume', async (req) => {
    const { n } = WindowParam.parse(req.params);
    EmptyRequest.parse(bodyOf(req));
    return desk.resume(n, teller(req), key(req.headers));
  });

  app.post('/api/v1/counters/:n/open', async (req) => {
    const { n } = WindowParam.parse(req.params);
    EmptyRequest.parse(bodyOf(req));
    return desk.openWindow(n, teller(req), key(req.headers));
  });

  app.post('/api/v1/counters/:n/close', async (req) => {
    const { n } = WindowParam.parse(req.params);
    CloseBody.parse(bodyOf(req));
    return desk.closeWindow(n, teller(req), key(req.headers));
  });

  app.post('/api/v1/counters/:n/override', async (req) => {
    const { n } = WindowParam.parse(req.params);
    OverrideBody.parse(bodyOf(req));
    return desk.grantOverride(n, person(req));
  });

  app.post('/api/v1/pauses/:id/approve', async (req) => {
    const { id } = IdParam.parse(req.params);
    ApproveBody.parse(bodyOf(req));
    return desk.approve(id, person(req), key(req.headers));
  });

  app.get('/api/v1/pauses', async (req) => desk.list(PausesQuery.parse(req.query ?? {}).day));

  app.get('/api/v1/windows', async () => ({ windows: desk.states() }));
}

/** The teller signed in at the window (or the one an integration key's command is attributed to). */
function teller(req: FastifyRequest): WindowActor {
  return { staffId: person(req) };
}

function person(req: FastifyRequest): string {
  const session = req.actor?.session;
  if (!session) throw new QueueError('forbidden', 'nobody is signed in here: sign in first', 'nobody_signed_in');
  return session.staffId;
}
