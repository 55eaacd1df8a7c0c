import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { monotonicFactory } from 'ulid';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { CONFIG_BRANCH } from '../../shared/sync/kinds.js';
import type { SyncRecord } from '../../shared/sync/protocol.js';
import { encodeHlc } from '../../shared/time/hlc.js';
import type { SqlDb } from '../../server/db/sqlDb.js';
import { FigureConsumer } from '../../server/hq/figures/figureConsumer.js';
import { hqMigrations } from '../../server/hq/migrations.js';
import { putConfigDoc } from '../../server/sync/configDocs.js';
import { HQ_SUM_FIELDS } from '../../shared/hq/sums.js';
import { LoggedBatches } from '../../server/hq/figures/loggedBatches.js';
import { storeRecords } from '../../server/sync/recordStore.js';
import { RecordFollower } from '../../server/sync/recordFollower.js';
import { DB_TARGETS, freshSqlDb } from '../support/testDatabases.js';

/**
 * Head office logs a batch's figures in the transaction that stores it (the store hook,
 * server/hq/figures/deltaLog.ts) when its consumer is caught up, and leaves them to the consumer
 * otherwise; the log is merged into the sums shortly after and before every read. Either way
 * each record counts once.
 */

const BRANCH = 'b-inline';
const HUB = 'hub-b-inline';
const ulid = monotonicFactory();
let seq = 0;

function issued(at: string): SyncRecord {
  const n = ++seq;
  const ms = Date.parse(at);
  const ticket = {
    id: `t-${n}`, businessDay: at.slice(0, 10), service: 'A', number: `A${String(n).padStart(3, '0')}`, priority: 'none', issuedAt: at, status: 'waiting',
    counter: null, targetCounter: null, calledAt: null, lastCalledAt: null, recalls: 0, startedAt: null, finishedAt: null, outcome: null, items: [], transfers: 0,
  };
  return {
    id: ulid(ms), kind: 'queue.event', branchId: BRANCH, deviceId: HUB, deviceSeq: n, hlc: encodeHlc({ wallMs: ms, counter: 0, node: HUB }), wallAt: at,
    body: { id: `e-${n}`, seq: n, type: 'ticket.issued', at, branchId: BRANCH, counter: null, ticket, detail: {} },
  };
}

/** A call of ticket `t` (its first, or a recall) at `counter`, with a wait of n minutes. */
function call(t: SyncRecord, n: number, at: string, counter: number): SyncRecord {
  const body = t.body as { ticket: Record<string, unknown> } & Record<string, unknown>;
  const r = issued(at);
  return { ...r, body: { ...body, id: `call-${r.deviceSeq}`, type: 'ticket.called', at, counter, ticket: { ...body.ticket, status: 'called', counter, calledAt: at, lastCalledAt: at }, detail: { waitSeconds: 60 * n, staffId: `s-${counter}` } } };
}

const day = (n: number, d = '2026-03-02'): SyncRecord[] => Array.from({ length: n }, (_, i) => issued(`${d}T0${1 + (i % 8)}:00:00.000Z`));

