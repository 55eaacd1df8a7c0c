import { describe, it, expect } from 'vitest';
import type { OpeningHours } from '../../config/schema.js';
import { kioskState, sessionsOn } from './openingHours.js';

const weekday = [
  { open: '09:00', close: '12:00' },
  { open: '13:30', close: '17:00' },
];
// Mon–Fri split day, Saturday morning only, Sunday closed.
const hours: OpeningHours = {
  timezone: 'Asia/Shanghai',
  weekly: [[], weekday, weekday, weekday, weekday, weekday, [{ open: '09:00', close: '12:00' }]],
  closedDates: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08'],
  extraOpenDates: [{ date: '2025-09-28', sessions: weekday }], // a Sunday worked in exchange for the holiday
};

/** The instant of a Shanghai wall-clock time (UTC+8, no DST). */
const shanghai = (local: string) => new Date(`${local}:00+08:00`);

describe('sessionsOn', () => {
  it('uses the weekly pattern on an ordinary day', () => {
    expect(sessionsOn(hours, '2025-06-03')).toEqual(weekday); // Tuesday
    expect(sessionsOn(hours, '2025-06-08')).toEqual([]); // Sunday
  });

  it('a closed date wins over the weekly pattern', () => {
    expect(sessionsOn(hours, '2025-10-01')).toEqual([]); // Wednesday, National Day
  });

  it('an adjusted working day opens a normally closed weekday', () => {
    expect(sessionsOn(hours, '2025-09-28')).toEqual(weekday);
  });

  it('a date listed both closed and extra stays closed', () => {
    expect(sessionsOn({ ...hours, closedDates: ['2025-09-28'] }, '2025-09-28')).toEqual([]);
  });
});

describe('kioskState', () => {
  it('is open during a session and says when it closes', () => {
    expect(kioskState(hours, shanghai('2025-06-03T10:15'))).toEqual({ open: true, closesAt: '2025-06-03T12:00' });
  });

  it('opens on the opening minute and is closed from the closing minute', () => {
    expect(kioskState(hours, shanghai('2025-06-03T09:00')).open).toBe(true);
    expect(kioskState(hours, shanghai('2025-06-03T11:59')).open).toBe(true);
    expect(kioskState(hours, shanghai('2025-06-03T12:00'))).toEqual({ open: false, opensAt: '2025-06-03T13:30' });
  });

  it('after the last session it points at the next day’s opening', () => {
    expect(kioskState(hours, shanghai('2025-06-03T17:05'))).toEqual({ open: false, opensAt: '2025-06-04T09:00' });
  });

  it('on Saturday afternoon it skips the closed Sunday', () => {
    expect(kioskState(hours, shanghai('2025-06-07T14:00'))).toEqual({ open: false, opensAt: '2025-06-09T09:00' });
  });

  it('is closed on a closed date and points past the whole holiday', () => {
    expect(kioskState(hours, shanghai('2025-10-01T10:00'))).toEqual({ open: false, opensAt: '2025-10-09T09:00' });
  });

  it('is open on an adjusted working day that falls on a weekend', () => {
    const saturdayOnlyClosed: OpeningHours = {
      ...hours,
      weekly: [[], weekday, weekday, weekday, weekday, weekday, []],
      extraOpenDates: [{ date: '2025-10-11', sessions: weekday }], // Saturday
    };
    expect(kioskState(saturdayOnlyClosed, shanghai('2025-10-11T14:00'))).toEqual({ open: true, closesAt: '2025-10-11T17:00' });
  });

  it('judges the time in the branch zone, not in UTC', () => {
    // 01:30 UTC is 09:30 in Shanghai: open, although it is the previous evening in much of the world.
    expect(kioskState(hours, new Date('2025-06-03T01:30:00Z')).open).toBe(true);
  });

  it('gives no opening when nothing opens within 14 days', () => {
    const shut: OpeningHours = { ...hours, weekly: [[], [], [], [], [], [], []], extraOpenDates: [] };
    expect(kioskState(shut, shanghai('2025-06-03T10:00'))).toEqual({ open: false, opensAt: null });
  });
});
