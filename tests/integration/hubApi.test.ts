import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BranchUnderTest } from '../support/branchUnderTest.js';

let branch: BranchUnderTest;
beforeAll(async () => {
  branch = await BranchUnderTest.start();
});
afterAll(async () => branch.stop());

describe('the integration API', () => {
  it('issues numbered tickets per service with the people waiting ahead', async () => {
    const a1 = await branch.post('/api/v1/tickets', { service: 'A' });
    const a2 = await branch.post('/api/v1/tickets', { service: 'A' });
    const b1 = await branch.post('/api/v1/tickets', { service: 'B', priority: 'elderly' });
    expect(a1.status).toBe(201);
    expect(a1.json).toMatchObject({ number: 'A001', service: 'A', waitingAhead: 0 });
    expect(a2.json).toMatchObject({ number: 'A002', waitingAhead: 1 });
    expect(b1.json).toMatchObject({ number: 'B001', priority: 'elderly', waitingAhead: 0 });
    expect(Date.parse(a1.json.issuedAt)).not.toBeNaN();
  });

  it('refuses bad input with a typed error and stores nothing', async () => {
    const before = (await branch.get('/api/v1/queue')).json;
    const cases: Array<[unknown, number, string]> = [
      [{ service: 'Q' }, 404, 'unknown_service'],
      [{ service: 'a' }, 400, 'bad_request'],
      [{}, 400, 'bad_request'],
      [{ service: 'A', extra: 1 }, 400, 'bad_request'],
      ['{not json', 400, 'bad_request'],
      [{ appointmentCode: '999999' }, 404, 'unknown_appointment'],
    ];
    for (const [body, status, code] of cases) {
      const res = await branch.post('/api/v1/tickets', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.json.error.code).toBe(code);
      expect(res.json.error.message).toEqual(expect.any(String));
    }
    expect((await branch.get('/api/v1/queue')).json).toEqual(before);
    expect((await branch.post('/api/v1/counters/0/call-next')).status).toBe(400);
    expect((await branch.post('/api/v1/counters/12/call-next')).json.error.code).toBe('not_found');
    expect((await branch.post('/api/v1/counters/1/dance')).json.error.code).toBe('not_found');
    expect((await branch.post('/api/v1/counters/1/call', { ticketId: 'x' })).status).toBe(400);
  });

  it('checks in an appointment once, with appointment priority when on time', async () => {
    const res = await branch.post('/api/v1/tickets', { appointmentCode: '100001' });
    // The test branch's appointments are for another day.
    expect(res.json.error.code).toBe('unknown_appointment');
  });

  it('calls with an idempotency key exactly once, and answers 204 when nobody waits', async () => {
    const key = { 'Idempotency-Key': 'key-call-once-1' };
    const first = await branch.post('/api/v1/counters/1/call-next', undefined, key);
    const again = await branch.post('/api/v1/counters/1/call-next', undefined, key);
    expect(first.status).toBe(200);
    expect(again.json.ticket.id).toBe(first.json.ticket.id);
    const queue = (await branch.get('/api/v1/queue')).json;
    expect(queue.counters.find((c: { number: number }) => c.number === 1)).toEqual({ number: 1, status: 'calling', serving: first.json.ticket.number, redirectTo: null });
    expect((await branch.post('/api/v1/counters/1/finish')).status).toBe(200);
    await branch.post('/api/v1/counters/1/call-next', undefined, { 'Idempotency-Key': 'key-call-once-2' });
    await branch.post('/api/v1/counters/1/finish');
    const empty = await branch.post('/api/v1/counters/1/call-next', undefined, { 'Idempotency-Key': 'key-call-once-3' });
    expect(empty.status).toBe(204);
  });

  it('reports waiting per service with the longest wait', async () => {
    const q = (await branch.get('/api/v1/queue')).json;
    expect(q.services.map((s: { code: string }) => s.code)).toEqual(['A', 'B', 'V']);
    expect(q.services.find((s: { code: string }) => s.code === 'B').waiting).toBe(1);
  });

  it('streams a snapshot and then every call to displays', async () => {
    const ws = new WebSocket(await branch.wsUrl('/api/v1/stream'));
    const frames: any[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(String(d))));
    await new Promise((r) => ws.once('open', r));
    await branch.post('/api/v1/tickets', { service: 'V' });
    const call = await branch.post('/api/v1/counters/4/call-next', undefined, { 'Idempotency-Key': 'key-stream-1' });
    // Other live state (windows, prompts) shares the stream: the queue's frames are the events.
    const events = () => frames.filter((f) => f.type === 'event');
    await expect.poll(() => events().length).toBeGreaterThanOrEqual(2);
    ws.close();
    expect(frames[0].type).toBe('snapshot');
    expect(events().map((f) => f.event.type)).toEqual(['ticket.issued', 'ticket.called']);
    expect(events()[1].event).toMatchObject({ counter: 4, ticket: { id: call.json.ticket.id, number: 'V001' } });
  });

  it('refuses the host bridge socket to pages from another origin', async () => {
    const ws = new WebSocket(branch.url.replace('http', 'ws') + '/host', { headers: { origin: 'http://evil.example' } });
    const code = await new Promise<number>((r) => ws.once('close', (c) => r(c)));
    expect(code).toBe(1008);
  });

  it('answers host bridge calls from its own pages and rejects unknown channels', async () => {
    const ws = new WebSocket(branch.url.replace('http', 'ws') + '/host', { headers: { origin: branch.url } });
    const replies: any[] = [];
    ws.on('message', (d) => replies.push(JSON.parse(String(d))));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ id: 1, channel: 'app:info' }));
    ws.send(JSON.stringify({ id: 2, channel: 'shell:exec', input: 'rm -rf /' }));
    ws.send(JSON.stringify({ id: 3, channel: 'printer:printTicket', input: { path: 'no-slash', paper: 80 } }));
    await expect.poll(() => replies.length).toBe(3);
    ws.close();
    const byId = Object.fromEntries(replies.map((r) => [r.id, r]));
    expect(byId[1]).toMatchObject({ ok: true, output: { host: 'browser' } });
    expect(byId[2]).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(byId[3]).toMatchObject({ ok: false, error: { code: 'bad_input' } });
  });
});