describe.each(DB_TARGETS)('figures kept as records are stored, on %s', (target) => {
  let db: SqlDb;
  let drop: () => Promise<void>;
  let consumer: FigureConsumer;
  const store = (records: readonly SyncRecord[]) => storeRecords(db, { deviceId: HUB, branchId: BRANCH }, records, new Date(), new Date());
  const arrivals = async (): Promise<number> => Number((await db.query<{ n: number | string | null }>('select sum(arrivals) as n from hq_fig_day')).rows[0]!.n ?? 0);
  const cursor = async (): Promise<number> => Number((await db.query<{ cursor: number | string }>('select cursor from hq_fig_cursor')).rows[0]!.cursor);
  const top = async (): Promise<number> => Number((await db.query<{ m: number | string | null }>('select max(server_seq) as m from sync_records')).rows[0]!.m ?? 0);

  beforeAll(async () => {
    ({ db, drop } = await freshSqlDb(target, hqMigrations));
    await putConfigDoc(db, CONFIG_BRANCH, BRANCH, { ...demoBranch('2026-03-01'), branchId: BRANCH });
    consumer = new FigureConsumer({ db });
  });
  afterAll(async () => {
    await consumer.stop();
    await drop();
  });

  const logRows = async (): Promise<number> => Number((await db.query<{ n: number | string }>('select count(*) as n from hq_fig_delta')).rows[0]!.n);
  const waitsAt = async (counter: number): Promise<number> =>
    Number((await db.query<{ n: number | string | null }>('select sum(wait_count) as n from hq_fig_day where counter = $1', [counter])).rows[0]!.n ?? 0);

  it('logs a batch in its own transaction, merges it before a read, and a batch stored twice once', async () => {
    const batch = day(30);
    await store(batch);
    // No consumer pass ran: the store logged the deltas and moved the cursor past the batch.
    expect(await logRows()).toBe(1);
    expect(await cursor()).toBe(await top());
    expect(await arrivals()).toBe(0);
    // A read catches up first: nothing to read back, the log merged.
    expect(await consumer.catchUp()).toBe(0);
    expect(await arrivals()).toBe(30);
    expect(await logRows()).toBe(0);
    await store([...batch.slice(10), ...day(5)]);
    expect(await consumer.catchUp()).toBe(0);
    expect(await arrivals()).toBe(35);
  });

  it('counts a ticket called again in a later batch as one wait', async () => {
    const [t] = day(1, '2026-03-06');
    const before = await waitsAt(1);
    await store([t!, call(t!, 1, '2026-03-06T01:05:00.000Z', 1)]);
    await store([call(t!, 2, '2026-03-06T01:30:00.000Z', 1)]);
    await consumer.catchUp();
    expect(await waitsAt(1)).toBe(before + 1);
    expect(await cursor()).toBe(await top());
  });

  it('leaves a batch to the consumer while records before it are unread, and counts each once', async () => {
    // Stored without the hook (another process, or the consumer stopped): the cursor stays behind.
    await consumer.stop();
    await store(day(7, '2026-03-03'));
    consumer = new FigureConsumer({ db });
    const behind = await cursor();
    await store(day(4, '2026-03-03'));
    expect(await logRows()).toBe(0);
    expect(await arrivals()).toBe(36);
    expect(await cursor()).toBe(behind);
    // The push that stored them wakes a pass, which counts them with nobody asking.
    consumer.wakeSoon();
    await expect.poll(arrivals, { timeout: 10_000 }).toBe(47);
    await consumer.catchUp();
    expect(await arrivals()).toBe(47);
    // Caught up: the next batch is logged with its transaction again...
    const passes = vi.spyOn(RecordFollower.prototype, 'catchUp');
    await store(day(2, '2026-03-04'));
    expect(await logRows()).toBe(1);
    expect(await cursor()).toBe(await top());
    // ...and its push merges it with nobody asking, and starts no pass: there is nothing left to
    // read, and a pass would hold the cursor row the next batch's store needs.
    consumer.wakeSoon();
    await expect.poll(arrivals, { timeout: 10_000 }).toBe(49);
    await new Promise((r) => setTimeout(r, 400));
    expect(passes).not.toHaveBeenCalled();
    passes.mockRestore();
  });

  it('counts a once-per-ticket fact for the record stored first, logged or read back', async () => {
    // The first call (window 2) is logged; a recall at window 3 is stored while the consumer is
    // away, so a pass reads it back. The pass merges the log before its page: the wait stays at
    // window 2, where it was first called.
    const [t] = day(1, '2026-03-07');
    await store([t!, call(t!, 3, '2026-03-07T01:05:00.000Z', 2)]);
    expect(await logRows()).toBe(1);
    await consumer.stop();
    await store([call(t!, 4, '2026-03-07T01:20:00.000Z', 3)]);
    consumer = new FigureConsumer({ db });
    const [at2, at3] = [await waitsAt(2), await waitsAt(3)];
    expect(await consumer.catchUp()).toBe(1);
    expect(await waitsAt(2)).toBe(at2 + 1);
    expect(await waitsAt(3)).toBe(at3);
    expect(await logRows()).toBe(0);
  });

  it('merges a logged batch from its records read back when this process does not hold its deltas', async () => {
    // Logged by one process, which stops before merging (a restart, or another head-office
    // process merges): the next one reads the records back.
    const held = vi.spyOn(LoggedBatches.prototype, 'take');
    const before = await arrivals();
    await store(day(3, '2026-03-05'));
    expect(await logRows()).toBe(1);
    await consumer.stop();
    consumer = new FigureConsumer({ db });
    expect(await consumer.catchUp()).toBe(0);
    expect(await arrivals()).toBe(before + 3);
    expect(await logRows()).toBe(0);
    expect(held.mock.results.map((r) => r.value)).toEqual([undefined]);
    // The same process merges what it logged from memory.
    held.mockClear();
    await store(day(2, '2026-03-05'));
    await consumer.catchUp();
    expect(await arrivals()).toBe(before + 5);
    expect(held.mock.results).toHaveLength(1);
    expect(held.mock.results[0]!.value).toHaveLength(2);
    held.mockRestore();
  });

  it('counts a logged batch with the branch configuration held when it is merged', async () => {
    // Service A's wait target is changed between the store and the merge: the deltas made with
    // the old one are not used; the records are read back and judged by the new target, as a
    // consumer page would.
    const within = async (): Promise<number> => Number((await db.query<{ n: number | string | null }>('select sum(wait_within_target) as n from hq_fig_day')).rows[0]!.n ?? 0);
    const waits = async (): Promise<number> => Number((await db.query<{ n: number | string | null }>('select sum(wait_count) as n from hq_fig_day')).rows[0]!.n ?? 0);
    await consumer.catchUp();
    const [w0, in0] = [await waits(), await within()];
    const [t] = day(1, '2026-03-09');
    await store([t!]);
    await consumer.catchUp();
    const config = demoBranch('2026-03-01');
    const target = config.services.find((s) => s.code === 'A')!.targetWaitMinutes!;
    // A wait of target + 1 minutes: over the target now, within it once the target is raised.
    await store([call(t!, target + 1, '2026-03-09T02:00:00.000Z', 1)]);
    expect(await logRows()).toBe(1);
    await putConfigDoc(db, CONFIG_BRANCH, BRANCH, { ...config, branchId: BRANCH, services: config.services.map((s) => (s.code === 'A' ? { ...s, targetWaitMinutes: target + 5 } : s)) });
    await consumer.catchUp();
    expect(await waits()).toBe(w0 + 1);
    expect(await within()).toBe(in0 + 1);
    // The next batch is made with the new configuration, and merged from memory.
    const held = vi.spyOn(LoggedBatches.prototype, 'take');
    const [u] = day(1, '2026-03-09');
    await store([u!, call(u!, target + 2, '2026-03-09T02:10:00.000Z', 1)]);
    await consumer.catchUp();
    // Its two records' deltas: the arrival and the wait.
    expect(held.mock.results[0]!.value).toHaveLength(2);
    expect(await within()).toBe(in0 + 2);
    held.mockRestore();
    await putConfigDoc(db, CONFIG_BRANCH, BRANCH, { ...config, branchId: BRANCH });
  });

  it('merges a log row written with its deltas by the previous version', async () => {
    const before = await arrivals();
    // A cell's row as deltaRows.ts writes it: cell, once-key, then every sum in HQ_SUM_FIELDS order.
    const row = ['b-legacy', '2026-03-10', 0, '', 'A', null, ...HQ_SUM_FIELDS.map((f) => (f === 'arrivals' ? 4 : 0))];
    const top = Number((await db.query<{ m: number | string }>('select max(server_seq) as m from sync_records')).rows[0]!.m);
    await db.query('insert into hq_fig_delta (id, delta_rows) values ($1, $2)', [top, JSON.stringify([row])]);
    await consumer.catchUp();
    expect(await arrivals()).toBe(before + 4);
    expect(await logRows()).toBe(0);
  });
});
