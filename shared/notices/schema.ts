import { z } from 'zod';
import { ClockTime, IsoDate } from '../config/primitives.js';
import { LANGS } from '../i18n/localized.js';
import type { Lang } from '../i18n/localized.js';

/**
 * A hall notice (seed 001 section 2.2 (5), the digital media system): text the branch lead or
 * head office publishes to the hall screens, scheduled, rolling beside the calls.
 */

/** Characters of one language's text: what the hall's strip shows in two or three lines. */
export const MAX_NOTICE_TEXT_CHARS = 200;

/**
 * An image travels inside the notice as a data: URL, so it syncs, stores and shows with the
 * notice and needs no file store or route of its own. Its size is capped well under the hub's
 * 256 KiB request limit (and head office's configuration documents); the lead's panel scales a
 * larger picture down before sending it.
 */
export const MAX_NOTICE_IMAGE_BYTES = 120 * 1024;
export const NOTICE_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
const IMAGE_PREFIX = /^data:(image\/(?:png|jpeg|webp));base64,([A-Za-z0-9+/]+={0,2})$/;

/** Decoded bytes of a base64 payload, without decoding it. */
export function base64Bytes(payload: string): number {
  const padding = payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0;
  return Math.floor((payload.length * 3) / 4) - padding;
}

export const NoticeImage = z.string().superRefine((value, ctx) => {
  // Checked on the prefix first: a 10 MB string is refused without running a regex over it.
  const maxChars = Math.ceil(MAX_NOTICE_IMAGE_BYTES / 3) * 4 + 32;
  if (value.length > maxChars) {
    ctx.addIssue({ code: 'custom', message: `an image is at most ${MAX_NOTICE_IMAGE_BYTES / 1024} KiB`, params: { reason: 'notice_image_too_large' } });
    return;
  }
  const m = IMAGE_PREFIX.exec(value);
  if (!m) {
    ctx.addIssue({ code: 'custom', message: 'an image is a data: URL of a PNG, JPEG or WebP picture, base64', params: { reason: 'notice_image_type' } });
    return;
  }
  if (base64Bytes(m[2]!) > MAX_NOTICE_IMAGE_BYTES) {
    ctx.addIssue({ code: 'custom', message: `an image is at most ${MAX_NOTICE_IMAGE_BYTES / 1024} KiB`, params: { reason: 'notice_image_too_large' } });
  }
});

const line = z.string().trim().max(MAX_NOTICE_TEXT_CHARS);

/**
 * The notice's words per language. A lead may write only one language; the hall then shows what
 * there is (noticeLine below) rather than nothing. At least one must be given.
 */
export const NoticeText = z
  .object({ 'zh-CN': line.default(''), 'zh-TW': line.default(''), en: line.default('') })
  .strict()
  .refine((t) => LANGS.some((l) => t[l].length > 0), { message: 'a notice needs its text in at least one language', params: { reason: 'notice_text_missing' } });
export type NoticeText = z.infer<typeof NoticeText>;

/** 0 = Sunday ... 6 = Saturday, like Date.getDay() and OpeningHours.weekly. */
export const Weekday = z.number().int().min(0).max(6);
export const ALL_WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;

/**
 * When the hall shows it, in the branch's zone: calendar days `from`..`to` (both included), on
 * these weekdays, and within the daily window when one is given (from `dailyFrom` up to, not
 * including, `dailyTo`; "24:00" is the end of the day).
 */
export const NoticeSchedule = z
  .object({
    from: IsoDate,
    to: IsoDate,
    days: z.array(Weekday).min(1).max(7),
    dailyFrom: ClockTime.optional(),
    dailyTo: z.union([ClockTime, z.literal('24:00')]).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.from > s.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'a notice must start before it ends', params: { reason: 'notice_schedule_order' } });
    if (new Set(s.days).size !== s.days.length) ctx.addIssue({ code: 'custom', path: ['days'], message: 'a weekday is listed twice' });
    if ((s.dailyFrom === undefined) !== (s.dailyTo === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['dailyTo'], message: 'give the daily window with both ends, or neither', params: { reason: 'notice_window_order' } });
    } else if (s.dailyFrom !== undefined && s.dailyTo !== undefined && s.dailyFrom >= s.dailyTo) {
      ctx.addIssue({ code: 'custom', path: ['dailyTo'], message: 'the daily window must open before it closes', params: { reason: 'notice_window_order' } });
    }
  });
