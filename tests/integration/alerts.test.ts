import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBranch } from '../../shared/config/demoBranch.js';
import type { AlertRecord } from '../../shared/alerts/schema.js';
import { BranchUnderTest, actors } from '../support/branchUnderTest.js';
import type { TestActor } from '../support/branchUnderTest.js';

/**
 * Issue 14's alerts as records, on a real hub with an injected clock (the alert timer off: the
 * test runs the rules when it moves the clock, as the timer would).
 */

const DAY = '2026-03-02';
const start = Date.parse(`${DAY}T09:00:00+08:00`);

async function hubAt(clock: { ms: number }): Promise<BranchUnderTest> {
  return BranchUnderTest.start(demoBranch(DAY), { host: { now: () => new Date(clock.ms), alertEveryMs: 0, complaintReminderMs: 0 } });
}

/** The alert records a station receives on the live stream. */
async function listen(b: BranchUnderTest, who: TestActor, sockets: WebSocket[]): Promise<AlertRecord[]> {
  const got: AlertRecord[] = [];
  const ws = new WebSocket(await b.as(who).wsUrl('/api/v1/stream'));
  sockets.push(ws);
  ws.on('message', (data) => {
    const m = JSON.parse(String(data));
    if (m.type === 'alerts') got.push(...m.changed);
  });
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  return got;
}

async function alerts(b: BranchUnderTest): Promise<AlertRecord[]> {
  await b.host.alerts.evaluateNow();
  const res = await b.get('/api/v1/alerts');
  expect(res.status).toBe(200);
  return res.json.alerts;
}

describe('waiting_count: raised at 20 waiting, acknowledged by a lead, resolved when the queue shrinks', () => {
  const clock = { ms: start };
  let b: BranchUnderTest;
  beforeAll(async () => {
    b = await hubAt(clock);
  }, 60_000);
  afterAll(async () => b?.stop());

  it('runs the whole life of the alert', async () => {
    const sockets: WebSocket[] = [];
    const atLead = await listen(b, actors.lead(), sockets);
    const atHall = await listen(b, actors.hall, sockets);
    for (let i = 0; i < 19; i++) {
      clock.ms += 20_000;
      expect((await b.post('/api/v1/tickets', { service: i % 2 ? 'B' : 'A' })).status).toBe(201);
    }
    expect((await alerts(b)).filter((a) => a.kind === 'waiting_count')).toEqual([]);
    clock.ms += 20_000;
    expect((await b.post('/api/v1/tickets', { service: 'A' })).status).toBe(201);
    const raised = (await alerts(b)).find((a) => a.kind === 'waiting_count')!;
    expect(raised).toMatchObject({ subject: 'branch', state: 'raised', businessDay: DAY, raisedAt: new Date(clock.ms).toISOString(), detail: { waiting: 20, threshold: 20 }, acknowledgedBy: null });
    // Pushed to the lead station as it was raised; the hall gets nothing.
    await expect.poll(() => atLead.some((a) => a.id === raised.id && a.state === 'raised')).toBe(true);

    // A teller, even signed in at a lead station, cannot acknowledge; nor can a counter, or an auditor.
    for (const who of [actors.lead('s-1003'), actors.counter(2), actors.auditor]) {
      const refused = await b.as(who).post(`/api/v1/alerts/${raised.id}/acknowledge`, {});
      expect(refused.status, JSON.stringify(who)).toBe(403);
    }
    // A name in the body is refused: who acknowledges is the session.
    expect((await b.as(actors.lead()).post(`/api/v1/alerts/${raised.id}/acknowledge`, { by: 's-9999' })).status).toBe(400);
    expect((await b.as(actors.lead()).post('/api/v1/alerts/no-such-alert/acknowledge', {})).status).toBe(404);

    clock.ms += 60_000;
    const ack = await b.as(actors.lead()).post(`/api/v1/alerts/${raised.id}/acknowledge`, {});
    expect(ack.status).toBe(200);
    expect(ack.json.alert).toMatchObject({ id: raised.id, state: 'acknowledged', acknowledgedBy: 's-9001', acknowledgedByName: '赵刚', acknowledgedAt: new Date(clock.ms).toISOString() });
    // The auditor reads the list (and the security audit has the acknowledgement).
    const seen = await b.as(actors.auditor).get('/api/v1/alerts');
    expect(seen.json.alerts.find((a: AlertRecord) => a.id === raised.id)).toMatchObject({ state: 'acknowledged', acknowledgedBy: 's-9001' });
    const audit = await b.as(actors.lead()).get(`/api/v1/audit?day=${DAY}`);
    expect(audit.json.entries.some((e: { kind: string; staffId: string; detail: string }) => e.kind === 'approval' && e.staffId === 's-9001' && e.detail.includes('waiting_count'))).toBe(true);

    // More people: still the same record, still acknowledged.
    clock.ms += 20_000;
    await b.post('/api/v1/tickets', { service: 'B' });
    expect((await alerts(b)).filter((a) => a.kind === 'waiting_count')).toMatchObject([{ id: raised.id, state: 'acknowledged', detail: { waiting: 21 } }]);

    // Two windows call: 19 waiting, the alert is resolved.
    clock.ms += 60_000;
    expect((await b.post('/api/v1/counters/1/call-next')).status).toBe(200);
    expect((await b.post('/api/v1/counters/2/call-next')).status).toBe(200);
    const resolved = (await alerts(b)).find((a) => a.id === raised.id)!;
    expect(resolved).toMatchObject({ state: 'resolved', resolvedAt: new Date(clock.ms).toISOString(), acknowledgedBy: 's-9001' });
    // A resolved alert has nothing left to acknowledge.
    const late = await b.as(actors.lead()).post(`/api/v1/alerts/${raised.id}/acknowledge`, {});
    expect(late.status).toBe(409);
    expect(late.json.error.reason).toBe('alert_resolved');

    // A minute later it is back: the same trouble the lead acted on, still acknowledged.
    clock.ms += 60_000;
    await b.post('/api/v1/tickets', { service: 'A' });
    await b.post('/api/v1/tickets', { service: 'A' });
    expect((await alerts(b)).filter((a) => a.kind === 'waiting_count')).toMatchObject([{ id: raised.id, state: 'acknowledged', timesRaised: 2, acknowledgedBy: 's-9001' }]);
    clock.ms += 60_000;
    for (const w of [1, 2]) {
      expect((await b.post(`/api/v1/counters/${w}/finish`)).status).toBe(200);
      expect((await b.post(`/api/v1/counters/${w}/call-next`)).status).toBe(200);
    }
    expect((await alerts(b)).find((a) => a.id === raised.id)).toMatchObject({ state: 'resolved' });

    // It fires again later the same day: the same record is raised again, to be acknowledged anew.
    clock.ms += 10 * 60_000;
    await b.post('/api/v1/tickets', { service: 'A' });
    await b.post('/api/v1/tickets', { service: 'A' });
    const again = (await alerts(b)).filter((a) => a.kind === 'waiting_count');
    expect(again).toMatchObject([{ id: raised.id, state: 'raised', timesRaised: 3, acknowledgedBy: null, raisedAt: new Date(clock.ms).toISOString() }]);

    await expect.poll(() => atLead.some((a) => a.id === raised.id && a.state === 'acknowledged' && a.acknowledgedBy === 's-9001')).toBe(true);
    expect(atHall).toEqual([]);
    for (const ws of sockets) ws.close();

    // Kept across a restart of the hub.
    await b.restart();
    expect((await b.get(`/api/v1/alerts?day=${DAY}`)).json.alerts.find((a: AlertRecord) => a.id === raised.id)).toMatchObject({ state: 'raised', timesRaised: 3 });
  }, 120_000);
});

