import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { BANK_COMPLAINT_POLICY, COMPLAINT_DOC_TYPE, fromFields, mergeComplaintOps, stepsOf } from '../../shared/complaints/index.js';
import { DocOpBody } from '../../shared/sync/kinds.js';
import { SyncRecord } from '../../shared/sync/protocol.js';
import { META, peekOutbox, recordEvent } from '../device/db.js';
import { counterDbs } from '../device/counterDbs.testing.js';
import { complaintKey, complaintsOfDay, lastServiceOf, registerAtCounter, stepAtCounter, unsyncedComplaintIds } from './counterComplaints.js';
import type { CounterRegistration } from './counterComplaints.js';

const freshDb = counterDbs(80);
const BANK = BANK_COMPLAINT_POLICY;
const T1 = new Date('2026-09-30T02:00:00.000Z');
const T2 = new Date('2026-09-30T02:10:00.000Z');
const DAY = '2026-09-30';
const TELLER = { staffId: 's-1001', role: 'teller' as const };
const LEAD = { staffId: 's-9001', role: 'lead' as const };

function registration(over: Partial<CounterRegistration> = {}): CounterRegistration {
  return {
    id: '01JX5W3J8ZK6Q9V2M4N7P1R3T5',
    branchId: 'demo-001',
    timezone: 'Asia/Shanghai',
    complainant: { name: '王女士', phone: '13812345678', realName: true },
    category: 'waiting',
    facts: '排队等了一个小时',
    request: '希望增加窗口',
    service: { ticketId: 't-7', ticketNumber: 'A007', window: 80, tellerId: 's-1001', recordingId: null, ratingId: null },
    subjectTellerId: null,
    ...over,
  };
}

describe('complaints registered at the counter: on its own device first', () => {
  it('writes the registration as complaint doc.op records, each with its outbox row, with no hub at all', async () => {
    const db = freshDb();
    await recordEvent(db, 'walkin.started', { walkInId: 'w', service: null }, { now: T1 });
    const outcome = await registerAtCounter(db, registration(), TELLER, DAY, BANK, T1);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.complaint).toMatchObject({ channel: 'counter', status: 'registered', ownerId: 's-1001', level: 'teller', firstResponderId: 's-1001' });

    const waiting = await peekOutbox(db, 200);
    const ops = waiting.slice(1);
    expect(ops.length).toBeGreaterThan(20);
    expect(new Set(ops.map((r) => r.kind))).toEqual(new Set(['doc.op']));
    for (const r of ops) {
      expect(() => SyncRecord.parse({ ...r, branchId: 'demo-001' })).not.toThrow();
      expect(DocOpBody.parse(r.body)).toMatchObject({ docType: COMPLAINT_DOC_TYPE, docId: outcome.complaint.id, hlc: r.hlc });
    }
    // Numbered after the counter's own events, HLCs in order: the hub reads them like any record.
    expect(waiting.map((r) => r.deviceSeq)).toEqual(waiting.map((_, i) => i + 1));
    expect([...waiting.map((r) => r.hlc)].sort()).toEqual(waiting.map((r) => r.hlc));
    // What the hub will merge is the complaint itself, with its registration step.
    const merged = mergeComplaintOps(ops.map((r) => r.body as DocOpBody));
    expect(fromFields(merged)).toEqual(outcome.complaint);
    expect(merged.flags).toEqual([]);
    expect(stepsOf(merged.history).map((s) => s.action)).toEqual(['register']);
    expect(await unsyncedComplaintIds(db)).toEqual(new Set([outcome.complaint.id]));
    expect((await db.meta.get(META.deviceSeq))?.value).toBe(waiting.length);
  });

  it('writes nothing when the domain refuses: about the teller themself, without the duty lead to take it', async () => {
    const db = freshDb();
    const outcome = await registerAtCounter(db, registration({ subjectTellerId: 's-1001' }), TELLER, DAY, BANK, T1);
    expect(outcome).toEqual({ ok: false, reason: 'recusal_needs_duty_lead' });
    expect(await db.records.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await complaintsOfDay(db, DAY)).toEqual([]);
  });

  it('passes a complaint about the teller to the duty lead at once (回避)', async () => {
    const db = freshDb();
    const outcome = await registerAtCounter(db, registration({ subjectTellerId: 's-1001', dutyLead: LEAD }), TELLER, DAY, BANK, T1);
    expect(outcome.ok && outcome.complaint).toMatchObject({ ownerId: 's-9001', level: 'duty_lead', subjectTellerId: 's-1001', handOvers: [{ reason: 'recusal', to: 's-9001' }] });
  });

  it('writes a later step as the ops of the fields it changed, the step naming its parent', async () => {
    const db = freshDb();
    const first = await registerAtCounter(db, registration(), TELLER, DAY, BANK, T1);
    if (!first.ok) throw new Error('registration refused');
    const before = await db.outbox.count();
    const item = (await complaintsOfDay(db, DAY))[0]!;
    const accepted = await stepAtCounter(db, item, { type: 'accept', acknowledgedHow: 'in_person' }, TELLER, BANK, null, T2);
    expect(accepted.ok && accepted.complaint.status).toBe('accepted');
    const added = (await peekOutbox(db, 200)).slice(before).map((r) => (r.body as DocOpBody).field).sort();
    expect(added).toEqual(['acknowledgedAt', 'acknowledgedHow', 'lastStep', 'status']);
    const [again] = await complaintsOfDay(db, DAY);
    expect(again!.complaint?.status).toBe('accepted');
    expect(again!.complaint?.lastStep.parent).toBe(first.complaint.lastStep.id);
    expect(stepsOf(again!.doc.history).map((s) => s.action)).toEqual(['register', 'accept']);
    // A step the domain refuses writes nothing.
    const refused = await stepAtCounter(db, item, { type: 'close' }, TELLER, BANK, null, T2);
    expect(refused).toMatchObject({ ok: false, reason: 'bad_transition' });
    expect(await db.outbox.count()).toBe(before + 4);
  });

  it('follows the hub’s newer copy when it has one (a lead moved the complaint on)', async () => {
    const db = freshDb();
    const first = await registerAtCounter(db, registration(), TELLER, DAY, BANK, T1);
    if (!first.ok) throw new Error('registration refused');
    const item = (await complaintsOfDay(db, DAY))[0]!;
    const hubCopy = { ...first.complaint, status: 'accepted' as const, lastStep: { ...first.complaint.lastStep, id: '2@x/s-9001', parent: first.complaint.lastStep.id, seq: 2, action: 'accept' as const, from: 'registered' as const, to: 'accepted' as const } };
    const step = await stepAtCounter(db, item, { type: 'start_investigation' }, TELLER, BANK, hubCopy, T2);
    expect(step.ok && step.complaint.lastStep).toMatchObject({ seq: 3, parent: '2@x/s-9001', from: 'accepted', to: 'investigating' });
  });

  it('lists the complaints of one day only, and the key names the day', async () => {
    const db = freshDb();
    await registerAtCounter(db, registration({ id: 'A1' }), TELLER, DAY, BANK, T1);
    await registerAtCounter(db, registration({ id: 'B2' }), TELLER, '2026-09-29', BANK, T1);
    expect((await complaintsOfDay(db, DAY)).map((c) => [c.key, c.id])).toEqual([[complaintKey(DAY, 'A1'), 'A1']]);
  });
});