export type NoticeSchedule = z.infer<typeof NoticeSchedule>;

/** Who published it: the branch's lead at the lead station, or head office through the configuration sync. */
export const NoticeOrigin = z.enum(['branch', 'hq']);
export type NoticeOrigin = z.infer<typeof NoticeOrigin>;

/** What a lead sends to publish a notice, and again (whole) to change it. */
export const NoticeDraft = z
  .object({
    text: NoticeText,
    image: NoticeImage.nullable().default(null),
    schedule: NoticeSchedule,
  })
  .strict();
export type NoticeDraft = z.infer<typeof NoticeDraft>;
export type NoticeDraftInput = z.input<typeof NoticeDraft>;

/** A change: the whole draft and the version it was made on (a lead who edited an old copy gets 409). */
export const NoticeEdit = NoticeDraft.extend({ version: z.number().int().min(1) }).strict();
export type NoticeEdit = z.infer<typeof NoticeEdit>;

export const NoticeWithdraw = z.object({ version: z.number().int().min(1) }).strict();

const Iso = z.iso.datetime({ offset: true });
const Who = z.string().min(1).max(64);

/** A notice as the hub keeps and serves it. */
export const Notice = z.object({
  id: z.string().min(1).max(64),
  version: z.number().int().min(1),
  origin: NoticeOrigin,
  text: NoticeText,
  image: NoticeImage.nullable(),
  schedule: NoticeSchedule,
  publishedBy: Who,
  publishedAt: Iso,
  updatedBy: Who,
  updatedAt: Iso,
  withdrawnBy: Who.nullable(),
  withdrawnAt: Iso.nullable(),
});
export type Notice = z.infer<typeof Notice>;

/** One change of a notice: every publication, edit and withdrawal is kept with who and when. */
export const NoticeChange = z.object({
  noticeId: z.string(),
  version: z.number().int().min(1),
  action: z.enum(['published', 'edited', 'withdrawn']),
  by: Who,
  at: Iso,
});
export type NoticeChange = z.infer<typeof NoticeChange>;

/**
 * Head office's notices for the branches: one configuration document of kind `config.notices`
 * (shared/sync/kinds.ts) keyed "*" (every branch) or a branch id, holding the notices in force.
 * Head office withdraws one by sending the document again without it.
 */
export const CONFIG_NOTICES = 'config.notices';
export const HqNotice = z
  .object({
    id: z.string().min(1).max(64),
    text: NoticeText,
    image: NoticeImage.nullable().default(null),
    schedule: NoticeSchedule,
    publishedBy: Who.default('head office'),
    publishedAt: Iso,
  })
  .strict();
export type HqNotice = z.infer<typeof HqNotice>;
export const HqNoticesDoc = z.object({ notices: z.array(HqNotice).max(50) }).strict();
export type HqNoticesDoc = z.infer<typeof HqNoticesDoc>;

/** The line the hall shows in a language: that language, else the other Chinese script, else whatever there is. */
export function noticeLine(text: NoticeText, lang: Lang): string {
  const order: readonly Lang[] = lang === 'en' ? ['en', 'zh-CN', 'zh-TW'] : lang === 'zh-TW' ? ['zh-TW', 'zh-CN', 'en'] : ['zh-CN', 'zh-TW', 'en'];
  return order.map((l) => text[l]).find((s) => s.length > 0) ?? '';
}

/** The refusal reasons the notice routes give beside their code (the lead's panel has a line for each). */
export const NOTICE_REFUSALS = [
  'notice_text_missing',
  'notice_image_too_large',
  'notice_image_type',
  'notice_schedule_order',
  'notice_window_order',
  'notice_changed',
  'notice_withdrawn',
  'notice_from_head_office',
  'notice_limit',
] as const;
export type NoticeRefusal = (typeof NOTICE_REFUSALS)[number];
