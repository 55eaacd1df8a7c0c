import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { addDays, format, parseISO } from 'date-fns';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { deltasOf } from '../../shared/hq/deltas.js';
import { addSums, cellKey, zeroSums } from '../../shared/hq/sums.js';
import type { HqCell, HqSums } from '../../shared/hq/sums.js';
import { CONFIG_BRANCH } from '../../shared/sync/kinds.js';
import type { SyncRecord } from '../../shared/sync/protocol.js';
import { encodeHlc } from '../../shared/time/hlc.js';
import { openSqlDb } from '../../server/db/sqlDb.js';
import type { SqlDb } from '../../server/db/sqlDb.js';
import { hqMigrations } from '../../server/hq/migrations.js';
import { putConfigDoc } from '../../server/sync/configDocs.js';
import { storeRecords } from '../../server/sync/recordStore.js';
import { recordMonth } from '../../server/sync/recordMonth.js';
import { prepareMonths } from '../../server/sync/partitions.js';
import { FigureConsumer } from '../../server/hq/figures/figureConsumer.js';
import { loadBranchDirectory } from '../../server/hq/figures/branchDirectory.js';
import { SUM_COLUMNS } from '../../server/hq/figures/columns.js';
import { hqFigures } from '../../server/hq/figures/figureQueries.js';
import { generateReport } from '../../server/hq/reports/monthlyReports.js';
import { ms, percentile } from './stats.js';

/**
 * Head office's figures at bank scale (issue 15), on the real PostgreSQL: `events` raw records
 * over `branches` branches and three months seeded by COPY (their sums seeded beside them, made
 * by the same shared/hq/deltas.ts), then the network's month view and a branch's month report
 * (PDF) timed p50/p99; then more events to a second size, timed again, so the growth shows; then
 * ingest through storeRecords with the sums kept (in the store's transaction, the consumer catching
 * up what it leaves), as a ratio of raw COPY
 * of the same rows in the same run.
 */

const FIRST_DAY = '2026-01-01';
const DAYS = 90;
const WINDOWS = 10;
const SERVICES = ['A', 'B', 'V'] as const;
const B32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function base32(value: number, length: number): string {
  let s = '';
  let v = value;
  for (let i = 0; i < length; i++) {
    s = B32[v % 32] + s;
    v = Math.floor(v / 32);
  }
  return s;
}

/**
 * A ULID as a device makes it: its first ten characters are the record's time, which puts the
 * record in its month's partition (server/sync/recordMonth.ts); the rest is the seeding's and
 * the record's number, unique per record.
 */
function ulidOf(n: number, salt: number, atMs: number): string {
  return `${base32(atMs, 10)}${B32[salt % 32]}${base32(n, 15)}`;
}

const branchId = (b: number): string => `bench-${String(b).padStart(4, '0')}`;
const dayOf = (d: number): string => format(addDays(parseISO(FIRST_DAY), d), 'yyyy-MM-dd');

/**
 * A branch's day of `tickets` customers as the hub relays it: issued, called, started, finished
 * (queue events), a rating for two in three, a greeting for one in two.
 */
