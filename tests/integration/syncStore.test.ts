import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { newId } from '../../shared/ids.js';
import type { SyncRecord } from '../../shared/sync/protocol.js';
import { encodeHlc } from '../../shared/time/hlc.js';
import type { SqlDb, SqlTx } from '../../server/db/sqlDb.js';
import { applyConfigDoc, configChangesAfter, putConfigDoc } from '../../server/sync/configDocs.js';
import { deviceBacklog } from '../../server/sync/deviceProgress.js';
import { syncMigrations } from '../../server/sync/migrations.js';
import { recordsAfter, storeRecords } from '../../server/sync/recordStore.js';
import { DB_TARGETS, freshSqlDb } from '../support/testDatabases.js';

const targets = DB_TARGETS;
const freshDb = (target: string) => freshSqlDb(target as 'pglite' | 'postgres', syncMigrations);

const BRANCH = 'b-001';
const SENT = new Date('2026-03-02T02:00:00.000Z');

function record(deviceId: string, deviceSeq: number, over: Partial<SyncRecord> = {}): SyncRecord {
  const wall = new Date(SENT.getTime() - 60_000 + deviceSeq);
  return {
    id: newId(),
    kind: 'counter.event',
    branchId: BRANCH,
    deviceId,
    deviceSeq,
    hlc: encodeHlc({ wallMs: wall.getTime(), counter: 0, node: deviceId }),
    wallAt: wall.toISOString(),
    body: { type: 'teller.signed_in', counter: 1, payload: { n: deviceSeq } },
    ...over,
  };
}

function batch(deviceId: string, from: number, n: number): SyncRecord[] {
  return Array.from({ length: n }, (_, i) => record(deviceId, from + i));
}

async function count(db: SqlDb, table: string): Promise<number> {
  return Number((await db.query<{ n: number | string }>(`select count(*) as n from ${table}`)).rows[0]!.n);
}

async function seqValue(db: SqlDb): Promise<number> {
  return Number((await db.query<{ value: number | string }>('select value from sync_seq')).rows[0]!.value);
}

