import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { demoBranch } from '../../shared/config/demoBranch.js';
import type { BranchConfig } from '../../shared/config/schema.js';
import { BANK_SCALE, GOV_SCALE } from '../../shared/ratings/scales.js';
import { dayScore } from '../../shared/ratings/rules.js';
import type { RunningBranchHost } from '../../server/branchHost.js';
import { startHqServer } from '../../server/hq/hqServer.js';
import type { RunningHq } from '../../server/hq/hqServer.js';
import { BranchUnderTest, actors } from '../support/branchUnderTest.js';
import { freshPgliteDir } from '../support/pgliteDataDir.js';

const T0 = Date.parse('2025-06-03T02:00:00.000Z'); // 10:00 in Shanghai
const TIMEOUT = 30;

/** A real hub on a loopback port whose clock the test moves (requests carry real credentials, see BranchUnderTest). */
class ClockedHub {
  clock = T0;
  b!: BranchUnderTest;

  static async start(config: BranchConfig, upstream?: { url: string; enrolCode: string }): Promise<ClockedHub> {
    const h = new ClockedHub();
    h.b = await BranchUnderTest.start(config, { host: { now: () => new Date(h.clock), ...(upstream ? { upstream: { ...upstream, pollMs: 100 } } : {}) } });
    return h;
  }

  get host(): RunningBranchHost {
    return this.b.host;
  }

  restart(): Promise<void> {
    return this.b.restart();
  }

  advance(seconds: number): void {
    this.clock += seconds * 1000;
  }

  post(path: string, body?: unknown): Promise<{ status: number; json: any }> {
    return this.b.post(path, body);
  }

  get(path: string): Promise<{ status: number; json: any }> {
    return this.b.get(path);
  }

  /** Issues a ticket, calls the next one at window n and finishes it: the service the customer rates. */
  async serve(n: number): Promise<{ id: string; number: string }> {
    expect((await this.post('/api/v1/tickets', { service: 'A' })).status).toBe(201);
    const called = await this.post(`/api/v1/counters/${n}/call-next`);
    expect(called.status).toBe(200);
    this.advance(60);
    expect((await this.post(`/api/v1/counters/${n}/finish`, { outcome: 'completed' })).status).toBe(200);
    return { id: called.json.ticket.id, number: called.json.ticket.number };
  }

  rate(n: number, ticketId: string, value: number, source = 'customer_display') {
    return this.post(`/api/v1/counters/${n}/rating`, { ticketId, value, source });
  }

  async ratingRecords(): Promise<Array<{ kind: string; device_id: string; body: any }>> {
    const { rows } = await this.host.db.query<{ kind: string; device_id: string; body: any }>(
      `select kind, device_id, body from sync_records where device_id like '%-ratings' order by server_seq`,
    );
    return rows;
  }
}

function config(scale = BANK_SCALE): BranchConfig {
  const c = demoBranch('2000-01-01');
  return { ...c, standards: { ...c.standards, ratings: { scale, timeoutSeconds: TIMEOUT } } };
}