describe('the service to link', () => {
  it('is the ticket on hand, else the last one this window acted on today, with its recording', async () => {
    const db = freshDb();
    const since = new Date('2026-09-29T16:00:00.000Z');
    expect(await lastServiceOf(db, since, 's-1001', null)).toBeNull();
    await recordEvent(db, 'teller.command', { command: 'call-next', body: {}, ticketId: 't-1', number: 'A001' }, { now: T1 });
    await recordEvent(db, 'teller.command', { command: 'finish', body: { outcome: 'completed' }, ticketId: 't-1', number: 'A001' }, { now: T2 });
    await db.recordings.add({
      id: '01JX5W3J8ZK6Q9V2M4N7P1R3T9',
      ticketId: 't-1',
      ticketNumber: 'A001',
      service: 'A',
      tellerId: 's-1001',
      counter: db.counter,
      startedAt: T1.toISOString(),
      endedAt: T2.toISOString(),
      durationMs: 600_000,
      bytes: 1000,
      sha256: null,
      state: 'complete',
      finishedAs: 'whole',
      uploadedAt: null,
      heldForDispute: false,
      deletedAt: null,
      lastError: null,
    } as never);
    expect(await lastServiceOf(db, since, 's-1001', null)).toEqual({ ticketId: 't-1', ticketNumber: 'A001', window: db.counter, tellerId: 's-1001', recordingId: '01JX5W3J8ZK6Q9V2M4N7P1R3T9', ratingId: null });
    expect((await lastServiceOf(db, since, 's-1001', { id: 't-2', number: 'A002' }))?.ticketNumber).toBe('A002');
    expect(await lastServiceOf(db, new Date('2026-09-30T16:00:00.000Z'), 's-1001', null)).toBeNull();
  });
});
