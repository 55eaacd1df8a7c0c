// The part of lunar-javascript (no bundled types) that shared/phrases uses.
declare module 'lunar-javascript' {
  /** A day of the Chinese lunisolar calendar. */
  export interface Lunar {
    getYear(): number;
    /** 1-12; a leap month is negative (闰八月 = -8). */
    getMonth(): number;
    getDay(): number;
  }

  /** A day of the Gregorian calendar, with no time zone: plain year, month, day arithmetic. */
  export interface Solar {
    getYear(): number;
    getMonth(): number;
    getDay(): number;
    getLunar(): Lunar;
    /** The day `days` later (earlier when negative). */
    next(days: number): Solar;
  }

  export const Solar: {
    fromYmd(year: number, month: number, day: number): Solar;
  };
}
