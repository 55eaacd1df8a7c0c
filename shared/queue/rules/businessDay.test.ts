import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { format } from 'date-fns';
import { zoned } from './zoned.js';
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
    // Asked again: an unknown zone is never remembered as a date.
    expect(() => businessDayOf(new Date(), 'Mars/Olympus')).toThrow(/Mars\/Olympus/);
  });

  it('keeps apart two dates inside one UTC quarter hour, where an old local mean time put midnight', () => {
    // Shanghai kept +08:05:43 until 1901: local midnight of 1899-06-01 was 15:54:17 UTC.
    expect(businessDayOf(new Date('1899-05-31T15:50:00Z'), 'Asia/Shanghai')).toBe('1899-05-31');
    expect(businessDayOf(new Date('1899-05-31T15:58:00Z'), 'Asia/Shanghai')).toBe('1899-06-01');
  });

  it('gives the zone\'s calendar date at any instant, across summer time, half-hour shifts and local mean time', () => {
    // Zones whose offsets move (New York, Lord Howe's half hour), are odd quarter hours
    // (Kathmandu, Chatham) or were not whole quarter hours at all (Shanghai's 1900 local mean time).
    const zones = ['Asia/Shanghai', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'Europe/London'];
    const instants = fc.oneof(
      fc.integer({ min: Date.parse('1899-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') }),
      // Near local midnights and the quarter hours around them, where a wrong memory would show.
      fc.tuple(fc.integer({ min: Date.parse('2025-01-01T00:00:00Z') / 900_000, max: Date.parse('2027-12-31T00:00:00Z') / 900_000 }), fc.integer({ min: -2, max: 2 })).map(([q, d]) => q * 900_000 + d),
    );
    fc.assert(
      fc.property(fc.constantFrom(...zones), instants, (zone, ms) => {
        expect(businessDayOf(new Date(ms), zone)).toBe(format(zoned(ms, zone), 'yyyy-MM-dd'));
      }),
      { numRuns: 3000 },
    );
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
