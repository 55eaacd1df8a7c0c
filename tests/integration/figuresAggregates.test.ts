import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BranchConfig } from '../../shared/config/schema.js';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { DayReport, ExpectedWait, LiveFigures, MonthReport, WAIT_BUCKET_MINUTES } from '../../shared/figures/api.js';
import type { QueueEvent } from '../../shared/queue/events.js';
import { seededRandom } from '../../shared/figures/simulateDay.js';
import { BranchUnderTest, actors } from '../support/branchUnderTest.js';

/**
 * Issue 14's aggregates against the events: two business days played through the hub's API with
 * an injected clock (calls, recalls, no-shows, holds, transfers, pauses), then every figure of
 * the day and month views compared with a plain recomputation over queue_events written here,
 * independently of shared/figures/definitions.ts; again after a restart, after the aggregate
 * tables were dropped, and after a rebuild.
 */

const DAY1 = '2026-03-02';
const DAY2 = '2026-03-03';
const config = BranchConfig.parse({ ...demoBranch(DAY1), access: { idleLockMinutes: 240 } });
const clock = { ms: Date.parse(`${DAY1}T09:00:00+08:00`) };

// ------------------------------------------------------------ the reference: straight from the events

interface Ref {
  arrivals: number;
  called: number;
  served: number;
  noShows: number;
  transfers: number;
  recalls: number;
  waits: number[];
  waitsWithin: number;
  handlings: number[];
  handlingWithin: number;
}
const ref = (): Ref => ({ arrivals: 0, called: 0, served: 0, noShows: 0, transfers: 0, recalls: 0, waits: [], waitsWithin: 0, handlings: [], handlingWithin: 0 });

const slotFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const slotOfIso = (iso: string) => {
  const [h, m] = slotFormat.format(new Date(iso)).split(':').map(Number) as [number, number];
  return `${String(h).padStart(2, '0')}:${String(m - (m % 15)).padStart(2, '0')}`;
};

/** Per day: totals, by service, by teller, by window, by slot; a wait is the ticket's first call event, whatever happens later. */
function reference(events: readonly QueueEvent[], days: readonly string[]) {
  const target = (code: string, kind: 'wait' | 'handling') => {
    const s = config.services.find((x) => x.code === code)!;
    return kind === 'wait' ? s.targetWaitMinutes! * 60 : s.targetHandlingMinutes! * 60;
  };
  const out = new Map<string, { total: Ref; service: Map<string, Ref>; teller: Map<string, Ref>; window: Map<number, Ref>; slot: Map<string, Ref>; buckets: Map<string, number[]> }>();
  const seenCall = new Set<string>();
  for (const e of events) {
    const day = e.ticket.businessDay;
    if (!days.includes(day)) continue;
    let d = out.get(day);
    if (!d) out.set(day, (d = { total: ref(), service: new Map(), teller: new Map(), window: new Map(), slot: new Map(), buckets: new Map() }));
    const get = <K>(m: Map<K, Ref>, k: K) => m.get(k) ?? (m.set(k, ref()), m.get(k)!);
    const service = e.type === 'ticket.transferred' ? e.detail.fromService! : e.ticket.service;
    const targets = [d.total, get(d.service, service), get(d.slot, slotOfIso(e.at))];
    if (e.counter !== null && e.type !== 'ticket.issued') {
      targets.push(get(d.window, e.counter));
      if (e.detail.staffId) targets.push(get(d.teller, e.detail.staffId));
    }
    const each = (f: (r: Ref) => void) => targets.forEach(f);
    switch (e.type) {
      case 'ticket.issued':
        each((r) => r.arrivals++);
        break;
      case 'ticket.called': {
        if (seenCall.has(e.ticket.id)) break;
        seenCall.add(e.ticket.id);
        const wait = Math.round((Date.parse(e.at) - Date.parse(e.ticket.issuedAt)) / 1000);
        each((r) => {
          r.called++;
          r.waits.push(wait);
          if (wait <= target(service, 'wait')) r.waitsWithin++;
        });
        const b = d.buckets.get(service) ?? new Array<number>(WAIT_BUCKET_MINUTES.length + 1).fill(0);
        const i = WAIT_BUCKET_MINUTES.findIndex((m) => wait <= m * 60);
        b[i < 0 ? WAIT_BUCKET_MINUTES.length : i]! += 1;
        d.buckets.set(service, b);
        break;
      }
      case 'ticket.recalled':
        each((r) => r.recalls++);
        break;
      case 'ticket.no_show':
        each((r) => r.noShows++);
        break;
      case 'ticket.transferred':
        // A paused or closed window handing its tickets back referred nobody.
        if (e.detail.reason !== 'window_paused' && e.detail.reason !== 'window_closed') each((r) => r.transfers++);
        break;
      case 'service.finished': {
        const h = Math.round((Date.parse(e.ticket.finishedAt!) - Date.parse(e.ticket.startedAt!)) / 1000);
        each((r) => {
          r.served++;
          r.handlings.push(h);
          if (h <= target(service, 'handling')) r.handlingWithin++;
        });
        break;
      }
      default:
    }
  }
  return out;
}