function branchDay(b: number, d: number, tickets: number): Array<Omit<SyncRecord, 'id' | 'deviceSeq'>> {
  const out: Array<Omit<SyncRecord, 'id' | 'deviceSeq'>> = [];
  const branch = branchId(b);
  const day = dayOf(d);
  const hub = `hub-${branch}`;
  const base = Date.parse(`${day}T01:00:00.000Z`);
  const iso = (x: number): string => new Date(x).toISOString();
  const rec = (kind: string, at: number, body: Record<string, unknown>): Omit<SyncRecord, 'id' | 'deviceSeq'> => ({
    kind, branchId: branch, deviceId: hub, hlc: encodeHlc({ wallMs: at, counter: 0, node: hub }), wallAt: iso(at), body,
  });
  let seq = 0;
  for (let i = 0; i < tickets; i++) {
    const service = SERVICES[i % 3]!;
    const counter = 1 + (i % WINDOWS);
    const staffId = `s-${counter}`;
    const issued = base + Math.floor((i * 8 * 3_600_000) / tickets);
    const wait = 60 * ((i * 7 + d) % 25);
    const handling = 90 + 30 * ((i * 11 + b) % 20);
    const t = { id: `${branch}-${day}-${i}`, businessDay: day, service, number: `${service}${String(i % 1000).padStart(3, '0')}`, priority: 'none', issuedAt: iso(issued), status: 'waiting', counter: null, targetCounter: null, calledAt: null, lastCalledAt: null, recalls: 0, startedAt: null, finishedAt: null, outcome: null, items: [] as string[], transfers: 0 };
    const q = (type: string, at: number, ticket: Record<string, unknown>, detail: Record<string, unknown>, c: number | null) =>
      rec('queue.event', at, { id: `${branch}-${day}-e${++seq}`, seq, type, at: iso(at), branchId: branch, counter: c, ticket, detail });
    out.push(q('ticket.issued', issued, t, {}, null));
    const calledAt = issued + wait * 1000;
    const called = { ...t, status: 'called', counter, calledAt: iso(calledAt), lastCalledAt: iso(calledAt) };
    out.push(q('ticket.called', calledAt, called, { waitSeconds: wait, staffId }, counter));
    const started = { ...called, status: 'serving', startedAt: iso(calledAt + 20_000), items: [service] };
    out.push(q('service.started', calledAt + 20_000, started, { waitSeconds: wait, staffId }, counter));
    const fin = calledAt + 20_000 + handling * 1000;
    out.push(q('service.finished', fin, { ...started, status: 'done', finishedAt: iso(fin), outcome: 'completed' }, { outcome: 'completed', handlingSeconds: handling, staffId }, counter));
    if (i % 3 !== 2) {
      out.push(rec('counter.event', fin + 8000, { type: 'rating.rated', counter, payload: { ticketId: t.id, tellerId: staffId, counter, status: 'rated', value: [4, 3, 4, 2][i % 4], scaleId: 'bank-4', serviceCode: service, businessDay: day } }));
    }
    if (i % 2 === 0) {
      out.push(rec('counter.event', calledAt + 3000, { type: 'phrase.used', counter, staffId, payload: { phraseId: 'bank.greeting', situation: 'greeting', how: 'spoken', ticketId: t.id, teller: staffId, moment: null, catalogue: { id: 'bank', version: 1 } } }));
    }
  }
  return out;
}

/** Records one ticket makes on average (4 queue events, 2/3 rating, 1/2 greeting). */
const PER_TICKET = 4 + 2 / 3 + 1 / 2;

const csv = (s: string): string => `"${s.replace(/"/g, '""')}"`;

interface Seeded {
  events: number;
  nextSeq: number;
}

/**
 * Seeds `events` records over branches x DAYS by COPY into sync_records, and their sums into
 * hq_fig_day by COPY (the deltas of shared/hq/deltas.ts, added up per branch-day here), then
 * moves the figures cursor past them, as if the consumer had kept up.
 */
async function seed(client: pg.Client, db: SqlDb, branches: number, events: number, from: Seeded, salt: number): Promise<Seeded> {
  const directory = await loadBranchDirectory(db);
  const ticketsPerDay = Math.max(1, Math.round(events / (branches * DAYS * PER_TICKET)));
  let seq = from.nextSeq;
  let made = 0;
  const received = new Date().toISOString();
  const cells = new Map<string, { cell: HqCell; sums: HqSums }>();
  function* rows(): Generator<string> {
    for (let d = 0; d < DAYS; d++) {
      for (let b = 0; b < branches; b++) {
        const lines: string[] = [];
        const facts = directory.get(branchId(b))!.facts;
        for (const r of branchDay(b, d, ticketsPerDay)) {
          seq++;
          made++;
          const id = ulidOf(seq, salt, Date.parse(r.wallAt));
          // A second seeding adds other customers to the same days: keep their once-keys apart.
          const body = salt === 0 ? r.body : JSON.parse(JSON.stringify(r.body).replaceAll(`${r.branchId}-`, `${r.branchId}-x${salt}-`));
          for (const delta of deltasOf({ kind: r.kind, branchId: r.branchId, correctedAt: r.wallAt, body }, facts)) {
            const k = cellKey(delta.cell);
            const at = cells.get(k);
            if (at) at.sums = addSums(at.sums, delta.sums);
            else cells.set(k, { cell: delta.cell, sums: addSums(zeroSums(), delta.sums) });
          }
          lines.push([csv(id), seq, csv(r.kind), csv(r.branchId), csv(r.deviceId), seq, csv(r.hlc), csv(r.wallAt), csv(r.wallAt), csv(received), csv(r.deviceId), csv(JSON.stringify(body)), recordMonth(id, r.hlc)].join(',') + '\n');
        }
        yield lines.join('');
      }
    }
  }
  // Each month's partition made first, as storeRecords would.
  await prepareMonths(db, Array.from({ length: DAYS }, (_, d) => ({ id: ulidOf(0, salt, Date.parse(`${dayOf(d)}T01:00:00.000Z`)), hlc: '' })));
  await pipeline(
    Readable.from(rows()),
    client.query(copyFrom('copy sync_records (id, server_seq, kind, branch_id, device_id, device_seq, hlc, wall_at, corrected_at, received_at, via_device_id, body, record_month) from stdin (format csv)')),
  );
  // The sums: added to what an earlier seeding left (a temporary table, then one upsert).
  const cols = SUM_COLUMNS.map((c) => c.column);
  await client.query(`create temp table fig_seed (like hq_fig_day) on commit preserve rows`);
  await pipeline(
    Readable.from(
      (function* () {
        for (const { cell, sums } of cells.values()) {
          yield [csv(cell.branchId), cell.day, cell.counter, csv(cell.staffId), csv(cell.service), ...SUM_COLUMNS.map((c) => sums[c.field])].join(',') + '\n';
        }
      })(),
    ),
    client.query(copyFrom(`copy fig_seed (branch_id, day, counter, staff_id, service, ${cols.join(', ')}) from stdin (format csv)`)),
  );
  await client.query(
    `insert into hq_fig_day select * from fig_seed on conflict (branch_id, day, counter, staff_id, service) do update set ${cols.map((c) => `${c} = hq_fig_day.${c} + excluded.${c}`).join(', ')}`,
  );
  await client.query('drop table fig_seed');
  await client.query('update sync_seq set value = $1', [seq]);
  await client.query('update hq_fig_cursor set cursor = $1', [seq]);
  await client.query('analyze sync_records; analyze hq_fig_day');
  return { events: from.events + made, nextSeq: seq };
}

