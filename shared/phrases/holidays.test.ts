import chineseDays from 'chinese-days';
import { Solar } from 'lunar-javascript';
import { afterEach, describe, expect, it } from 'vitest';
import { localDay, OCCASION_PRECEDENCE, occasionOn, occasionsOn } from './holidays.js';
import { OCCASIONS } from './schema.js';

const SHANGHAI = 'Asia/Shanghai';
/** 10:00 (or the given time) in Shanghai on that day. */
const at = (ymd: string, hhmm = '10:00') => new Date(`${ymd}T${hhmm}:00+08:00`);
/** What chinese-days says of a calendar day (asked at local noon, see holidays.ts). */
const official = (ymd: string) => {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  return chineseDays.getDayDetail(new Date(y, m - 1, d, 12));
};
const weekday = (ymd: string) => new Date(`${ymd}T00:00:00Z`).getUTCDay();

describe('occasionOn', () => {
  it('ranks every occasion', () => {
    expect([...OCCASION_PRECEDENCE].sort()).toEqual([...OCCASIONS].sort());
  });

  it('is null on an ordinary working day', () => {
    expect(weekday('2025-03-12')).toBe(3);
    expect(occasionOn(at('2025-03-12'), SHANGHAI)).toBeNull();
  });

  it('is weekend on an ordinary Saturday and Sunday', () => {
    expect(occasionOn(at('2025-03-15'), SHANGHAI)).toBe('weekend');
    expect(occasionOn(at('2025-03-16'), SHANGHAI)).toBe('weekend');
  });

  describe('Spring Festival', () => {
    it('is lunar New Year 2026-02-17 and the official break around it (Feb 15-23)', () => {
      const lunar = Solar.fromYmd(2026, 2, 17).getLunar();
      expect([lunar.getMonth(), lunar.getDay()]).toEqual([1, 1]);
      for (const day of ['2026-02-15', '2026-02-17', '2026-02-20', '2026-02-23']) {
        expect(official(day).work, day).toBe(false);
        expect(occasionOn(at(day), SHANGHAI), day).toBe('spring_festival');
      }
    });

    it('ends with the break', () => {
      expect(official('2026-02-24').work).toBe(true);
      expect(occasionOn(at('2026-02-24'), SHANGHAI)).toBeNull();
    });

    it('comes before the weekend on a Saturday of the break', () => {
      expect(weekday('2026-02-21')).toBe(6);
      expect(occasionsOn(at('2026-02-21'), SHANGHAI)).toEqual(['spring_festival', 'weekend']);
      expect(occasionOn(at('2026-02-21'), SHANGHAI)).toBe('spring_festival');
    });

    it("includes New Year's Eve when the official break does (2025-01-28)", () => {
      expect(Solar.fromYmd(2025, 1, 29).getLunar().getDay()).toBe(1);
      expect(occasionOn(at('2025-01-28'), SHANGHAI)).toBe('spring_festival');
    });
  });

  describe('adjusted working days (调休)', () => {
    it('2025-09-28 is a working Sunday: not weekend, no occasion', () => {
      expect(weekday('2025-09-28')).toBe(0);
      expect(chineseDays.isWorkday(new Date(2025, 8, 28, 12))).toBe(true);
      expect(occasionsOn(at('2025-09-28'), SHANGHAI)).toEqual([]);
    });

    it('working Saturdays are not weekend either (2025-10-11, 2026-02-14, 2026-02-28)', () => {
      for (const day of ['2025-10-11', '2026-02-14', '2026-02-28']) {
        expect(weekday(day), day).toBe(6);
        expect(official(day).work, day).toBe(true);
        expect(occasionsOn(at(day), SHANGHAI), day).toEqual([]);
      }
    });

    it("a working Sunday right after New Year's Day (2026-01-04) has no occasion", () => {
      expect(official('2026-01-04').work).toBe(true);
      expect(occasionOn(at('2026-01-04'), SHANGHAI)).toBeNull();
    });
  });

  describe('Mid-Autumn and the National Day golden week', () => {
    it('2025-10-06 is lunar 8/15 inside the National Day break: Mid-Autumn first, golden week second', () => {
      const lunar = Solar.fromYmd(2025, 10, 6).getLunar();
      expect([lunar.getMonth(), lunar.getDay()]).toEqual([8, 15]);
      expect(official('2025-10-06').work).toBe(false);
      expect(occasionsOn(at('2025-10-06'), SHANGHAI)).toEqual(['mid_autumn', 'national_day']);
      expect(occasionOn(at('2025-10-06'), SHANGHAI)).toBe('mid_autumn');
    });

    it('the whole 2025 break (Oct 1-8) is the golden week, and Oct 9 is not', () => {
      for (const day of ['2025-10-01', '2025-10-02', '2025-10-05', '2025-10-07', '2025-10-08']) {
        expect(occasionOn(at(day), SHANGHAI), day).toBe('national_day');
      }
      expect(occasionsOn(at('2025-10-04'), SHANGHAI)).toEqual(['national_day', 'weekend']);
      expect(occasionOn(at('2025-10-09'), SHANGHAI)).toBeNull();
    });

    it('2026: Mid-Autumn break Sep 25-27 (lunar 8/15 on the 25th), then National Day Oct 1-7', () => {
      expect(Solar.fromYmd(2026, 9, 25).getLunar().getDay()).toBe(15);
      expect(occasionOn(at('2026-09-25'), SHANGHAI)).toBe('mid_autumn');
      expect(occasionsOn(at('2026-09-26'), SHANGHAI)).toEqual(['mid_autumn', 'weekend']);
      expect(occasionOn(at('2026-09-28'), SHANGHAI)).toBeNull();
      expect(occasionOn(at('2026-10-01'), SHANGHAI)).toBe('national_day');
      expect(occasionOn(at('2026-10-07'), SHANGHAI)).toBe('national_day');
      expect(official('2026-10-10').work).toBe(true);
      expect(occasionOn(at('2026-10-10'), SHANGHAI)).toBeNull();
    });
  });

  it("New Year's Day: the official break (2026-01-01 to 03)", () => {
    expect(occasionOn(at('2026-01-01'), SHANGHAI)).toBe('new_year');
    expect(occasionsOn(at('2026-01-03'), SHANGHAI)).toEqual(['new_year', 'weekend']);
    expect(occasionOn(at('2025-01-01'), SHANGHAI)).toBe('new_year');
    expect(occasionOn(at('2025-01-02'), SHANGHAI)).toBeNull();
  });

  it('Labour Day golden week: 2025-05-01 to 05, not the working Sunday before it', () => {
    for (const day of ['2025-05-01', '2025-05-02', '2025-05-05']) expect(occasionOn(at(day), SHANGHAI), day).toBe('labour_day');
    expect(occasionsOn(at('2025-05-03'), SHANGHAI)).toEqual(['labour_day', 'weekend']);
    expect(official('2025-04-27').work).toBe(true);
    expect(occasionOn(at('2025-04-27'), SHANGHAI)).toBeNull();
  });

  it('gives no greeting for 清明 and 端午 days off, but their Saturdays and Sundays are weekend', () => {
    expect(official('2026-04-06').work).toBe(false);
    expect(occasionOn(at('2026-04-06'), SHANGHAI)).toBeNull();
    expect(occasionOn(at('2026-04-04'), SHANGHAI)).toBe('weekend');
    expect(official('2026-06-19').work).toBe(false);
    expect(occasionOn(at('2026-06-19'), SHANGHAI)).toBeNull();
  });

  describe('a year chinese-days has no arrangement for (2027)', () => {
    it('has no official data, so the usual breaks stand in', () => {
      expect(official('2027-01-01').name).not.toContain(',');
    });

    it('Spring Festival runs from lunar New Year’s Eve to the 7th day (2027-02-05 to 12)', () => {
      expect(occasionOn(at('2027-02-04'), SHANGHAI)).toBeNull();
      expect(occasionOn(at('2027-02-05'), SHANGHAI)).toBe('spring_festival');
      expect(occasionOn(at('2027-02-06'), SHANGHAI)).toBe('spring_festival');
      expect(occasionOn(at('2027-02-12'), SHANGHAI)).toBe('spring_festival');
      expect(occasionOn(at('2027-02-13'), SHANGHAI)).toBe('weekend');
    });

    it("New Year's Day, Mid-Autumn (lunar 8/15 = 2027-09-15) and the golden weeks", () => {
      expect(occasionOn(at('2027-01-01'), SHANGHAI)).toBe('new_year');
      expect(occasionOn(at('2027-09-15'), SHANGHAI)).toBe('mid_autumn');
      expect(occasionOn(at('2027-05-05'), SHANGHAI)).toBe('labour_day');
      expect(occasionOn(at('2027-05-06'), SHANGHAI)).toBeNull();
      expect(occasionOn(at('2027-10-07'), SHANGHAI)).toBe('national_day');
      expect(occasionOn(at('2027-10-08'), SHANGHAI)).toBeNull();
    });
  });
});

