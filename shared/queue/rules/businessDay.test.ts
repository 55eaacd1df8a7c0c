import { describe, it, expect } from 'vitest';
import { businessDayOf, expireStale, localMinutesOf } from './businessDay.js';
import { ticket } from '../testTickets.fixtures.js';

describe('businessDayOf', () => {
  it('in Asia/Shanghai, 23:30 UTC already belongs to the next day', () => {
    expect(businessDayOf(new Date('2025-06-03T23:30:00Z'), 'Asia/Shanghai')).toBe('2025-06-04');
  });

  it('follows the branch zone, not UTC, on the other side of the date line too', () => {
    expect(businessDayOf(new Date('2025-06-03T02:00:00Z'), 'America/Los_Angeles')).toBe('2025-06-02');
    expect(businessDayOf(new Date('2025-06-03T15:59:59Z'), 'Asia/Shanghai')).toBe('2025-06-03');
    expect(businessDayOf(new Date('2025-06-03T16:00:00Z'), 'Asia/Shanghai')).toBe('2025-06-04');
  });

  it('fails loudly on a misconfigured time zone', () => {
    expect(() => businessDayOf(new Date(), 'Mars/Olympus')).toThrow(/Mars\/Olympus/);
  });
});

describe('localMinutesOf', () => {
  it('gives minutes since local midnight', () => {
    expect(localMinutesOf(new Date('2025-06-03T01:30:00Z'), 'Asia/Shanghai')).toBe(9 * 60 + 30);
    expect(localMinutesOf(new Date('2025-06-03T16:00:00Z'), 'Asia/Shanghai')).toBe(0);
  });

  it('follows daylight saving time where the zone has it', () => {
    // 2025-03-09 is the US spring-forward day: 14:00 UTC is 10:00 EDT, not 09:00 EST.
    expect(localMinutesOf(new Date('2025-03-09T14:00:00Z'), 'America/New_York')).toBe(10 * 60);
  });
});

describe('expireStale', () => {
  it('expires yesterday’s waiting, called and held tickets, keeping the rest of their record', () => {
    const waiting = ticket(0, { businessDay: '2025-06-02' });
    const called = ticket(1, { businessDay: '2025-06-02', status: 'called', counter: 2, recalls: 1 });
    const held = ticket(2, { businessDay: '2025-06-01', status: 'held', counter: 3 });
    const expired = expireStale([waiting, called, held], '2025-06-03');
    expect(expired.map((t) => t.status)).toEqual(['expired', 'expired', 'expired']);
    expect(expired[1]).toEqual({ ...called, status: 'expired' });
  });

  it('never expires a ticket being served, nor anything from today', () => {
    const serving = ticket(0, { businessDay: '2025-06-02', status: 'serving', counter: 1 });
    const todayWaiting = ticket(1, { businessDay: '2025-06-03' });
    const done = ticket(2, { businessDay: '2025-06-02', status: 'done' });
    expect(expireStale([serving, todayWaiting, done], '2025-06-03')).toEqual([]);
  });

  it('does not modify the tickets it was given', () => {
    const waiting = ticket(0, { businessDay: '2025-06-02' });
    expireStale([waiting], '2025-06-03');
    expect(waiting.status).toBe('waiting');
  });
});