async function timeIt(n: number, fn: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  await fn(-1); // warm-up
  const sample: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    sample.push(performance.now() - t0);
  }
  return { p50: percentile(sample, 50), p99: percentile(sample, 99) };
}

/** Ingest: `count` new records (the third month's days, new customers) through storeRecords, 1 pusher, batches of 500. */
function ingestRecords(count: number, branches: number, salt: number, firstSeq: number): SyncRecord[] {
  const out: SyncRecord[] = [];
  let n = firstSeq;
  for (let k = 0; out.length < count; k++) {
    const b = k % branches;
    const d = DAYS - 1 - (Math.floor(k / branches) % 30);
    for (const r of branchDay(b, d, 40)) {
      if (out.length >= count) break;
      n++;
      const body = JSON.parse(JSON.stringify(r.body).replaceAll(`${r.branchId}-`, `${r.branchId}-i${salt}k${k}-`));
      out.push({ ...r, body, id: ulidOf(n, salt, Date.parse(r.wallAt)), deviceId: `${r.deviceId}-i${salt}`, deviceSeq: n - firstSeq });
    }
  }
  return out;
}

const BATCH = 500;
/** Interleaved rounds per pusher count: even, so kept and not kept each go first as often. */
const ROUNDS = 4;

/**
 * Stores `records` through storeRecords, batches of 500, from `pushers` hubs at once: each pusher
 * takes the branches b with b % pushers = its number, as a branch's hub pushes its own records.
 */
async function ingest(db: SqlDb, records: readonly SyncRecord[], consumer: FigureConsumer | null, pushers: number): Promise<number> {
  const streams: SyncRecord[][] = Array.from({ length: pushers }, () => []);
  for (const r of records) streams[Number(r.branchId.slice(-4)) % pushers]!.push(r);
  const t0 = performance.now();
  await Promise.all(
    streams.map(async (stream) => {
      for (let at = 0; at < stream.length; at += BATCH) {
        const batch = stream.slice(at, at + BATCH);
        const now = new Date();
        const res = await storeRecords(db, { deviceId: batch[0]!.deviceId, branchId: batch[0]!.branchId }, batch, now, now);
        if (res.inserted !== batch.length) throw new Error(`bench batch not stored whole: ${res.inserted} of ${batch.length} (${res.rejected[0]?.message ?? ''})`);
        consumer?.wakeSoon();
      }
    }),
  );
  // Kept = the sums hold every record: the consumer has caught up.
  if (consumer) await consumer.catchUp();
  return (performance.now() - t0) / 1000;
}

