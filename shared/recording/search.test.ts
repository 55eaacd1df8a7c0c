import { describe, expect, it } from 'vitest';
import { dayRange, parseSearchQuery, searchQueryString } from './search.js';

describe('parseSearchQuery', () => {
  it('reads a query string into typed fields, blank fields meaning "any"', () => {
    const q = parseSearchQuery(new URLSearchParams('counter=2&teller=s-1002&ticket=a012&date=2026-03-05&minSeconds=60&maxSeconds=&minRating=1&held=true'));
    expect(q).toEqual({ counter: 2, teller: 's-1002', ticket: 'A012', date: '2026-03-05', minSeconds: 60, minRating: 1, held: true, limit: 50, offset: 0 });
  });

  it('accepts the start of a ticket number', () => {
    expect(parseSearchQuery({ ticket: 'b0' }).ticket).toBe('B0');
  });

  it.each([
    ['a counter that is not a window number', { counter: '0' }],
    ['a counter that is not a number', { counter: 'two' }],
    ['a ticket that is no ticket number', { ticket: '12A' }],
    ['a day that is not YYYY-MM-DD', { date: '5/3/2026' }],
    ['a negative duration', { minSeconds: '-1' }],
    ['a minimum duration above the maximum', { minSeconds: '120', maxSeconds: '60' }],
    ['a minimum rating above the maximum', { minRating: '4', maxRating: '2' }],
    ['a page larger than 200', { limit: '500' }],
    ['a field it does not know', { phone: '13800000000' }],
  ])('refuses %s', (_name, params) => {
    expect(() => parseSearchQuery(params)).toThrow();
  });

  it('round-trips through the query string the lead page sends', () => {
    const q = parseSearchQuery({ counter: '3', ticket: 'V101', maxSeconds: '600' });
    expect(parseSearchQuery(new URLSearchParams(searchQueryString(q)))).toEqual(q);
  });
});

describe('dayRange', () => {
  it('is the calendar day in the branch zone', () => {
    expect(dayRange('2026-03-05', 'Asia/Shanghai')).toEqual({ from: '2026-03-04T16:00:00.000Z', to: '2026-03-05T16:00:00.000Z' });
  });

  it('is 23 hours on a spring-forward day', () => {
    const { from, to } = dayRange('2026-03-29', 'Europe/Paris');
    expect(Date.parse(to) - Date.parse(from)).toBe(23 * 3_600_000);
  });
});
