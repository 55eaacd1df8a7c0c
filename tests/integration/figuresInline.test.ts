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
import { setStoreHook, storeRecords } from '../../server/sync/recordStore.js';
import { DB_TARGETS, freshSqlDb } from '../support/testDatabases.js';

/**
 * Head office adds a batch's figures in the transaction that stores it (the store hook of
 * figureConsumer.ts) when its consumer is caught up, and leaves them to the consumer otherwise:
 * either way each record counts once.
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

  it('adds a batch to the sums in its own transaction, and a batch stored twice once', async () => {
    const batch = day(30);
    await store(batch);
    // No consumer pass ran: the store added the sums and moved the cursor past the batch.
    expect(await arrivals()).toBe(30);
    expect(await cursor()).toBe(await top());
    await store([...batch.slice(10), ...day(5)]);
    expect(await arrivals()).toBe(35);
    expect(await consumer.catchUp()).toBe(0);
    expect(await arrivals()).toBe(35);
  });

  it('counts a ticket called again in a later batch as one wait', async () => {
    const [t] = day(1, '2026-03-06');
    const body = t!.body as { ticket: Record<string, unknown> } & Record<string, unknown>;
    const call = (n: number, at: string): SyncRecord => {
      const r = issued(at);
      return { ...r, body: { ...body, id: `call-${n}`, type: 'ticket.called', at, counter: 1, ticket: { ...body.ticket, status: 'called', counter: 1, calledAt: at, lastCalledAt: at }, detail: { waitSeconds: 60 * n, staffId: 's-1' } } };
    };
    const waits = async (): Promise<number> => Number((await db.query<{ n: number | string | null }>('select sum(wait_count) as n from hq_fig_day')).rows[0]!.n ?? 0);
    const before = await waits();
    await store([t!, call(1, '2026-03-06T01:05:00.000Z')]);
    await store([call(2, '2026-03-06T01:30:00.000Z')]);
    expect(await waits()).toBe(before + 1);
    expect(await cursor()).toBe(await top());
  });

  it('leaves a batch to the consumer while records before it are unread, and counts each once', async () => {
    // Stored without the hook (another process, or the consumer stopped): the cursor stays behind.
    await consumer.stop();
    await store(day(7, '2026-03-03'));
    consumer = new FigureConsumer({ db });
    const behind = await cursor();
    await store(day(4, '2026-03-03'));
    expect(await arrivals()).toBe(36);
    expect(await cursor()).toBe(behind);
    // The push that stored them wakes a pass, which counts them with nobody asking.
    consumer.wakeSoon();
    await expect.poll(arrivals, { timeout: 10_000 }).toBe(47);
    await consumer.catchUp();
    expect(await arrivals()).toBe(47);
    // Caught up: the next batch goes in with its transaction again.
    await store(day(2, '2026-03-04'));
    expect(await arrivals()).toBe(49);
    expect(await cursor()).toBe(await top());
    // ...and its push starts no pass: there is nothing left to read, and a pass would hold the
    // cursor row the next batch's store needs.
    const transactions = vi.spyOn(db, 'transaction');
    consumer.wakeSoon();
    await new Promise((r) => setTimeout(r, 600));
    expect(transactions).not.toHaveBeenCalled();
    transactions.mockRestore();
  });

  it('stores the records when the hook fails, undoing only what the hook wrote', async () => {
    setStoreHook(db, {
      apply: async (tx) => {
        await tx.query('update hq_fig_cursor set cursor = 0');
        throw new Error('figures broke');
      },
    });
    const before = await cursor();
    const res = await store(day(3, '2026-03-05'));
    expect(res.inserted).toBe(3);
    expect(await cursor()).toBe(before);
    await consumer.stop();
    consumer = new FigureConsumer({ db });
    await consumer.catchUp();
    expect(await arrivals()).toBe(52);
  });
});