describe('ratings over the LAN API, bank scale', () => {
  let hub: ClockedHub;
  beforeAll(async () => {
    hub = await ClockedHub.start(config());
  });
  afterAll(async () => hub.host.close());

  it('a finished service opens the prompt at its window; the customer’s answer is the service’s, ticket’s and teller’s, once', async () => {
    // Issue 12: the window's teller is the one signed in there.
    await hub.b.tokens(actors.counter(2));
    const before = (await hub.get('/api/v1/counters/2/rating')).json;
    expect(before).toMatchObject({ counter: 2, tellerId: 's-1002', timeoutSeconds: TIMEOUT, prompt: null, dayScore: { rated: 0, score: null } });
    expect(before.scale.levels.map((l: any) => l.label['zh-CN'])).toEqual(['非常满意', '满意', '一般', '不满意']);

    const t = await hub.serve(2);
    const open = (await hub.get('/api/v1/counters/2/rating')).json;
    expect(open.prompt).toMatchObject({ ticketId: t.id, ticketNumber: t.number, secondsLeft: TIMEOUT });

    hub.advance(5);
    const answer = await hub.rate(2, t.id, 4, 'rating_keypad');
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({
      rating: { ticketId: t.id, tellerId: 's-1002', counter: 2, status: 'rated', value: 4, source: 'rating_keypad', ratedAt: new Date(hub.clock).toISOString() },
      followUpId: null,
    });
    expect(answer.json.rating.serviceId).toBe(open.prompt.serviceId);

    const again = await hub.rate(2, t.id, 1);
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('already rated') });
    const after = (await hub.get('/api/v1/counters/2/rating')).json;
    expect(after.prompt).toBeNull();
    expect(after.dayScore).toMatchObject({ rated: 1, satisfied: 1, low: 0, score: 100 });
  });

  it('refuses the teller’s keyboard with a clear 403 and keeps the prompt open for the customer', async () => {
    const t = await hub.serve(1);
    const scoreBefore = (await hub.get('/api/v1/counters/1/rating')).json.dayScore;
    for (const value of [4, 1]) {
      const res = await hub.rate(1, t.id, value, 'teller_keyboard');
      expect(res.status).toBe(403);
      expect(res.json.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining("never from the teller's keyboard") });
    }
    const state = (await hub.get('/api/v1/counters/1/rating')).json;
    expect(state.prompt?.ticketId).toBe(t.id);
    expect(state.dayScore).toEqual(scoreBefore);
    expect((await hub.rate(1, t.id, 3)).status).toBe(201);
  });

  it('refuses bad answers with a typed 4xx and stores nothing', async () => {
    const t = await hub.serve(3);
    const cases: Array<[unknown, number, string]> = [
      [{ ticketId: t.id, value: 5, source: 'customer_display' }, 400, 'bad_request'],
      [{ ticketId: t.id, value: 0, source: 'customer_display' }, 400, 'bad_request'],
      [{ ticketId: t.id, value: 4, source: 'phone' }, 400, 'bad_request'],
      [{ ticketId: t.id, value: 4 }, 400, 'bad_request'],
      [{ ticketId: t.id, value: 4, source: 'customer_display', extra: 1 }, 400, 'bad_request'],
      ['{not json', 400, 'bad_request'],
    ];
    for (const [body, status, code] of cases) {
      const res = await hub.post('/api/v1/counters/3/rating', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.json.error.code).toBe(code);
    }
    expect((await hub.post('/api/v1/counters/12/rating', { ticketId: t.id, value: 4, source: 'customer_display' })).json.error.code).toBe('not_found');
    // Not finished at this window: nothing to rate there.
    const other = await hub.rate(4, t.id, 4);
    expect(other.status).toBe(409);
    expect(other.json.error.message).toContain('no finished service at window 4');
    const waiting = (await hub.post('/api/v1/tickets', { service: 'A' })).json;
    expect((await hub.rate(3, waiting.id, 4)).status).toBe(409);
    expect((await hub.get('/api/v1/counters/3/rating')).json.prompt.ticketId).toBe(t.id);
  });

  it('no answer in time: not rated; an answer after the time is refused', async () => {
    const t = await hub.serve(4);
    const before = (await hub.get('/api/v1/counters/4/rating')).json.dayScore;
    hub.advance(TIMEOUT); // the last second is still in time ...
    expect((await hub.get('/api/v1/counters/4/rating')).json.prompt).toMatchObject({ ticketId: t.id, secondsLeft: 0 });
    hub.advance(1); // ... and then it is over
    const late = await hub.rate(4, t.id, 4);
    expect(late.status).toBe(409);
    expect(late.json.error.message).toContain('too late');
    const after = (await hub.get('/api/v1/counters/4/rating')).json;
    expect(after.prompt).toBeNull();
    expect(after.dayScore).toMatchObject({ rated: before.rated, notRated: before.notRated + 1 });

    const records = await hub.ratingRecords();
    const notRated = records.find((r) => r.body.type === 'rating.not_rated' && r.body.payload.ticketId === t.id);
    expect(notRated).toMatchObject({ kind: 'counter.event', body: { counter: 4, payload: { status: 'not_rated', value: null, tellerId: 's-1004' } } });
  });

  it('the timer closes an unanswered service by itself, without anyone asking', async () => {
    const t = await hub.serve(4);
    hub.advance(TIMEOUT + 1);
    await expect
      .poll(async () => (await hub.ratingRecords()).some((r) => r.body.type === 'rating.not_rated' && r.body.payload.ticketId === t.id), { timeout: 15_000 })
      .toBe(true);
  });

  it('a low answer opens a follow-up for the lead; 一般 does not', async () => {
    const average = await hub.serve(1);
    expect((await hub.rate(1, average.id, 2)).json.followUpId).toBeNull();

    const low = await hub.serve(1);
    hub.advance(3);
    const res = await hub.rate(1, low.id, 1, 'customer_display');
    expect(res.status).toBe(201);
    const id = res.json.followUpId;
    expect(id).toEqual(expect.any(String));

    const list = (await hub.get('/api/v1/follow-ups')).json.followUps;
    expect(list[0]).toEqual({
      id,
      status: 'open',
      origin: 'low_rating',
      counter: 1,
      tellerId: 's-1001',
      ticketId: low.id,
      ticketNumber: low.number,
      serviceCode: 'A',
      rating: { serviceId: res.json.rating.serviceId, value: 1, label: { 'zh-CN': '不满意', 'zh-TW': '不滿意', en: 'Dissatisfied' }, scaleId: 'bank-4', source: 'customer_display', ratedAt: res.json.rating.ratedAt },
      openedAt: res.json.rating.ratedAt,
    });
    expect(list.filter((f: any) => f.ticketId === average.id)).toEqual([]);

    // The follow-up is a mergeable document: one doc.op per field, each stamped with its record's HLC.
    const ops = (await hub.ratingRecords()).filter((r) => r.kind === 'doc.op' && r.body.docId === id);
    expect(ops.map((o) => o.body.field).sort()).toEqual(['counter', 'openedAt', 'origin', 'rating', 'serviceCode', 'status', 'teller' + 'Id', 'ticketId', 'ticketNumber'].sort());
    expect(new Set(ops.map((o) => o.body.docType))).toEqual(new Set(['follow_up']));
  });

  it('the window’s day score follows its answers', async () => {
    const values = [4, 3, 1, 2];
    for (const v of values) {
      const t = await hub.serve(2);
      expect((await hub.rate(2, t.id, v)).status).toBe(201);
    }
    const state = (await hub.get('/api/v1/counters/2/rating')).json;
    // Window 2 had one 非常满意 before (first test).
    const expected = dayScore([4, ...values].map((value) => ({ status: 'rated' as const, value })), BANK_SCALE);
    expect(state.dayScore).toEqual(expected);
    expect(state.dayScore).toMatchObject({ rated: 5, satisfied: 3, low: 1, satisfactionPercent: 60 });
  });

  it('rating records have a gap-free sequence of the hub’s ratings device, and survive a restart with the prompt', async () => {
    const t = await hub.serve(3);
    await hub.restart();
    expect((await hub.get('/api/v1/counters/3/rating')).json.prompt?.ticketId).toBe(t.id);
    expect((await hub.rate(3, t.id, 3)).status).toBe(201);
    const { rows } = await hub.host.db.query<{ device_id: string; device_seq: number | string }>(
      `select device_id, device_seq from sync_records where device_id like '%-ratings' order by device_seq`,
    );
    expect(new Set(rows.map((r) => r.device_id)).size).toBe(1);
    expect(rows.map((r) => Number(r.device_seq))).toEqual(rows.map((_, i) => i + 1));
  });

  it('tells listening screens when a window’s rating changes', async () => {
    const ws = new WebSocket(await hub.b.wsUrl('/api/v1/ratings/stream'));
    const notices: any[] = [];
    ws.on('message', (d) => notices.push(JSON.parse(String(d))));
    await new Promise((r) => ws.once('open', r));
    const t = await hub.serve(1);
    await hub.rate(1, t.id, 1);
    await expect.poll(() => notices.map((n) => n.status)).toEqual(['awaiting', 'rated']);
    expect(notices[0]).toMatchObject({ status: 'awaiting', value: null, source: null });
    // The answer itself rides on the notice: the counter keeps it in its own log (renderer/ratings/ratingLog.ts).
    expect(notices[1]).toMatchObject({ type: 'rating', counter: 1, ticketId: t.id, followUpId: expect.any(String), value: 1, source: 'customer_display' });
    ws.close();
  });
});

