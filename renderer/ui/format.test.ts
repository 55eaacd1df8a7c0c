import { describe, expect, it } from 'vitest';
import { formatDuration, formatLocalSlot, localDate, secondsSince } from './format.js';

describe('format', () => {
  it('formats durations', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(75)).toBe('1:15');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(-4)).toBe('0:00');
  });

  it('measures seconds since a time, never negative', () => {
    const now = new Date('2025-01-06T02:00:10.000Z');
    expect(secondsSince('2025-01-06T02:00:00.000Z', now)).toBe(10);
    expect(secondsSince('2025-01-06T02:00:20.000Z', now)).toBe(0);
    expect(secondsSince(null, now)).toBe(0);
  });

  it('shows only the time of a slot today', () => {
    expect(formatLocalSlot('2025-01-06T09:00', '2025-01-06', 'en')).toBe('09:00');
    expect(formatLocalSlot('2025-01-07T09:00', '2025-01-06', 'en')).toMatch(/January 7.*09:00/);
    expect(formatLocalSlot('garbage', '2025-01-06', 'en')).toBe('garbage');
  });

  it('gives the local date in a time zone', () => {
    expect(localDate(new Date('2025-01-06T17:00:00.000Z'), 'Asia/Shanghai')).toBe('2025-01-07');
    expect(localDate(new Date('2025-01-06T15:00:00.000Z'), 'Asia/Shanghai')).toBe('2025-01-06');
  });
});
