import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterCommands } from '../../../shared/queue/counterCommands.js';
import type { CounterCommand, CounterCommandKind } from '../../../shared/queue/counterCommands.js';
import { createHttpApp } from '../../http/createHttpApp.js';
import type { QueueHub } from '../queue/queueHub.js';
import { registerQueueRoutes } from './queueRoutes.js';

// Typed by kind, so a command added to the table without a sample here fails typecheck.
const validBody: Record<CounterCommandKind, object | undefined> = {
  'call-next': undefined,
  recall: {},
  'no-show': undefined,
  call: { ticketId: 't1', reason: 'elderly customer' },
  hold: {},
  'call-held': { ticketId: 't1' },
  transfer: { toCounter: 3 },
  start: undefined,
  'add-item': { service: 'B' },
  finish: undefined,
};

const kinds = Object.keys(counterCommands) as CounterCommandKind[];
const received: Array<{ n: number; cmd: CounterCommand; key: string | undefined }> = [];
let app: FastifyInstance;

beforeAll(async () => {
  app = await createHttpApp({ logLevel: 'silent' });
  // Only the command route is exercised: the hub's own rules are tested with a real hub elsewhere.
  const hub = {
    command: async (n: number, cmd: CounterCommand, key?: string) => {
      received.push({ n, cmd, key });
      return { status: 204, body: null };
    },
  } as unknown as QueueHub;
  registerQueueRoutes(app, hub);
  await app.ready();
});
afterAll(async () => app.close());

const post = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: path, headers, ...(body === undefined ? {} : { payload: body as object }) });

describe('POST /api/v1/counters/{n}/{action}', () => {
  it.each(kinds)('answers %s at its route and hands the hub that command', async (kind) => {
    received.length = 0;
    const res = await post(`/api/v1/counters/2/${counterCommands[kind].route}`, validBody[kind], { 'idempotency-key': `key-${kind}` });
    expect(res.statusCode, res.body).toBe(204);
    expect(received).toEqual([{ n: 2, cmd: expect.objectContaining({ kind }), key: `key-${kind}` }]);
  });

  it.each(kinds)('refuses a stray field in the body of %s', async (kind) => {
    const res = await post(`/api/v1/counters/2/${counterCommands[kind].route}`, { ...validBody[kind], stray: 1 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('bad_request');
  });

  it('maps the items segment to add-item and fills the default outcome', async () => {
    received.length = 0;
    await post('/api/v1/counters/1/items', { service: 'C' });
    await post('/api/v1/counters/1/finish');
    expect(received.map((r) => r.cmd)).toEqual([
      { kind: 'add-item', service: 'C' },
      { kind: 'finish', outcome: 'completed' },
    ]);
  });

  it('says a command that needs a body is missing one', async () => {
    const res = await post('/api/v1/counters/1/call');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'bad_request', message: expect.stringContaining('expected object') });
  });

  it('answers 404 for a segment that is no command, including a command kind that is not a route', async () => {
    for (const action of ['dance', 'add-item', 'constructor']) {
      const res = await post(`/api/v1/counters/1/${action}`, {});
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toEqual({ code: 'not_found', message: `unknown counter action: ${action}` });
    }
  });
});