describe('the government 好差评 scale', () => {
  let hub: ClockedHub;
  beforeAll(async () => {
    hub = await ClockedHub.start(config(GOV_SCALE));
  });
  afterAll(async () => hub.host.close());

  it('offers five answers; both dissatisfied ones open a follow-up, 基本满意 does not', async () => {
    const state = (await hub.get('/api/v1/counters/1/rating')).json;
    expect(state.scale.levels.map((l: any) => l.label['zh-CN'])).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
    const outcomes: Array<string | null> = [];
    for (const v of [5, 4, 3, 2, 1]) {
      const t = await hub.serve(1);
      const res = await hub.rate(1, t.id, v);
      expect(res.status).toBe(201);
      outcomes.push(res.json.followUpId);
    }
    expect(outcomes.map((id) => id !== null)).toEqual([false, false, false, true, true]);
    const t = await hub.serve(1);
    expect((await hub.rate(1, t.id, 6)).status).toBe(400);
    const after = (await hub.get('/api/v1/counters/1/rating')).json.dayScore;
    expect(after).toMatchObject({ rated: 5, satisfied: 2, low: 2, score: 50, satisfactionPercent: 40 });
    const labels = (await hub.get('/api/v1/follow-ups')).json.followUps.map((f: any) => f.rating.label['zh-CN']);
    expect(labels.sort()).toEqual(['不满意', '非常不满意'].sort());
  });
});

