import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { SyncRecord } from '../../shared/sync/protocol.js';
import { encodeHlc } from '../../shared/time/hlc.js';
import { openSqlDb } from '../../server/db/sqlDb.js';
import type { SqlDb } from '../../server/db/sqlDb.js';
import { hqMigrations } from '../../server/hq/migrations.js';
import { storeRecords } from '../../server/sync/recordStore.js';
import { recordMonth } from '../../server/sync/recordMonth.js';
import { FigureConsumer } from '../../server/hq/figures/figureConsumer.js';
import { freshPgliteDir } from '../support/pgliteDataDir.js';

/**
 * HQ ingest: queue events stored through the real path (storeRecords: body validation, one
 * transaction per batch, sequence lock, dead letters, device progress) in batches of 500, into
 * PGlite and into PostgreSQL; beside it, the same rows by raw COPY into a copy of the table, so
 * the price of the checks and the ordering guarantee shows. HTTP is not included here.
 */

export const BATCH = 500;
const BRANCH = 'bench-001';
const T0 = Date.UTC(2026, 2, 2, 1, 0, 0);
const TYPES = ['ticket.issued', 'ticket.called', 'service.started', 'service.finished'] as const;

/** Crockford base32, for ULID-shaped ids that are the same for the same event index. */
const B32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function ulidOf(n: number, salt: number): string {
  let s = '';
  let v = n;
  for (let i = 0; i < 16; i++) {
    s = B32[v % 32] + s;
    v = Math.floor(v / 32);
  }
  return `01J${B32[salt % 32]}${'0'.repeat(6)}${s}`;
}

/**
 * Event `i` of device `d`: a hub's queue event as it would relay it (about 900 bytes of JSON).
 * Bodies repeat every BODY_CYCLE events so making the records costs next to nothing and the
 * timings are the store's; every record is still validated and stored in full.
 */
export function benchRecord(i: number, d: number, salt: number): SyncRecord {
  const deviceId = `h-bench-${d}`;
  const wallMs = T0 + i * 1000;
  return {
    id: ulidOf(i, salt + d),
    kind: 'queue.event',
    branchId: BRANCH,
    deviceId,
    deviceSeq: i + 1,
    hlc: encodeHlc({ wallMs, counter: 0, node: deviceId }),
    wallAt: new Date(wallMs).toISOString(),
    body: bodyOf(i % BODY_CYCLE),
  };
}

const BODY_CYCLE = 2000;
const bodies: Array<Record<string, unknown>> = [];

function bodyOf(i: number): Record<string, unknown> {
  const cached = bodies[i];
  if (cached) return cached;
  const at = new Date(T0 + i * 1000).toISOString();
  const type = TYPES[i % 4]!;
  const ticketNo = Math.floor(i / 4) % 1000;
  const called = type !== 'ticket.issued';
  const body = {
    id: ulidOf(i, 31),
    seq: i + 1,
    type,
    at,
    branchId: BRANCH,
    counter: called ? 1 + (ticketNo % 4) : null,
    ticket: {
      id: `t-${Math.floor(i / 4)}`,
      businessDay: '2026-03-02',
      service: 'A',
      number: `A${String(ticketNo).padStart(3, '0')}`,
      priority: 'none',
      issuedAt: at,
      status: type === 'ticket.issued' ? 'waiting' : type === 'ticket.called' ? 'called' : type === 'service.started' ? 'serving' : 'done',
      counter: called ? 1 + (ticketNo % 4) : null,
      targetCounter: null,
      calledAt: called ? at : null,
      lastCalledAt: called ? at : null,
      recalls: 0,
      startedAt: type === 'service.started' || type === 'service.finished' ? at : null,
      finishedAt: type === 'service.finished' ? at : null,
      outcome: type === 'service.finished' ? 'completed' : null,
      items: ['A'],
      transfers: 0,
    },
    detail: type === 'service.finished' ? { outcome: 'completed', handlingSeconds: 300, waitSeconds: 420 } : {},
  };
  bodies[i] = body;
  return body;
}

interface IngestFigures {
  events: number;
  seconds: number;
  perSecond: number;
}

