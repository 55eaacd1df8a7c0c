import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { addDays, format } from 'date-fns';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { BranchConfig } from '../../shared/config/schema.js';
import { replayForecast } from '../../shared/figures/forecastReplay.js';
import type { ReplayTicket } from '../../shared/figures/forecastReplay.js';
import { simulateDay } from '../../shared/figures/simulateDay.js';
import type { SimTicket } from '../../shared/figures/simulateDay.js';
import type { QueueEvent, StreamMessage } from '../../shared/queue/events.js';
import type { Ticket } from '../../shared/queue/ticket.js';
import { businessDayOf } from '../../shared/queue/rules/businessDay.js';
import { zoned } from '../../shared/queue/rules/zoned.js';
import { BranchUnderTest, actors } from '../support/branchUnderTest.js';
import { postJson } from '../support/http.js';
import { ms, percentile } from './stats.js';

/**
 * The lead's figures on a year of a ten-window branch (issue 14): `days` business days of
 * `perWindow` services per window (300: about a million tickets a year), made up by
 * shared/figures/simulateDay.ts and written STRAIGHT into the hub's PGlite tables (tickets,
 * queue_events) in one statement per day. Then: the time to fold them into the aggregates (the
 * keeper's rebuild), the day and month views p50/p99 over HTTP, call-next p99 with the upkeep
 * on and off on the same hub (rounds taking turns), and the forecast's error replayed on
 * seeded days. Prints figures; nothing passes or fails on time.
 */

const SERVICES = [
  { code: 'A', meanHandlingSeconds: 85, share: 7 },
  { code: 'B', meanHandlingSeconds: 100, share: 2 },
  { code: 'V', meanHandlingSeconds: 120, share: 1 },
];
const COUNTERS = Array.from({ length: 10 }, (_, i) => ({
  number: i + 1,
  services: i < 6 ? ['A'] : i < 8 ? ['A', 'B'] : i === 8 ? ['B'] : ['V', 'A'],
}));
const WALK_SECONDS = 10;

export function tenWindowBranch(): BranchConfig {
  const demo = demoBranch('2000-01-01');
  const tellers = demo.staff.filter((s) => s.role === 'teller');
  const staff = [
    ...demo.staff,
    ...Array.from({ length: 10 - tellers.length }, (_, i) => ({ id: `s-20${String(i + 1).padStart(2, '0')}`, name: { 'zh-CN': `柜员${i + 5}`, 'zh-TW': `櫃員${i + 5}`, en: `Teller ${i + 5}` }, badge: `20${i + 1}`, stars: 1, role: 'teller' as const })),
  ];
  const tellerIds = staff.filter((s) => s.role === 'teller').map((s) => s.id);
  return BranchConfig.parse({
    ...demo,
    staff,
    counters: COUNTERS.map((c, i) => ({ ...c, staffId: tellerIds[i]! })),
    access: { ...demo.access, idleLockMinutes: 240 },
  });
}

