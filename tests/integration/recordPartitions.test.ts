import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { CONFIG_BRANCH } from '../../shared/sync/kinds.js';
import type { SyncRecord } from '../../shared/sync/protocol.js';
import { encodeHlc } from '../../shared/time/hlc.js';
import { openSqlDb } from '../../server/db/sqlDb.js';
import type { SqlDb } from '../../server/db/sqlDb.js';
import { FigureConsumer } from '../../server/hq/figures/figureConsumer.js';
import { hqFigures } from '../../server/hq/figures/figureQueries.js';
import { hqMigrations } from '../../server/hq/migrations.js';
import { putConfigDoc } from '../../server/sync/configDocs.js';
import { attachMonth, detachMonth, dropDetachedMonth, listMonths, monthsAway } from '../../server/sync/partitions.js';
import { RECORD_MONTH_SQL, recordMonth } from '../../server/sync/recordMonth.js';
import { recordsAfter, storeRecords } from '../../server/sync/recordStore.js';
import { freshPgliteDir } from '../support/pgliteDataDir.js';
import { DB_TARGETS, freshPostgresSchema } from '../support/testDatabases.js';

/**
 * Head office's raw events partitioned by month (server/sync/partitions.ts), on PGlite and, when
 * GUICHET_TEST_DATABASE_URL is set, on PostgreSQL: rows stored before the change move into their
 * months; records days and months late, and twice, land once in their own month and once in the
 * figures; an old month detached leaves the others answering, and is attached again or dropped.
 */

const BRANCH = 'b-part';
const HUB = 'hub-b-part';
const PARTITIONING = hqMigrations.findIndex((m) => m.id === 'hq_003_records_by_month');

/** A ticket issued at `at` (its record made then: the ULID's time is the record's month). */
function issued(n: number, at: string): SyncRecord {
  const ms = Date.parse(at);
  const day = at.slice(0, 10);
  const ticket = {
    id: `t-${n}`, businessDay: day, service: 'A', number: `A${String(n).padStart(3, '0')}`, priority: 'none', issuedAt: at, status: 'waiting',
    counter: null, targetCounter: null, calledAt: null, lastCalledAt: null, recalls: 0, startedAt: null, finishedAt: null, outcome: null, items: [], transfers: 0,
  };
  return {
    id: ulid(ms),
    kind: 'queue.event',
    branchId: BRANCH,
    deviceId: HUB,
    deviceSeq: n,
    hlc: encodeHlc({ wallMs: ms, counter: 0, node: HUB }),
    wallAt: at,
    body: { id: `e-${n}`, seq: n, type: 'ticket.issued', at, branchId: BRANCH, counter: null, ticket, detail: {} },
  };
}

async function store(db: SqlDb, records: readonly SyncRecord[]): Promise<Awaited<ReturnType<typeof storeRecords>>> {
  const now = new Date('2026-04-10T02:00:00.000Z');
  return storeRecords(db, { deviceId: HUB, branchId: BRANCH }, records, now, now);
}

/** Each stored record's partition, by id. */
async function partitionOf(db: SqlDb): Promise<Map<string, string>> {
  const { rows } = await db.query<{ id: string; part: string }>('select id, tableoid::regclass::text as part from sync_records');
  return new Map(rows.map((r) => [r.id, r.part.replace(/^.*\./, '')]));
}

async function arrivals(db: SqlDb, month: string): Promise<number> {
  return (await hqFigures(db, { month }, new Date('2026-05-01T00:00:00Z'))).totals.figures.arrivals;
}

