import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { newTicket } from '../../shared/queue/ticket.js';
import type { Ticket, TicketStatus } from '../../shared/queue/ticket.js';
import { PhraseUsedPayload } from '../../shared/phrases/usage.js';
import type { PhraseUsedPayload as Payload } from '../../shared/phrases/usage.js';
import { CounterEventBody } from '../../shared/sync/kinds.js';
import { runTellerCommand } from '../counter/actions.js';
import type { SendCommand } from '../counter/actions.js';
import { peekOutbox, recordEvent } from '../device/db.js';
import { counterDbs, walkInStarted } from '../device/counterDbs.testing.js';
import { localRates, localServiceFacts, recentRateEvents } from './localRates.js';
import { recordPhraseUsed } from './phraseEvents.js';

const freshDb = counterDbs();

const SHANGHAI = 'Asia/Shanghai';
const ticket = (id: string, status: TicketStatus): Ticket => ({
  ...newTicket({ id, businessDay: '2025-03-12', service: 'A', number: 'A001', priority: 'none', issuedAt: '2025-03-12T01:00:00.000Z' }),
  status,
  counter: 1,
});
/** A hub that answers every command with the given ticket. */
const answer = (t: Ticket): SendCommand => async () => t;
const used = (phraseId: string, situation: string, ticketId: string | null): Payload => ({
  phraseId,
  situation,
  how: 'spoken',
  ticketId,
  teller: 's-1001',
  moment: 'ticket_called',
  catalogue: { id: 'bank', version: 1 },
});

describe('phrase.used on the counter', () => {
  it('is an event with its sync record and outbox row, written together', async () => {
    const db = freshDb();
    const event = await recordPhraseUsed(db, used('bank.greeting', 'greeting', 't1'));
    const [record] = await peekOutbox(db, 10);
    expect(record?.id).toBe(event.id);
    const body = CounterEventBody.parse(record!.body);
    expect(body).toEqual({ type: 'phrase.used', counter: db.counter, payload: event.payload });
    expect(PhraseUsedPayload.parse(body.payload)).toMatchObject({ phraseId: 'bank.greeting', how: 'spoken', ticketId: 't1', teller: 's-1001' });
  });
});

describe('localRates', () => {
  it("counts the teller's services from the hub's answers and the phrases used for them", async () => {
    const db = freshDb();
    const now = new Date();
    await runTellerCommand(db, 'call-next', {}, {}, answer(ticket('t1', 'called')));
    await recordPhraseUsed(db, used('bank.greeting', 'greeting', 't1'));
    await runTellerCommand(db, 'start', {}, { ticketId: 't1' }, answer(ticket('t1', 'serving')));
    await runTellerCommand(db, 'finish', { outcome: 'completed' }, { ticketId: 't1' }, answer(ticket('t1', 'done')));
    await recordPhraseUsed(db, used('bank.farewell', 'farewell', 't1'));
    await runTellerCommand(db, 'call-next', {}, {}, answer(ticket('t2', 'called')));
    await runTellerCommand(db, 'finish', { outcome: 'completed' }, { ticketId: 't2' }, answer(ticket('t2', 'done')));
    // A call the hub refused is no call.
    await runTellerCommand(db, 'call-next', {}, {}, async () => {
      throw new Error('hub down');
    });
    await recordEvent(db, 'walkin.started', walkInStarted());

    const events = await recentRateEvents(db);
    expect(localServiceFacts(events, db.counter).map((f) => [f.type, f.ticketId])).toEqual([
      ['ticket.called', 't1'],
      ['service.finished', 't1'],
      ['ticket.called', 't2'],
      ['service.finished', 't2'],
    ]);
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: SHANGHAI }).format(now);
    expect(localRates(events, db.counter, 's-1001', day, SHANGHAI)).toEqual({
      teller: 's-1001',
      day,
      services: 2,
      greeted: 1,
      farewelled: 1,
      greetingRate: 0.5,
      farewellRate: 0.5,
    });
    expect(localRates(events, db.counter, 's-1001', '2000-01-01', SHANGHAI)).toBeNull();
  });
});
