import { describe, expect, it } from 'vitest';
import { bankCatalogue, defaultCatalogues, tollCatalogue } from './data/index.js';
import { Moment, PhraseCatalogue, type Phrase, type PhraseCatalogueInput } from './schema.js';
import { dayPartAt, holidayGreetingsFor, phrasesForMoment, specialPromptsOf, type MomentContext } from './select.js';

const SHANGHAI = 'Asia/Shanghai';
const at = (ymd: string, hhmm = '10:00') => new Date(`${ymd}T${hhmm}:00+08:00`);
/** An ordinary working Wednesday morning. */
const WEDNESDAY = at('2025-03-12');
const ctx = (extra: Partial<MomentContext> = {}): MomentContext => ({ date: WEDNESDAY, timezone: SHANGHAI, ...extra });
const summary = (list: Phrase[]) => list.map((p) => [p.id, p.key]);

describe('phrasesForMoment, bank counter', () => {
  it('greets when a ticket is called, on the catalogue hotkeys', () => {
    expect(summary(phrasesForMoment(bankCatalogue, 'ticket_called', ctx()))).toEqual([
      ['bank.greeting', 1],
      ['bank.greeting.help', 2],
    ]);
  });

  it('says goodbye when service is finished', () => {
    expect(summary(phrasesForMoment(bankCatalogue, 'service_finished', ctx()))).toEqual([
      ['bank.finished', 1],
      ['bank.farewell', 2],
    ]);
  });

  it('offers the in-service phrases while serving', () => {
    expect(phrasesForMoment(bankCatalogue, 'serving', ctx()).map((p) => p.situation)).toEqual([
      'please_wait',
      'documents_request',
      'phone_during_service',
      'system_failure',
      'busy',
      'busy',
    ]);
  });

  it('apologises for the wait only when the customer waited longer than the target', () => {
    const sorry = (waitedSeconds?: number, targetWaitSeconds?: number) =>
      phrasesForMoment(bankCatalogue, 'ticket_called', ctx({ waitedSeconds, targetWaitSeconds })).find((p) => p.situation === 'sorry_for_wait');
    expect(sorry(901, 900)).toMatchObject({ id: 'bank.sorry_for_wait', key: 3, text: { 'zh-CN': '抱歉让您久等了。' } });
    expect(sorry(900, 900)).toBeUndefined();
    expect(sorry(60, 900)).toBeUndefined();
    expect(sorry(5000)).toBeUndefined();
    expect(sorry(undefined, 900)).toBeUndefined();
  });

  it('offers the apology by itself at wait_over_target', () => {
    expect(summary(phrasesForMoment(bankCatalogue, 'wait_over_target', ctx()))).toEqual([['bank.sorry_for_wait', 1]]);
  });

  it('puts the holiday greeting of the day first, without moving the greetings off their keys', () => {
    const list = phrasesForMoment(bankCatalogue, 'ticket_called', ctx({ date: at('2026-02-17'), waitedSeconds: 1200, targetWaitSeconds: 600 }));
    expect(summary(list)).toEqual([
      ['bank.holiday.spring_festival', 3],
      ['bank.greeting', 1],
      ['bank.greeting.help', 2],
      ['bank.sorry_for_wait', 4],
    ]);
    expect(list[0]).toMatchObject({ situation: 'holiday_greeting', text: { 'zh-CN': '新年好！', en: 'Happy Chinese New Year!' } });
  });

  it('greets Mid-Autumn on 2025-10-06, not the golden week', () => {
    expect(phrasesForMoment(bankCatalogue, 'holiday', ctx({ date: at('2025-10-06') })).map((p) => p.id)).toEqual(['bank.holiday.mid_autumn']);
    expect(phrasesForMoment(bankCatalogue, 'holiday', ctx({ date: at('2025-10-07') })).map((p) => p.id)).toEqual(['bank.holiday.national_day']);
  });

  it('has no holiday greeting on an adjusted working Sunday', () => {
    expect(phrasesForMoment(bankCatalogue, 'holiday', ctx({ date: at('2025-09-28') }))).toEqual([]);
    expect(phrasesForMoment(bankCatalogue, 'holiday', ctx({ date: at('2025-09-27') })).map((p) => p.id)).toEqual(['bank.holiday.weekend']);
  });

  it('reads the day in the branch time zone: 2026-02-14 23:30 UTC is already the Spring Festival break in Shanghai', () => {
    const date = new Date('2026-02-14T23:30:00Z'); // Saturday 14th (adjusted working day) in UTC, Sunday 15th (first day off) in Shanghai
    expect(phrasesForMoment(bankCatalogue, 'holiday', { date, timezone: 'UTC' })).toEqual([]);
    expect(phrasesForMoment(bankCatalogue, 'holiday', { date, timezone: SHANGHAI }).map((p) => p.id)).toEqual(['bank.holiday.spring_festival']);
  });

  it('has the special prompts the lead switches on: system failure and weather', () => {
    expect(specialPromptsOf(bankCatalogue).map((p) => p.id)).toEqual(['bank.system_failure', 'bank.weather.rain', 'bank.weather.ice_snow']);
    expect(phrasesForMoment(bankCatalogue, 'special', ctx({ specialPrompts: ['toll.weather.rain_fog'] }))).toEqual([]);
    // Switched on, a prompt joins the greetings after them; the system failure phrase keeps its key 4 of "special".
    const arriving = phrasesForMoment(bankCatalogue, 'ticket_called', ctx({ specialPrompts: ['bank.weather.rain'] }));
    expect(summary(arriving)).toEqual([
      ['bank.greeting', 1],
      ['bank.greeting.help', 2],
      ['bank.weather.rain', 3],
    ]);
    expect(summary(phrasesForMoment(bankCatalogue, 'special', ctx({ specialPrompts: ['bank.weather.rain', 'bank.system_failure'] })))).toEqual([
      ['bank.system_failure', 4],
      ['bank.weather.rain', 1],
    ]);
  });
});