/** Adds one round's events and time to a running total. */
function addRound(total: IngestFigures, events: number, seconds: number): IngestFigures {
  const e = total.events + events;
  const t = total.seconds + seconds;
  return { events: e, seconds: t, perSecond: e / t };
}

const NONE: IngestFigures = { events: 0, seconds: 0, perSecond: 0 };

/**
 * `pushers` devices push their events [from, to) each (device sequence from+1 ...), batch by
 * batch, each waiting for its answer. Returns the events stored and the seconds taken.
 */
async function ingest(db: SqlDb, from: number, to: number, pushers: number, salt: number): Promise<{ events: number; seconds: number }> {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: pushers }, async (_, d) => {
      for (let at = from; at < to; at += BATCH) {
        const records = Array.from({ length: Math.min(BATCH, to - at) }, (_, k) => benchRecord(at + k, d, salt));
        const now = new Date();
        const res = await storeRecords(db, { deviceId: `h-bench-${d}`, branchId: BRANCH }, records, now, now);
        if (res.inserted !== records.length || res.rejected.length > 0) throw new Error(`bench batch not stored whole: ${res.inserted} stored, ${res.rejected.length} rejected`);
      }
    }),
  );
  return { events: (to - from) * pushers, seconds: (performance.now() - started) / 1000 };
}

/** One CSV field (COPY ... csv): quoted, quotes doubled. */
const csv = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** Events [from, to) by COPY into copy_scratch (a copy of sync_records, same indexes): one stream, one transaction. */
async function copyIngest(client: pg.Client, from: number, to: number, salt: number): Promise<{ events: number; seconds: number }> {
  const received = new Date().toISOString();
  function* rows(): Generator<string> {
    for (let at = from; at < to; at += BATCH) {
      const lines: string[] = [];
      for (let i = at; i < Math.min(to, at + BATCH); i++) {
        const r = benchRecord(i, 0, salt);
        lines.push(
          [csv(r.id), i + 1, csv(r.kind), csv(r.branchId), csv(r.deviceId), r.deviceSeq, csv(r.hlc), csv(r.wallAt), csv(r.wallAt), csv(received), csv(r.deviceId), csv(JSON.stringify(r.body)), recordMonth(r.id, r.hlc)].join(',') + '\n',
        );
      }
      yield lines.join('');
    }
  }
  const started = performance.now();
  await pipeline(
    Readable.from(rows()),
    client.query(
      copyFrom(
        'copy copy_scratch (id, server_seq, kind, branch_id, device_id, device_seq, hlc, wall_at, corrected_at, received_at, via_device_id, body, record_month) from stdin (format csv)',
      ),
    ),
  );
  return { events: to - from, seconds: (performance.now() - started) / 1000 };
}

const rate = (f: IngestFigures): string => `${f.events} events in ${f.seconds.toFixed(1)} s = ${Math.round(f.perSecond).toLocaleString('en')} events/s`;

/** HQ ingest into PGlite (embedded; one connection, so one pusher). */
export async function ingestPglite(events: number): Promise<string[]> {
  const db = await openSqlDb({ dataDir: await freshPgliteDir() }, hqMigrations);
  try {
    const f = await ingest(db, 0, events, 1, 1);
    return [`HQ ingest into PGlite via storeRecords (no HTTP), batches of ${BATCH}, 1 pusher: ${rate(addRound(NONE, f.events, f.seconds))}`];
  } finally {
    await db.close();
  }
}

/** Rounds the PostgreSQL bench is cut into; see ingestPostgres. */
const ROUNDS = 5;

/**
 * HQ ingest into PostgreSQL (GUICHET_TEST_DATABASE_URL or DATABASE_URL), in a scratch schema that
 * is dropped afterwards: 1 pusher, 8 pushers at once, raw COPY of the same rows, and 1 pusher
 * with the figures' sums kept (issue 15: at least 0.4 of COPY), each `events` in all. The four are interleaved in ROUNDS rounds (the order turning each round), so
 * a burst of load from elsewhere on the machine, a checkpoint, or the tables growing weigh on
 * all four alike and the ratio compares like with like.
 */
