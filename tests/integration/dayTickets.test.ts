import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DayTicketsResponse } from '../../shared/queue/dayTickets.js';
import { BranchUnderTest, actors } from '../support/branchUnderTest.js';

/**
 * The lead's list of a day's tickets (issue 14): served tickets stay findable after they leave the
 * live snapshot, searchable by number as typed, and only for a lead station's signed-in reader.
 */
let branch: BranchUnderTest;
let day: string;

beforeAll(async () => {
  branch = await BranchUnderTest.start();
  const first = await branch.post('/api/v1/tickets', { service: 'A' });
  day = first.json.businessDay as string;
  await branch.post('/api/v1/tickets', { service: 'A' });
  await branch.post('/api/v1/tickets', { service: 'B' });
  expect((await branch.post('/api/v1/counters/1/open')).status).toBeLessThan(300);
  const called = await branch.post('/api/v1/counters/1/call-next');
  expect(called.status).toBe(200);
  expect((await branch.post('/api/v1/counters/1/start')).status).toBe(200);
  expect((await branch.post('/api/v1/counters/1/finish', { outcome: 'completed' })).status).toBe(200);
}, 60_000);

afterAll(async () => branch?.stop());

const list = async (query: string) => {
  const r = await branch.as(actors.lead()).get(`/api/v1/tickets?${query}`);
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return DayTicketsResponse.parse(r.json);
};

describe("a day's tickets for the lead", () => {
  it('lists every ticket of the day, the finished one first, though it has left the live snapshot', async () => {
    const all = await list(`day=${day}`);
    expect(all.total).toBe(3);
    expect(all.tickets[0]).toMatchObject({ number: 'A001', status: 'done' });
    const snapshot = await branch.get('/api/v1/snapshot');
    expect(snapshot.json.tickets.map((t: { number: string }) => t.number)).not.toContain('A001');
  });

  it('filters by state and by the number as typed', async () => {
    expect((await list(`day=${day}&state=ended`)).tickets.map((t) => t.number)).toEqual(['A001']);
    expect((await list(`day=${day}&state=in_play`)).tickets.map((t) => t.number).sort()).toEqual(['A002', 'B001']);
    expect((await list(`day=${day}&number=a00`)).tickets.map((t) => t.number).sort()).toEqual(['A001', 'A002']);
    expect((await list('day=1999-01-01')).total).toBe(0);
  });

  it('refuses a malformed query with 400 and a teller or no one with 401/403', async () => {
    for (const q of ['', 'day=2026-1-1', `day=${day}&limit=1e3`, `day=${day}&number=%27%20or%201=1`, `day=${day}&extra=1`]) {
      const r = await branch.as(actors.lead()).get(`/api/v1/tickets?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.json.error.code).toBe('bad_request');
    }
    expect((await branch.as(actors.counter(1)).get(`/api/v1/tickets?day=${day}`)).status).toBe(403);
    expect((await branch.as(actors.none).get(`/api/v1/tickets?day=${day}`)).status).toBe(401);
  });
});
