import { describe, expect, it } from 'vitest';
import { QueueError } from '../../shared/api/errors.js';
import type { Ticket } from '../../shared/queue/ticket.js';
import { newTicket } from '../../shared/queue/ticket.js';
import { counterCommand, hubRequest } from './hub.js';

const json = (status: number, body: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const ticket: Ticket = {
  ...newTicket({ id: 't-1', businessDay: '2025-01-06', service: 'A', number: 'A001', priority: 'none', issuedAt: '2025-01-06T01:00:00.000Z' }),
  status: 'called',
  counter: 2,
  calledAt: '2025-01-06T01:05:00.000Z',
  lastCalledAt: '2025-01-06T01:05:00.000Z',
};

describe('hub client', () => {
  it('sends a counter command with its idempotency key and returns the ticket', async () => {
    let seen: { url: string; init: RequestInit } | null = null;
    const fetchImpl = (async (url: string, init: RequestInit) => {
      seen = { url, init };
      return json(200, { ticket });
    }) as unknown as typeof fetch;
    const result = await counterCommand(2, 'call-next', {}, 'key-1', { baseUrl: 'http://hub', fetchImpl });
    expect(result?.number).toBe('A001');
    expect(seen!.url).toBe('http://hub/api/v1/counters/2/call-next');
    expect(seen!.init.method).toBe('POST');
    expect((seen!.init.headers as Record<string, string>)['idempotency-key']).toBe('key-1');
  });

  it('maps 204 to null (nobody waiting)', async () => {
    const fetchImpl = (async () => new Response(null, { status: 204 })) as unknown as typeof fetch;
    await expect(counterCommand(1, 'call-next', {}, 'k', { baseUrl: 'http://hub', fetchImpl })).resolves.toBeNull();
  });

  it('turns an error body into a QueueError with its code', async () => {
    const fetchImpl = (async () => json(409, { error: { code: 'no_show_too_soon', message: 'wait 12 s' } })) as unknown as typeof fetch;
    await expect(counterCommand(1, 'no-show', {}, 'k', { baseUrl: 'http://hub', fetchImpl })).rejects.toMatchObject({
      code: 'no_show_too_soon',
      message: 'wait 12 s',
    });
  });

  it('reports a refused connection as hub_unreachable', async () => {
    const fetchImpl = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    const err = await hubRequest('/api/v1/queue', { baseUrl: 'http://hub', fetchImpl }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueueError);
    expect((err as QueueError).code).toBe('hub_unreachable');
  });

  it('gives up after the timeout', async () => {
    const fetchImpl = ((_url: string, init: RequestInit) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      })) as unknown as typeof fetch;
    const started = Date.now();
    const err = await hubRequest('/api/v1/queue', { baseUrl: 'http://hub', fetchImpl, timeoutMs: 50 }).catch((e: unknown) => e);
    expect((err as QueueError).code).toBe('hub_unreachable');
    expect((err as QueueError).message).toMatch(/timed out/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('treats a proxy 502 without a JSON body as unreachable', async () => {
    const fetchImpl = (async () => new Response('Bad Gateway', { status: 502, headers: { 'content-type': 'text/plain' } })) as unknown as typeof fetch;
    await expect(hubRequest('/api/v1/queue', { baseUrl: 'http://hub', fetchImpl })).rejects.toMatchObject({ code: 'hub_unreachable' });
  });
});