describe('the local day of the branch', () => {
  it('23:30 UTC is already the next day in Shanghai', () => {
    const instant = new Date('2026-02-23T23:30:00Z');
    expect(localDay(instant, SHANGHAI)).toEqual({ year: 2026, month: 2, day: 24, weekday: 2 });
    expect(localDay(instant, 'UTC')).toEqual({ year: 2026, month: 2, day: 23, weekday: 1 });
    // The last day of the Spring Festival break in UTC, the first working day after it in Shanghai.
    expect(occasionOn(instant, 'UTC')).toBe('spring_festival');
    expect(occasionOn(instant, SHANGHAI)).toBeNull();
  });

  it('turns Saturday 23:30 UTC into the adjusted working Sunday 2025-09-28 in Shanghai', () => {
    const instant = new Date('2025-09-27T23:30:00Z');
    expect(occasionOn(instant, 'UTC')).toBe('weekend');
    expect(occasionOn(instant, SHANGHAI)).toBeNull();
  });

  it('puts 2025-10-05 23:30 UTC on Mid-Autumn in Shanghai', () => {
    const instant = new Date('2025-10-05T23:30:00Z');
    expect(occasionOn(instant, 'UTC')).toBe('national_day');
    expect(occasionOn(instant, SHANGHAI)).toBe('mid_autumn');
  });

  it('counts the day from local midnight: 00:00 and 23:59 in Shanghai are the same day', () => {
    expect(occasionOn(at('2026-02-17', '00:00'), SHANGHAI)).toBe('spring_festival');
    expect(occasionOn(at('2026-02-23', '23:59'), SHANGHAI)).toBe('spring_festival');
    expect(occasionOn(at('2026-02-24', '00:00'), SHANGHAI)).toBeNull();
  });

  it('rejects an unknown time zone', () => {
    expect(() => occasionOn(at('2026-02-17'), 'Mars/Olympus')).toThrow(RangeError);
  });

  describe('whatever time zone the machine runs in', () => {
    const saved = process.env.TZ;
    afterEach(() => {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    });

    it.each(['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC', 'Asia/Shanghai'])('%s', (machine) => {
      process.env.TZ = machine;
      expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(machine);
      expect(occasionsOn(at('2025-10-01'), SHANGHAI)).toEqual(['national_day']);
      expect(occasionsOn(at('2025-10-06'), SHANGHAI)).toEqual(['mid_autumn', 'national_day']);
      expect(occasionsOn(at('2025-09-28'), SHANGHAI)).toEqual([]);
      expect(occasionsOn(at('2025-09-27'), SHANGHAI)).toEqual(['weekend']);
      expect(occasionsOn(at('2026-02-17', '00:30'), SHANGHAI)).toEqual(['spring_festival']);
      expect(occasionsOn(at('2026-02-24', '23:30'), SHANGHAI)).toEqual([]);
    });
  });
});
