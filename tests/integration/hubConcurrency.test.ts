import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ticket } from '../../shared/queue/ticket.js';
import type { QueueEvent } from '../../shared/queue/events.js';
import { BranchUnderTest } from '../support/branchUnderTest.js';

const TICKETS = 1000;
let branch: BranchUnderTest;
beforeAll(async () => {
  branch = await BranchUnderTest.start();
});
afterAll(async () => branch.stop());

/** Retries a request until the hub answers: a restart drops connections, the same key is sent again. */
async function until<T>(f: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await f();
    } catch (err) {
      if (attempt > 200) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe('four counters calling while the kiosk issues, with a hub restart in the middle', () => {
  it('calls every ticket exactly once, in order, and loses nothing', async () => {
    const issued: string[] = [];
    let restarted = false;
    let keySeq = 0;
    const retriedKeys: Array<{ key: string; ticketId: string; counter: number }> = [];

    const kiosk = (async () => {
      for (let i = 0; i < TICKETS; i++) {
        const service = ['A', 'A', 'B', 'V'][i % 4]!;
        const priority = i % 10 === 0 ? 'elderly' : i % 15 === 0 ? 'vip' : undefined;
        const res = await until(() => branch.post('/api/v1/tickets', { service, ...(priority ? { priority } : {}) }));
        expect(res.status).toBe(201);
        issued.push(res.json.id);
        if (i === TICKETS / 2 && !restarted) {
          restarted = true;
          await branch.restart();
        }
      }
    })();

    const counter = async (n: number): Promise<void> => {
      let idle = 0;
      while (idle < 40) {
        const key = `load-${n}-${keySeq++}`;
        const res = await until(() => branch.post(`/api/v1/counters/${n}/call-next`, undefined, { 'Idempotency-Key': key }));
        if (res.status === 204) {
          idle = issued.length >= TICKETS ? idle + 1 : 0;
          await new Promise((r) => setTimeout(r, 5));
          continue;
        }
        expect(res.status).toBe(200);
        const ticketId = Ticket.parse(res.json.ticket).id;
        if (keySeq % 7 === 0) {
          // A retried key press: must answer the same ticket and call nothing new.
          const again = await until(() => branch.post(`/api/v1/counters/${n}/call-next`, undefined, { 'Idempotency-Key': key }));
          retriedKeys.push({ key, ticketId: again.json.ticket.id, counter: n });
          expect(again.json.ticket.id).toBe(ticketId);
        }
        const done = await until(() => branch.post(`/api/v1/counters/${n}/finish`, { outcome: 'completed' }));
        // After a restart the finish may already have been applied before the connection dropped.
        expect([200, 409]).toContain(done.status);
      }
    };

    await Promise.all([kiosk, counter(1), counter(2), counter(3), counter(4)]);
    expect(restarted).toBe(true);
    expect(retriedKeys.length).toBeGreaterThan(10);

    const db = branch.host.db;
    const tickets = await db.query<{ id: string; status: string }>('select id, status from tickets');
    expect(tickets.rows).toHaveLength(TICKETS);
    expect(new Set(tickets.rows.map((r) => r.id))).toEqual(new Set(issued));
    expect(tickets.rows.every((r) => r.status === 'done')).toBe(true);

    const calls = await db.query<{ body: QueueEvent }>(`select body from queue_events where type = 'ticket.called' order by seq`);
    const perTicket = new Map<string, number>();
    for (const { body } of calls.rows) perTicket.set(body.ticket.id, (perTicket.get(body.ticket.id) ?? 0) + 1);
    expect(perTicket.size).toBe(TICKETS);
    expect([...perTicket.values()].every((c) => c === 1)).toBe(true);

    // Within a service, customers without priority are called in the order they took tickets.
    for (const service of ['A', 'B', 'V']) {
      const order = calls.rows.map((r) => r.body.ticket).filter((t) => t.service === service && t.priority === 'none');
      const sorted = [...order].sort((a, b) => a.issuedAt.localeCompare(b.issuedAt) || a.id.localeCompare(b.id));
      expect(order.map((t) => t.number)).toEqual(sorted.map((t) => t.number));
    }

    const seqs = await db.query<{ seq: string }>('select seq from queue_events order by seq');
    const numbers = seqs.rows.map((r) => Number(r.seq));
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  }, 240_000);
});

describe('a hub restarted mid-day', () => {
  it('keeps every ticket and each window’s state', async () => {
    const b = await BranchUnderTest.start();
    try {
      await b.post('/api/v1/tickets', { service: 'A' });
      await b.post('/api/v1/tickets', { service: 'B' });
      const called = await b.post('/api/v1/counters/2/call-next', undefined, { 'Idempotency-Key': 'restart-key-1' });
      await b.post('/api/v1/counters/2/start');
      await b.restart();
      const q = (await b.get('/api/v1/queue')).json;
      expect(q.counters.find((c: { number: number }) => c.number === 2)).toMatchObject({ status: 'serving', serving: called.json.ticket.number });
      expect(q.services.find((s: { code: string }) => s.code === 'B').waiting).toBe(1);
      const replay = await b.post('/api/v1/counters/2/call-next', undefined, { 'Idempotency-Key': 'restart-key-1' });
      expect(replay.json.ticket.id).toBe(called.json.ticket.id);
      const next = await b.post('/api/v1/tickets', { service: 'A' });
      expect(next.json.number).toBe('A002');
    } finally {
      await b.stop();
    }
  });
});