/** One seeded ticket's rows: the ticket's final state and its events (issued, called, started + finished or no-show). */
function rowsOf(t: SimTicket, day: string, number: string, staffId: string): { ticket: Ticket; events: Array<Omit<QueueEvent, 'seq'>> } {
  const iso = (ms: number) => new Date(ms).toISOString();
  const id = `${day}-${t.id}`;
  const issued: Ticket = {
    id,
    businessDay: day,
    service: t.service,
    number,
    priority: 'none',
    issuedAt: iso(t.issuedAt),
    status: 'waiting',
    counter: null,
    targetCounter: null,
    calledAt: null,
    lastCalledAt: null,
    recalls: 0,
    startedAt: null,
    finishedAt: null,
    outcome: null,
    items: [],
    transfers: 0,
  };
  const called: Ticket = { ...issued, status: 'called', counter: t.counter, calledAt: iso(t.calledAt), lastCalledAt: iso(t.calledAt) };
  const ev = (suffix: string, type: QueueEvent['type'], at: number, ticket: Ticket, counter: number | null, detail: QueueEvent['detail']) => ({
    id: `${id}-${suffix}`,
    type,
    at: iso(at),
    branchId: 'demo-001',
    counter,
    ticket,
    detail,
  });
  const events = [
    ev('i', 'ticket.issued', t.issuedAt, issued, null, {}),
    ev('c', 'ticket.called', t.calledAt, called, t.counter, { waitSeconds: Math.round((t.calledAt - t.issuedAt) / 1000), staffId }),
  ];
  if (t.startedAt === null) {
    const gone: Ticket = { ...called, status: 'no_show', finishedAt: iso(t.finishedAt) };
    events.push(ev('n', 'ticket.no_show', t.finishedAt, gone, t.counter, { staffId }));
    return { ticket: gone, events };
  }
  const serving: Ticket = { ...called, status: 'serving', startedAt: iso(t.startedAt), items: [t.service] };
  const done: Ticket = { ...serving, status: 'done', finishedAt: iso(t.finishedAt), outcome: 'completed' };
  events.push(ev('s', 'service.started', t.startedAt, serving, t.counter, { waitSeconds: Math.round((t.startedAt - t.issuedAt) / 1000), staffId }));
  events.push(ev('f', 'service.finished', t.finishedAt, done, t.counter, { outcome: 'completed', handlingSeconds: Math.round((t.finishedAt - t.startedAt) / 1000), staffId }));
  return { ticket: done, events };
}

export function seededDays(days: number): string[] {
  const yesterday = addDays(new Date(), -1);
  return Array.from({ length: days }, (_, i) => format(addDays(yesterday, i - days + 1), 'yyyy-MM-dd'));
}

function simulate(day: string, perWindow: number, seed: number): SimTicket[] {
  const openAt = Date.parse(`${day}T08:30:00+08:00`);
  return simulateDay({ seed, openAt, closeAt: openAt + 9 * 3600_000, tickets: perWindow * COUNTERS.length, services: SERVICES, counters: COUNTERS, walkSeconds: WALK_SECONDS });
}

/** Writes the days into the hub's tables, one statement per table per day; returns tickets and events written. */
export async function seed(b: BranchUnderTest, days: readonly string[], perWindow: number): Promise<{ tickets: number; events: number }> {
  const db = b.host.db;
  const staffOf = new Map(b.config.counters.map((c) => [c.number, c.staffId]));
  let seq = Number((await db.query<{ value: string }>('select value from event_seq')).rows[0]!.value);
  let tickets = 0;
  let events = 0;
  for (const [i, day] of days.entries()) {
    const sim = simulate(day, perWindow, 1000 + i);
    const numbers = new Map<string, number>();
    const rows = sim.map((t) => {
      const n = (numbers.get(t.service) ?? 0) + 1;
      numbers.set(t.service, n);
      return rowsOf(t, day, `${t.service}${String(n).padStart(4, '0')}`, staffOf.get(t.counter)!);
    });
    const evs = rows.flatMap((r) => r.events).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const bodies = evs.map((e) => ({ ...e, seq: ++seq }));
    await db.query(
      `insert into tickets (id, business_day, number, service, status, doc)
       select doc->>'id', doc->>'businessDay', doc->>'number', doc->>'service', doc->>'status', doc from jsonb_array_elements($1::jsonb) as doc`,
      [JSON.stringify(rows.map((r) => r.ticket))],
    );
    await db.query(
      `insert into queue_events (seq, id, type, at, counter, ticket_id, body)
       select (doc->>'seq')::bigint, doc->>'id', doc->>'type', (doc->>'at')::timestamptz, (doc->>'counter')::int, doc->'ticket'->>'id', doc
         from jsonb_array_elements($1::jsonb) as doc`,
      [JSON.stringify(bodies)],
    );
    tickets += rows.length;
    events += bodies.length;
  }
  await db.query('update event_seq set value = $1', [seq]);
  return { tickets, events };
}