async function copyRows(client: pg.Client, records: readonly SyncRecord[], firstSeq: number): Promise<number> {
  const received = new Date().toISOString();
  const t0 = performance.now();
  await pipeline(
    Readable.from(
      (function* () {
        for (let at = 0; at < records.length; at += BATCH) {
          yield records
            .slice(at, at + BATCH)
            .map((r, k) => [csv(r.id), firstSeq + at + k, csv(r.kind), csv(r.branchId), csv(r.deviceId), r.deviceSeq, csv(r.hlc), csv(r.wallAt), csv(r.wallAt), csv(received), csv(r.deviceId), csv(JSON.stringify(r.body)), recordMonth(r.id, r.hlc)].join(',') + '\n')
            .join('');
        }
      })(),
    ),
    client.query(copyFrom('copy copy_scratch (id, server_seq, kind, branch_id, device_id, device_seq, hlc, wall_at, corrected_at, received_at, via_device_id, body, record_month) from stdin (format csv)')),
  );
  return (performance.now() - t0) / 1000;
}

/**
 * `sizes`: the event counts to time at, ascending (each seeding adds to the one before).
 * `ingestEvents`: records stored through storeRecords per round (ROUNDS rounds, interleaved with COPY).
 * `pusherCounts`: how many hubs push at once, each count measured on its own rounds.
 */
