import { describe, expect, it } from 'vitest';
import type { OpeningHours } from '../config/schema.js';
import { newTicket } from '../queue/ticket.js';
import type { Ticket } from '../queue/ticket.js';
import { BANK_SCALE, GOV_SCALE } from '../ratings/scales.js';
import { DayFigures, dayFigures, previousOpenDay, ratingFigures } from './figures.js';

const services = [
  { code: 'A', targetWaitMinutes: 15 },
  { code: 'B', targetWaitMinutes: 20 },
];
const at = (hhmm: string) => `2025-06-02T${hhmm}:00.000Z`;
let n = 0;
function ticket(over: Partial<Ticket>): Ticket {
  n++;
  return { ...newTicket({ id: `t${n}`, businessDay: '2025-06-02', service: 'A', number: `A${String(n).padStart(3, '0')}`, priority: 'none', issuedAt: at('01:00') }), ...over };
}

describe('dayFigures', () => {
  it('counts tickets, services, no-shows and expired ones, and averages waits and handling', () => {
    const tickets = [
      // waited 10 min, served 6 min at window 1
      ticket({ status: 'done', counter: 1, calledAt: at('01:10'), startedAt: at('01:11'), finishedAt: at('01:17') }),
      // waited 30 min (over A's 15), served 4 min at window 1
      ticket({ status: 'done', counter: 1, calledAt: at('01:30'), startedAt: at('01:30'), finishedAt: at('01:34') }),
      // B: waited 20 min (= target), served 10 min at window 2
      ticket({ service: 'B', status: 'done', counter: 2, calledAt: at('01:20'), startedAt: at('01:20'), finishedAt: at('01:30') }),
      // called after 5 min, never came
      ticket({ status: 'no_show', counter: 2, calledAt: at('01:05') }),
      // never called
      ticket({ status: 'expired' }),
    ];
    const f = dayFigures('2025-06-02', tickets, services);
    expect(f).toEqual({
      day: '2025-06-02',
      issued: 5,
      served: 3,
      noShow: 1,
      expired: 1,
      averageWaitSeconds: Math.round(((10 + 30 + 20 + 5) * 60) / 4),
      averageHandlingSeconds: Math.round(((6 + 4 + 10) * 60) / 3),
      waitWithinTarget: { count: 3, of: 4 },
      byCounter: [
        { counter: 1, served: 2, averageHandlingSeconds: 5 * 60 },
        { counter: 2, served: 1, averageHandlingSeconds: 10 * 60 },
      ],
      ratings: null,
    });
    expect(DayFigures.parse(f)).toEqual(f);
  });

  it('has no averages on a day without calls', () => {
    const f = dayFigures('2025-06-02', [], services);
    expect(f).toMatchObject({ issued: 0, served: 0, averageWaitSeconds: null, averageHandlingSeconds: null, waitWithinTarget: { count: 0, of: 0 }, byCounter: [] });
  });

  it('never counts a negative wait when the kiosk clock ran ahead', () => {
    const f = dayFigures('2025-06-02', [ticket({ issuedAt: at('01:02'), calledAt: at('01:00'), status: 'called', counter: 1 })], services);
    expect(f.averageWaitSeconds).toBe(0);
  });

  it('carries the day\'s rating summary when there is one', () => {
    const ratings = { rated: 3, satisfied: 2, low: 1, notRated: 1 };
    expect(dayFigures('2025-06-02', [], services, ratings).ratings).toEqual(ratings);
  });
});

describe('ratingFigures', () => {
  it('counts each outcome on the scale it was given on, as the ratings capability does', () => {
    const [veryGood, good, average, bad] = BANK_SCALE.levels.map((l) => l.value) as [number, number, number, number];
    const govWorst = GOV_SCALE.levels[GOV_SCALE.levels.length - 1]!.value;
    const govMiddle = GOV_SCALE.levels[2]!.value;
    const f = ratingFigures(
      [
        { scaleId: BANK_SCALE.id, status: 'rated', value: veryGood },
        { scaleId: BANK_SCALE.id, status: 'rated', value: good },
        { scaleId: BANK_SCALE.id, status: 'rated', value: average },
        { scaleId: BANK_SCALE.id, status: 'rated', value: bad },
        { scaleId: BANK_SCALE.id, status: 'not_rated', value: null },
        { scaleId: GOV_SCALE.id, status: 'rated', value: govWorst },
        { scaleId: GOV_SCALE.id, status: 'rated', value: govMiddle },
        { scaleId: 'retired-scale', status: 'rated', value: veryGood },
        { scaleId: BANK_SCALE.id, status: 'rated', value: 999 },
      ],
      [BANK_SCALE, GOV_SCALE, BANK_SCALE],
    );
    // Satisfied = above the middle of the scale (非常满意 + 满意); "average" is neither satisfied nor low.
    expect(f).toEqual({ rated: 6, satisfied: 2, low: 2, notRated: 1 });
  });

  it('is all zero on a day nobody was asked', () => {
    expect(ratingFigures([], [BANK_SCALE])).toEqual({ rated: 0, satisfied: 0, low: 0, notRated: 0 });
  });
});

describe('previousOpenDay', () => {
  const weekday = [{ open: '09:00', close: '17:00' }];
  const hours: OpeningHours = {
    timezone: 'Asia/Shanghai',
    weekly: [[], weekday, weekday, weekday, weekday, weekday, []],
    closedDates: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06', '2025-10-07'],
    extraOpenDates: [{ date: '2025-09-28', sessions: weekday }],
  };

  it('is the calendar day before on an ordinary weekday', () => {
    expect(previousOpenDay(hours, '2025-06-04')).toBe('2025-06-03');
  });

  it('skips the weekend on a Monday', () => {
    expect(previousOpenDay(hours, '2025-06-09')).toBe('2025-06-06');
  });

  it('skips a holiday week back to the adjusted working day before it', () => {
    expect(previousOpenDay(hours, '2025-10-08')).toBe('2025-09-30');
    expect(previousOpenDay(hours, '2025-09-29')).toBe('2025-09-28');
  });

  it('is null when the branch was shut for more than two weeks', () => {
    expect(previousOpenDay({ ...hours, weekly: hours.weekly.map(() => []), extraOpenDates: [] }, '2025-06-04')).toBeNull();
  });
});
