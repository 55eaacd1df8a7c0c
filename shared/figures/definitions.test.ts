import { describe, expect, it } from 'vitest';
import type { QueueEvent, QueueEventDetail, QueueEventType } from '../queue/events.js';
import { newTicket } from '../queue/ticket.js';
import type { Ticket } from '../queue/ticket.js';
import { addSums, emptySums, figureDelta, figureRow, isFirstCall, slotOf, waitBucketOf, windowSlotsOf } from './definitions.js';
import type { FigureContext } from './definitions.js';

const ctx: FigureContext = {
  timezone: 'Asia/Shanghai',
  services: [
    { code: 'A', targetWaitMinutes: 15, targetHandlingMinutes: 8 },
    { code: 'B', targetWaitSeconds: 30, targetHandlingSeconds: 20 },
  ],
};

// 09:00 in Shanghai on 2026-03-02.
const T0 = Date.parse('2026-03-02T01:00:00.000Z');
const iso = (minutes: number, seconds = 0) => new Date(T0 + minutes * 60_000 + seconds * 1000).toISOString();
const issued = newTicket({ id: 't1', businessDay: '2026-03-02', service: 'A', number: 'A001', priority: 'none', issuedAt: iso(0) });

let seq = 0;
function ev(type: QueueEventType, at: string, ticket: Ticket, counter: number | null, detail: QueueEventDetail = {}): QueueEvent {
  return { id: `e${++seq}`, seq, type, at, branchId: 'b', counter, ticket, detail };
}

describe('what one event adds to the figures', () => {
  it('an issued ticket is an arrival of its service in its slot, no window or teller', () => {
    const d = figureDelta(ev('ticket.issued', iso(7), issued, null), ctx, false)!;
    expect(d.key).toEqual({ day: '2026-03-02', slot: '09:00', service: 'A', counter: null, staffId: null });
    expect(d.sums).toEqual({ ...emptySums(), arrivals: 1 });
  });

  it('the first call ends the wait, at the window and teller who called, within target or not', () => {
    const called = { ...issued, status: 'called' as const, counter: 2, calledAt: iso(16), lastCalledAt: iso(16) };
    const d = figureDelta(ev('ticket.called', iso(16), called, 2, { waitSeconds: 960, staffId: 's-1' }), ctx, false)!;
    expect(d.key).toEqual({ day: '2026-03-02', slot: '09:15', service: 'A', counter: 2, staffId: 's-1' });
    expect(d.sums).toMatchObject({ called: 1, waitCount: 1, waitSecondsSum: 960, waitWithinTarget: 0 });
    expect(d.waitBucket).toBe(waitBucketOf(960));
    const quick = figureDelta(ev('ticket.called', iso(15), called, 2, { waitSeconds: 900 }), ctx, false)!;
    // Exactly the target (15 min) is within it.
    expect(quick.sums.waitWithinTarget).toBe(1);
  });

  it('a ticket called again (transferred, handed back, held) does not start a second wait', () => {
    const moved = { ...issued, service: 'B', status: 'called' as const, counter: 3, transfers: 1, calledAt: iso(30) };
    const again = ev('ticket.called', iso(30), moved, 3, { waitSeconds: 1800 });
    expect(isFirstCall(again, true)).toBe(false);
    expect(figureDelta(again, ctx, true)).toBeNull();
    // The same event as the ticket's first call would end its wait: only the history tells them apart.
    expect(figureDelta(again, ctx, false)?.sums.waitCount).toBe(1);
  });

  it('a held ticket called back and a recall do not end a wait again; a recall counts as a recall', () => {
    const back = { ...issued, status: 'called' as const, counter: 2, calledAt: iso(40) };
    expect(figureDelta(ev('ticket.called', iso(40), back, 2, { reason: 'held', waitSeconds: 2400 }), ctx, true)).toBeNull();
    const recall = figureDelta(ev('ticket.recalled', iso(17), { ...back, recalls: 1 }, 2, { staffId: 's-1' }), ctx, false)!;
    expect(recall.sums).toEqual({ ...emptySums(), recalls: 1 });
    expect(figureDelta(ev('ticket.held', iso(18), { ...back, status: 'held' }, 2), ctx, false)).toBeNull();
  });

  it('a finished service is served and measured against the handling target of its service then', () => {
    const done = { ...issued, service: 'B', status: 'done' as const, counter: 4, startedAt: iso(20), finishedAt: iso(20, 25) };
    const d = figureDelta(ev('service.finished', iso(20, 25), done, 4, { handlingSeconds: 25, staffId: 's-4' }), ctx, false)!;
    expect(d.key).toMatchObject({ service: 'B', counter: 4, staffId: 's-4', slot: '09:15' });
    expect(d.sums).toEqual({ ...emptySums(), served: 1, handlingCount: 1, handlingSecondsSum: 25, handlingWithinTarget: 0 });
    // Without the detail (an older event), the ticket's start and finish give the handling time.
    const old = figureDelta(ev('service.finished', iso(20, 15), { ...done, finishedAt: iso(20, 15) }, 4), ctx, false)!;
    expect(old.sums).toMatchObject({ handlingSecondsSum: 15, handlingWithinTarget: 1 });
  });

  it('a no-show and a transfer count at the window that gave them, the transfer for the service it left', () => {
    const ns = figureDelta(ev('ticket.no_show', iso(25), { ...issued, status: 'no_show', counter: 1 }, 1, { staffId: 's-1' }), ctx, false)!;
    expect(ns.sums).toEqual({ ...emptySums(), noShows: 1 });
    const moved = { ...issued, service: 'B', status: 'waiting' as const, transfers: 1 };
    const tr = figureDelta(ev('ticket.transferred', iso(26), moved, 1, { fromService: 'A', toService: 'B', fromCounter: 1, staffId: 's-1' }), ctx, false)!;
    expect(tr.key).toMatchObject({ service: 'A', counter: 1, staffId: 's-1' });
    expect(tr.sums).toEqual({ ...emptySums(), transfers: 1 });
    // A paused window handing its tickets back referred nobody.
    const back = ev('ticket.transferred', iso(27), { ...issued, status: 'waiting' }, 1, { fromService: 'A', toService: 'A', fromCounter: 1, reason: 'window_paused' });
    expect(figureDelta(back, ctx, false)).toBeNull();
  });

  it('an expired ticket, a start and an added item add nothing', () => {
    expect(figureDelta(ev('ticket.expired', iso(600), { ...issued, status: 'expired' }, null), ctx, false)).toBeNull();
    expect(figureDelta(ev('service.started', iso(20), { ...issued, status: 'serving' }, 1), ctx, false)).toBeNull();
    expect(figureDelta(ev('service.item_added', iso(21), { ...issued, status: 'serving' }, 1, { item: 'B' }), ctx, false)).toBeNull();
  });
});

