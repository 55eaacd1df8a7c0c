import { describe, expect, it } from 'vitest';
import { activeNotices, scheduleActive } from './active.js';
import { expectedWaitMinutes } from './expectedWait.js';
import { HqNoticesDoc, NoticeDraft, NoticeSchedule, noticeLine } from './schema.js';
import type { Notice } from './schema.js';

const SHANGHAI = 'Asia/Shanghai';
/** An instant given as the branch's wall clock in Shanghai (UTC+8, no DST). */
const cst = (local: string) => new Date(`${local}+08:00`);

function notice(id: string, schedule: Partial<NoticeSchedule>, more: Partial<Notice> = {}): Notice {
  return {
    id,
    version: 1,
    origin: 'branch',
    text: { 'zh-CN': `通知 ${id}`, 'zh-TW': '', en: '' },
    image: null,
    schedule: NoticeSchedule.parse({ from: '2026-12-01', to: '2026-12-31', days: [0, 1, 2, 3, 4, 5, 6], ...schedule }),
    publishedBy: 's-9001',
    publishedAt: '2026-12-01T01:00:00.000Z',
    updatedBy: 's-9001',
    updatedAt: '2026-12-01T01:00:00.000Z',
    withdrawnBy: null,
    withdrawnAt: null,
    ...more,
  };
}

describe('scheduleActive: the branch calendar and clock', () => {
  const s = NoticeSchedule.parse({ from: '2026-12-07', to: '2026-12-08', days: [1, 2], dailyFrom: '09:00', dailyTo: '17:30' });

  it('starts at the first minute of `from` and ends after the last day, both in the branch zone', () => {
    // 2026-12-07 is a Monday.
    expect(scheduleActive({ ...s, dailyFrom: undefined, dailyTo: undefined }, cst('2026-12-06T23:59:59'), SHANGHAI)).toBe(false);
    expect(scheduleActive({ ...s, dailyFrom: undefined, dailyTo: undefined }, cst('2026-12-07T00:00:00'), SHANGHAI)).toBe(true);
    expect(scheduleActive({ ...s, dailyFrom: undefined, dailyTo: undefined }, cst('2026-12-08T23:59:59'), SHANGHAI)).toBe(true);
    expect(scheduleActive({ ...s, dailyFrom: undefined, dailyTo: undefined }, cst('2026-12-09T00:00:00'), SHANGHAI)).toBe(false);
  });

  it('keeps the daily window: from its opening minute up to, not including, its closing minute', () => {
    expect(scheduleActive(s, cst('2026-12-07T08:59:59'), SHANGHAI)).toBe(false);
    expect(scheduleActive(s, cst('2026-12-07T09:00:00'), SHANGHAI)).toBe(true);
    expect(scheduleActive(s, cst('2026-12-07T17:29:59'), SHANGHAI)).toBe(true);
    expect(scheduleActive(s, cst('2026-12-07T17:30:00'), SHANGHAI)).toBe(false);
  });

  it('reads the day and hour in the branch zone, not UTC: 07:30 in Shanghai is the evening before in UTC', () => {
    const morning = NoticeSchedule.parse({ from: '2026-12-07', to: '2026-12-07', days: [1], dailyFrom: '07:00', dailyTo: '08:00' });
    const at = cst('2026-12-07T07:30:00'); // 2026-12-06T23:30Z, a Sunday in UTC
    expect(at.getUTCDay()).toBe(0);
    expect(scheduleActive(morning, at, SHANGHAI)).toBe(true);
    expect(scheduleActive(morning, at, 'UTC')).toBe(false);
    // The same schedule for a branch in Paris: 07:30 there is 14:30 in Shanghai.
    expect(scheduleActive(morning, new Date('2026-12-07T07:30:00+01:00'), 'Europe/Paris')).toBe(true);
  });

  it('shows only on the listed weekdays', () => {
    const weekends = NoticeSchedule.parse({ from: '2026-12-01', to: '2026-12-31', days: [0, 6] });
    expect(scheduleActive(weekends, cst('2026-12-05T10:00:00'), SHANGHAI)).toBe(true); // Saturday
    expect(scheduleActive(weekends, cst('2026-12-06T23:59:00'), SHANGHAI)).toBe(true); // Sunday night
    expect(scheduleActive(weekends, cst('2026-12-07T00:00:00'), SHANGHAI)).toBe(false); // Monday
  });

  it('a daily window up to 24:00 covers the last minute of the day', () => {
    const evening = NoticeSchedule.parse({ from: '2026-12-07', to: '2026-12-07', days: [1], dailyFrom: '18:00', dailyTo: '24:00' });
    expect(scheduleActive(evening, cst('2026-12-07T23:59:59'), SHANGHAI)).toBe(true);
    expect(scheduleActive(evening, cst('2026-12-08T00:00:00'), SHANGHAI)).toBe(false);
  });
});