const avg = (l: number[]) => (l.length === 0 ? null : Math.round(l.reduce((a, b) => a + b, 0) / l.length));

function expectRow(row: Record<string, unknown> | undefined, r: Ref, what: string): void {
  expect(row, what).toBeDefined();
  expect(row, what).toMatchObject({
    arrivals: r.arrivals,
    called: r.called,
    served: r.served,
    noShows: r.noShows,
    transfers: r.transfers,
    recalls: r.recalls,
    waitCount: r.waits.length,
    waitSecondsSum: r.waits.reduce((a, b) => a + b, 0),
    waitWithinTarget: r.waitsWithin,
    averageWaitSeconds: avg(r.waits),
    handlingCount: r.handlings.length,
    handlingSecondsSum: r.handlings.reduce((a, b) => a + b, 0),
    handlingWithinTarget: r.handlingWithin,
    averageHandlingSeconds: avg(r.handlings),
    waitWithinTargetRate: r.waits.length === 0 ? null : r.waitsWithin / r.waits.length,
  });
}

// ------------------------------------------------------------ the day, played through the API

async function playDay(b: BranchUnderTest, seed: number, steps: number): Promise<void> {
  const rnd = seededRandom(seed);
  const pick = <T>(l: readonly T[]): T => l[Math.floor(rnd() * l.length)]!;
  const services = ['A', 'A', 'A', 'B', 'V'];
  const expectOk = (status: number, what: string) => expect([200, 201, 204, 409], what).toContain(status);
  for (let i = 0; i < steps; i++) {
    clock.ms += Math.floor(20_000 + rnd() * 70_000);
    if (rnd() < 0.4) {
      expect((await b.post('/api/v1/tickets', { service: pick(services) })).status).toBe(201);
      continue;
    }
    const n = pick([1, 2, 3, 4]);
    const snap = b.host.hub.snapshot();
    const cur = snap.tickets.find((t) => t.counter === n && (t.status === 'called' || t.status === 'serving'));
    const held = snap.tickets.find((t) => t.counter === n && t.status === 'held');
    const post = (action: string, body?: unknown) => b.post(`/api/v1/counters/${n}/${action}`, body);
    const r = rnd();
    let res;
    if (!cur) {
      res = held && r < 0.5 ? await post('call-held', { ticketId: held.id }) : await post('call-next');
    } else if (cur.status === 'called') {
      res = r < 0.65 ? await post('start') : r < 0.85 ? await post('recall') : await post('no-show');
    } else if (r < 0.1 && !held) {
      res = await post('hold');
    } else if (r < 0.2) {
      res = await post('transfer', { toService: pick(['A', 'B', 'V'].filter((s) => s !== cur.service)) });
    } else {
      res = await post('finish', { outcome: 'completed' });
    }
    expectOk(res.status, JSON.stringify(res.json));
    if (i === Math.floor(steps / 2)) {
      // A pause of window 3's teller, a few minutes long (over the lead's approval if it needs one).
      const p = await b.post('/api/v1/counters/3/pause', { reason: 'break' });
      expect([200, 409]).toContain(p.status);
      clock.ms += 240_000;
      await b.post('/api/v1/counters/3/resume', {});
    }
  }
}