describe('records reach head office through the hub’s relay', () => {
  let hq: RunningHq;
  let hub: ClockedHub;
  beforeAll(async () => {
    hq = await startHqServer({ port: 0, host: '127.0.0.1', dataDir: await freshPgliteDir(), logLevel: 'silent' });
    const code = await hq.createEnrolCode({ branchId: 'demo-001' });
    hub = await ClockedHub.start(config(), { url: hq.url, enrolCode: code.code });
    hub.clock = Date.now();
  });
  afterAll(async () => {
    await hub.host.close();
    await hq.close();
  });

  it('the rating and its follow-up are stored at head office', async () => {
    const t = await hub.serve(2);
    const res = await hub.rate(2, t.id, 1);
    expect(res.status).toBe(201);
    await expect
      .poll(
        async () => {
          const { rows } = await hq.db.query<{ kind: string; body: any }>(`select kind, body from sync_records where device_id like '%-ratings'`);
          return {
            rated: rows.some((r) => r.kind === 'counter.event' && r.body.type === 'rating.rated' && r.body.payload.ticketId === t.id && r.body.payload.tellerId === 's-1002'),
            followUpOps: rows.filter((r) => r.kind === 'doc.op' && r.body.docId === res.json.followUpId).length,
          };
        },
        { timeout: 20_000 },
      )
      .toEqual({ rated: true, followUpOps: 9 });
  });
});
