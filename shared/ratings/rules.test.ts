import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { BANK_SCALE, DEFAULT_RATING_SETTINGS, DEFAULT_RATING_TIMEOUT_SECONDS, GOV_SCALE } from './scales.js';
import { RatingRecord, RatingScale } from './schema.js';
import type { RatingInput, ServiceRecord } from './schema.js';
import { acceptRating, attributeRating, dayScore, needsFollowUp, ratingLevel } from './rules.js';

const T0 = new Date('2025-06-03T02:00:00.000Z');
const after = (s: number) => new Date(T0.getTime() + s * 1000);
const service: ServiceRecord = { ticketId: 't-1', serviceId: 'svc-1', tellerId: 's-1002', counter: 2, finishedAt: T0.toISOString() };
const input = (over: Partial<RatingInput> = {}): RatingInput => ({ serviceId: 'svc-1', value: 4, source: 'rating_keypad', ...over });
const labels = (scale: RatingScale, lang: 'zh-CN' | 'zh-TW' | 'en') => scale.levels.map((l) => l.label[lang]);

describe('rating scales', () => {
  it('the bank’s default is the 4 answers of seed 001: 非常满意/满意/一般/不满意', () => {
    expect(DEFAULT_RATING_SETTINGS).toEqual({ scale: BANK_SCALE, timeoutSeconds: 30 });
    expect(labels(BANK_SCALE, 'zh-CN')).toEqual(['非常满意', '满意', '一般', '不满意']);
    expect(labels(BANK_SCALE, 'zh-TW')).toEqual(['非常滿意', '滿意', '一般', '不滿意']);
    expect(labels(BANK_SCALE, 'en')).toEqual(['Very satisfied', 'Satisfied', 'Average', 'Dissatisfied']);
    expect(BANK_SCALE.levels.filter((l) => l.low).map((l) => l.label['zh-CN'])).toEqual(['不满意']);
  });

  it('the government 好差评 scale has 5 answers, the two dissatisfied ones low', () => {
    expect(labels(GOV_SCALE, 'zh-CN')).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
    expect(GOV_SCALE.levels.filter((l) => l.low).map((l) => l.label['zh-CN'])).toEqual(['不满意', '非常不满意']);
    expect(GOV_SCALE.levels.filter((l) => l.low).map((l) => l.value)).toEqual([2, 1]);
  });

  it('refuses a scale with repeated values or not listed best first', () => {
    const [a, b] = BANK_SCALE.levels as [RatingScale['levels'][number], RatingScale['levels'][number]];
    expect(RatingScale.safeParse({ id: 'x', levels: [a, { ...b, value: a.value }] }).success).toBe(false);
    expect(RatingScale.safeParse({ id: 'x', levels: [b, a] }).success).toBe(false);
    expect(RatingScale.safeParse({ id: 'x', levels: [a] }).success).toBe(false);
  });
});

describe('acceptRating', () => {
  it('refuses a rating from the teller’s own keyboard, whatever the value', () => {
    for (const value of [1, 2, 3, 4]) {
      expect(acceptRating(input({ value, source: 'teller_keyboard' }), BANK_SCALE)).toEqual({ ok: false, reason: 'teller_keyboard' });
    }
  });

  it('accepts the customer display and the rating keypad', () => {
    expect(acceptRating(input({ source: 'customer_display' }), BANK_SCALE)).toEqual({ ok: true, rating: input({ source: 'customer_display' }) });
    expect(acceptRating(input(), BANK_SCALE)).toEqual({ ok: true, rating: input() });
  });

  it('refuses a value that is not an answer of the scale', () => {
    expect(acceptRating(input({ value: 5 }), BANK_SCALE)).toEqual({ ok: false, reason: 'unknown_level', value: 5 });
    expect(acceptRating(input({ value: 5 }), GOV_SCALE)).toMatchObject({ ok: true });
  });
});

describe('attributeRating', () => {
  const T = DEFAULT_RATING_TIMEOUT_SECONDS;

  it('gives an answer in time to the service, its ticket and the teller who served it', () => {
    const r = attributeRating(input({ value: 3 }), service, after(5), T);
    expect(r).toEqual({
      ok: true,
      record: {
        ticketId: 't-1',
        serviceId: 'svc-1',
        tellerId: 's-1002',
        counter: 2,
        finishedAt: T0.toISOString(),
        status: 'rated',
        value: 3,
        source: 'rating_keypad',
        ratedAt: after(5).toISOString(),
      },
    });
    expect(r.ok && RatingRecord.safeParse(r.record).success).toBe(true);
  });

  it('accepts an answer up to the timeout included, and refuses one after it', () => {
    expect(attributeRating(input(), service, after(T), T)).toMatchObject({ ok: true, record: { status: 'rated' } });
    expect(attributeRating(input(), service, new Date(after(T).getTime() + 1), T)).toEqual({ ok: false, reason: 'too_late', secondsLate: 1 });
    expect(attributeRating(input(), service, after(T + 90), 120)).toMatchObject({ ok: true });
  });

  it('no answer within the time: not rated; before then: still awaiting', () => {
    expect(attributeRating(null, service, after(10), T)).toEqual({ ok: false, reason: 'awaiting_answer', secondsLeft: 20 });
    expect(attributeRating(null, service, after(T), T)).toEqual({ ok: false, reason: 'awaiting_answer', secondsLeft: 0 });
    const r = attributeRating(null, service, after(T + 1), T);
    expect(r).toEqual({
      ok: true,
      record: { ...service, status: 'not_rated', value: null, source: null, ratedAt: null },
    });
    expect(r.ok && RatingRecord.safeParse(r.record).success).toBe(true);
  });

  it('refuses an answer for another service', () => {
    expect(attributeRating(input({ serviceId: 'svc-0' }), service, after(3), T)).toEqual({ ok: false, reason: 'other_service', expected: 'svc-1', got: 'svc-0' });
  });

  it('refuses the teller’s keyboard even when acceptRating was skipped', () => {
    expect(attributeRating(input({ source: 'teller_keyboard' }), service, after(3), T)).toEqual({ ok: false, reason: 'teller_keyboard' });
  });

  it('refuses an answer before the service finished', () => {
    expect(attributeRating(input(), service, after(-1), T)).toEqual({ ok: false, reason: 'not_finished' });
  });

  it('the record schema never holds a teller-keyboard rating or half a rating', () => {
    const rated = { ...service, status: 'rated', value: 4, source: 'rating_keypad', ratedAt: T0.toISOString() };
    expect(RatingRecord.safeParse(rated).success).toBe(true);
    expect(RatingRecord.safeParse({ ...rated, source: 'teller_keyboard' }).success).toBe(false);
    expect(RatingRecord.safeParse({ ...rated, ratedAt: null }).success).toBe(false);
    expect(RatingRecord.safeParse({ ...rated, status: 'not_rated' }).success).toBe(false);
  });
});

