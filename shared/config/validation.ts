import { z } from 'zod';
import { LANGS } from '../i18n/localized.js';
import { BranchConfig } from './schema.js';

/**
 * A branch configuration as head office edits it: the schema (BranchConfig) plus the rules
 * between fields the schema cannot see (a window serving a service the branch does not have,
 * sessions of one day overlapping, two people with one id ...). Both HQ (before a version is
 * stored and pushed) and the hub (before it applies a pulled one) run the same check, so a
 * branch refuses exactly what head office would have refused.
 *
 * Every failure is a code and the path of the field, so a screen can translate it and show it
 * beside the field; `detail` carries the few values the sentence needs.
 */
export const ConfigIssueCode = z.enum([
  /** The schema refused the value (wrong type, bad format); `detail.message` says how. */
  'invalid',
  /** A required field is missing. */
  'required',
  /** A text is missing one of the three languages (zh-CN, zh-TW, en), or is blank. */
  'missing_language',
  /** A number is outside its range (`detail.min` / `detail.max`). */
  'out_of_range',
  /** A window serves, or a minimum or appointment names, a service the branch does not have. */
  'unknown_service',
  /** A window's teller is not on the staff list. */
  'unknown_staff',
  /** Two services with one code. */
  'duplicate_service',
  /** Two windows with one number. */
  'duplicate_window',
  /** Two people with one id. */
  'duplicate_staff_id',
  /** Two people with one badge number. */
  'duplicate_badge',
  /** Two phrases, greetings or forbidden phrases with one id. */
  'duplicate_phrase',
  /** Two sessions of one day overlap (`detail.other`: the other session's index). */
  'hours_overlap',
  /** A date listed twice, or both closed and opened. */
  'duplicate_date',
  /** The time zone is not a known IANA zone. */
  'bad_timezone',
  /** A target given both in minutes and in seconds, or in neither. */
  'target_units',
  /** A service's minimum of open windows is more than the windows serving it. */
  'not_enough_windows',
]);
export type ConfigIssueCode = z.infer<typeof ConfigIssueCode>;

export const ConfigPath = z.array(z.union([z.string().max(64), z.number().int().min(0)])).max(12);
export type ConfigPath = z.infer<typeof ConfigPath>;

export const ConfigIssue = z.object({
  code: ConfigIssueCode,
  path: ConfigPath,
  detail: z.record(z.string(), z.union([z.string().max(200), z.number()])).optional(),
});
export type ConfigIssue = z.infer<typeof ConfigIssue>;

export type ConfigValidation = { ok: true; config: BranchConfig } | { ok: false; issues: ConfigIssue[] };

/**
 * Limits on the queue policy's thresholds. The schema only says "positive" for most of them;
 * these are the values beyond which a number is surely a typing mistake (a 4500-minute wait,
 * an alert at 2000 people waiting), refused before they reach a branch.
 */
export const THRESHOLD_LIMITS = {
  maxConsecutivePriority: { min: 1, max: 20 },
  maxWaitMinutes: { min: 1, max: 480 },
  recallsBeforeNoShow: { min: 0, max: 10 },
  minSecondsBetweenCalls: { min: 0, max: 600 },
  appointmentEarlyMinutes: { min: 0, max: 240 },
  appointmentLateMinutes: { min: 0, max: 240 },
  alertWaitingCount: { min: 1, max: 500 },
} as const;

/** Service targets: a wait of more than a working day, or a service of more than 8 hours, is a typing mistake. */
const TARGET_LIMITS = {
  targetWaitMinutes: { min: 1, max: 24 * 60 },
  targetWaitSeconds: { min: 1, max: 24 * 3600 },
  targetHandlingMinutes: { min: 1, max: 8 * 60 },
  targetHandlingSeconds: { min: 1, max: 8 * 3600 },
} as const;

const MAX_ISSUES = 100;

