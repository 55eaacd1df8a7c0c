import { describe, expect, it } from 'vitest';
import { formatClock, formatDate, formatDateTime, formatDayMonth, formatDuration, formatLocalSlot, formatTarget, localDate, secondsSince } from './format.js';
import { normalizeDate, normalizeMonth, normalizeTime } from './DateFields.js';

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
    expect(formatLocalSlot('2025-01-07T09:00', '2025-01-06', 'en')).toBe('Tue 7 January 09:00');
    expect(formatLocalSlot('2025-01-07T09:00', '2025-01-06', 'zh-CN')).toBe('1月7日周二 09:00');
    expect(formatLocalSlot('garbage', '2025-01-06', 'en')).toBe('garbage');
  });

  it('gives the local date in a time zone', () => {
    expect(localDate(new Date('2025-01-06T17:00:00.000Z'), 'Asia/Shanghai')).toBe('2025-01-07');
    expect(localDate(new Date('2025-01-06T15:00:00.000Z'), 'Asia/Shanghai')).toBe('2025-01-06');
  });

  // Issue 14: dates and times followed the browser's locale (mm/dd/yyyy, 11:41 AM), not the screen's language.
  describe('in the screen language, 24-hour, whatever the browser’s locale', () => {
    const at = new Date('2026-12-07T03:41:05.000Z'); // 11:41 in Shanghai
    const tz = 'Asia/Shanghai';

    it('tells the time on the 24-hour clock in every language', () => {
      const pm = new Date('2026-12-07T05:41:05.000Z');
      for (const lang of ['zh-CN', 'zh-TW', 'en'] as const) {
        expect(formatClock(pm, lang, tz)).toBe('13:41');
        expect(formatClock(pm, lang, tz, true)).toBe('13:41:05');
      }
    });

    it('writes numeric dates year first: 2026-12-07 11:41, never 12/07/2026', () => {
      for (const lang of ['zh-CN', 'zh-TW', 'en'] as const) expect(formatDateTime(at, lang, tz)).toBe('2026-12-07 11:41');
      expect(formatDateTime(at, 'en', tz, true)).toBe('2026-12-07 11:41:05');
    });

    it('writes dates in words in the language: 2026年12月7日星期一, 7 December', () => {
      expect(formatDate(at, 'zh-CN', tz)).toBe('2026年12月7日星期一');
      expect(formatDate(at, 'en', tz)).toMatch(/^Monday,? 7 December 2026$/);
      expect(formatDayMonth('2026-12-07', 'zh-CN')).toBe('12月7日');
      expect(formatDayMonth('2026-12-07', 'en')).toBe('7 December');
    });

    it('shows a target of whole minutes in minutes and a shorter one in seconds', () => {
      expect(formatTarget(480, 'en')).toBe('8 min');
      expect(formatTarget(20, 'en')).toBe('20 s');
      expect(formatTarget(5, 'zh-CN')).toBe('5 秒');
      expect(formatTarget(900, 'zh-TW')).toBe('15 分鐘');
    });

    it('reads typed times and dates the same way in every language', () => {
      expect(['9:5', '930', '0930', '09:30', '14.30', '23：59'].map(normalizeTime)).toEqual(['09:05', '09:30', '09:30', '09:30', '14:30', '23:59']);
      expect(['24:00', '9:60', '11:41 AM', ''].map(normalizeTime)).toEqual([null, null, null, null]);
      expect(['2026-12-7', '2026/12/07', '20261207', '2026年12月7日'].map(normalizeDate)).toEqual(Array(4).fill('2026-12-07'));
      expect(['12/07/2026', '2026-02-30', ''].map(normalizeDate)).toEqual([null, null, null]);
      expect(['2026-1', '2026/01', '202601', '2026年1月'].map(normalizeMonth)).toEqual(Array(4).fill('2026-01'));
      expect(['2026-13', '01/2026', 'December 2026', ''].map(normalizeMonth)).toEqual([null, null, null, null]);
    });
  });
});
