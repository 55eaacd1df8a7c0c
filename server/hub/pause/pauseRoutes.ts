import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { EmptyRequest } from '../../../shared/api/queueApi.js';
import { CounterNumber } from '../../../shared/config/schema.js';
import { ApproveBody, CloseBody, PauseBody, PausesQuery } from '../../../shared/pause/wire.js';
import type { PauseDesk } from './pauseDesk.js';

const CounterParam = z.object({ n: z.coerce.number().pipe(CounterNumber) });
const IdParam = z.object({ id: z.string().min(1).max(64) });
const IdempotencyKey = z.string().min(8).max(128).optional();

/**
 * The pause desk's LAN API (docs/api.md, "Pause and window state"). The window commands sit
 * beside the queue's (/api/v1/counters/{n}/...) and take an Idempotency-Key the same way.
 */
export function registerPauseRoutes(app: FastifyInstance, desk: PauseDesk): void {
  const key = (headers: Record<string, unknown>) => IdempotencyKey.parse(headers['idempotency-key']);

  app.post('/api/v1/counters/:n/pause', async (req) => {
    const { n } = CounterParam.parse(req.params);
    return desk.pause(n, PauseBody.parse(req.body ?? {}), key(req.headers));
  });

  app.post('/api/v1/counters/:n/resume', async (req) => {
    const { n } = CounterParam.parse(req.params);
    EmptyRequest.parse(req.body ?? {});
    return desk.resume(n, key(req.headers));
  });

  app.post('/api/v1/counters/:n/open', async (req) => {
    const { n } = CounterParam.parse(req.params);
    EmptyRequest.parse(req.body ?? {});
    return desk.openWindow(n, key(req.headers));
  });

  app.post('/api/v1/counters/:n/close', async (req) => {
    const { n } = CounterParam.parse(req.params);
    return desk.closeWindow(n, CloseBody.parse(req.body ?? {}), key(req.headers));
  });

  app.post('/api/v1/pauses/:id/approve', async (req) => {
    const { id } = IdParam.parse(req.params);
    return desk.approve(id, ApproveBody.parse(req.body ?? {}).by, key(req.headers));
  });

  app.get('/api/v1/pauses', async (req) => desk.list(PausesQuery.parse(req.query ?? {}).day));

  app.get('/api/v1/windows', async () => ({ windows: desk.states() }));
}