const rated = (value: number) => ({ status: 'rated' as const, value });
const notRated = { status: 'not_rated' as const, value: null };

describe('dayScore', () => {
  it('bank: satisfaction = (非常满意 + 满意) / rated, score = mean on 100 / 66.7 / 33.3 / 0', () => {
    const s = dayScore([rated(4), rated(2), rated(2), rated(1), notRated, notRated], BANK_SCALE);
    expect(s).toMatchObject({ rated: 4, notRated: 2, satisfied: 1, low: 1, satisfactionPercent: 25 });
    expect(s.byLevel).toEqual([
      { value: 4, count: 1 },
      { value: 3, count: 0 },
      { value: 2, count: 2 },
      { value: 1, count: 1 },
    ]);
    expect(s.score).toBeCloseTo(((100 + 33.333 * 2 + 0) / 4), 2);
  });

  it('government: 基本满意 is neither satisfied nor low; score on 100 / 75 / 50 / 25 / 0', () => {
    const s = dayScore([rated(5), rated(3), rated(1)], GOV_SCALE);
    expect(s).toMatchObject({ rated: 3, satisfied: 1, low: 1, score: 50 });
    expect(s.satisfactionPercent).toBeCloseTo(33.33, 2);
    expect(dayScore([rated(4), rated(2)], GOV_SCALE)).toMatchObject({ satisfactionPercent: 50, score: 50, low: 1 });
  });

  it('has no figures before the first answer, and leaves out values off the scale', () => {
    expect(dayScore([], BANK_SCALE)).toMatchObject({ rated: 0, satisfactionPercent: null, score: null });
    expect(dayScore([notRated, rated(9)], BANK_SCALE)).toMatchObject({ rated: 0, notRated: 1, satisfactionPercent: null, score: null });
    expect(dayScore([rated(4), rated(4)], BANK_SCALE)).toMatchObject({ satisfactionPercent: 100, score: 100 });
    expect(dayScore([rated(1)], BANK_SCALE)).toMatchObject({ satisfactionPercent: 0, score: 0 });
  });

  it('stays within 0..100 and does not depend on the order of the records (property)', () => {
    const arbCase = fc.constantFrom(BANK_SCALE, GOV_SCALE).chain((scale) =>
      fc.record({
        scale: fc.constant(scale),
        records: fc.array(
          fc.oneof(
            fc.constantFrom(...scale.levels.map((l) => l.value)).map(rated),
            fc.constant(notRated),
          ),
          { maxLength: 200 },
        ),
      }),
    );
    fc.assert(
      fc.property(
        arbCase.chain(({ scale, records }) =>
          fc.record({ scale: fc.constant(scale), records: fc.constant(records), shuffled: fc.shuffledSubarray(records, { minLength: records.length }) }),
        ),
        ({ scale, records, shuffled }) => {
          const a = dayScore(records, scale);
          expect(dayScore(shuffled, scale)).toEqual(a);
          expect(a.rated + a.notRated).toBe(records.length);
          for (const v of [a.satisfactionPercent, a.score]) {
            if (a.rated === 0) expect(v).toBeNull();
            else {
              expect(v).toBeGreaterThanOrEqual(0);
              expect(v).toBeLessThanOrEqual(100);
            }
          }
        },
      ),
    );
  });
});

describe('needsFollowUp', () => {
  it('opens a follow-up for a low answer only', () => {
    expect(BANK_SCALE.levels.map((l) => needsFollowUp(rated(l.value), BANK_SCALE))).toEqual([false, false, false, true]);
    expect(GOV_SCALE.levels.map((l) => needsFollowUp(rated(l.value), GOV_SCALE))).toEqual([false, false, false, true, true]);
  });

  it('not for a service nobody rated, nor for a value off the scale', () => {
    expect(needsFollowUp(notRated, BANK_SCALE)).toBe(false);
    expect(needsFollowUp(rated(0), BANK_SCALE)).toBe(false);
  });

  it('the level of a recorded value gives its label', () => {
    expect(ratingLevel(3, GOV_SCALE)?.label['zh-CN']).toBe('基本满意');
    expect(ratingLevel(7, GOV_SCALE)).toBeUndefined();
  });
});
