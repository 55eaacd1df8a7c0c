import { describe, it, expect } from 'vitest';
import type { OpeningHours } from '../config/schema.js';
import { openingAlerts, openingPhase } from './openingAlerts.js';

const weekday = [
  { open: '09:00', close: '12:00' },
  { open: '13:30', close: '17:00' },
];
// Mon–Fri split day, Sunday and Saturday closed.
const hours: OpeningHours = { timezone: 'Asia/Shanghai', weekly: [[], weekday, weekday, weekday, weekday, weekday, []], closedDates: [], extraOpenDates: [] };
const shanghai = (local: string) => new Date(`${local}:00+08:00`);
const windows = [
  { number: 3, open: false },
  { number: 1, open: true },
  { number: 2, open: false },
];

describe('openingPhase: windows are ready 10 minutes before opening (seed 003 (8) 3)', () => {
  it('is getting ready from the lead time before a session up to its opening minute', () => {
    expect(openingPhase(hours, 10, shanghai('2025-06-03T08:49'))).toEqual({ phase: 'closed', opensAt: '2025-06-03T09:00' });
    expect(openingPhase(hours, 10, shanghai('2025-06-03T08:50'))).toEqual({ phase: 'getting_ready', opensAt: '2025-06-03T09:00' });
    expect(openingPhase(hours, 10, shanghai('2025-06-03T08:59'))).toEqual({ phase: 'getting_ready', opensAt: '2025-06-03T09:00' });
  });

  it('is open from the opening minute, and names the session’s opening time', () => {
    expect(openingPhase(hours, 10, shanghai('2025-06-03T09:00'))).toEqual({ phase: 'open', since: '2025-06-03T09:00', closesAt: '2025-06-03T12:00' });
    expect(openingPhase(hours, 10, shanghai('2025-06-03T15:10'))).toEqual({ phase: 'open', since: '2025-06-03T13:30', closesAt: '2025-06-03T17:00' });
  });

  it('the lunch break gets ready for the afternoon session; the evening waits for the next working day', () => {
    expect(openingPhase(hours, 10, shanghai('2025-06-03T13:25'))).toEqual({ phase: 'getting_ready', opensAt: '2025-06-03T13:30' });
    expect(openingPhase(hours, 10, shanghai('2025-06-06T18:00'))).toEqual({ phase: 'closed', opensAt: '2025-06-09T09:00' });
  });

  it('a branch open round the clock has no opening, so no window is late for one', () => {
    const allDay = [{ open: '00:00', close: '24:00' as const }];
    const roundTheClock: OpeningHours = { ...hours, weekly: [allDay, allDay, allDay, allDay, allDay, allDay, allDay] };
    const phase = openingPhase(roundTheClock, 10, shanghai('2025-06-03T00:05'));
    expect(phase).toEqual({ phase: 'continuous' });
    expect(openingAlerts(phase, windows)).toEqual([]);
    // Opening at 00:00 after a closed day is an opening like any other.
    const fromMonday: OpeningHours = { ...hours, weekly: [[], allDay, allDay, allDay, allDay, allDay, allDay] };
    expect(openingPhase(fromMonday, 10, shanghai('2025-06-02T00:05'))).toEqual({ phase: 'open', since: '2025-06-02T00:00', closesAt: expect.any(String) });
  });

  it('takes the lead time from the configuration', () => {
    expect(openingPhase(hours, 30, shanghai('2025-06-03T08:31')).phase).toBe('getting_ready');
    expect(openingPhase(hours, 0, shanghai('2025-06-03T08:59')).phase).toBe('closed');
  });
});

describe('openingAlerts: a window not open at opening time', () => {
  it('alerts every window not open once the session has begun, by window', () => {
    expect(openingAlerts(openingPhase(hours, 10, shanghai('2025-06-03T09:01')), windows)).toEqual([
      { kind: 'not_open', counter: 2, since: '2025-06-03T09:00' },
      { kind: 'not_open', counter: 3, since: '2025-06-03T09:00' },
    ]);
  });

  it('only reminds while the windows are getting ready', () => {
    expect(openingAlerts(openingPhase(hours, 10, shanghai('2025-06-03T08:55')), windows)).toEqual([
      { kind: 'not_ready', counter: 2, opensAt: '2025-06-03T09:00' },
      { kind: 'not_ready', counter: 3, opensAt: '2025-06-03T09:00' },
    ]);
  });

  it('says nothing while the branch is closed, or when every window is open', () => {
    expect(openingAlerts(openingPhase(hours, 10, shanghai('2025-06-03T20:00')), windows)).toEqual([]);
    expect(openingAlerts(openingPhase(hours, 10, shanghai('2025-06-03T10:00')), windows.map((w) => ({ ...w, open: true })))).toEqual([]);
  });
});
