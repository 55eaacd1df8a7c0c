import { describe, it, expect } from 'vitest';
import { QueueError } from '../../api/errors.js';
import { selectNext } from './selectNext.js';
import { transferTicket } from './transfer.js';
import { T0, counterAB, minutesAfter, policy, ticket } from '../testTickets.fixtures.js';

const services = ['A', 'B', 'V'];

describe('transferTicket', () => {
  it('puts the ticket back in the queue of the new service, with its number and issue time kept', () => {
    const serving = ticket(0, {
      status: 'serving',
      counter: 1,
      calledAt: T0.toISOString(),
      lastCalledAt: T0.toISOString(),
      recalls: 1,
      startedAt: T0.toISOString(),
      items: ['A'],
    });
    const moved = transferTicket(serving, { toService: 'B' }, services);
    expect(moved).toEqual({
      ...serving,
      service: 'B',
      status: 'waiting',
      counter: null,
      targetCounter: null,
      recalls: 0,
      calledAt: null,
      lastCalledAt: null,
      startedAt: null,
      transfers: 1,
    });
    expect(moved.number).toBe(serving.number);
    expect(moved.issuedAt).toBe(serving.issuedAt);
  });

  it('keeps the customer’s place: in the new queue they go before customers who came later', () => {
    const moved = transferTicket(ticket(0, { status: 'serving', counter: 1 }), { toService: 'B' }, services);
    const alreadyWaitingB = ticket(5, { service: 'B' });
    const counterB = { ...counterAB, services: ['B'] };
    const pick = selectNext([alreadyWaitingB, moved], { counter: counterB, policy, now: minutesAfter(T0, 20), consecutivePriority: 0 });
    expect(pick?.ticket.id).toBe(moved.id);
  });

  it('pins the ticket to a named window, keeping its service', () => {
    const moved = transferTicket(ticket(0, { status: 'called', counter: 1 }), { toCounter: 4 }, services);
    expect(moved).toMatchObject({ service: 'A', targetCounter: 4, counter: null, status: 'waiting' });
  });

  it('counts every transfer', () => {
    const once = transferTicket(ticket(0, { status: 'held', counter: 1 }), { toService: 'B' }, services);
    const twice = transferTicket({ ...once, status: 'serving', counter: 2 }, { toService: 'A' }, services);
    expect(twice.transfers).toBe(2);
  });

  it('refuses a ticket nobody has taken or that is finished, with a conflict error', () => {
    for (const status of ['waiting', 'done', 'no_show', 'expired'] as const) {
      const attempt = () => transferTicket(ticket(0, { status }), { toService: 'B' }, services);
      expect(attempt).toThrow(QueueError);
      expect(attempt).toThrow(expect.objectContaining({ code: 'conflict' }));
    }
  });

  it('refuses an unknown service with unknown_service', () => {
    const attempt = () => transferTicket(ticket(0, { status: 'serving', counter: 1 }), { toService: 'Z' }, services);
    expect(attempt).toThrow(expect.objectContaining({ code: 'unknown_service' }));
  });
});