describe('wait_breach_forecast: handling slows, the alert comes before the longest wait passes its target', () => {
  const clock = { ms: start };
  let b: BranchUnderTest;
  beforeAll(async () => {
    b = await hubAt(clock);
  }, 60_000);
  afterAll(async () => b?.stop());

  it('names the closed window to open, minutes before the breach', async () => {
    // Service A (target wait 15 min) at window 1 alone; windows 2-4 (which also serve A) stay closed.
    const target = 15 * 60;
    const waiting: number[] = []; // issue times (ms) of the A tickets not yet called
    let serviceEnds: number | null = null;
    let raisedAt: number | null = null;
    let longestAtRaise = -1;
    let suggested: number | undefined;
    let breachedAt: number | null = null;
    for (let minute = 0; minute < 150; minute++) {
      clock.ms = start + minute * 60_000;
      // 09:00-10:00 a customer every 5 min, served in 2 min; from 10:00 one every 3 min, served in 9 min.
      const slow = minute >= 60;
      if (minute % (slow ? 3 : 5) === 0) {
        expect((await b.post('/api/v1/tickets', { service: 'A' })).status).toBe(201);
        waiting.push(clock.ms);
      }
      if (serviceEnds !== null && clock.ms >= serviceEnds) {
        expect((await b.post('/api/v1/counters/1/finish', {})).status).toBe(200);
        serviceEnds = null;
      }
      if (serviceEnds === null && waiting.length > 0) {
        expect((await b.post('/api/v1/counters/1/call-next')).status).toBe(200);
        expect((await b.post('/api/v1/counters/1/start')).status).toBe(200);
        waiting.shift();
        serviceEnds = clock.ms + (slow ? 9 : 2) * 60_000;
      }
      const longest = waiting.length ? (clock.ms - waiting[0]!) / 1000 : 0;
      if (breachedAt === null && longest > target) breachedAt = clock.ms;
      if (raisedAt === null) {
        const forecast = (await alerts(b)).find((a) => a.kind === 'wait_breach_forecast' && a.subject === 'A');
        if (forecast) {
          raisedAt = clock.ms;
          longestAtRaise = longest;
          suggested = forecast.detail.suggestOpenCounter;
          expect(forecast.detail.breachInSeconds).toBeGreaterThan(0);
        }
      }
      if (raisedAt !== null && breachedAt !== null) break;
    }
    expect(raisedAt, 'the forecast alert was raised').not.toBeNull();
    expect(breachedAt, 'the slow afternoon did breach the target').not.toBeNull();
    console.log(`breach forecast: raised at +${(raisedAt! - start) / 60_000} min with the longest wait ${Math.round(longestAtRaise)} s of ${target}; the target was passed at +${(breachedAt! - start) / 60_000} min`);
    expect(raisedAt!).toBeLessThan(breachedAt!);
    expect(longestAtRaise).toBeLessThan(target);
    expect(suggested).toBe(2);
    // Not raised in the fast morning.
    expect(raisedAt!).toBeGreaterThan(start + 60 * 60_000);
  }, 240_000);
});