export async function hqFiguresBench(sizes: readonly number[], branches = 200, ingestEvents = 60_000, samples = 20, pusherCounts: readonly number[] = [1, 4]): Promise<string[]> {
  const base = process.env.GUICHET_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!base) return ['HQ figures on PostgreSQL: skipped (set GUICHET_TEST_DATABASE_URL or DATABASE_URL)'];
  const schema = `guichet_hqfig_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const lines: string[] = [];
  try {
    const settings = await admin.query<{ name: string; setting: string }>("select name, setting from pg_settings where name in ('server_version', 'shared_buffers', 'synchronous_commit') order by name");
    lines.push(`PostgreSQL ${settings.rows.map((s) => `${s.name}=${s.setting}`).join(', ')}; ${branches} branches x ${DAYS} days x ${WINDOWS} windows`);
    const db = await openSqlDb({ databaseUrl: url.toString(), dataDir: '' }, hqMigrations);
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      for (let b = 0; b < branches; b++) {
        const c = demoBranch(FIRST_DAY);
        await putConfigDoc(db, CONFIG_BRANCH, branchId(b), {
          ...c,
          branchId: branchId(b),
          name: { 'zh-CN': `第${b}支行`, 'zh-TW': `第${b}支行`, en: `Branch ${b}` },
          counters: Array.from({ length: WINDOWS }, (_, i) => ({ number: i + 1, services: ['A', 'B', 'V'], staffId: `s-${i + 1}` })),
          staff: Array.from({ length: WINDOWS }, (_, i) => ({ id: `s-${i + 1}`, name: { 'zh-CN': `柜员${i + 1}`, 'zh-TW': `櫃員${i + 1}`, en: `Teller ${i + 1}` }, badge: String(1000 + i), stars: 1 })),
        });
      }
      // Eight regions (BranchConfig's region: an id and a name in the three languages).
      await client.query(
        `update config_docs set body = body || jsonb_build_object('region', jsonb_build_object('id', 'r' || (substr(key, 7)::int % 8),
           'name', jsonb_build_object('zh-CN', '区域' || (substr(key, 7)::int % 8), 'zh-TW', '區域' || (substr(key, 7)::int % 8), 'en', 'Region ' || (substr(key, 7)::int % 8))))
         where kind = '${CONFIG_BRANCH}'`,
      );
      let seeded: Seeded = { events: 0, nextSeq: 0 };
      for (const [k, size] of sizes.entries()) {
        const t0 = performance.now();
        seeded = await seed(client, db, branches, size - seeded.events, seeded, k);
        const seedSeconds = (performance.now() - t0) / 1000;
        const sizeOf = await client.query<{ raw: string; agg: string; rows: string }>(
          "select pg_size_pretty((select sum(pg_total_relation_size(inhrelid)) from pg_inherits where inhparent = 'sync_records'::regclass)) as raw, pg_size_pretty(pg_total_relation_size('hq_fig_day')) as agg, (select count(*) from hq_fig_day)::text as rows",
        );
        const s = sizeOf.rows[0]!;
        lines.push(`seeded to ${seeded.events.toLocaleString('en')} events in ${seedSeconds.toFixed(0)} s (COPY; raw table ${s.raw}, sums ${s.agg} in ${Number(s.rows).toLocaleString('en')} rows)`);
        // The records are in their months' partitions (the planner's row estimates, after analyze).
        const parts = await client.query<{ relname: string; n: string }>(
          "select c.relname, c.reltuples::bigint::text as n from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'sync_records'::regclass and c.reltuples > 0 order by c.relname",
        );
        lines.push(`  partitions: ${parts.rows.map((p) => `${p.relname.replace('sync_records_', '')} ${Number(p.n).toLocaleString('en')}`).join(', ')}`);
        const month = '2026-02';
        const net = await timeIt(samples, () => hqFigures(db, { month }, new Date()));
        const rep = await timeIt(samples, (i) => generateReport(db, month, branchId(Math.abs(i * 37) % branches), 'pdf', 'zh-CN', new Date()));
        lines.push(`  at ${seeded.events.toLocaleString('en')} events: network month view p50 ${ms(net.p50)}, p99 ${ms(net.p99)}; a branch's month report (PDF, zh-CN) p50 ${ms(rep.p50)}, p99 ${ms(rep.p99)} (${samples} samples each)`);
      }
      // Ingest with the sums kept vs raw COPY of the same rows, interleaved. What the seeding
      // left dirty is written out first, so the first round does not pay for it.
      await client.query('create table copy_scratch (like sync_records including all)');
      // (A role without the right to checkpoint runs without it, and says so.)
      await client.query('checkpoint').catch((err: Error) => lines.push(`  no checkpoint before ingest: ${err.message}`));
      const consumer = new FigureConsumer({ db });
      // The consumer keeps the sums through the store's hook on `db`; "consumer off" stores through another pool, which has none.
      const bareDb = await openSqlDb({ databaseUrl: url.toString(), dataDir: '' }, hqMigrations);
      let salt = 20;
      let nextSeq = seeded.nextSeq;
      for (const pushers of pusherCounts) {
        let keptSeconds = 0;
        let bareSeconds = 0;
        let copySeconds = 0;
        let n = 0;
        const per: string[] = [];
        let warmUp = '';
        // Round -1 warms up (untimed in the totals, its ratio printed apart): a process's first
        // batches pay once for what later ones do not (each pooled connection preparing the
        // store's statements, the figures' directory read, the month's index pages read in).
        for (let round = -1; round < ROUNDS; round++) {
          const withSums = ingestRecords(ingestEvents, branches, salt++, nextSeq);
          const bare = ingestRecords(ingestEvents, branches, salt++, nextSeq + ingestEvents);
          const copyFirst = nextSeq;
          nextSeq += 3 * ingestEvents;
          // Without the sums through bareDb (the consumer reads those on its next pass, untimed);
          // which goes first alternates (an even number of rounds), so warming up and the
          // table's growth weigh on both alike.
          let k = 0;
          let b = 0;
          if (round % 2 !== 1) {
            k = await ingest(db, withSums, consumer, pushers);
            b = await ingest(bareDb, bare, null, pushers);
          } else {
            b = await ingest(bareDb, bare, null, pushers);
            await consumer.catchUp();
            k = await ingest(db, withSums, consumer, pushers);
          }
          const c = await copyRows(client, withSums, copyFirst);
          await consumer.catchUp();
          if (round < 0) {
            warmUp = `${(c / k).toFixed(2)}`;
            continue;
          }
          keptSeconds += k;
          bareSeconds += b;
          copySeconds += c;
          n += ingestEvents;
          per.push(`${(c / k).toFixed(2)}`);
        }
        const rate = (sec: number): string => `${Math.round(n / sec).toLocaleString('en')} events/s`;
        lines.push(
          `ingest via storeRecords, ${pushers} pusher${pushers === 1 ? '' : 's'}, batches of ${BATCH}, sums kept (logged by the store, merged, timed until merged): ${rate(keptSeconds)}; sums not kept: ${rate(bareSeconds)}; raw COPY of the same rows into a copy of sync_records: ${rate(copySeconds)}`,
          `  ${pushers} pusher${pushers === 1 ? '' : 's'}: with sums kept / raw COPY ${(copySeconds / keptSeconds).toFixed(2)} (rounds: ${per.join(', ')}; warm-up round, not counted: ${warmUp}); without sums / COPY ${(copySeconds / bareSeconds).toFixed(2)}; kept / not kept ${(bareSeconds / keptSeconds).toFixed(2)}`,
        );
      }
      await consumer.stop();
      await bareDb.close();
    } finally {
      await client.end();
      await db.close();
    }
    return lines;
  } finally {
    if (!process.env.BENCH_KEEP_SCHEMA) await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}