/** Parses and checks a branch configuration; every problem found, not just the first. */
export function validateBranchConfig(input: unknown): ConfigValidation {
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  const add = (issue: ConfigIssue): void => {
    const key = `${issue.code}|${issue.path.join('.')}`;
    if (seen.has(key) || issues.length >= MAX_ISSUES) return;
    // A missing language is one issue, not also "invalid" or "required" at the same place.
    if (issue.code !== 'missing_language' && seen.has(`missing_language|${issue.path.join('.')}`)) return;
    seen.add(key);
    issues.push(issue);
  };

  // Texts first, on the raw input: the schema accepts "   " as a text, and reports a missing
  // language only once the object around it is otherwise right.
  walkLocalized(input, [], add);

  const parsed = BranchConfig.safeParse(input);
  if (!parsed.success) {
    for (const zi of parsed.error.issues) add(fromZod(zi));
    return { ok: false, issues };
  }
  crossFieldRules(parsed.data, add);
  return issues.length === 0 ? { ok: true, config: parsed.data } : { ok: false, issues };
}

const LANG_KEYS: readonly string[] = LANGS;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Any object with one of the language keys is a trilingual text: all three must be there and not blank. */
function walkLocalized(value: unknown, path: ConfigPath, add: (i: ConfigIssue) => void): void {
  if (path.length > 10) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => walkLocalized(v, [...path, i], add));
    return;
  }
  if (!isRecord(value)) return;
  const keys = Object.keys(value);
  if (keys.some((k) => LANG_KEYS.includes(k)) && keys.every((k) => LANG_KEYS.includes(k))) {
    for (const lang of LANGS) {
      const text = value[lang];
      if (typeof text !== 'string' || text.trim() === '') add({ code: 'missing_language', path: [...path, lang], detail: { lang } });
    }
    return;
  }
  for (const k of keys) walkLocalized(value[k], [...path, k.slice(0, 64)], add);
}

function zodPath(path: readonly PropertyKey[]): ConfigPath {
  return path.slice(0, 12).map((p) => (typeof p === 'number' ? p : String(p).slice(0, 64)));
}

/** A schema's refusal as an issue with its field (also used for head office's evaluation policy, shared/evaluation/policy.ts). */
export function fromZod(zi: z.core.$ZodIssue): ConfigIssue {
  const path = zodPath(zi.path);
  const last = path[path.length - 1];
  if (typeof last === 'string' && LANG_KEYS.includes(last) && (zi.code === 'invalid_type' || zi.code === 'too_small')) {
    return { code: 'missing_language', path, detail: { lang: last } };
  }
  // zod leaves the input out of its issues; its message says what it received.
  if (zi.code === 'invalid_type' && /received undefined$/.test(zi.message)) return { code: 'required', path };
  if ((zi.code === 'too_small' || zi.code === 'too_big') && (zi.origin === 'number' || zi.origin === 'int')) {
    const bound = Number(zi.code === 'too_small' ? zi.minimum : zi.maximum);
    return { code: 'out_of_range', path, detail: zi.code === 'too_small' ? { min: bound } : { max: bound } };
  }
  if (zi.code === 'custom' && typeof last === 'string' && /^target(Wait|Handling)(Minutes|Seconds)$/.test(last)) {
    return { code: 'target_units', path };
  }
  if (zi.code === 'custom' && last === 'id' && zi.message.startsWith('duplicate id')) return { code: 'duplicate_phrase', path };
  return { code: 'invalid', path, detail: { message: zi.message.slice(0, 200) } };
}

