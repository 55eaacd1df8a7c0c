import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { QueueError } from '../../shared/api/errors.js';
import type { Ticket } from '../../shared/queue/ticket.js';
import { newTicket } from '../../shared/queue/ticket.js';
import { counterDbs } from '../device/counterDbs.testing.js';
import { localCounts } from '../device/db.js';
import { runTellerCommand } from './actions.js';
import type { SendCommand } from './actions.js';

const freshDb = counterDbs(50);

const ticket: Ticket = {
  ...newTicket({ id: 't-1', businessDay: '2025-01-06', service: 'A', number: 'A001', priority: 'none', issuedAt: '2025-01-06T01:00:00.000Z' }),
  status: 'called',
  counter: 2,
  calledAt: '2025-01-06T01:05:00.000Z',
  lastCalledAt: '2025-01-06T01:05:00.000Z',
};

describe('teller commands, local first', () => {
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
});