describe('the figures against a recomputation from the events', () => {
  let b: BranchUnderTest;
  beforeAll(async () => {
    b = await BranchUnderTest.start(config, { host: { now: () => new Date(clock.ms), alertEveryMs: 0, complaintReminderMs: 0 } });
    await playDay(b, 14, 260);
    // The next business day: a few more, so days and the month add up.
    clock.ms = Date.parse(`${DAY2}T09:00:00+08:00`);
    // Yesterday's sessions have run out: everyone signs in again.
    b.forgetSessions();
    await playDay(b, 15, 60);
  }, 240_000);
  afterAll(async () => b?.stop());

  async function events(): Promise<QueueEvent[]> {
    return (await b.host.db.query<{ body: QueueEvent }>('select body from queue_events order by seq')).rows.map((r) => r.body);
  }

  async function checkAll(when: string): Promise<void> {
    const expected = reference(await events(), [DAY1, DAY2]);
    const month = { total: ref() };
    for (const day of [DAY1, DAY2]) {
      const res = await b.get(`/api/v1/figures/day?day=${day}`);
      expect(res.status, when).toBe(200);
      const report = DayReport.parse(res.json);
      const r = expected.get(day)!;
      expect(r.total.arrivals, 'the day has tickets').toBeGreaterThan(5);
      expectRow(report.totals, r.total, `${when}: ${day} totals`);
      for (const [code, sr] of r.service) {
        const row = report.services.find((s) => s.service === code);
        expectRow(row, sr, `${when}: ${day} service ${code}`);
        expect(row!.waitDistribution, `${when}: ${day} ${code} distribution`).toEqual(r.buckets.get(code) ?? new Array(8).fill(0));
      }
      for (const [staffId, tr] of r.teller) {
        const row = report.tellers.find((t) => t.staffId === staffId);
        expectRow(row, tr, `${when}: ${day} teller ${staffId}`);
        expect(row!.name).toBe(config.staff.find((s) => s.id === staffId)!.name['zh-CN']);
      }
      for (const [counter, wr] of r.window) expectRow(report.windows.find((w) => w.counter === counter), wr, `${when}: ${day} window ${counter}`);
      for (const [slot, sr] of r.slot) {
        const row = report.slots.find((s) => s.slot === slot);
        expect(row, `${when}: ${day} slot ${slot}`).toMatchObject({ arrivals: sr.arrivals, served: sr.served });
        if (sr.served > 0) expect(row!.windowsOpen).toBeGreaterThan(0);
      }
      for (const k of Object.keys(month.total) as Array<keyof Ref>) {
        const v = r.total[k];
        (month.total as any)[k] = Array.isArray(v) ? [...(month.total[k] as number[]), ...v] : (month.total[k] as number) + v;
      }
    }
    const m = await b.get('/api/v1/figures/month?month=2026-03');
    expect(m.status).toBe(200);
    const monthReport = MonthReport.parse(m.json);
    expectRow(monthReport.totals, month.total, `${when}: month totals`);
    expect(monthReport.days.map((d) => d.day)).toEqual([DAY1, DAY2]);
    expectRow(monthReport.days[0], expected.get(DAY1)!.total, `${when}: month's first day`);
  }

  it('has every figure of both days and the month as the events say, folded in as the queue moved', async () => {
    // The keeper followed the commands: every event is in before any view asks it to catch up.
    await b.host.figures.idle();
    const seqs = await b.host.db.query<{ cursor: string; last: string }>('select (select seq from figure_cursor) as cursor, (select value from event_seq) as last');
    expect(Number(seqs.rows[0]!.cursor)).toBe(Number(seqs.rows[0]!.last));
    await checkAll('as played');
  });

  it('counts the teller\'s pause', async () => {
    const report = DayReport.parse((await b.get(`/api/v1/figures/day?day=${DAY1}`)).json);
    const pauses = (await b.host.db.query<{ n: string }>(`select count(*) as n from pauses where business_day = $1 and doc->>'staffId' = 's-1003'`, [DAY1])).rows[0]!.n;
    const row = report.tellers.find((t) => t.staffId === 's-1003');
    expect(row?.pauses).toBe(Number(pauses));
    if (Number(pauses) > 0) expect(row!.pauseSeconds).toBeGreaterThanOrEqual(240);
  });

  it('gives live figures matching the queue, and an expected wait to the kiosk without teller data', async () => {
    const live = LiveFigures.parse((await b.get('/api/v1/figures/live')).json);
    expect(live.day).toBe(DAY2);
    const snap = b.host.hub.snapshot();
    for (const q of live.queues) expect(q.waiting, q.service).toBe(snap.tickets.filter((t) => t.service === q.service && t.status === 'waiting').length);
    const kiosk = await b.as(actors.kiosk).get('/api/v1/figures/expected-wait');
    expect(kiosk.status).toBe(200);
    const ew = ExpectedWait.parse(kiosk.json);
    expect(ew.services.map((s) => s.service)).toEqual(config.services.map((s) => s.code));
    expect(JSON.stringify(kiosk.json)).not.toMatch(/s-1\d{3}|staff/);
    for (const s of ew.services) expect(s.expectedWaitSeconds).toBe(live.queues.find((q) => q.service === s.service)!.expectedWaitSeconds);
  });

  it('refuses a bad query with a 400 in the project\'s error shape', async () => {
    for (const path of ['/api/v1/figures/day', '/api/v1/figures/day?day=2026-13-01', '/api/v1/figures/day?day=2026-02-30', '/api/v1/figures/day?day=2026-03-02&x=1', '/api/v1/figures/month?month=2026-3']) {
      const res = await b.get(path);
      expect(res.status, path).toBe(400);
      expect(res.json.error, path).toMatchObject({ code: 'bad_request', message: expect.any(String) });
    }
  });

  it('has the same figures after a restart', async () => {
    await b.restart();
    await checkAll('after a restart');
  }, 60_000);

  it('rebuilds the aggregates from the events when their tables are dropped', async () => {
    await b.host.db.exec('drop table figure_sums; drop table figure_window_slots; drop table figure_cursor;');
    await b.restart();
    await checkAll('after the tables were dropped');
  }, 60_000);

  it('counts each event once when rebuilt while the queue moves, and follows new events', async () => {
    await b.host.figures.rebuild();
    clock.ms += 60_000;
    expect((await b.post('/api/v1/tickets', { service: 'A' })).status).toBe(201);
    // Tickets committed while the keeper reads every event back: left to the read-back or the
    // catch-up after it, never to both.
    const rebuilding = b.host.figures.rebuild();
    for (let i = 0; i < 3; i++) expect((await b.post('/api/v1/tickets', { service: 'B' })).status).toBe(201);
    await rebuilding;
    await b.host.figures.idle();
    await checkAll('after a rebuild and new tickets');
    expect((await b.post('/api/v1/tickets', { service: 'A' })).status).toBe(201);
    await checkAll('following again');
  }, 60_000);
});