describe('phrasesForMoment, toll booth', () => {
  it('greets by the part of the local day, always on key 1', () => {
    const greeting = (date: Date, timezone = SHANGHAI) => phrasesForMoment(tollCatalogue, 'ticket_called', { date, timezone })[0];
    expect(greeting(new Date('2025-03-12T00:30:00Z'))).toMatchObject({ id: 'toll.greeting.morning', key: 1 }); // 08:30 in Shanghai
    expect(greeting(new Date('2025-03-12T06:00:00Z'))).toMatchObject({ id: 'toll.greeting.afternoon', key: 1 }); // 14:00
    expect(greeting(new Date('2025-03-12T12:00:00Z'))).toMatchObject({ id: 'toll.greeting.evening', key: 1 }); // 20:00
    expect(greeting(new Date('2025-03-12T00:30:00Z'), 'UTC')).toMatchObject({ id: 'toll.greeting.evening', key: 1 }); // 00:30 in UTC
    const ids = phrasesForMoment(tollCatalogue, 'ticket_called', ctx()).map((p) => p.id);
    expect(ids).toEqual(['toll.greeting.morning', 'toll.hello', 'toll.offer_help']);
  });

  it('adds the special prompts the duty leader switched on, in catalogue order, when the vehicle arrives and leaves', () => {
    const specialPrompts = ['toll.seat_belt', 'toll.weather.rain_fog', 'no.such.prompt'];
    const arriving = phrasesForMoment(tollCatalogue, 'ticket_called', ctx({ specialPrompts }));
    expect(summary(arriving)).toEqual([
      ['toll.greeting.morning', 1],
      ['toll.hello', 2],
      ['toll.offer_help', 3],
      ['toll.weather.rain_fog', 4],
      ['toll.seat_belt', 5],
    ]);
    const leaving = phrasesForMoment(tollCatalogue, 'service_finished', ctx({ specialPrompts }));
    expect(leaving.slice(-2).map((p) => p.id)).toEqual(['toll.weather.rain_fog', 'toll.seat_belt']);
    expect(summary(phrasesForMoment(tollCatalogue, 'special', ctx({ specialPrompts })))).toEqual([
      ['toll.weather.rain_fog', 1],
      ['toll.seat_belt', 2],
    ]);
  });

  it('offers no special prompt that is not switched on', () => {
    expect(phrasesForMoment(tollCatalogue, 'special', ctx())).toEqual([]);
    expect(phrasesForMoment(tollCatalogue, 'ticket_called', ctx()).some((p) => p.moments?.includes('special'))).toBe(false);
    expect(specialPromptsOf(tollCatalogue)).toHaveLength(8);
  });

  it('wishes a good trip on golden-week days and weekends', () => {
    const first = (date: Date) => phrasesForMoment(tollCatalogue, 'ticket_called', ctx({ date }))[0]?.text['zh-CN'];
    expect(first(at('2025-10-02'))).toBe('节日快乐，祝您旅途愉快！');
    expect(first(at('2025-03-15'))).toBe('周末愉快，祝您一路顺风！');
    expect(first(at('2025-10-06'))).toBe('中秋快乐！');
  });
});

