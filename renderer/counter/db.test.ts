import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { QueueError } from '../../shared/api/errors.js';
import type { Ticket } from '../../shared/queue/ticket.js';
import { runTellerCommand } from './actions.js';
import type { SendCommand } from './actions.js';
import { CounterDb, activeWalkIn, finishWalkIn, localCounts, recordEvent, startWalkIn } from './db.js';

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

const ticket: Ticket = {
  id: 't-1',
  businessDay: '2025-01-06',
  service: 'A',
  number: 'A001',
  priority: 'none',
  issuedAt: '2025-01-06T01:00:00.000Z',
  status: 'called',
  counter: 2,
  targetCounter: null,
  calledAt: '2025-01-06T01:05:00.000Z',
  lastCalledAt: '2025-01-06T01:05:00.000Z',
  recalls: 0,
  startedAt: null,
  finishedAt: null,
  outcome: null,
  items: [],
  transfers: 0,
};

describe('counter database', () => {
  it('is named per window', () => {
    const db = new CounterDb(3);
    expect(db.name).toBe('guichet-counter-3');
    db.close();
  });

  it('writes an event and its outbox row together', async () => {
    const db = freshDb();
    const event = await recordEvent(db, 'walkin.started', { service: 'A' });
    const outbox = await db.outbox.toArray();
    expect(await db.events.get(event.id)).toEqual(event);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ eventId: event.id, attempts: 0, createdAt: event.at });
    expect(event.counter).toBe(db.counter);
  });

  it('writes neither when the transaction fails', async () => {
    const db = freshDb();
    await expect(
      recordEvent(db, 'walkin.started', {}, {
        alsoWrite: () => Promise.reject(new Error('disk full')),
      }),
    ).rejects.toThrow('disk full');
    expect(await localCounts(db)).toEqual({ events: 0, outbox: 0 });
  });

  it('records a command before calling the hub, with the event id as idempotency key', async () => {
    const db = freshDb();
    let seenKey = '';
    let countsWhenSent = { events: -1, outbox: -1 };
    const send: SendCommand = async (_counter, _command, _body, key) => {
      seenKey = key;
      countsWhenSent = await localCounts(db);
      return ticket;
    };
    const outcome = await runTellerCommand(db, 'call-next', {}, {}, send);
    expect(outcome.ok).toBe(true);
    expect(seenKey).toBe(outcome.event.id);
    expect(countsWhenSent).toEqual({ events: 1, outbox: 1 });
    const events = await db.events.orderBy('id').toArray();
    expect(events.map((e) => e.type)).toEqual(['teller.command', 'teller.command_result']);
    expect(events[1]?.payload).toMatchObject({ eventId: outcome.event.id, ok: true, number: 'A001' });
    expect(await db.outbox.count()).toBe(2);
  });

  it('keeps the local event when the hub cannot be reached', async () => {
    const db = freshDb();
    const send: SendCommand = () => Promise.reject(new QueueError('hub_unreachable', 'timed out'));
    const outcome = await runTellerCommand(db, 'recall', {}, { ticketId: 't-1', number: 'A001' }, send);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe('hub_unreachable');
    const command = await db.events.get(outcome.event.id);
    expect(command).toMatchObject({ type: 'teller.command', payload: { command: 'recall', number: 'A001' } });
    const outbox = await db.outbox.where('eventId').equals(outcome.event.id).toArray();
    expect(outbox).toHaveLength(1);
    const result = (await db.events.where('type').equals('teller.command_result').toArray())[0];
    expect(result?.payload).toMatchObject({ ok: false, code: 'hub_unreachable' });
  });

  it('turns any other failure into a QueueError and still keeps the record', async () => {
    const db = freshDb();
    const send: SendCommand = () => Promise.reject(new TypeError('boom'));
    const outcome = await runTellerCommand(db, 'hold', {}, {}, send);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error).toBeInstanceOf(QueueError);
    expect((await localCounts(db)).events).toBe(2);
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