describe.each(DB_TARGETS)('head office raw events by month on %s', (target) => {
  let open: (upTo?: number) => Promise<SqlDb>;
  let cleanup: () => Promise<void>;
  let db: SqlDb;
  const jan = [issued(1, '2026-01-20T02:00:00.000Z'), issued(2, '2026-01-31T15:59:00.000Z')];
  const mar = [issued(3, '2026-03-02T02:00:00.000Z'), issued(4, '2026-03-02T03:00:00.000Z')];
  const feb = issued(5, '2026-02-14T02:00:00.000Z');

  beforeAll(async () => {
    if (target === 'pglite') {
      const dir = await freshPgliteDir();
      open = (upTo) => openSqlDb({ dataDir: dir }, hqMigrations.slice(0, upTo));
      cleanup = async () => undefined;
    } else {
      const schema = await freshPostgresSchema();
      open = (upTo) => openSqlDb({ databaseUrl: schema.url, dataDir: '' }, hqMigrations.slice(0, upTo));
      cleanup = () => schema.drop();
    }
    // Records stored before the table was partitioned: one of January, one of March.
    const before = await open(PARTITIONING);
    expect((await store(before, [jan[0]!, mar[0]!])).inserted).toBe(2);
    await before.close();
    db = await open();
    await putConfigDoc(db, CONFIG_BRANCH, BRANCH, { ...demoBranch('2026-01-01'), branchId: BRANCH });
  });
  afterAll(async () => {
    await db?.close();
    await cleanup();
  });

  it('moves the rows stored before into their months, with the indexes other migrations made', async () => {
    const { rows } = await db.query<{ relkind: string }>("select relkind from pg_class where oid = to_regclass('sync_records')");
    expect(rows[0]!.relkind).toBe('p');
    const parts = await partitionOf(db);
    expect(parts.get(jan[0]!.id)).toBe('sync_records_y2026m01');
    expect(parts.get(mar[0]!.id)).toBe('sync_records_y2026m03');
    expect((await recordsAfter(db, 0, 10)).map((r) => r.record)).toEqual([jan[0], mar[0]]);
    // hq_001's index on corrected_at exists on the partitions too.
    const idx = await db.query<{ n: number | string }>("select count(*) as n from pg_indexes where schemaname = current_schema() and tablename = 'sync_records_y2026m01' and indexdef like '%(corrected_at)%'");
    expect(Number(idx.rows[0]!.n)).toBe(1);
  });

  it('computes the same month in the store and in SQL, from the id alone', async () => {
    const ids = [...jan, ...mar].map((r) => ({ id: r.id, hlc: 'x' }));
    ids.push({ id: 'not-a-ulid', hlc: encodeHlc({ wallMs: Date.parse('2025-07-31T23:59:59.999Z'), counter: 0, node: 'n' }) });
    const { rows } = await db.query<{ m: string }>(
      `select to_char(${RECORD_MONTH_SQL}, 'YYYY-MM-DD') as m from unnest($1::text[], $2::text[]) with ordinality as x(id, hlc, o) order by o`,
      [ids.map((i) => i.id), ids.map((i) => i.hlc)],
    );
    expect(rows.map((r) => r.m)).toEqual(ids.map((i) => recordMonth(i.id, i.hlc)));
    expect(rows.map((r) => r.m)).toEqual(['2026-01-01', '2026-01-01', '2026-03-01', '2026-03-01', '2025-07-01']);
  });

  it('stores records months late and twice once, in their own month, and counts them once in the figures', async () => {
    const consumer = new FigureConsumer({ db });
    // March first, then January's second ticket two months late (a new month's partition made
    // on demand), then everything again, in other batches, as a relay after a lost answer would.
    expect((await store(db, mar)).inserted).toBe(1);
    expect((await store(db, [jan[1]!])).inserted).toBe(1);
    const again = await store(db, [...mar, feb, ...jan].reverse());
    expect(again).toMatchObject({ inserted: 1, rejected: [] });
    expect((await store(db, [feb, jan[0]!])).inserted).toBe(0);
    await consumer.catchUp();
    await consumer.stop();
    const parts = await partitionOf(db);
    expect(parts.size).toBe(5);
    expect([...jan, feb, ...mar].map((r) => parts.get(r.id))).toEqual(['sync_records_y2026m01', 'sync_records_y2026m01', 'sync_records_y2026m02', 'sync_records_y2026m03', 'sync_records_y2026m03']);
    expect(await arrivals(db, '2026-01')).toBe(2);
    expect(await arrivals(db, '2026-02')).toBe(1);
    expect(await arrivals(db, '2026-03')).toBe(2);
    // The month after the newest is made ahead.
    expect((await listMonths(db)).map((m) => m.month)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
  });

  it('detaches an old month: the others answer, its records are not stored twice, and it attaches again or is dropped', async () => {
    const table = await detachMonth(db, '2026-01');
    expect(table).toBe('sync_records_y2026m01');
    expect((await listMonths(db)).find((m) => m.month === '2026-01')).toMatchObject({ attached: false });
    // The recent months still answer, in server_seq order; January's rows are in the detached table.
    const left = await recordsAfter(db, 0, 100);
    expect(left.map((r) => r.record.id)).toEqual([mar[0]!.id, mar[1]!.id, feb.id]);
    expect(left.map((r) => r.serverSeq)).toEqual([...left.map((r) => r.serverSeq)].sort((a, b) => a - b));
    expect(Number((await db.query<{ n: number | string }>(`select count(*) as n from ${table}`)).rows[0]!.n)).toBe(2);
    expect(await arrivals(db, '2026-03')).toBe(2);
    // The figures keep January's sums, and a rebuild, which would start over from the stored
    // records alone, is refused while January is away: nothing is deleted.
    expect(await arrivals(db, '2026-01')).toBe(2);
    const consumer = new FigureConsumer({ db });
    await expect(consumer.rebuild()).rejects.toMatchObject({ code: 'conflict', reason: 'months_away', message: expect.stringContaining('2026-01') });
    await consumer.stop();
    expect(await arrivals(db, '2026-01')).toBe(2);
    // A January record arriving again is dead-lettered, not stored beside its archived copy; a
    // March one is stored as ever.
    const late = await store(db, [jan[1]!, issued(6, '2026-03-20T02:00:00.000Z')]);
    expect(late.inserted).toBe(1);
    expect(late.rejected.map((r) => [r.id, r.code])).toEqual([[jan[1]!.id, 'month_archived']]);
    await db.query('delete from dead_letters');

    await attachMonth(db, '2026-01');
    expect((await recordsAfter(db, 0, 100)).some((r) => r.record.id === jan[0]!.id)).toBe(true);
    expect(await store(db, jan)).toMatchObject({ inserted: 0, rejected: [] });

    await detachMonth(db, '2026-01');
    await expect(dropDetachedMonth(db, '2026-03')).rejects.toThrow(/still attached/);
    await dropDetachedMonth(db, '2026-01');
    expect((await listMonths(db)).map((m) => m.month)).toEqual(['2026-02', '2026-03', '2026-04']);
    expect((await recordsAfter(db, 0, 100)).length).toBe(4);
    // Dropped (archived elsewhere): a January record arriving late is still dead-lettered, and
    // the month is not made again beside its archive.
    const afterDrop = await store(db, [jan[0]!]);
    expect(afterDrop.rejected.map((r) => [r.id, r.code])).toEqual([[jan[0]!.id, 'month_archived']]);
    expect((await listMonths(db)).map((m) => m.month)).toEqual(['2026-02', '2026-03', '2026-04']);
    expect(await monthsAway(db)).toEqual(['2026-01']);
    await db.query('delete from dead_letters');
  });

  it('makes a new month once when pushes of it arrive at the same time', async () => {
    const may = Array.from({ length: 8 }, (_, d) =>
      Array.from({ length: 20 }, (_, i) => ({ ...issued(1000 + d * 100 + i, `2026-05-0${1 + (i % 9)}T02:00:00.000Z`), deviceId: `c-may-${d}`, deviceSeq: i + 1 })),
    );
    const res = await Promise.all(may.map((records) => store(db, records)));
    expect(res.map((r) => r.inserted)).toEqual(may.map(() => 20));
    expect((await listMonths(db)).map((m) => m.month)).toEqual(['2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
  });
});
