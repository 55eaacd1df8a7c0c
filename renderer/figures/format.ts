import type { Lang } from '../../shared/i18n/localized.js';
import { formatDuration, intlLocale } from '../ui/format.js';

/*
 * Numbers of the figures in the screen's language (never the browser's locale): counts with the
 * language's grouping, shares as percentages, lengths of time as m:ss. A figure with nothing
 * measured (null) shows as a dash, not as 0.
 */

export const NONE = '–';

export function formatCount(n: number | null, lang: Lang): string {
  return n === null ? NONE : new Intl.NumberFormat(intlLocale(lang), { maximumFractionDigits: 0 }).format(n);
}

/** 0.853 → "85.3%". */
export function formatRate(r: number | null, lang: Lang): string {
  return r === null ? NONE : new Intl.NumberFormat(intlLocale(lang), { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(r);
}

export function formatSeconds(s: number | null): string {
  return s === null ? NONE : formatDuration(s);
}

/** "2026-12" in words: "2026年12月", "December 2026". */
export function formatMonth(month: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  return new Intl.DateTimeFormat(intlLocale(lang), { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15)));
}

/** The month of a day "YYYY-MM-DD" and its neighbours, for the month picker. */
export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The day before or after "YYYY-MM-DD". */
export function shiftDay(day: string, by: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + by));
  return next.toISOString().slice(0, 10);
}
