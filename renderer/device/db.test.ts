import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.js';
import { CounterEventBody } from '../../shared/sync/kinds.js';
import { SyncRecord } from '../../shared/sync/protocol.js';
import { decodeHlc, encodeHlc } from '../../shared/time/hlc.js';
import {
  CounterDb,
  META,
  ackOutbox,
  activeWalkIn,
  counterDbName,
  deadLetterOutbox,
  ensureDeviceId,
  finishWalkIn,
  localCounts,
  observeRemoteHlc,
  outboxBacklog,
  peekOutbox,
  recordEvent,
  recordOf,
  startWalkIn,
} from './db.js';
import { walkInFinished, walkInStarted } from './counterDbs.testing.js';

let n = 0;
const dbs: CounterDb[] = [];
function freshDb(): CounterDb {
  // A distinct window number per test keeps the databases apart.
  const db = new CounterDb(50 + n++);
  dbs.push(db);
  return db;
}

afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

describe('counter database', () => {
  it('is named per window', () => {
    const db = new CounterDb(3);
    expect(db.name).toBe('guichet-counter-3');
    db.close();
  });

  it('writes an event and its outbox row together', async () => {
    const db = freshDb();
    const event = await recordEvent(db, 'walkin.started', { walkInId: 'w-1', service: 'A' });
    const outbox = await db.outbox.toArray();
    expect(await db.events.get(event.id)).toEqual(event);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ eventId: event.id, attempts: 0, createdAt: event.at });
    expect(event.counter).toBe(db.counter);
  });

  it('writes neither when the transaction fails', async () => {
    const db = freshDb();
    await expect(
      recordEvent(db, 'walkin.started', walkInStarted(), {
        alsoWrite: () => Promise.reject(new Error('disk full')),
      }),
    ).rejects.toThrow('disk full');
    expect(await localCounts(db)).toEqual({ events: 0, outbox: 0 });
  });

  it('records a walk-in service without the hub', async () => {
    const db = freshDb();
    const start = new Date('2025-01-06T02:00:00.000Z');
    const walkIn = await startWalkIn(db, 'A', start);
    expect(await activeWalkIn(db)).toEqual(walkIn);
    await expect(startWalkIn(db, 'B', start)).rejects.toThrow(/already/);
    const finished = await finishWalkIn(db, 'completed', new Date('2025-01-06T02:07:30.000Z'));
    expect(finished.payload).toMatchObject({ walkInId: walkIn.id, service: 'A', outcome: 'completed', handlingSeconds: 450 });
    expect(await activeWalkIn(db)).toBeNull();
    expect(await localCounts(db)).toEqual({ events: 2, outbox: 2 });
    await expect(finishWalkIn(db, 'completed')).rejects.toThrow(/no walk-in/);
  });
});

