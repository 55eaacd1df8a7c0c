import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CounterNumber } from '../../../shared/config/schema.js';
import { QueueError } from '../../../shared/api/errors.js';
import {
  AddItemRequest,
  CallChosenRequest,
  CallHeldRequest,
  EmptyRequest,
  FinishRequest,
  IssueTicketRequest,
  TransferRequest,
} from '../../../shared/api/queueApi.js';
import type { CounterCommand } from '../../../shared/queue/commands.js';
import type { QueueHub } from '../queue/queueHub.js';

const CounterParam = z.object({ n: z.coerce.number().pipe(CounterNumber) });
const IdParam = z.object({ id: z.string().min(1).max(64) });
const IdempotencyKey = z.string().min(8).max(128).optional();

/** Body schema and the command it becomes, per counter action (the URL's last segment). */
const counterActions: Record<string, (body: unknown) => CounterCommand> = {
  'call-next': (b) => (EmptyRequest.parse(b ?? {}), { kind: 'call-next' }),
  recall: (b) => (EmptyRequest.parse(b ?? {}), { kind: 'recall' }),
  'no-show': (b) => (EmptyRequest.parse(b ?? {}), { kind: 'no-show' }),
  hold: (b) => (EmptyRequest.parse(b ?? {}), { kind: 'hold' }),
  start: (b) => (EmptyRequest.parse(b ?? {}), { kind: 'start' }),
  call: (b) => ({ kind: 'call', ...CallChosenRequest.parse(b) }),
  'call-held': (b) => ({ kind: 'call-held', ...CallHeldRequest.parse(b) }),
  transfer: (b) => ({ kind: 'transfer', ...TransferRequest.parse(b) }),
  items: (b) => ({ kind: 'add-item', ...AddItemRequest.parse(b) }),
  finish: (b) => ({ kind: 'finish', ...FinishRequest.parse(b ?? {}) }),
};

export function registerQueueRoutes(app: FastifyInstance, hub: QueueHub): void {
  app.get('/api/v1/config', async () => hub.branchConfig);

  app.get('/api/v1/kiosk', async () => hub.kiosk());

  app.post('/api/v1/tickets', async (req, reply) => {
    const issued = await hub.issue(IssueTicketRequest.parse(req.body ?? {}));
    return reply.status(201).send(issued);
  });

  app.get('/api/v1/tickets/:id', async (req) => {
    const { id } = IdParam.parse(req.params);
    const ticket = await hub.ticket(id);
    return { ticket, serviceName: hub.serviceName(ticket.service), waitingAhead: hub.waitingAhead(ticket) };
  });

  app.get('/api/v1/queue', async () => hub.summary());
  app.get('/api/v1/snapshot', async () => hub.snapshot());

  app.post('/api/v1/counters/:n/:action', async (req, reply) => {
    const { n } = CounterParam.parse(req.params);
    const action = (req.params as { action: string }).action;
    const toCommand = Object.hasOwn(counterActions, action) ? counterActions[action] : undefined;
    if (!toCommand) throw new QueueError('not_found', `unknown counter action: ${action}`);
    const key = IdempotencyKey.parse(req.headers['idempotency-key']);
    const answer = await hub.command(n, toCommand(req.body), key);
    if (answer.status === 204) return reply.status(204).send();
    return reply.status(200).send(answer.body);
  });
}