describe('activeNotices', () => {
  const now = cst('2026-12-07T10:00:00');

  it('leaves out withdrawn, ended, future and out-of-window notices', () => {
    const list = [
      notice('live', {}),
      notice('withdrawn', {}, { withdrawnAt: '2026-12-07T01:00:00.000Z', withdrawnBy: 's-9001' }),
      notice('ended', { to: '2026-12-06' }),
      notice('future', { from: '2026-12-08' }),
      notice('afternoon', { dailyFrom: '14:00', dailyTo: '17:00' }),
    ];
    expect(activeNotices(list, now, SHANGHAI).map((n) => n.id)).toEqual(['live']);
  });

  it("puts head office's first, then the newest publication", () => {
    const list = [
      notice('old', {}, { publishedAt: '2026-12-01T00:00:00.000Z' }),
      notice('new', {}, { publishedAt: '2026-12-05T00:00:00.000Z' }),
      notice('hq', {}, { origin: 'hq', publishedAt: '2026-11-01T00:00:00.000Z' }),
    ];
    expect(activeNotices(list, now, SHANGHAI).map((n) => n.id)).toEqual(['hq', 'new', 'old']);
  });
});

describe('the notice schemas', () => {
  const schedule = { from: '2026-12-01', to: '2026-12-31', days: [1, 2, 3, 4, 5] };

  it('takes a text in one language only and shows it in the others', () => {
    const d = NoticeDraft.parse({ text: { en: 'Closed on 1 January' }, schedule });
    expect(noticeLine(d.text, 'zh-CN')).toBe('Closed on 1 January');
    expect(noticeLine({ 'zh-CN': '元旦休息', 'zh-TW': '', en: 'Closed' }, 'zh-TW')).toBe('元旦休息');
  });

  it('refuses a notice without words, a schedule ending before it starts, a half or reversed daily window', () => {
    expect(NoticeDraft.safeParse({ text: { 'zh-CN': '  ' }, schedule }).success).toBe(false);
    expect(NoticeDraft.safeParse({ text: { 'zh-CN': 'x' }, schedule: { ...schedule, from: '2026-12-31', to: '2026-12-01' } }).success).toBe(false);
    expect(NoticeDraft.safeParse({ text: { 'zh-CN': 'x' }, schedule: { ...schedule, dailyFrom: '09:00' } }).success).toBe(false);
    expect(NoticeDraft.safeParse({ text: { 'zh-CN': 'x' }, schedule: { ...schedule, dailyFrom: '17:00', dailyTo: '09:00' } }).success).toBe(false);
    expect(NoticeDraft.safeParse({ text: { 'zh-CN': 'x' }, schedule: { ...schedule, days: [] } }).success).toBe(false);
  });

  it('takes a small PNG and refuses other types and pictures over the limit', () => {
    const png = 'data:image/png;base64,' + Buffer.from('89504e470d0a1a0a', 'hex').toString('base64');
    expect(NoticeDraft.safeParse({ text: { 'zh-CN': 'x' }, image: png, schedule }).success).toBe(true);
    expect(NoticeDraft.safeParse({ text: { 'zh-CN': 'x' }, image: 'data:image/svg+xml;base64,PHN2Zz4=', schedule }).success).toBe(false);
    expect(NoticeDraft.safeParse({ text: { 'zh-CN': 'x' }, image: 'https://example.com/a.png', schedule }).success).toBe(false);
    const big = 'data:image/jpeg;base64,' + Buffer.alloc(130 * 1024).toString('base64');
    expect(NoticeDraft.safeParse({ text: { 'zh-CN': 'x' }, image: big, schedule }).success).toBe(false);
  });

  it("reads head office's document of notices", () => {
    const doc = HqNoticesDoc.parse({ notices: [{ id: 'hq-1', text: { 'zh-CN': '总行通知' }, schedule, publishedAt: '2026-12-01T00:00:00.000Z' }] });
    expect(doc.notices[0]!.publishedBy).toBe('head office');
    expect(HqNoticesDoc.safeParse({ notices: [{ id: 'hq-1', text: { 'zh-CN': 'x' }, schedule }] }).success).toBe(false);
  });
});

describe('expectedWaitMinutes', () => {
  it('rounds to whole minutes, at least one, and gives nothing when the forecast has no number', () => {
    expect(expectedWaitMinutes(null)).toBeNull();
    expect(expectedWaitMinutes(undefined)).toBeNull();
    expect(expectedWaitMinutes(0)).toBe(1);
    expect(expectedWaitMinutes(89)).toBe(1);
    expect(expectedWaitMinutes(90)).toBe(2);
    expect(expectedWaitMinutes(12 * 60 + 10)).toBe(12);
  });
});