describe('hotkeys', () => {
  const contexts: MomentContext[] = [
    ctx(),
    ctx({ date: at('2025-03-12', '15:00') }),
    ctx({ date: at('2025-03-12', '21:00') }),
    ctx({ date: at('2026-02-17'), waitedSeconds: 1000, targetWaitSeconds: 10 }),
    ctx({ date: at('2025-10-06', '19:00'), specialPrompts: specialPromptsOf(tollCatalogue).map((p) => p.id) }),
    ctx({ date: at('2025-03-15'), waitedSeconds: 1000, targetWaitSeconds: 10, specialPrompts: ['toll.road.works'] }),
  ];

  it('are unique, within 1-9, on every phrase list of every shipped catalogue', () => {
    for (const catalogue of defaultCatalogues) {
      for (const moment of Moment.options) {
        for (const c of contexts) {
          const list = phrasesForMoment(catalogue, moment, c);
          const keys = list.flatMap((p) => (p.key === undefined ? [] : [p.key]));
          const label = `${catalogue.id} ${moment} ${c.date.toISOString()}`;
          expect(new Set(keys).size, label).toBe(keys.length);
          expect(keys.every((k) => k >= 1 && k <= 9), label).toBe(true);
          expect(new Set(list.map((p) => p.id)).size, label).toBe(list.length);
          // Nine or fewer phrases all have a key.
          if (list.length <= 9) expect(keys.length, label).toBe(list.length);
        }
      }
    }
  });

  it('of catalogue phrases never move, whatever else the day adds', () => {
    for (const catalogue of defaultCatalogues) {
      for (const moment of Moment.options) {
        for (const c of contexts) {
          for (const p of phrasesForMoment(catalogue, moment, c)) {
            const own = catalogue.phrases.find((q) => q.id === p.id);
            if (own?.key !== undefined && own.moments?.includes(moment)) expect(p.key, `${p.id} at ${moment}`).toBe(own.key);
          }
        }
      }
    }
  });

  it('are the same for the same input (stable)', () => {
    const c = contexts[4]!;
    expect(phrasesForMoment(tollCatalogue, 'ticket_called', c)).toEqual(phrasesForMoment(tollCatalogue, 'ticket_called', c));
  });

  it('keep the fixed ones first, fill the free digits in order and stop after nine', () => {
    const input: PhraseCatalogueInput = {
      id: 'many',
      version: 1,
      name: { 'zh-CN': '多', 'zh-TW': '多', en: 'Many' },
      phrases: Array.from({ length: 12 }, (_, i) => ({
        id: `p${i + 1}`,
        situation: 'greeting' as const,
        text: { 'zh-CN': `${i + 1}`, 'zh-TW': `${i + 1}`, en: `${i + 1}` },
        moments: ['ticket_called' as const],
        ...(i === 4 ? { key: 1 } : i === 7 ? { key: 9 } : {}),
      })),
    };
    const list = phrasesForMoment(PhraseCatalogue.parse(input), 'ticket_called', ctx());
    expect(summary(list)).toEqual([
      ['p5', 1],
      ['p8', 9],
      ['p1', 2],
      ['p2', 3],
      ['p3', 4],
      ['p4', 5],
      ['p6', 6],
      ['p7', 7],
      ['p9', 8],
      ['p10', undefined],
      ['p11', undefined],
      ['p12', undefined],
    ]);
    expect(list.slice(9).every((p) => !('key' in p))).toBe(true);
  });

  it('do not leak a key from another moment, and the catalogue is left untouched', () => {
    const before = structuredClone(bankCatalogue);
    const list = phrasesForMoment(bankCatalogue, 'ticket_called', ctx({ waitedSeconds: 99, targetWaitSeconds: 1 }));
    // bank.sorry_for_wait is key 1 at wait_over_target; here key 1 belongs to the first greeting.
    expect(list.find((p) => p.id === 'bank.sorry_for_wait')?.key).toBe(3);
    expect(bankCatalogue).toEqual(before);
  });
});

describe('helpers', () => {
  it('dayPartAt splits the local day at 05:00, 12:00 and 18:00', () => {
    expect(dayPartAt(at('2025-03-12', '04:59'), SHANGHAI)).toBe('evening');
    expect(dayPartAt(at('2025-03-12', '05:00'), SHANGHAI)).toBe('morning');
    expect(dayPartAt(at('2025-03-12', '11:59'), SHANGHAI)).toBe('morning');
    expect(dayPartAt(at('2025-03-12', '12:00'), SHANGHAI)).toBe('afternoon');
    expect(dayPartAt(at('2025-03-12', '17:59'), SHANGHAI)).toBe('afternoon');
    expect(dayPartAt(at('2025-03-12', '18:00'), SHANGHAI)).toBe('evening');
  });

  it('holidayGreetingsFor falls back to the next occasion of the day the catalogue has a greeting for', () => {
    const onlyGoldenWeek = PhraseCatalogue.parse({
      ...bankCatalogue,
      holidayGreetings: bankCatalogue.holidayGreetings.filter((g) => g.occasion !== 'mid_autumn'),
    });
    expect(holidayGreetingsFor(onlyGoldenWeek, at('2025-10-06'), SHANGHAI).map((p) => p.id)).toEqual(['bank.holiday.national_day']);
    expect(holidayGreetingsFor(bankCatalogue, at('2025-03-12'), SHANGHAI)).toEqual([]);
  });
});
