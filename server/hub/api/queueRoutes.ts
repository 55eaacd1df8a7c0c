import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { QueueError } from '../../../shared/api/errors.js';
import { IdText, WindowParam } from '../../../shared/api/params.js';
import { IssueTicketRequest } from '../../../shared/api/queueApi.js';
import { counterCommandAt, parseCounterCommand } from '../../../shared/queue/counterCommands.js';
import { bodyOf } from '../../http/body.js';
import type { QueueHub } from '../queue/queueHub.js';
import { publicConfig } from '../access/publicConfig.js';
import { DAY_TICKETS_PATH, DayTicketsQuery } from '../../../shared/queue/dayTickets.js';
import type { DayTicketsResponse } from '../../../shared/queue/dayTickets.js';
const IdParam = z.object({ id: IdText });
const IdempotencyKey = z.string().min(8).max(128).optional();

export function registerQueueRoutes(app: FastifyInstance, hub: QueueHub): void {
  // Never the staff's PIN hashes: an enrolled counter gets them from GET /api/v1/session/verifiers.
  app.get('/api/v1/config', async () => publicConfig(hub.branchConfig));

  app.get('/api/v1/kiosk', async () => hub.kiosk());

  app.post('/api/v1/tickets', async (req, reply) => {
    const issued = await hub.issue(IssueTicketRequest.parse(bodyOf(req)));
    return reply.status(201).send(issued);
  });

  // The lead's list of a day's tickets (any day): from the stored tickets, not the live snapshot.
  app.get(DAY_TICKETS_PATH, async (req): Promise<DayTicketsResponse> => {
    const q = DayTicketsQuery.parse(req.query ?? {});
    return { day: q.day, ...(await hub.dayTickets(q)) };
  });

  app.get('/api/v1/tickets/:id', async (req) => {
    const { id } = IdParam.parse(req.params);
    const ticket = await hub.ticket(id);
    return { ticket, serviceName: hub.serviceName(ticket.service), waitingAhead: hub.waitingAhead(ticket) };
  });

  app.get('/api/v1/queue', async () => hub.summary());
  app.get('/api/v1/snapshot', async () => hub.snapshot());

  app.post('/api/v1/counters/:n/:action', async (req, reply) => {
    const { n } = WindowParam.parse(req.params);
    const action = (req.params as { action: string }).action;
    const kind = counterCommandAt(action);
    if (!kind) throw new QueueError('not_found', `unknown counter action: ${action}`);
    const key = IdempotencyKey.parse(req.headers['idempotency-key']);
    // The teller signed in at the window (the access gate put their session in req.actor); an
    // integration key's command is theirs too. Never a configured default teller.
    const answer = await hub.command(n, parseCounterCommand(kind, req.body), key, req.actor?.session?.staffId ?? null);
    if (answer.status === 204) return reply.status(204).send();
    return reply.status(200).send(answer.body);
  });
}