describe('counter database: every event is a sync record', () => {
  it('makes the record in the same transaction: same id, counter.event, gap-free seq, HLC, wall time', async () => {
    const db = freshDb();
    const t = Date.parse('2025-01-06T02:00:00.000Z');
    const events = [];
    for (let i = 0; i < 3; i++) events.push(await recordEvent(db, 'walkin.started', walkInStarted(i), { now: new Date(t + i * 1000) }));
    const records = await db.records.orderBy('deviceSeq').toArray();
    const deviceId = await ensureDeviceId(db);
    expect(records.map((r) => r.id)).toEqual(events.map((e) => e.id));
    expect(records.map((r) => r.deviceSeq)).toEqual([1, 2, 3]);
    for (const [i, r] of records.entries()) {
      expect(r).toMatchObject({ kind: 'counter.event', deviceId, branchId: null, wallAt: events[i]!.at });
      expect(CounterEventBody.parse(r.body)).toEqual({ type: 'walkin.started', counter: db.counter, payload: walkInStarted(i) });
      expect(decodeHlc(r.hlc)).toEqual({ wallMs: t + i * 1000, counter: 0, node: deviceId });
      // Valid on the wire once the branch is known.
      expect(SyncRecord.safeParse({ ...r, branchId: 'b-1' }).success).toBe(true);
    }
    // The clock's and the counter's last values are saved with the records.
    expect((await db.meta.get(META.hlc))?.value).toBe(records[2]!.hlc);
    expect((await db.meta.get(META.deviceSeq))?.value).toBe(3);
    // The outbox row references the record, with its seq and size.
    const rows = await db.outbox.orderBy('deviceSeq').toArray();
    expect(rows.map((r) => [r.eventId, r.deviceSeq])).toEqual(records.map((r) => [r.id, r.deviceSeq]));
    expect(rows[0]!.bytes).toBe(new TextEncoder().encode(JSON.stringify(records[0])).length);
    expect(await recordOf(db, events[1]!.id)).toEqual(records[1]);
  });

  it('keeps the sequence gap-free when a write fails (the failed one gives its number back)', async () => {
    const db = freshDb();
    await recordEvent(db, 'walkin.started', walkInStarted());
    await expect(recordEvent(db, 'walkin.started', walkInStarted(), { alsoWrite: () => Promise.reject(new Error('disk full')) })).rejects.toThrow();
    await recordEvent(db, 'walkin.finished', walkInFinished());
    expect((await db.records.orderBy('deviceSeq').toArray()).map((r) => r.deviceSeq)).toEqual([1, 2]);
    expect(await db.records.count()).toBe(await db.events.count());
  });

  it('never goes back in HLC order when the PC clock is set back two hours, and survives a reopen', async () => {
    const db = freshDb();
    const t = Date.parse('2025-01-06T04:00:00.000Z');
    await recordEvent(db, 'walkin.started', walkInStarted(), { now: new Date(t) });
    await recordEvent(db, 'walkin.finished', walkInFinished(), { now: new Date(t - 2 * 3_600_000) });
    db.close();
    const again = new CounterDb(db.counter);
    dbs.push(again);
    await recordEvent(again, 'walkin.started', walkInStarted(), { now: new Date(t - 2 * 3_600_000 + 1000) });
    const hlcs = (await again.records.orderBy('deviceSeq').toArray()).map((r) => r.hlc);
    expect([...hlcs].sort()).toEqual(hlcs);
    expect(new Set(hlcs).size).toBe(3);
    expect(decodeHlc(hlcs[2]!)).toMatchObject({ wallMs: t, counter: 2 });
    // Wall time is kept as it was for reports.
    expect((await again.records.orderBy('deviceSeq').last())?.wallAt).toBe(new Date(t - 2 * 3_600_000 + 1000).toISOString());
  });

  it('moves the clock past a timestamp seen from elsewhere', async () => {
    const db = freshDb();
    const t = Date.parse('2025-01-06T04:00:00.000Z');
    const remote = encodeHlc({ wallMs: t + 3_600_000, counter: 4, node: 'hub' });
    await observeRemoteHlc(db, remote, () => t);
    const event = await recordEvent(db, 'walkin.started', walkInStarted(), { now: new Date(t) });
    expect((await recordOf(db, event.id))!.hlc > remote).toBe(true);
  });

  it('stamps the enrolled branch on new records', async () => {
    const db = freshDb();
    await db.meta.put({ key: META.enrolment, value: { branchId: 'demo-001', token: 't' } });
    const event = await recordEvent(db, 'walkin.started', walkInStarted());
    expect((await recordOf(db, event.id))?.branchId).toBe('demo-001');
  });

  it('peeks in seq order, acks, dead-letters and counts the backlog', async () => {
    const db = freshDb();
    const events = [];
    for (let i = 0; i < 5; i++) events.push(await recordEvent(db, 'walkin.started', walkInStarted(i)));
    const peeked = await peekOutbox(db, 3);
    expect(peeked.map((r) => r.deviceSeq)).toEqual([1, 2, 3]);
    const before = await outboxBacklog(db);
    expect(before.recordsWaiting).toBe(5);
    expect(before.deadLetters).toBe(0);
    await ackOutbox(db, [events[0]!.id, events[1]!.id, 'unknown-id']);
    await deadLetterOutbox(db, [{ record: { ...peeked[2]!, branchId: 'b' }, code: 'bad_body', message: 'no' }]);
    expect((await peekOutbox(db, 10)).map((r) => r.deviceSeq)).toEqual([4, 5]);
    const after = await outboxBacklog(db);
    expect(after).toMatchObject({ recordsWaiting: 2, deadLetters: 1 });
    expect(after.bytesWaiting).toBeLessThan(before.bytesWaiting);
    expect(await db.deadLetters.get(events[2]!.id)).toMatchObject({ code: 'bad_body', message: 'no' });
    // The events and records stay: the outbox is only what is still to send.
    expect(await db.records.count()).toBe(5);
  });
});

describe('counter database: schema upgrade', () => {
  it('upgrades a version-1 database: every event gets its record and seq, nothing is wiped', async () => {
    const counter = 90;
    const name = counterDbName(counter);
    await Dexie.delete(name);
    const v1 = new Dexie(name);
    v1.version(1).stores({ events: 'id, type, at', outbox: 'id, eventId, createdAt', meta: 'key' });
    const times = ['2025-01-06T02:00:00.000Z', '2025-01-06T02:05:00.000Z', '2025-01-06T01:00:00.000Z'];
    const ids = times.map(() => newId());
    await v1.table('events').bulkAdd(times.map((at, i) => ({ id: ids[i], type: 'walkin.started', at, counter, payload: { i } })));
    await v1.table('outbox').bulkAdd(ids.slice(0, 2).map((eventId, i) => ({ id: newId(), eventId, createdAt: times[i], attempts: 0 })));
    await v1.table('meta').put({ key: 'walkIn', value: { id: 'w', service: 'A', startedAt: times[0] } });
    v1.close();

    const db = new CounterDb(counter);
    dbs.push(db);
    expect((await db.events.toArray()).length).toBe(3);
    expect(await activeWalkIn(db)).toMatchObject({ id: 'w' });
    const records = await db.records.orderBy('deviceSeq').toArray();
    expect(records.map((r) => [r.id, r.deviceSeq])).toEqual(ids.map((id, i) => [id, i + 1]));
    const hlcs = records.map((r) => r.hlc);
    expect([...hlcs].sort()).toEqual(hlcs); // monotonic although the third event's clock went back
    expect(records.map((r) => r.wallAt)).toEqual(times);
    // Every record is in the outbox (the event that had lost its row got one: no seq gap).
    const rows = await db.outbox.orderBy('deviceSeq').toArray();
    expect(rows.map((r) => [r.eventId, r.deviceSeq])).toEqual(ids.map((id, i) => [id, i + 1]));
    expect(rows.every((r) => r.bytes > 0)).toBe(true);
    // New writes continue the sequence and the clock.
    const next = await recordEvent(db, 'walkin.finished', walkInFinished(), { now: new Date('2025-01-06T00:00:00.000Z') });
    const rec = await recordOf(db, next.id);
    expect(rec?.deviceSeq).toBe(4);
    expect(rec!.hlc > hlcs[2]!).toBe(true);
    expect(rec?.deviceId).toBe(records[0]!.deviceId);
  });
});
