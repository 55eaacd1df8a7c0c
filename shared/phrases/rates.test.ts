import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { phraseRates, servicesOf } from './rates.js';
import type { PhraseUse, ServiceFact, ServiceSpan } from './rates.js';

const SHANGHAI = 'Asia/Shanghai';
/** 2025-03-12 hh:mm in Shanghai, as ISO. */
const at = (hhmm: string, day = '2025-03-12') => new Date(`${day}T${hhmm}:00+08:00`).toISOString();
const service = (ticketId: string, called: string, finished: string, teller = 's-1'): ServiceSpan => ({ ticketId, teller, calledAt: at(called), finishedAt: at(finished) });
const use = (situation: string, when: string, ticketId: string | null, teller: string | null = 's-1'): PhraseUse => ({ situation, at: at(when), ticketId, teller });

describe('phraseRates', () => {
  it('counts a greeting between call and finish, and a farewell from the call until the next call', () => {
    const services = [service('t1', '09:00', '09:05'), service('t2', '09:10', '09:20'), service('t3', '09:30', '09:40'), service('t4', '09:50', '09:55')];
    const uses = [
      use('greeting', '09:00', 't1'),
      use('farewell', '09:06', 't1'), // just after the finish, before the next call: counts
      use('holiday_greeting', '09:11', 't2'),
      use('farewell', '09:31', 't2'), // after t3 was called: t2's customer is gone
      use('please_wait', '09:32', 't3'),
      use('greeting', '09:41', 't3'), // a greeting after the finish is no greeting
      use('farewell', '10:30', 't4'), // the teller's last service: open-ended
    ];
    expect(phraseRates(services, uses, SHANGHAI)).toEqual([
      { teller: 's-1', day: '2025-03-12', services: 4, greeted: 2, farewelled: 2, greetingRate: 0.5, farewellRate: 0.5 },
    ]);
  });

  it('never counts a phrase for another ticket or another teller, and counts one without a ticket by time', () => {
    const services = [service('t1', '09:00', '09:05'), service('u1', '09:00', '09:05', 's-2')];
    const uses = [
      use('greeting', '09:01', 'other'),
      use('greeting', '09:01', 'u1', 's-1'),
      use('farewell', '09:04', null), // no ticket: by time
      use('greeting', '09:02', 'u1', null), // no teller: nobody's
    ];
    expect(phraseRates(services, uses, SHANGHAI)).toEqual([
      { teller: 's-1', day: '2025-03-12', services: 1, greeted: 0, farewelled: 1, greetingRate: 0, farewellRate: 1 },
      { teller: 's-2', day: '2025-03-12', services: 1, greeted: 0, farewelled: 0, greetingRate: 0, farewellRate: 0 },
    ]);
  });

  it('counts a service once however many greetings it had', () => {
    const uses = [use('greeting', '09:00', 't1'), use('greeting', '09:01', 't1'), use('farewell', '09:05', 't1'), use('farewell', '09:05', 't1')];
    expect(phraseRates([service('t1', '09:00', '09:05')], uses, SHANGHAI)[0]).toMatchObject({ services: 1, greeted: 1, farewelled: 1, greetingRate: 1, farewellRate: 1 });
  });

  it('finds the next call after a held ticket comes back: the farewell window runs from its finish', () => {
    // t1 called 09:00, held, t2 served 09:02-09:04, t1 called back and finished 09:08, t3 at 09:20.
    const services = [service('t1', '09:00', '09:08'), service('t2', '09:02', '09:04'), service('t3', '09:20', '09:25')];
    const rows = phraseRates(services, [use('farewell', '09:09', 't1')], SHANGHAI);
    expect(rows[0]).toMatchObject({ services: 3, farewelled: 1 });
  });

  it('splits by the branch day of the call and gives no row without a service', () => {
    const services = [service('a', '23:50', '23:58', 's-1'), { ...service('b', '08:00', '08:05'), calledAt: at('08:00', '2025-03-13'), finishedAt: at('08:05', '2025-03-13') }];
    const rows = phraseRates(services, [use('greeting', '23:51', 'a')], SHANGHAI);
    expect(rows.map((r) => [r.day, r.services, r.greeted])).toEqual([
      ['2025-03-12', 1, 1],
      ['2025-03-13', 1, 0],
    ]);
    // 23:50 in Shanghai is 15:50 UTC: in UTC both calls fall on their UTC days.
    expect(phraseRates(services, [], 'UTC').map((r) => r.day)).toEqual(['2025-03-12', '2025-03-13']);
    expect(phraseRates([], [use('greeting', '09:00', null)], SHANGHAI)).toEqual([]);
  });
});