describe.each(targets)('the sync store on %s', (target) => {
  let db: SqlDb;
  let drop: () => Promise<void>;
  beforeAll(async () => ({ db, drop } = await freshDb(target)));
  afterAll(async () => drop());

  it('stores a record once however often and by however many paths it arrives', async () => {
    const counter = { deviceId: 'c-idem', branchId: BRANCH };
    const hub = { deviceId: 'h-idem', branchId: BRANCH };
    const records = batch('c-idem', 1, 10);
    const before = await count(db, 'sync_records');
    const first = await storeRecords(db, counter, records, SENT, SENT);
    const again = await storeRecords(db, counter, records, SENT, SENT);
    // The same records relayed by the hub, in another order, with one new one among them.
    const extra = record('c-idem', 11);
    const relayed = await storeRecords(db, hub, [...records].reverse().concat(extra, extra), SENT, SENT);
    expect(first).toMatchObject({ inserted: 10, rejected: [] });
    expect(first.acked).toEqual(records.map((r) => r.id));
    expect(again).toMatchObject({ inserted: 0, acked: first.acked, rejected: [] });
    expect(relayed.inserted).toBe(1);
    expect(new Set(relayed.acked)).toEqual(new Set([...first.acked, extra.id]));
    expect((await count(db, 'sync_records')) - before).toBe(11);
    // Stored exactly as sent, in commit order.
    const stored = (await recordsAfter(db, 0, 10_000)).filter((s) => s.record.deviceId === 'c-idem');
    expect(stored.map((s) => s.record)).toEqual([...records, extra]);
    expect(stored.map((s) => s.viaDeviceId)).toEqual([...records.map(() => 'c-idem'), 'h-idem']);
    const seqs = stored.map((s) => s.serverSeq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('stores nothing of a batch whose transaction fails halfway, and takes the retry whole', async () => {
    const records = batch('c-cut', 1, 5);
    const before = { records: await count(db, 'sync_records'), seq: await seqValue(db) };
    // The statement that stores the batch's records, dead letters and device progress fails (the
    // sequence row is locked by then).
    await expect(storeRecords(failingAt(db, 'with recursive'), { deviceId: 'c-cut', branchId: BRANCH }, records, SENT, SENT)).rejects.toThrow(/cut/);
    expect(await count(db, 'sync_records')).toBe(before.records);
    expect(await seqValue(db)).toBe(before.seq);
    expect((await deviceBacklog(db)).find((d) => d.deviceId === 'c-cut')).toBeUndefined();
    const retry = await storeRecords(db, { deviceId: 'c-cut', branchId: BRANCH }, records, SENT, SENT);
    expect(retry.inserted).toBe(5);
    expect(await seqValue(db)).toBe(before.seq + 5);
  });

  it('stores nothing of a full batch cut between the statements that carry its records', async () => {
    const records = batch('c-cut-big', 1, 500);
    const before = { records: await count(db, 'sync_records'), seq: await seqValue(db) };
    // PostgreSQL gets a batch in chunks: the second fails after the first went in. PGlite: the one statement.
    const cut = failingAt(db, 'insert into sync_records', target === 'postgres' ? 2 : 1);
    await expect(storeRecords(cut, { deviceId: 'c-cut-big', branchId: BRANCH }, records, SENT, SENT)).rejects.toThrow(/cut/);
    expect(await count(db, 'sync_records')).toBe(before.records);
    expect(await seqValue(db)).toBe(before.seq);
    const retry = await storeRecords(db, { deviceId: 'c-cut-big', branchId: BRANCH }, records, SENT, SENT);
    expect(retry.inserted).toBe(500);
    expect(await seqValue(db)).toBe(before.seq + 500);
  });

  it('dead-letters a bad record of a known kind, stores the rest, and keeps unknown kinds as they are', async () => {
    const good = record('c-dead', 1);
    const badBody = record('c-dead', 2, { kind: 'queue.event', body: { type: 'ticket.issued' } });
    const nul = record('c-dead', 3, { body: { type: 'teller.note', counter: 1, payload: { text: 'a\u0000b' } } });
    const future = record('c-dead', 4, { kind: 'recording.segment_written', body: { anything: ['goes', 1] } });
    const huge = record('c-dead', 5, { kind: 'x.big', body: { blob: 'x'.repeat(70 * 1024) } });
    const res = await storeRecords(db, { deviceId: 'c-dead', branchId: BRANCH }, [good, badBody, nul, future, huge], SENT, SENT);
    expect(res.acked).toEqual([good.id, future.id]);
    expect(res.rejected.map((r) => [r.id, r.code])).toEqual([
      [badBody.id, 'invalid_body'],
      [nul.id, 'unstorable_text'],
      [huge.id, 'too_large'],
    ]);
    expect(res.rejected[0]!.message).toMatch(/queue\.event/);
    const dead = await db.query<{ id: string; code: string; record: SyncRecord; device_seq: number | string }>(
      "select id, code, record, device_seq from dead_letters where device_id = 'c-dead' order by device_seq",
    );
    expect(dead.rows.map((r) => r.id)).toEqual([badBody.id, nul.id, huge.id]);
    // Kept for the lead, with what the database cannot hold replaced.
    expect((dead.rows[1]!.record.body as any).payload.text).toBe('a\ufffdb');
    // Again: still refused, still one dead letter each; the good ones acknowledged again.
    const again = await storeRecords(db, { deviceId: 'c-dead', branchId: BRANCH }, [good, badBody], SENT, SENT);
    expect(again).toMatchObject({ acked: [good.id], inserted: 0 });
    expect(await db.query("select 1 from dead_letters where device_id = 'c-dead'").then((r) => r.rows.length)).toBe(3);
    const stored = (await recordsAfter(db, 0, 10_000)).find((s) => s.record.id === future.id);
    expect(stored?.record).toEqual(future);
    // Dead letters count as arrived: no gap is left in the device's sequence.
    expect((await deviceBacklog(db)).find((d) => d.deviceId === 'c-dead')).toMatchObject({ contiguousSeq: 5, highestSeq: 5, missing: 0 });
  });

  it('dead-letters a record whose own fields hold text the database refuses, and stores the rest', async () => {
    const good = record('c-text', 1);
    const lone = record('c-text', 2, { hlc: `${record('c-text', 2).hlc}\ud800` });
    const nul = record('c-text', 3, { wallAt: '2026-03-02T01:59:00.000Z\u0000' });
    const res = await storeRecords(db, { deviceId: 'c-text', branchId: BRANCH }, [good, lone, nul], SENT, SENT);
    expect(res.acked).toEqual([good.id]);
    expect(res.rejected.map((r) => [r.id, r.code])).toEqual([
      [lone.id, 'unstorable_text'],
      [nul.id, 'unstorable_text'],
    ]);
    expect((await deviceBacklog(db)).find((d) => d.deviceId === 'c-text')).toMatchObject({ contiguousSeq: 3, missing: 0 });
  });

  it('corrects a wrong device clock by its error at push time, and keeps the device time too', async () => {
    // The PC is 2 hours fast: it made the record 5 minutes before sending, by its own clock.
    const deviceSent = new Date('2026-03-02T12:00:00.000Z');
    const serverNow = new Date('2026-03-02T10:00:00.250Z');
    const r = record('c-clock', 1, { wallAt: '2026-03-02T11:55:00Z' });
    await storeRecords(db, { deviceId: 'c-clock', branchId: BRANCH }, [r], serverNow, deviceSent);
    const stored = (await recordsAfter(db, 0, 10_000)).find((s) => s.record.id === r.id)!;
    expect(stored.correctedAt).toBe('2026-03-02T09:55:00.250Z');
    expect(stored.record.wallAt).toBe('2026-03-02T11:55:00Z');
    expect(stored.record.hlc).toBe(r.hlc);
    expect((await deviceBacklog(db)).find((d) => d.deviceId === 'c-clock')?.clockOffsetMs).toBe(-(2 * 3600_000 - 250));
  });

  it('tracks each device: last seen, contiguous and highest sequence, and its own outbox count', async () => {
    const via = { deviceId: 'c-gaps', branchId: BRANCH };
    const [r1, r2, r3, r4, r5, r6] = batch('c-gaps', 1, 6);
    await storeRecords(db, via, [r1!, r2!, r5!], SENT, SENT, { outboxPending: 40 });
    expect((await deviceBacklog(db)).find((d) => d.deviceId === 'c-gaps')).toMatchObject({
      branchId: BRANCH,
      role: null,
      contiguousSeq: 2,
      highestSeq: 5,
      missing: 2,
      outboxPending: 40,
      pending: 42,
      lastSeenAt: SENT.toISOString(),
    });
    await storeRecords(db, via, [r4!, r3!], SENT, SENT, { outboxPending: 0 });
    await storeRecords(db, via, [r6!], SENT, SENT);
    expect((await deviceBacklog(db)).find((d) => d.deviceId === 'c-gaps')).toMatchObject({ contiguousSeq: 6, highestSeq: 6, missing: 0, outboxPending: null, pending: 0 });
    // A relayed device's last sign of life is its newest record (corrected time), not the relay's visit.
    const later = new Date(SENT.getTime() + 3600_000);
    await storeRecords(db, { deviceId: 'h-gaps', branchId: BRANCH }, [record('c-relayed', 1)], later, later);
    const backlog = await deviceBacklog(db, { branchId: BRANCH });
    expect(backlog.find((d) => d.deviceId === 'h-gaps')?.lastSeenAt).toBe(later.toISOString());
    expect(backlog.find((d) => d.deviceId === 'c-relayed')?.lastSeenAt).toBe(new Date(SENT.getTime() - 60_000 + 1).toISOString());
  });

  it('counts a device contiguous only as far as the tables hold, whatever sequence a batch claims for an id stored before', async () => {
    const via = { deviceId: 'c-claims', branchId: BRANCH };
    const [r1, r2, r3, r4, r5] = batch('c-claims', 1, 5);
    await storeRecords(db, via, [r1!, r2!, r3!], SENT, SENT);
    // r2 again, now claiming sequence 4 (a confused device), with a real 5: 4 is still missing.
    const res = await storeRecords(db, via, [{ ...r2!, deviceSeq: 4 }, r5!], SENT, SENT);
    expect(res).toMatchObject({ inserted: 1, acked: [r2!.id, r5!.id] });
    expect((await deviceBacklog(db)).find((d) => d.deviceId === 'c-claims')).toMatchObject({ contiguousSeq: 3, highestSeq: 5, missing: 1 });
    await storeRecords(db, via, [r4!], SENT, SENT);
    expect((await deviceBacklog(db)).find((d) => d.deviceId === 'c-claims')).toMatchObject({ contiguousSeq: 5, missing: 0 });
  });

  it('numbers a full batch of 500 gap-free after the server sequence, in batch order, skipping ids already stored', async () => {
    const via = { deviceId: 'c-big', branchId: BRANCH };
    const records = batch('c-big', 1, 500);
    // Some of them arrived before, by another path; they keep their first number.
    await storeRecords(db, { deviceId: 'h-big', branchId: BRANCH }, [records[150]!, records[420]!], SENT, SENT);
    const start = await seqValue(db);
    const res = await storeRecords(db, via, records, SENT, SENT);
    expect(res.inserted).toBe(498);
    expect(res.acked).toEqual(records.map((r) => r.id));
    expect(await seqValue(db)).toBe(start + 498);
    const stored = (await recordsAfter(db, start, 1000)).map((s) => [s.serverSeq, s.record.id]);
    const fresh = records.filter((_, i) => i !== 150 && i !== 420);
    expect(stored).toEqual(fresh.map((r, i) => [start + 1 + i, r.id]));
    expect((await deviceBacklog(db)).find((d) => d.deviceId === 'c-big')).toMatchObject({ contiguousSeq: 500, missing: 0 });
  });

  it('puts configuration documents with a version and a sequence, and pages them to a branch', async () => {
    const config = demoBranch('2026-03-02');
    const a = await putConfigDoc(db, 'config.branch', 'demo-001', config);
    const star = await putConfigDoc(db, 'notice.banner', '*', { text: 'closed on Friday' });
    const other = await putConfigDoc(db, 'notice.banner', 'b-other', { text: 'not for demo' });
    const a2 = await putConfigDoc(db, 'config.branch', 'demo-001', { ...config, name: { ...config.name, en: 'Demo Branch 2' } });
    expect(a2).toMatchObject({ version: a.version + 1 });
    expect(a2.seq).toBeGreaterThan(other.seq);
    const page1 = await configChangesAfter(db, 'demo-001', 0, 1);
    expect(page1).toMatchObject({ hasMore: true, next: star.seq, changes: [{ kind: 'notice.banner', key: '*', version: 1, seq: star.seq }] });
    const page2 = await configChangesAfter(db, 'demo-001', page1.next, 1);
    expect(page2.changes.map((c) => [c.kind, c.version])).toEqual([['config.branch', a2.version]]);
    expect((page2.changes[0]!.body as any).name.en).toBe('Demo Branch 2');
    expect(await configChangesAfter(db, 'demo-001', page2.next, 1)).toEqual({ changes: [], next: page2.next, hasMore: false });
    // Seeding twice (two HQ processes starting) leaves one version.
    const seed = { ...config, branchId: 'seed-001' };
    const seeded = await putConfigDoc(db, 'config.branch', 'seed-001', seed, { ifAbsent: true });
    expect(await putConfigDoc(db, 'config.branch', 'seed-001', { ...seed, name: { ...seed.name, en: 'Other' } }, { ifAbsent: true })).toEqual(seeded);
    // Known kinds are checked when put, so no device ever pulls a bad one.
    await expect(putConfigDoc(db, 'config.branch', 'demo-001', { branchId: 'demo-001' })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(putConfigDoc(db, 'config.branch', 'other', config)).rejects.toMatchObject({ code: 'bad_request' });
    await expect(putConfigDoc(db, 'Bad Kind', 'x', {})).rejects.toMatchObject({ code: 'bad_request' });
    // A hub keeps HQ's version; an older or repeated one changes nothing.
    expect(await applyConfigDoc(db, { kind: 'notice.banner', key: 'b-hub', version: 3, body: { v: 3 } })).toBe(true);
    expect(await applyConfigDoc(db, { kind: 'notice.banner', key: 'b-hub', version: 2, body: { v: 2 } })).toBe(false);
    const hub = await configChangesAfter(db, 'b-hub', 0);
    expect(hub.changes.find((c) => c.key === 'b-hub')).toMatchObject({ version: 3, body: { v: 3 } });
  });

  it('never lets a reader paging by cursor skip a record while 8 devices push at once', async () => {
    const pushers = 8;
    const batches = 12;
    const size = 40;
    const start = await seqValue(db);
    let pushing = true;
    const seen: number[] = [];
    const ids: string[] = [];
    let pages = 0;
    const reader = (async () => {
      let cursor = start;
      for (;;) {
        const done = !pushing;
        const page = await recordsAfter(db, cursor, 97);
        pages += 1;
        for (const s of page) {
          // Each page ascends, and continues where the last one stopped.
          expect(s.serverSeq).toBeGreaterThan(cursor);
          cursor = s.serverSeq;
          seen.push(s.serverSeq);
          ids.push(s.record.id);
        }
        if (done && page.length === 0) return;
        if (page.length === 0) await new Promise((r) => setTimeout(r, 1));
      }
    })();
    const pushed: string[] = [];
    await Promise.all(
      Array.from({ length: pushers }, async (_, p) => {
        const device = `c-conc-${p}`;
        for (let b = 0; b < batches; b++) {
          const records = batch(device, b * size + 1, size);
          pushed.push(...records.map((r) => r.id));
          const res = await storeRecords(db, { deviceId: device, branchId: BRANCH }, records, new Date(), new Date());
          expect(res.inserted).toBe(size);
          await new Promise((r) => setImmediate(r));
        }
      }),
    );
    pushing = false;
    await reader;
    expect(ids.length).toBe(pushed.length);
    expect(new Set(ids)).toEqual(new Set(pushed));
    expect(pages).toBeGreaterThan(pushers);
    // Commit order has no holes here: every number was taken by a committed record.
    expect(seen).toEqual(Array.from({ length: pushed.length }, (_, i) => start + 1 + i));
    const backlog = await deviceBacklog(db);
    for (let p = 0; p < pushers; p++) expect(backlog.find((d) => d.deviceId === `c-conc-${p}`)).toMatchObject({ contiguousSeq: batches * size, missing: 0 });
  });
});

/** The database, except that the `nth` statement matching `marker` fails: a batch cut halfway. */
function failingAt(db: SqlDb, marker: string, nth = 1): SqlDb {
  let seen = 0;
  const wrap = (tx: SqlTx): SqlTx => ({
    query: async (sql, params) => {
      if (sql.includes(marker) && ++seen === nth) throw new Error('connection cut');
      return tx.query(sql, params);
    },
    exec: (sql) => tx.exec(sql),
  });
  return { ...db, transaction: (fn) => db.transaction((tx) => fn(wrap(tx))) };
}
