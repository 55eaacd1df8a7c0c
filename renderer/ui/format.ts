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

/** Wall-clock time "14:05" (or with seconds) in the branch's time zone. */
export function formatClock(date: Date, lang: Lang, timeZone?: string, seconds = false): string {
  return new Intl.DateTimeFormat(htmlLang(lang), {
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
}

export function formatDate(date: Date, lang: Lang, timeZone?: string): string {
  return new Intl.DateTimeFormat(htmlLang(lang), {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'long',
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
}

export function formatDateTime(date: Date, lang: Lang, timeZone?: string): string {
  return new Intl.DateTimeFormat(htmlLang(lang), {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
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
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), 12));
  const day = new Intl.DateTimeFormat(htmlLang(lang), { month: 'long', day: 'numeric', weekday: 'short', timeZone: 'UTC' }).format(date);
  return `${day} ${time}`;
}

/** Today's date "YYYY-MM-DD" in a time zone. */
export function localDate(now: Date, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', ...(timeZone ? { timeZone } : {}) }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** 0 → "0 B", 2048 → "2.0 KB", 5_300_000 → "5.1 MB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${Math.max(0, Math.round(bytes || 0))} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