describe('the queue as customers see it (issue 14)', () => {
  let b: BranchUnderTest;
  beforeAll(async () => {
    b = await BranchUnderTest.start();
  });
  afterAll(async () => b.stop());

  it('tells an elderly customer behind normal tickets that nobody is ahead, and calls them first', async () => {
    await b.post('/api/v1/tickets', { service: 'A' });
    await b.post('/api/v1/tickets', { service: 'A' });
    const elderly = await b.post('/api/v1/tickets', { service: 'A', priority: 'elderly' });
    expect(elderly.json).toMatchObject({ number: 'A003', waitingAhead: 0 });
    expect((await b.get(`/api/v1/tickets/${elderly.json.id}`)).json.waitingAhead).toBe(0);
    const normal = await b.post('/api/v1/tickets', { service: 'A' });
    expect(normal.json.waitingAhead).toBe(3);
    const call = await b.post('/api/v1/counters/1/call-next', undefined, { 'Idempotency-Key': 'key-ahead-1' });
    expect(call.json.ticket.number).toBe('A003');
  });

  it('keeps one recent-call row per ticket through recalls, also after a restart', async () => {
    await b.post('/api/v1/counters/1/recall');
    await b.post('/api/v1/counters/1/recall');
    const rows = async () => (await b.get('/api/v1/snapshot')).json.recentCalls.map((c: { number: string; recall: boolean }) => `${c.number}${c.recall ? '*' : ''}`);
    expect(await rows()).toEqual(['A003*']);
    await b.restart();
    expect(await rows()).toEqual(['A003*']);
  });
});