describe('servicesOf', () => {
  const fact = (type: ServiceFact['type'], when: string, ticketId: string, counter = 1): ServiceFact => ({ type, at: at(when), counter, ticketId });
  const teller = (n: number) => (n === 9 ? null : `s-${n}`);

  it('pairs the first call with the finish at the same window, in time order', () => {
    const facts = [
      fact('service.finished', '09:10', 't1'),
      fact('ticket.called', '09:00', 't1'),
      fact('ticket.called', '09:02', 't1'), // a recall keeps the first call
      fact('ticket.called', '09:11', 't2'), // never finished: no-show, transfer, or still serving
      fact('ticket.called', '09:12', 't3', 2),
      fact('service.finished', '09:15', 't3', 2),
    ];
    expect(servicesOf(facts, teller)).toEqual([
      { ticketId: 't1', teller: 's-1', calledAt: at('09:00'), finishedAt: at('09:10') },
      { ticketId: 't3', teller: 's-2', calledAt: at('09:12'), finishedAt: at('09:15') },
    ]);
  });

  it('skips a finish without a call at that window, and windows without a teller', () => {
    const facts = [fact('ticket.called', '09:00', 't1', 1), fact('service.finished', '09:05', 't1', 2), fact('ticket.called', '09:00', 'x', 9), fact('service.finished', '09:01', 'x', 9)];
    expect(servicesOf(facts, teller)).toEqual([]);
  });
});

describe('phraseRates over a whole day', () => {
  /** The rule as first written, one service at a time (quadratic): the reference the fast one must match. */
  function reference(services: readonly ServiceSpan[], uses: readonly PhraseUse[]): Array<[string, number, number, number]> {
    const out = new Map<string, [string, number, number, number]>();
    for (const service of services) {
      const list = services.filter((s) => s.teller === service.teller).sort((a, b) => Date.parse(a.calledAt) - Date.parse(b.calledAt));
      const from = Date.parse(service.calledAt);
      const finished = Date.parse(service.finishedAt);
      const next = list.find((o) => Date.parse(o.calledAt) > finished);
      const until = next ? Date.parse(next.calledAt) : Number.POSITIVE_INFINITY;
      const forThis = uses.filter((u) => u.teller === service.teller && (u.ticketId === null || u.ticketId === service.ticketId));
      const greeted = forThis.some((u) => ['greeting', 'holiday_greeting'].includes(u.situation) && Date.parse(u.at) >= from && Date.parse(u.at) <= finished);
      const farewelled = forThis.some((u) => u.situation === 'farewell' && Date.parse(u.at) >= from && (Date.parse(u.at) <= finished || Date.parse(u.at) < until));
      const row = out.get(service.teller) ?? [service.teller, 0, 0, 0];
      out.set(service.teller, [service.teller, row[1] + 1, row[2] + (greeted ? 1 : 0), row[3] + (farewelled ? 1 : 0)]);
    }
    return [...out.values()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  }

  it('counts exactly as the one-service-at-a-time rule, on random days with holds, untargeted and stray phrases', () => {
    const minute = (m: number) => new Date(Date.UTC(2025, 2, 12, 1, 0) + m * 60_000).toISOString();
    const span = fc.record({ t: fc.integer({ min: 0, max: 30 }), teller: fc.constantFrom('s-1', 's-2'), start: fc.integer({ min: 0, max: 400 }), len: fc.integer({ min: 0, max: 30 }) });
    const phrase = fc.record({ t: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }), teller: fc.constantFrom('s-1', 's-2', null), at: fc.integer({ min: 0, max: 440 }), situation: fc.constantFrom('greeting', 'holiday_greeting', 'farewell', 'busy') });
    fc.assert(
      fc.property(fc.array(span, { maxLength: 40 }), fc.array(phrase, { maxLength: 80 }), (spans, phrases) => {
        const services: ServiceSpan[] = spans.map((s, i) => ({ ticketId: `t${i}-${s.t}`, teller: s.teller, calledAt: minute(s.start), finishedAt: minute(s.start + s.len) }));
        const uses: PhraseUse[] = phrases.map((p) => ({ ticketId: p.t === null ? null : (services[p.t % Math.max(1, services.length)]?.ticketId ?? null), teller: p.teller, at: minute(p.at), situation: p.situation }));
        const fast = phraseRates(services, uses, 'Asia/Shanghai').map((r) => [r.teller, r.services, r.greeted, r.farewelled]);
        expect(fast).toEqual(reference(services, uses));
      }),
      { numRuns: 300 },
    );
  });
});