async function timeGets(b: BranchUnderTest, paths: readonly string[]): Promise<number[]> {
  const headers = await b.credentials(actors.lead());
  const out: number[] = [];
  for (const p of paths) {
    const t0 = performance.now();
    const res = await fetch(b.url + p, { headers });
    await res.text();
    out.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`${p}: ${res.status}`);
  }
  return out;
}

/**
 * Call-next (API call to a subscribed display's event) with the upkeep on, then off, in rounds
 * taking turns. A round is one unbroken stream of `round` calls (each followed by its start),
 * several seconds long: the folds the keeper makes in a busy stream (at the latest every
 * FOLD_AT_LATEST_MS, figuresKeeper.ts) land inside the kept rounds, where a call waits for them.
 * Between rounds, outside the timing, the aggregates are brought up to date. Issuing tickets
 * is part of the stream (the keeper folds them too), but not of the timing.
 */
const WAITING = 200;

async function callNextWithAndWithout(b: BranchUnderTest, calls: number, round: number): Promise<{ kept: number[][]; notKept: number[][]; folds: number }> {
  const kioskHeaders = await b.credentials(actors.kiosk);
  const counterHeaders = await b.credentials(actors.counter(1));
  // The same queue for every call: WAITING tickets, and one more issued before each call
  // (untimed). A queue that shrank through the run made the later rounds' calls cheaper.
  const issue = async () => {
    const res = await postJson(`${b.url}/api/v1/tickets`, { service: 'A' }, kioskHeaders);
    if (res.status !== 201) throw new Error(`issue: ${res.status}`);
  };
  for (let i = 0; i < WAITING; i++) await issue();
  const ws = new WebSocket(await b.wsUrl('/api/v1/stream', actors.hall));
  const arrivals = new Map<string, number>();
  ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as StreamMessage;
    if (m.type === 'event' && m.event.type === 'ticket.called') arrivals.set(m.event.ticket.id, performance.now());
  });
  await new Promise((r) => ws.once('open', r));
  // Per round, so the spread between rounds of one kind can be printed beside the difference.
  const kept: number[][] = [];
  const notKept: number[][] = [];
  let folds = 0;
  for (let i = 0; i < calls * 2; i++) {
    const keep = Math.floor(i / round) % 2 === 0;
    if (i % round === 0) {
      if (keep) folds -= b.host.figures.foldsWritten;
      else if (i > 0) folds += b.host.figures.foldsWritten;
      await b.host.figures.idle();
      b.host.figures.setFollowing(keep);
      await b.host.figures.catchUp();
      (keep ? kept : notKept).push([]);
    }
    await issue();
    const t0 = performance.now();
    const res = await postJson(`${b.url}/api/v1/counters/1/call-next`, undefined, { ...counterHeaders, 'idempotency-key': `figures-bench-${i}` });
    if (res.status !== 200) throw new Error(`call-next: ${res.status} ${JSON.stringify(res.json)}`);
    const id: string = res.json.ticket.id;
    while (!arrivals.has(id)) await new Promise((r) => setImmediate(r));
    (keep ? kept : notKept).at(-1)!.push(arrivals.get(id)! - t0);
    await postJson(`${b.url}/api/v1/counters/1/start`, undefined, counterHeaders);
  }
  ws.close();
  b.host.figures.setFollowing(true);
  return { kept, notKept, folds };
}

/**
 * The date of 3,000 services' call times (what the phrase rates ask of a busy day, every 30 s
 * for today and yesterday): businessDayOf, which remembers a zone's date per quarter hour,
 * against computing each date (what it did before), in one run.
 */
function businessDayCost(): string {
  const zone = 'Asia/Shanghai';
  const start = Date.parse('2026-03-02T00:30:00Z');
  const instants = Array.from({ length: 3000 }, (_, i) => new Date(start + i * 9_000));
  const time = (f: (d: Date) => string): number => {
    const t0 = performance.now();
    for (const d of instants) f(d);
    return performance.now() - t0;
  };
  const computed = [1, 2, 3].map(() => time((d) => format(zoned(d, zone), 'yyyy-MM-dd')));
  const remembered = [1, 2, 3].map(() => time((d) => businessDayOf(d, zone)));
  return `business day of 3000 call times: computed each ${ms(Math.min(...computed))}, businessDayOf ${ms(Math.min(...remembered))} (best of 3; its first pass, which computes each quarter hour once: ${ms(remembered[0]!)})`;
}

