import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.js';
import { CounterEventBody } from '../../shared/sync/kinds.js';
import { SyncRecord } from '../../shared/sync/protocol.js';
import { counterDbs, walkInStarted } from './counterDbs.testing.js';
import { META, localCounts, recordEvent, recordOf } from './db.js';
import type { CounterDb } from './db.js';
import { LocalEvent, MalformedLocalEventError } from './localEvents.js';
import type { LocalEventPayloadInput, LocalEventType } from './localEvents.js';

const freshDb = counterDbs(40);

const recordingId = newId();
const sha256 = 'ab'.repeat(32);

/** One valid payload of every kind a counter writes (the union's members, all of them). */
const samples: { [T in LocalEventType]: LocalEventPayloadInput<T>[] } = {
  'teller.command': [
    { command: 'call', body: { ticketId: 't-1', reason: 'back at the desk' }, ticketId: 't-1', number: 'A001' },
    { command: 'pause', body: {} },
  ],
  'teller.command_result': [
    { eventId: 'e-1', ok: true, ticketId: 't-1', number: 'A001', status: 'called' },
    { eventId: 'e-2', ok: true, nothingWaiting: true },
    { eventId: 'e-3', ok: false, code: 'conflict', message: 'the ticket is not waiting', reason: 'ticket_not_waiting' },
  ],
  'walkin.started': [walkInStarted(), { walkInId: 'w-2', service: null }],
  'walkin.finished': [{ walkInId: 'w-1', service: 'A', startedAt: '2025-01-06T02:00:00.000Z', outcome: 'completed', handlingSeconds: 450 }],
  'phrase.used': [
    {
      phraseId: 'bank.greeting',
      situation: 'greeting',
      how: 'spoken',
      ticketId: 't-1',
      teller: 's-1001',
      moment: 'ticket_called',
      catalogue: { id: 'bank', version: 3 },
    },
  ],
  'rating.received': [{ ticketId: 't-1', value: 4, source: 'rating_keypad', followUpId: null }],
  'recording.finished': [
    {
      recordingId,
      ticketId: 't-1',
      ticketNumber: 'A001',
      service: 'A',
      tellerId: 's-1001',
      startedAt: '2025-01-06T02:00:00.000Z',
      endedAt: '2025-01-06T02:07:30.000Z',
      durationMs: 450_000,
      bytes: 1_234_567,
      sha256,
      finishedAs: 'complete',
      heldForDispute: false,
    },
  ],
  'recording.held': [{ recordingId, by: 's-1002' }],
  'recording.released': [{ recordingId, by: 's-1002' }],
  'recording.deleted': [{ recordingId, reason: 'age' }],
  'staff.signed_in_offline': [{ staffId: 's-1002', role: 'teller', method: 'badge' }],
  'staff.offline_checked': [{ staffId: 's-1002', accepted: true }, { staffId: 's-1002', accepted: false, refusal: 'bad_credentials' }],
};

const cases = Object.entries(samples).flatMap(([type, payloads]) => payloads.map((payload, i) => ({ name: `${type} #${i + 1}`, type: type as LocalEventType, payload })));

/** Every table a write touches, and the counter's next sequence number. */
async function snapshot(db: CounterDb) {
  return { ...(await localCounts(db)), records: await db.records.count(), deviceSeq: ((await db.meta.get(META.deviceSeq))?.value as number | undefined) ?? 0 };
}

describe('local events: one schema per kind', () => {
  it('covers every kind the union knows', () => {
    expect(Object.keys(samples).sort()).toEqual(LocalEvent.options.map((o) => o.shape.type.value).sort());
  });

  it.each(cases)('$name round-trips: stored as written, its record valid on the wire', async ({ type, payload }) => {
    const db = freshDb();
    const event = await recordEvent(db, type, payload as never, { now: new Date('2025-01-06T02:00:00.000Z') });
    expect(event).toMatchObject({ type, counter: db.counter, at: '2025-01-06T02:00:00.000Z', payload });
    const stored = await db.events.get(event.id);
    expect(stored).toEqual(event);
    expect(LocalEvent.parse(stored)).toEqual(event);
    const record = await recordOf(db, event.id);
    expect(CounterEventBody.parse(record?.body)).toEqual({ type, counter: db.counter, payload });
    expect(SyncRecord.safeParse({ ...record, branchId: 'b-1' }).success).toBe(true);
  });

  const malformed: { name: string; type: string; payload: unknown }[] = [
    { name: 'a missing field', type: 'walkin.started', payload: { service: 'A' } },
    { name: 'a field of the wrong type', type: 'walkin.finished', payload: { ...samples['walkin.finished'][0], handlingSeconds: -1 } },
    { name: "another kind's payload", type: 'rating.received', payload: walkInStarted() },
    { name: 'a result neither ok nor failed', type: 'teller.command_result', payload: { eventId: 'e-1' } },
    { name: 'a shared schema broken (phrase.used)', type: 'phrase.used', payload: { ...samples['phrase.used'][0], how: 'sung' } },
    { name: 'an unknown kind', type: 'walkin.paused', payload: {} },
  ];

  it.each(malformed)('refuses $name with a typed error, and writes nothing', async ({ type, payload }) => {
    const db = freshDb();
    await recordEvent(db, 'walkin.started', walkInStarted());
    const before = await snapshot(db);
    const write = recordEvent(db, type as LocalEventType, payload as never);
    await expect(write).rejects.toBeInstanceOf(MalformedLocalEventError);
    await expect(write).rejects.toMatchObject({ type, issues: expect.arrayContaining([expect.objectContaining({ path: expect.any(Array) })]) });
    expect(await snapshot(db)).toEqual(before);
    // The sequence stays gap-free: the next good write takes the next number.
    const next = await recordEvent(db, 'walkin.started', walkInStarted(2));
    expect((await recordOf(db, next.id))?.deviceSeq).toBe(before.deviceSeq + 1);
  });

  it('keeps only the fields of the schema', async () => {
    const db = freshDb();
    const event = await recordEvent(db, 'walkin.started', { ...walkInStarted(), note: 'not part of a walk-in' } as LocalEventPayloadInput<'walkin.started'>);
    expect(event.payload).toEqual(walkInStarted());
    expect((await db.events.get(event.id))?.payload).toEqual(walkInStarted());
  });
});
