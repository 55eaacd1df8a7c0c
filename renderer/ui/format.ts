import type { Lang } from '../../shared/i18n/localized.js';
import { htmlLang } from '../i18n/lang.js';

/** 75 → "1:15", 3725 → "1:02:05". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export function secondsSince(iso: string | null | undefined, now: Date): number {
  if (!iso) return 0;
  return Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / 1000));
}

/*
 * Dates and times on every screen follow the screen's language (?lang=, the switcher), never the
 * browser's or the machine's locale: a kiosk set up in en-US still reads 2026-12-07 and 13:48.
 * Always 24-hour. Numeric dates are year-month-day for every language (2026-12-07 13:48); dates
 * in words are the language's own (2026年12月7日星期一, Monday 7 December 2026).
 */

/** The Intl locale of a screen language: British English for day-month order and the 24-hour clock. */
export function intlLocale(lang: Lang): string {
  return lang === 'en' ? 'en-GB' : htmlLang(lang);
}

/** Wall-clock time "14:05" (or with seconds) in the branch's time zone. */
export function formatClock(date: Date, lang: Lang, timeZone?: string, seconds = false): string {
  return new Intl.DateTimeFormat(intlLocale(lang), {
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
}

/** The date in words with its weekday: "2026年12月7日星期一", "Monday 7 December 2026". */
export function formatDate(date: Date, lang: Lang, timeZone?: string): string {
  return new Intl.DateTimeFormat(intlLocale(lang), {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'long',
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
}

/** "2026-12-07 13:48" (or with seconds) in the time zone, whatever the language. */
export function formatDateTime(date: Date, lang: Lang, timeZone?: string, seconds = false): string {
  return `${localDate(date, timeZone)} ${formatClock(date, lang, timeZone, seconds)}`;
}

/** A day "YYYY-MM-DD" in words without the year: "12月7日", "7 December" (with the weekday: "12月7日周一", "Mon 7 December"). */
export function formatDayMonth(day: string, lang: Lang, weekday = false): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  return new Intl.DateTimeFormat(intlLocale(lang), { month: 'long', day: 'numeric', ...(weekday ? { weekday: 'short' } : {}), timeZone: 'UTC' }).format(date);
}

/**
 * A branch-local "YYYY-MM-DDTHH:MM" (as the hub gives opening times): "14:00" when it is on
 * `today` ("YYYY-MM-DD"), otherwise the date and time.
 */
export function formatLocalSlot(slot: string, today: string | null, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(slot);
  if (!m) return slot;
  const [, y, mo, d, hh, mm] = m;
  const time = `${hh}:${mm}`;
  if (`${y}-${mo}-${d}` === today) return time;
  return `${formatDayMonth(`${y}-${mo}-${d}`, lang, true)} ${time}`;
}

/** Today's date "YYYY-MM-DD" in a time zone. */
export function localDate(now: Date, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', ...(timeZone ? { timeZone } : {}) }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const TARGET_UNITS: Record<Lang, { minutes: string; seconds: string }> = {
  'zh-CN': { minutes: '分钟', seconds: '秒' },
  'zh-TW': { minutes: '分鐘', seconds: '秒' },
  en: { minutes: 'min', seconds: 's' },
};

/** A configured target length: whole minutes in minutes ("8 分钟", "8 min"), anything else in seconds ("20 秒", "20 s"). */
export function formatTarget(seconds: number, lang: Lang): string {
  const whole = seconds >= 60 && seconds % 60 === 0;
  const units = TARGET_UNITS[lang];
  return whole ? `${seconds / 60} ${units.minutes}` : `${seconds} ${units.seconds}`;
}

/** 0 → "0 B", 2048 → "2.0 KB", 5_300_000 → "5.1 MB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${Math.max(0, Math.round(bytes || 0))} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