async function forecastError(b: BranchUnderTest, days: readonly string[]): Promise<string[]> {
  const lines: string[] = [];
  let errSum = 0;
  let baseSum = 0;
  let waitSum = 0;
  let n = 0;
  for (const day of days) {
    const { rows } = await b.host.db.query<{ doc: Ticket }>('select doc from tickets where business_day = $1', [day]);
    const tickets: ReplayTicket[] = rows.map(({ doc: t }) => ({
      id: t.id,
      service: t.service,
      issuedAt: Date.parse(t.issuedAt),
      calledAt: t.calledAt ? Date.parse(t.calledAt) : null,
      startedAt: t.startedAt ? Date.parse(t.startedAt) : null,
      finishedAt: t.finishedAt ? Date.parse(t.finishedAt) : null,
      counter: t.counter,
    }));
    const r = replayForecast(tickets, { counters: COUNTERS, fallbackHandlingSeconds: (s) => SERVICES.find((x) => x.code === s)!.meanHandlingSeconds });
    errSum += r.meanAbsoluteErrorSeconds * r.forecasts;
    baseSum += r.baselineMeanAbsoluteErrorSeconds * r.forecasts;
    waitSum += r.meanWaitSeconds * r.forecasts;
    n += r.forecasts;
  }
  lines.push(
    `forecast replayed on ${days.length} seeded days (${n} tickets): mean absolute error ${(errSum / n).toFixed(0)} s on a mean wait of ${(waitSum / n).toFixed(0)} s ` +
      `(the naive "average wait so far today": ${(baseSum / n).toFixed(0)} s)`,
  );
  return lines;
}

/** Bytes under a folder: what the seeded history costs on disk. */
async function diskSize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await diskSize(path) : (await stat(path)).size;
  }
  return total;
}