function crossFieldRules(c: BranchConfig, add: (i: ConfigIssue) => void): void {
  // Services
  const codes = new Set<string>();
  c.services.forEach((s, i) => {
    if (codes.has(s.code)) add({ code: 'duplicate_service', path: ['services', i, 'code'], detail: { value: s.code } });
    codes.add(s.code);
    for (const [field, range] of Object.entries(TARGET_LIMITS)) {
      const v = s[field as keyof typeof TARGET_LIMITS];
      if (v !== undefined && (v < range.min || v > range.max)) add({ code: 'out_of_range', path: ['services', i, field], detail: { ...range } });
    }
  });

  // Staff
  const staffIds = new Set<string>();
  const badges = new Set<string>();
  c.staff.forEach((p, i) => {
    if (staffIds.has(p.id)) add({ code: 'duplicate_staff_id', path: ['staff', i, 'id'], detail: { value: p.id } });
    staffIds.add(p.id);
    if (badges.has(p.badge)) add({ code: 'duplicate_badge', path: ['staff', i, 'badge'], detail: { value: p.badge } });
    badges.add(p.badge);
  });

  // Windows
  const numbers = new Set<number>();
  c.counters.forEach((w, i) => {
    if (numbers.has(w.number)) add({ code: 'duplicate_window', path: ['counters', i, 'number'], detail: { value: w.number } });
    numbers.add(w.number);
    w.services.forEach((code, j) => {
      if (!codes.has(code)) add({ code: 'unknown_service', path: ['counters', i, 'services', j], detail: { value: code } });
    });
    if (!staffIds.has(w.staffId)) add({ code: 'unknown_staff', path: ['counters', i, 'staffId'], detail: { value: w.staffId } });
  });

  // Opening hours
  if (!isTimeZone(c.hours.timezone)) add({ code: 'bad_timezone', path: ['hours', 'timezone'], detail: { value: c.hours.timezone.slice(0, 64) } });
  c.hours.weekly.forEach((day, d) => overlaps(day, ['hours', 'weekly', d], add));
  c.hours.extraOpenDates.forEach((e, i) => overlaps(e.sessions, ['hours', 'extraOpenDates', i, 'sessions'], add));
  const closed = new Set<string>();
  c.hours.closedDates.forEach((date, i) => {
    if (closed.has(date)) add({ code: 'duplicate_date', path: ['hours', 'closedDates', i], detail: { value: date } });
    closed.add(date);
  });
  const opened = new Set<string>();
  c.hours.extraOpenDates.forEach((e, i) => {
    if (closed.has(e.date) || opened.has(e.date)) add({ code: 'duplicate_date', path: ['hours', 'extraOpenDates', i, 'date'], detail: { value: e.date } });
    opened.add(e.date);
  });

  // Thresholds
  for (const [field, range] of Object.entries(THRESHOLD_LIMITS)) {
    const v = c.policy[field as keyof typeof THRESHOLD_LIMITS];
    if (v < range.min || v > range.max) add({ code: 'out_of_range', path: ['policy', field], detail: { ...range } });
  }

  // Open-window minimums name real services and can be met by the windows serving them.
  const ow = c.standards.openWindows;
  for (const [code, min] of Object.entries(ow.services)) {
    if (!codes.has(code)) add({ code: 'unknown_service', path: ['standards', 'openWindows', 'services', code], detail: { value: code } });
    else {
      const serving = c.counters.filter((w) => w.services.includes(code)).length;
      if (min > serving) add({ code: 'not_enough_windows', path: ['standards', 'openWindows', 'services', code], detail: { value: min, max: serving } });
    }
  }
  if (ow.minTotal > c.counters.length) {
    add({ code: 'not_enough_windows', path: ['standards', 'openWindows', 'minTotal'], detail: { value: ow.minTotal, max: c.counters.length } });
  }

  // Appointments
  c.appointments.forEach((a, i) => {
    if (!codes.has(a.service)) add({ code: 'unknown_service', path: ['appointments', i, 'service'], detail: { value: a.service } });
  });

  // Phrase catalogue: the schema refuses duplicate ids already; nothing more here but languages (walked above).
}

type Sessions = BranchConfig['hours']['weekly'][number];

function overlaps(sessions: Sessions, path: ConfigPath, add: (i: ConfigIssue) => void): void {
  const order = sessions.map((s, i) => ({ ...s, i })).sort((a, b) => (a.open < b.open ? -1 : a.open > b.open ? 1 : 0));
  for (let k = 1; k < order.length; k++) {
    const prev = order[k - 1]!;
    const cur = order[k]!;
    if (cur.open < prev.close) add({ code: 'hours_overlap', path: [...path, cur.i], detail: { other: prev.i } });
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** "counters.2.services.0": the path as a screen keys its fields. */
export function pathKey(path: readonly (string | number)[]): string {
  return path.join('.');
}