describe('slots, buckets and the derived rows', () => {
  it('files instants in 15-minute slots of the branch zone', () => {
    expect(slotOf(Date.parse('2026-03-02T01:14:59Z'), 'Asia/Shanghai')).toBe('09:00');
    expect(slotOf(Date.parse('2026-03-02T01:15:00Z'), 'Asia/Shanghai')).toBe('09:15');
    expect(slotOf(Date.parse('2026-03-02T01:15:00Z'), 'Europe/Paris')).toBe('02:15');
  });

  it('puts a wait in the first bucket whose bound it does not pass, the last one open-ended', () => {
    expect([0, 300, 301, 3600, 3601].map(waitBucketOf)).toEqual([0, 0, 1, 6, 7]);
  });

  it('derives averages and the within-target rate, null when nothing was measured', () => {
    expect(figureRow(emptySums())).toMatchObject({ averageWaitSeconds: null, averageHandlingSeconds: null, waitWithinTargetRate: null });
    const s = { ...emptySums(), waitSecondsSum: 1000, waitCount: 3, waitWithinTarget: 2, handlingSecondsSum: 600, handlingCount: 2 };
    expect(figureRow(s)).toMatchObject({ averageWaitSeconds: 333, averageHandlingSeconds: 300, waitWithinTargetRate: 2 / 3 });
  });

  it('adds days into a month field by field, so a month average is not an average of averages', () => {
    const busy = { ...emptySums(), waitSecondsSum: 9000, waitCount: 30 };
    const quiet = { ...emptySums(), waitSecondsSum: 60, waitCount: 1 };
    const month = figureRow(addSums(busy, quiet));
    expect(month.waitCount).toBe(31);
    expect(month.averageWaitSeconds).toBe(Math.round(9060 / 31));
  });

  it('marks every slot a customer held the window, from the call to the end', () => {
    const done = { ...issued, status: 'done' as const, counter: 2, calledAt: iso(10), startedAt: iso(11), finishedAt: iso(50) };
    expect(windowSlotsOf(ev('service.finished', iso(50), done, 2), 'Asia/Shanghai')).toEqual({ day: '2026-03-02', counter: 2, slots: ['09:00', '09:15', '09:30', '09:45'] });
    expect(windowSlotsOf(ev('ticket.issued', iso(1), issued, null), 'Asia/Shanghai')).toBeNull();
  });
});

describe('slots across zones and daylight saving', () => {
  it('agrees with the zone calendar at every 5 minutes of a day with a clock change', () => {
    const fmt = (tz: string) => new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    for (const [tz, day] of [['Europe/Paris', '2026-03-29'], ['America/New_York', '2026-11-01'], ['Asia/Kathmandu', '2026-03-02'], ['Australia/Lord_Howe', '2026-04-05']] as const) {
      const f = fmt(tz);
      for (let t = Date.parse(`${day}T00:00:00Z`) - 12 * 3600_000; t < Date.parse(`${day}T00:00:00Z`) + 36 * 3600_000; t += 5 * 60_000) {
        const [h, m] = f.format(new Date(t)).split(':').map(Number) as [number, number];
        expect(slotOf(t, tz), `${tz} ${new Date(t).toISOString()}`).toBe(`${String(h).padStart(2, '0')}:${String(m - (m % 15)).padStart(2, '0')}`);
      }
    }
  });
});
