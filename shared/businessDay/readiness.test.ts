import { describe, expect, it } from 'vitest';
import type { OpeningHours } from '../config/schema.js';
import { noOpeningOn, readinessOn, readinessState } from './readiness.js';

const weekday = [
  { open: '09:00', close: '12:00' },
  { open: '13:30', close: '17:00' },
];
// Mon-Fri split day, Saturday from 08:30, Sunday closed; National Day week closed.
const hours: OpeningHours = {
  timezone: 'Asia/Shanghai',
  weekly: [[], weekday, weekday, weekday, weekday, weekday, [{ open: '08:30', close: '12:00' }]],
  closedDates: ['2025-10-01'],
  extraOpenDates: [{ date: '2025-09-28', sessions: [{ open: '10:00', close: '16:00' }] }],
};

/** The instant of a Shanghai wall-clock time (UTC+8, no DST). */
const shanghai = (local: string) => new Date(`${local}:00+08:00`);

describe('readinessOn', () => {
  it('is the first opening minus the configured minutes, in the branch zone', () => {
    const r = readinessOn(hours, '2025-06-03', 10)!; // Tuesday
    expect(r.opens).toBe('09:00');
    expect(r.readyBy).toBe('08:50');
    expect(r.opensAt).toEqual(shanghai('2025-06-03T09:00'));
    expect(r.readyAt).toEqual(shanghai('2025-06-03T08:50'));
  });

  it('follows the configured minutes and the day\'s own first session', () => {
    expect(readinessOn(hours, '2025-06-07', 15)).toMatchObject({ opens: '08:30', readyBy: '08:15' }); // Saturday
    expect(readinessOn(hours, '2025-09-28', 10)).toMatchObject({ opens: '10:00', readyBy: '09:50' }); // adjusted working Sunday
    expect(readinessOn(hours, '2025-06-03', 0)).toMatchObject({ readyBy: '09:00' });
  });

  it('ignores the afternoon reopening: the day is prepared once', () => {
    expect(readinessOn(hours, '2025-06-03', 10)?.opens).toBe('09:00');
  });

  it('is null on a closed day and on a holiday', () => {
    expect(readinessOn(hours, '2025-06-08', 10)).toBeNull(); // Sunday
    expect(readinessOn(hours, '2025-10-01', 10)).toBeNull(); // National Day, a Wednesday
  });

  it('a midnight opening is prepared the evening before', () => {
    const night: OpeningHours = { ...hours, weekly: hours.weekly.map(() => [{ open: '00:00', close: '06:00' }]) };
    const r = readinessOn(night, '2025-06-03', 10)!;
    expect(r.readyBy).toBe('23:50');
    expect(r.readyAt).toEqual(shanghai('2025-06-02T23:50'));
  });

  it('a branch open round the clock never opens, so nothing is due', () => {
    const allDay = [{ open: '00:00', close: '24:00' as const }];
    const always: OpeningHours = { ...hours, weekly: hours.weekly.map(() => allDay), closedDates: [], extraOpenDates: [] };
    expect(readinessOn(always, '2025-06-03', 10)).toBeNull();
    // ... but after a closed day it opens at midnight.
    expect(readinessOn({ ...always, closedDates: ['2025-06-02'] }, '2025-06-03', 10)).toMatchObject({ opens: '00:00', readyBy: '23:50' });
  });
});

describe('noOpeningOn: the words for a day without an opening time (issue 14: 今日无开门时间 on a branch open round the clock)', () => {
  const allDay = [{ open: '00:00', close: '24:00' as const }];
  const always: OpeningHours = { ...hours, weekly: hours.weekly.map(() => allDay), closedDates: [], extraOpenDates: [] };

  it('says a branch open 00:00-24:00 is open all day, also when the day is split into sessions', () => {
    expect(noOpeningOn(always, '2025-06-03')).toBe('all_day');
    const split: OpeningHours = { ...always, weekly: always.weekly.map(() => [{ open: '12:00', close: '24:00' as const }, { open: '00:00', close: '12:00' }]) };
    expect(noOpeningOn(split, '2025-06-03')).toBe('all_day');
  });

  it('tells a closed day from one that runs on from the night before', () => {
    expect(noOpeningOn(hours, '2025-06-08')).toBe('closed'); // Sunday
    const night: OpeningHours = { ...hours, weekly: hours.weekly.map(() => [{ open: '00:00', close: '06:00' }, { open: '20:00', close: '24:00' as const }]) };
    expect(noOpeningOn(night, '2025-06-03')).toBe('through_midnight');
  });

  it('is null on a day with an opening time', () => {
    expect(noOpeningOn(hours, '2025-06-03')).toBeNull();
    expect(noOpeningOn({ ...always, closedDates: ['2025-06-02'] }, '2025-06-03')).toBeNull();
  });
});

describe('readinessState', () => {
  const r = readinessOn(hours, '2025-06-03', 10)!;
  it('is upcoming before the readiness time, due until opening, late after', () => {
    expect(readinessState(r, shanghai('2025-06-03T08:49'), false)).toBe('upcoming');
    expect(readinessState(r, shanghai('2025-06-03T08:50'), false)).toBe('due');
    expect(readinessState(r, shanghai('2025-06-03T08:59'), false)).toBe('due');
    expect(readinessState(r, shanghai('2025-06-03T09:00'), false)).toBe('late');
    expect(readinessState(r, shanghai('2025-06-03T15:00'), false)).toBe('late');
  });

  it('is done once the checklist is done, whenever that was', () => {
    expect(readinessState(r, shanghai('2025-06-03T08:40'), true)).toBe('done');
    expect(readinessState(r, shanghai('2025-06-03T09:30'), true)).toBe('done');
  });

  it('owes nothing on a day without an opening', () => {
    expect(readinessState(null, shanghai('2025-06-08T10:00'), false)).toBe('no_opening');
    expect(readinessState(null, shanghai('2025-06-08T10:00'), true)).toBe('done');
  });
});
