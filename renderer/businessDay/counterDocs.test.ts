import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DocOpBody } from '../../shared/sync/kinds.js';
import { SyncRecord } from '../../shared/sync/protocol.js';
import { META, peekOutbox, recordEvent } from '../device/db.js';
import { counterDbs } from '../device/counterDbs.testing.js';
import { businessDocsOfDay, readBusinessDoc, writeBusinessDoc } from './counterDocs.js';

const freshDb = counterDbs();

const T1 = new Date('2025-06-03T00:45:00.000Z');
const T2 = new Date('2025-06-03T00:50:00.000Z');

describe('business-day documents on the counter', () => {
  it('writes one doc.op record and one outbox row per field, numbered after the counter\'s own events', async () => {
    const db = freshDb();
    await recordEvent(db, 'walkin.started', { walkInId: 'w', service: null }, { now: T1 });
    await writeBusinessDoc(db, 'opening_checklist', '2025-06-03.c1', { day: '2025-06-03', counter: 1, remark: '' }, 's-1001', T1);
    const waiting = await peekOutbox(db, 10);
    expect(waiting.map((r) => r.deviceSeq)).toEqual([1, 2, 3, 4]);
    const ops = waiting.slice(1);
    expect(ops.map((r) => r.kind)).toEqual(['doc.op', 'doc.op', 'doc.op']);
    expect(ops.map((r) => (r.body as DocOpBody).field)).toEqual(['day', 'counter', 'remark']);
    for (const r of ops) {
      expect(() => SyncRecord.parse({ ...r, branchId: 'b' })).not.toThrow();
      expect(DocOpBody.parse(r.body)).toMatchObject({ docType: 'opening_checklist', docId: '2025-06-03.c1', author: 's-1001', hlc: r.hlc });
    }
    // The HLCs go on from the counter's clock: every op sorts after the event before it.
    const hlcs = waiting.map((r) => r.hlc);
    expect([...hlcs].sort()).toEqual(hlcs);
    expect((await db.meta.get(META.deviceSeq))?.value).toBe(4);
  });

  it('keeps the document: a correction wins field by field, both versions stay in its history', async () => {
    const db = freshDb();
    await writeBusinessDoc(db, 'opening_checklist', '2025-06-03.c1', { answers: { printer: 'ok' }, remark: 'all fine' }, 's-1001', T1);
    const merged = await writeBusinessDoc(db, 'opening_checklist', '2025-06-03.c1', { answers: { printer: 'problem' } }, 's-1001', T2);
    expect(merged.fields).toEqual({ answers: { printer: 'problem' }, remark: 'all fine' });
    expect(merged.history).toHaveLength(3);
    expect((await readBusinessDoc(db, 'opening_checklist', '2025-06-03.c1'))?.fields).toEqual(merged.fields);
    expect(await readBusinessDoc(db, 'opening_checklist', '2025-06-04.c1')).toBeNull();
  });

  it('lists a day\'s documents and only that day\'s', async () => {
    const db = freshDb();
    await writeBusinessDoc(db, 'opening_checklist', '2025-06-03.c1', { remark: 'a' }, 's-1001', T1);
    await writeBusinessDoc(db, 'shift_handover', '2025-06-03.c1.01JX5W3J8ZK6Q9V2M4N7P1R3T5', { openItems: 'b' }, 's-1001', T2);
    await writeBusinessDoc(db, 'opening_checklist', '2025-06-02.c1', { remark: 'yesterday' }, 's-1001', T1);
    const today = await businessDocsOfDay(db, '2025-06-03');
    expect(today.map((d) => `${d.docType}/${d.docId}`).sort()).toEqual(['opening_checklist/2025-06-03.c1', 'shift_handover/2025-06-03.c1.01JX5W3J8ZK6Q9V2M4N7P1R3T5']);
  });

  it('writes nothing at all when one field cannot be a doc op', async () => {
    const db = freshDb();
    await writeBusinessDoc(db, 'opening_checklist', '2025-06-03.c1', { remark: 'first' }, 's-1001', T1);
    await expect(writeBusinessDoc(db, 'opening_checklist', '2025-06-03.c1', { remark: 'second', 'bad field': 1 }, 's-1001', T2)).rejects.toThrow();
    expect(await db.records.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
    expect((await db.meta.get(META.deviceSeq))?.value).toBe(1);
    expect((await readBusinessDoc(db, 'opening_checklist', '2025-06-03.c1'))?.fields).toEqual({ remark: 'first' });
  });
});