export async function ingestPostgres(events: number): Promise<string[]> {
  const base = process.env.GUICHET_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!base) return ['HQ ingest into PostgreSQL: skipped (set GUICHET_TEST_DATABASE_URL or DATABASE_URL)'];
  const schema = `guichet_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  try {
    const settings = await admin.query<{ name: string; setting: string }>(
      "select name, setting from pg_settings where name in ('server_version', 'synchronous_commit', 'fsync') order by name",
    );
    const lines = [`PostgreSQL ${settings.rows.map((s) => `${s.name}=${s.setting}`).join(', ')}`];
    const db = await openSqlDb({ databaseUrl: url.toString(), dataDir: '' }, hqMigrations);
    // Head office as it runs: the figures consumer on its own pool, whose store keeps the sums in
    // each batch's transaction (figureConsumer.ts). `db` has none: the sync store alone.
    const keptDb = await openSqlDb({ databaseUrl: url.toString(), dataDir: '' }, hqMigrations);
    const consumer = new FigureConsumer({ db: keptDb });
    const copier = new pg.Client({ connectionString: url.toString() });
    await copier.connect();
    await copier.query('create table copy_scratch (like sync_records including all)');
    let one = NONE;
    let eight = NONE;
    let copy = NONE;
    let kept = NONE;
    const perRound: string[] = [];
    try {
      const perPusher8 = Math.ceil(events / 8);
      for (let r = 0; r < ROUNDS; r++) {
        const slice = (n: number): [number, number] => [Math.floor((n * r) / ROUNDS), Math.floor((n * (r + 1)) / ROUNDS)];
        const phases = [
          async () => {
            const f = await ingest(db, ...slice(events), 1, 2);
            one = addRound(one, f.events, f.seconds);
            return f;
          },
          async () => {
            const f = await ingest(db, ...slice(perPusher8), 8, 3);
            eight = addRound(eight, f.events, f.seconds);
            return f;
          },
          async () => {
            const f = await copyIngest(copier, ...slice(events), 2);
            copy = addRound(copy, f.events, f.seconds);
            return f;
          },
          async () => {
            // The other phases' records first (untimed), so the consumer starts caught up, as it is when it keeps up.
            await consumer.catchUp();
            const started = performance.now();
            const f = await ingest(keptDb, ...slice(events), 1, 20);
            // Kept = the sums hold every record: whatever the store left to the consumer is in too.
            await consumer.catchUp();
            const seconds = (performance.now() - started) / 1000;
            kept = addRound(kept, f.events, seconds);
            return { events: f.events, seconds };
          },
        ];
        const took: Array<{ events: number; seconds: number }> = [];
        for (let k = 0; k < phases.length; k++) {
          const i = (k + r) % phases.length;
          took[i] = await phases[i]!();
        }
        const ps = took.map((f) => f.events / f.seconds);
        perRound.push(`${(ps[0]! / ps[2]!).toFixed(2)}/${(ps[1]! / ps[2]!).toFixed(2)}/${(ps[3]! / ps[2]!).toFixed(2)}`);
      }
    } finally {
      await consumer.stop();
      await copier.end();
      await keptDb.close();
      await db.close();
    }
    lines.push(
      `HQ ingest into PostgreSQL via storeRecords (no HTTP), batches of ${BATCH}, 1 pusher: ${rate(one)}`,
      `HQ ingest into PostgreSQL via storeRecords (no HTTP), batches of ${BATCH}, 8 pushers at once: ${rate(eight)}`,
      `raw COPY of the same rows into a copy of sync_records (same indexes), one stream per round: ${rate(copy)}`,
      `HQ ingest into PostgreSQL via storeRecords with the figures' sums kept (timed until caught up), 1 pusher: ${rate(kept)}`,
      `storeRecords / COPY: ${(one.perSecond / copy.perSecond).toFixed(2)} with 1 pusher, ${(eight.perSecond / copy.perSecond).toFixed(2)} with 8, ` +
        `${(kept.perSecond / copy.perSecond).toFixed(2)} with the sums kept (${ROUNDS} interleaved rounds, each 1 pusher/8 pushers/sums kept: ${perRound.join(', ')})`,
    );
    return lines;
  } finally {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}