export async function figuresBench(days: number, perWindow: number, samples: number, calls: number): Promise<string[]> {
  const b = await BranchUnderTest.start(tenWindowBranch(), { host: { alertEveryMs: 0, complaintReminderMs: 0 } });
  try {
    const lines: string[] = [];
    const dayList = seededDays(days);
    let t0 = performance.now();
    const seeded = await seed(b, dayList, perWindow);
    lines.push(`seeded ${days} days of 10 windows x ${perWindow} services: ${seeded.tickets} tickets, ${seeded.events} queue events in ${((performance.now() - t0) / 1000).toFixed(1)} s (bulk SQL)`);
    t0 = performance.now();
    await b.host.figures.rebuild();
    const rows = (await b.host.db.query<{ n: string }>('select count(*) as n from figure_sums')).rows[0]!.n;
    lines.push(`aggregates built from the events (the keeper's rebuild): ${((performance.now() - t0) / 1000).toFixed(1)} s, ${rows} sum rows`);
    lines.push(`hub data folder after seeding and building: ${(await diskSize(b.dataDir) / 1024 / 1024 / 1024).toFixed(2)} GiB`);

    // Settled days (two or more days past); yesterday's phrase counts are recomputed every 30 s.
    const settled = dayList.slice(0, -1);
    // A day the keeper has not settled yet: its first ask computes its greeting/farewell counts
    // (the phrases' computation over the day's events) before answering, once.
    const early = settled.filter((_, i) => i % 17 === 5).slice(0, 5);
    const onDemand = await timeGets(b, early.map((d) => `/api/v1/figures/day?day=${d}`));
    lines.push(`day view, first ask of ${early.length} days not settled yet (computes their phrase counts): p50 ${ms(percentile(onDemand, 50))}, max ${ms(Math.max(...onDemand))}`);
    // What the keeper does in the background after start and once a day: every later first ask
    // of a past day or month reads kept rows only.
    t0 = performance.now();
    const settledNow = await b.host.figures.settlePhraseDays();
    lines.push(`phrase counts of ${settledNow} past days settled by the keeper (in the background after start, then one day a day): ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const sampleDays = Array.from({ length: Math.min(samples, settled.length) }, (_, i) => settled[(i * 7919) % settled.length]!);
    const distinct = [...new Set(sampleDays)].filter((d) => !early.includes(d));
    const coldDays = await timeGets(b, distinct.map((d) => `/api/v1/figures/day?day=${d}`));
    lines.push(`day view, first ask of ${distinct.length} settled days: p50 ${ms(percentile(coldDays, 50))}, p99 ${ms(percentile(coldDays, 99))}`);
    const dayTimes = await timeGets(b, Array.from({ length: samples }, (_, i) => `/api/v1/figures/day?day=${distinct[i % distinct.length]}`));
    lines.push(`day view (GET /api/v1/figures/day, ${samples} asks; target < 200 ms): p50 ${ms(percentile(dayTimes, 50))}, p99 ${ms(percentile(dayTimes, 99))}`);
    const months = [...new Set(dayList.map((d) => d.slice(0, 7)))];
    const cold = await timeGets(b, months.map((m) => `/api/v1/figures/month?month=${m}`));
    lines.push(`month view, first ask of each of ${months.length} months: p50 ${ms(percentile(cold, 50))}, max ${ms(Math.max(...cold))}`);
    const monthTimes = await timeGets(b, Array.from({ length: samples }, (_, i) => `/api/v1/figures/month?month=${months[(i * 31) % months.length]}`));
    lines.push(`month view (GET /api/v1/figures/month, ${samples} asks; target < 200 ms): p50 ${ms(percentile(monthTimes, 50))}, p99 ${ms(percentile(monthTimes, 99))}`);

    // Longer than FOLD_AT_LATEST_MS at this pace, so a busy stream's folds land inside the kept rounds.
    const round = Math.min(1000, calls);
    const rounds = await callNextWithAndWithout(b, calls, round);
    const kept = rounds.kept.flat();
    const notKept = rounds.notKept.flat();
    const line = (what: string, l: number[]) => `${what}: p50 ${ms(percentile(l, 50))}, p99 ${ms(percentile(l, 99))}, max ${ms(Math.max(...l))}`;
    const ratio = (a: number[], c: number[], p: number) => (percentile(a, p) / percentile(c, p)).toFixed(2);
    lines.push(`call-next -> display event on the seeded hub, ${calls} calls each, unbroken rounds of ${round} taking turns (target: upkeep costs at most 10 % of p99)`);
    lines.push(`  folds written during the kept rounds (each one a write a call may wait behind): ${rounds.folds}`);
    lines.push(line('  aggregates kept', kept));
    lines.push(line('  aggregates not kept', notKept));
    lines.push(`  p99 kept / not kept: ${ratio(kept, notKept, 99)} (p50: ${ratio(kept, notKept, 50)})`);
    // The same comparison between rounds of ONE kind (odd against even): how far p99 moves with
    // no difference in the code at all, on this machine, in this run.
    const half = (r: number[][], odd: number) => r.filter((_, i) => i % 2 === odd).flat();
    if (rounds.kept.length >= 2 && rounds.notKept.length >= 2) {
      lines.push(`  spread with no difference, p99 of odd / even rounds: kept ${ratio(half(rounds.kept, 1), half(rounds.kept, 0), 99)}, not kept ${ratio(half(rounds.notKept, 1), half(rounds.notKept, 0), 99)}`);
    }

    lines.push(...(await forecastError(b, dayList.slice(-Math.min(10, dayList.length)))));
    lines.push(businessDayCost());
    return lines;
  } finally {
    await b.stop();
    // A seeded year is gigabytes on disk: never leave it behind.
    await rm(b.dataDir, { recursive: true, force: true });
  }
}
