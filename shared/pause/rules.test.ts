import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { Ticket } from '../queue/ticket.js';
import { T0, minutesAfter, ticket } from '../queue/testTickets.fixtures.js';
import { DEFAULT_PAUSE_POLICIES as policies } from './defaults.js';
import { DEFAULT_OPEN_WINDOWS, OpenWindowsPolicy, Pause, PAUSE_REASONS } from './schema.js';
import type { PausePolicies, PauseWindow, WindowStatus } from './schema.js';
import { approvePause, BRANCH_MINIMUM, canPause, endPause, handBack, isOpen, nearestOpenWindow, newPause, pauseAlerts, pauseNeedsApproval, pauseSign, pauseState, shortOfMinimum } from './rules.js';

const secondsAfter = (base: Date, s: number) => new Date(base.getTime() + s * 1000);

// The demo hall: V (wealth) is served only at window 4.
const hall = (over: Partial<Record<number, WindowStatus>> = {}): PauseWindow[] => [
  { number: 1, services: ['A'], status: over[1] ?? 'idle' },
  { number: 2, services: ['A', 'B'], status: over[2] ?? 'idle' },
  { number: 3, services: ['B', 'A'], status: over[3] ?? 'calling' },
  { number: 4, services: ['V', 'A'], status: over[4] ?? 'idle' },
];

const ask = (counter: number, over: Partial<Parameters<typeof canPause>[0]> = {}) =>
  canPause({ counter, reason: 'break', counters: hall(), policies, openingHoursOpen: true, ...over });

describe('canPause: putting up the pause sign (暂停服务牌, seed 003 (8) 4 and 6)', () => {
  it('lets a window pause when others serve its services, and says where to send customers', () => {
    expect(ask(1)).toEqual({ ok: true, needsApproval: true, redirectTo: 2, uncovered: [], belowMinimum: [] });
  });

  it('during opening hours, refuses to pause the last open window of a service without the lead’s override', () => {
    expect(ask(4)).toEqual({ ok: false, reason: 'last_open_for_service', services: ['V'], needsOverride: true });
  });

  it('outside opening hours, the last open window of a service may pause without an override', () => {
    // No other window serves V, so the sign names none (see nearestOpenWindow).
    expect(ask(4, { openingHoursOpen: false })).toEqual({ ok: true, needsApproval: true, redirectTo: null, uncovered: ['V'], belowMinimum: [] });
  });

  it('with the lead’s override the last open window may pause, and the override is the consent', () => {
    expect(ask(4, { overrideBy: 'lead-1' })).toEqual({ ok: true, needsApproval: false, redirectTo: null, uncovered: ['V'], belowMinimum: [] });
  });

  it('counts paused and closed windows as not serving when looking for the last open one', () => {
    const counters = hall({ 2: 'paused', 3: 'closed', 4: 'closed' });
    expect(ask(1, { counters })).toEqual({ ok: false, reason: 'last_open_for_service', services: ['A'], needsOverride: true });
    expect(ask(1, { counters: hall({ 2: 'paused', 3: 'closed', 4: 'serving' }) })).toMatchObject({ ok: true, redirectTo: 4 });
  });

  it('a device failure is never held up: no override needed, and it may interrupt a service', () => {
    expect(ask(4, { reason: 'device_failure' })).toEqual({ ok: true, needsApproval: false, redirectTo: null, uncovered: ['V'], belowMinimum: [] });
    expect(ask(3, { reason: 'device_failure', counters: hall({ 3: 'serving' }) })).toMatchObject({ ok: true, redirectTo: 2 });
  });

  it('refuses while a customer is being served for any other reason (先外后内)', () => {
    expect(ask(3, { counters: hall({ 3: 'serving' }) })).toEqual({ ok: false, reason: 'customer_at_counter' });
    expect(ask(3, { reason: 'called_by_lead', counters: hall({ 3: 'serving' }) })).toEqual({ ok: false, reason: 'customer_at_counter' });
  });

  it('refuses a window already paused, a closed window and an unknown window', () => {
    expect(ask(1, { counters: hall({ 1: 'paused' }) })).toEqual({ ok: false, reason: 'already_paused' });
    expect(ask(1, { counters: hall({ 1: 'closed' }) })).toEqual({ ok: false, reason: 'not_open' });
    expect(ask(9)).toEqual({ ok: false, reason: 'unknown_counter' });
  });

  it('takes the need for approval from the reason’s policy', () => {
    expect(ask(1, { reason: 'shift_handover' })).toMatchObject({ ok: true, needsApproval: false });
    expect(ask(1, { reason: 'cash_replenishment' })).toMatchObject({ ok: true, needsApproval: true });
    const lenient: PausePolicies = { ...policies, break: { ...policies.break, needsApproval: false } };
    expect(ask(1, { policies: lenient })).toMatchObject({ ok: true, needsApproval: false });
  });
});

describe('the minimum of open windows (seed 000: windows are not closed at will, not only the last one)', () => {
  const twoForA = OpenWindowsPolicy.parse({ services: { A: 3 } });

  it('by default each service keeps one open window and the branch one: only the last window is short', () => {
    expect(DEFAULT_OPEN_WINDOWS).toEqual({ minPerService: 1, services: {}, minTotal: 1, closeNeedsApproval: true });
    expect(shortOfMinimum(hall()[0]!, hall(), DEFAULT_OPEN_WINDOWS)).toEqual([]);
    expect(shortOfMinimum(hall()[3]!, hall(), DEFAULT_OPEN_WINDOWS)).toEqual(['V']);
  });

  it('names each service of the window left below its own minimum, and the branch below its total', () => {
    // A is served by 4 open windows; with a minimum of 3, any one may stop, a second may not.
    expect(shortOfMinimum(hall()[0]!, hall(), twoForA)).toEqual([]);
    expect(shortOfMinimum(hall()[0]!, hall({ 2: 'paused' }), twoForA)).toEqual(['A']);
    const many = OpenWindowsPolicy.parse({ minTotal: 4 });
    expect(shortOfMinimum(hall()[0]!, hall(), many)).toEqual([BRANCH_MINIMUM]);
    // A window that takes no customers changes no count.
    expect(shortOfMinimum({ ...hall()[0]!, status: 'paused' }, hall({ 1: 'paused', 2: 'paused' }), twoForA)).toEqual([]);
  });

  it('a pause below the minimum goes up but needs the lead’s approval, whatever its reason', () => {
    const counters = hall({ 2: 'paused' });
    expect(ask(1, { reason: 'shift_handover', counters, openWindows: twoForA })).toEqual({ ok: true, needsApproval: true, redirectTo: 3, uncovered: [], belowMinimum: ['A'] });
    // Above the minimum, the reason's policy decides as before.
    expect(ask(1, { reason: 'shift_handover', openWindows: twoForA })).toMatchObject({ ok: true, needsApproval: false, belowMinimum: [] });
    // The lead's override is the consent; outside opening hours and for a device failure the minimum does not apply.
    expect(ask(1, { reason: 'shift_handover', counters, openWindows: twoForA, overrideBy: 'lead-1' })).toMatchObject({ ok: true, needsApproval: false, belowMinimum: ['A'] });
    expect(ask(1, { reason: 'shift_handover', counters, openWindows: twoForA, openingHoursOpen: false })).toMatchObject({ needsApproval: false, belowMinimum: [] });
    expect(ask(1, { reason: 'device_failure', counters, openWindows: twoForA })).toMatchObject({ needsApproval: false, belowMinimum: [] });
  });

  it('the pause keeps the flag, so its state and the lead’s alerts ask for consent until a lead approves', () => {
    const pause = newPause({ id: 'p-min', counter: 1, reason: 'shift_handover', now: T0, belowMinimum: true });
    expect(Pause.parse(pause)).toEqual(pause);
    expect(pauseNeedsApproval(pause, policies.shift_handover)).toBe(true);
    expect(pauseState(pause, policies.shift_handover, T0).unapproved).toBe(true);
    expect(pauseAlerts([pause], policies, T0)).toEqual([{ kind: 'unapproved', counter: 1, pauseId: 'p-min', reason: 'shift_handover', since: T0.toISOString() }]);
    const approved = approvePause(pause, 'lead-1', T0);
    expect(pauseState(approved, policies.shift_handover, T0).unapproved).toBe(false);
    // A pause stored before the rule (no flag) is judged by its reason alone.
    expect(pauseNeedsApproval(newPause({ id: 'p-old', counter: 1, reason: 'shift_handover', now: T0 }), policies.shift_handover)).toBe(false);
  });
});

describe('nearestOpenWindow: "请到 M 号窗口办理"', () => {
  const row = (entries: [number, string[], WindowStatus][]): PauseWindow[] => entries.map(([number, services, status]) => ({ number, services, status }));

  it('picks the nearest open window that serves every service of the paused one', () => {
    const counters = row([
      [1, ['A', 'B'], 'idle'],
      [2, ['A'], 'idle'], // nearest, but does not serve B
      [3, ['A', 'B'], 'idle'],
      [4, ['A', 'B', 'V'], 'serving'], // serves more: fine
      [6, ['A', 'B'], 'idle'],
    ]);
    expect(nearestOpenWindow(3, counters)).toBe(4);
    expect(nearestOpenWindow(6, counters)).toBe(4);
  });

  it('skips paused and closed windows', () => {
    const counters = row([
      [1, ['A'], 'idle'],
      [2, ['A'], 'paused'],
      [3, ['A'], 'idle'],
      [4, ['A'], 'closed'],
      [5, ['A'], 'calling'],
    ]);
    expect(nearestOpenWindow(3, counters)).toBe(1);
    expect(nearestOpenWindow(4, counters)).toBe(3);
  });

  it('prefers the lower number on a tie', () => {
    const counters = row([
      [4, ['A'], 'idle'],
      [5, ['A'], 'idle'],
      [6, ['A'], 'idle'],
    ]);
    expect(nearestOpenWindow(5, counters)).toBe(4);
  });

  it('is null when no open window serves them all, or for an unknown window', () => {
    expect(nearestOpenWindow(4, hall({ 2: 'paused', 3: 'closed' }).map((c) => (c.number === 1 ? c : { ...c, services: ['V'] })))).toBeNull();
    expect(nearestOpenWindow(1, hall({ 2: 'paused', 3: 'paused', 4: 'paused' }))).toBeNull();
    expect(nearestOpenWindow(9, hall())).toBeNull();
  });

  it('never names the paused window itself nor a window that is not open', () => {
    const arbHall = fc.uniqueArray(
      fc.record({
        number: fc.integer({ min: 1, max: 12 }),
        services: fc.subarray(['A', 'B', 'V'], { minLength: 1 }),
        status: fc.constantFrom<WindowStatus>('idle', 'calling', 'serving', 'paused', 'closed'),
      }),
      { selector: (c) => c.number, minLength: 1, maxLength: 12 },
    );
    fc.assert(
      fc.property(arbHall, (counters) => {
        const me = counters[0]!;
        const to = nearestOpenWindow(me.number, counters);
        const fits = counters.filter((c) => c.number !== me.number && isOpen(c) && me.services.every((s) => c.services.includes(s)));
        if (to === null) return fits.length === 0;
        const best = Math.min(...fits.map((c) => Math.abs(c.number - me.number)));
        const target = counters.find((c) => c.number === to)!;
        return fits.includes(target) && Math.abs(to - me.number) === best;
      }),
    );
  });
});

describe('pauseSign: what the counter display shows', () => {
  it('shows the handover sign "交接班中，请稍候" (seed 004 part 4 二 (九)) and where to go', () => {
    const sign = pauseSign(policies.shift_handover, 2);
    expect(sign.headline).toEqual({ 'zh-CN': '交接班中，请稍候', 'zh-TW': '交接班中，請稍候', en: 'Shift handover in progress, please wait' });
    expect(sign.direction).toEqual({ 'zh-CN': '请到 2 号窗口办理', 'zh-TW': '請到 2 號窗口辦理', en: 'Please go to window 2' });
  });

  it('shows no direction when no window can take the customers', () => {
    expect(pauseSign(policies.break, null)).toEqual({ headline: policies.break.sign, direction: null });
  });
});

describe('pause records', () => {
  it('a new pause is up and unapproved; an override is recorded as the approval too', () => {
    const p = newPause({ id: 'p-1', counter: 4, reason: 'break', now: T0 });
    expect(p).toEqual({ id: 'p-1', counter: 4, reason: 'break', startedAt: T0.toISOString(), endedAt: null, approvedBy: null, approvedAt: null, overrideBy: null });
    const o = newPause({ id: 'p-2', counter: 4, reason: 'break', now: T0, overrideBy: 'lead-1' });
    expect(o).toMatchObject({ approvedBy: 'lead-1', approvedAt: T0.toISOString(), overrideBy: 'lead-1' });
    expect(Pause.safeParse(p).success && Pause.safeParse(o).success).toBe(true);
  });

  it('approval and end are recorded once; an end is never before the start', () => {
    const p = newPause({ id: 'p-1', counter: 1, reason: 'break', now: T0 });
    const a = approvePause(p, 'lead-1', minutesAfter(T0, 1));
    expect(approvePause(a, 'lead-2', minutesAfter(T0, 2))).toEqual(a);
    expect(a).toMatchObject({ approvedBy: 'lead-1', approvedAt: minutesAfter(T0, 1).toISOString() });
    const e = endPause(a, minutesAfter(T0, 5));
    expect(endPause(e, minutesAfter(T0, 9)).endedAt).toBe(minutesAfter(T0, 5).toISOString());
    expect(endPause(p, minutesAfter(T0, -1)).endedAt).toBe(T0.toISOString());
  });

  it('the schema refuses half an approval and an end before the start', () => {
    const p = newPause({ id: 'p-1', counter: 1, reason: 'break', now: T0 });
    expect(Pause.safeParse({ ...p, approvedBy: 'lead-1' }).success).toBe(false);
    expect(Pause.safeParse({ ...p, endedAt: minutesAfter(T0, -1).toISOString() }).success).toBe(false);
    expect(Pause.safeParse({ ...p, reason: 'lunch' }).success).toBe(false);
  });
});

describe('pauseState', () => {
  const brk = newPause({ id: 'p-1', counter: 1, reason: 'break', now: T0 });

  it('flags a pause whose reason needs consent until the lead gives it', () => {
    expect(pauseState(brk, policies.break, T0).unapproved).toBe(true);
    expect(pauseState(approvePause(brk, 'lead-1', T0), policies.break, T0).unapproved).toBe(false);
    expect(pauseState({ ...brk }, policies.shift_handover, T0).unapproved).toBe(false);
  });

  it('is an overrun exactly after its allowed length, not at it', () => {
    // break: 15 minutes
    expect(pauseState(brk, policies.break, minutesAfter(T0, 15))).toEqual({ unapproved: true, overrun: false, overrunSeconds: 0, elapsedSeconds: 900, remainingSeconds: 0 });
    expect(pauseState(brk, policies.break, new Date(minutesAfter(T0, 15).getTime() + 1))).toMatchObject({ overrun: true, overrunSeconds: 1 });
    expect(pauseState(brk, policies.break, minutesAfter(T0, 16))).toMatchObject({ overrun: true, overrunSeconds: 60 });
    expect(pauseState(brk, policies.break, secondsAfter(T0, 60.5))).toMatchObject({ overrun: false, elapsedSeconds: 60, remainingSeconds: 840 });
  });

  it('judges an ended pause at its end, whatever the time now', () => {
    const ended = endPause(brk, minutesAfter(T0, 10));
    expect(pauseState(ended, policies.break, minutesAfter(T0, 120))).toMatchObject({ overrun: false, elapsedSeconds: 600 });
  });
});

describe('pauseAlerts: the lead’s board', () => {
  it('flags an unapproved pause at once, and stops once approved', () => {
    const p = newPause({ id: 'p-1', counter: 2, reason: 'break', now: T0 });
    expect(pauseAlerts([p], policies, T0)).toEqual([{ kind: 'unapproved', counter: 2, pauseId: 'p-1', reason: 'break', since: T0.toISOString() }]);
    expect(pauseAlerts([approvePause(p, 'lead-1', T0)], policies, minutesAfter(T0, 1))).toEqual([]);
  });

  it('raises an overrun alert exactly after the allowed length (handover: 10 minutes)', () => {
    const p = newPause({ id: 'p-1', counter: 3, reason: 'shift_handover', now: T0 });
    expect(pauseAlerts([p], policies, minutesAfter(T0, 10))).toEqual([]);
    expect(pauseAlerts([p], policies, secondsAfter(T0, 601))).toEqual([{ kind: 'overrun', counter: 3, pauseId: 'p-1', reason: 'shift_handover', overrunSeconds: 1 }]);
  });

  it('uses the branch’s own policies', () => {
    const p = newPause({ id: 'p-1', counter: 3, reason: 'shift_handover', now: T0 });
    const short: PausePolicies = { ...policies, shift_handover: { ...policies.shift_handover, allowedMinutes: 5 } };
    expect(pauseAlerts([p], short, minutesAfter(T0, 6))).toMatchObject([{ kind: 'overrun', overrunSeconds: 60 }]);
  });

  it('lists both alerts of a pause, by window, and nothing for ended pauses', () => {
    const pauses = [
      newPause({ id: 'p-4', counter: 4, reason: 'other', now: T0 }),
      newPause({ id: 'p-1', counter: 1, reason: 'device_failure', now: T0 }),
      endPause(newPause({ id: 'p-2', counter: 2, reason: 'break', now: T0 }), minutesAfter(T0, 40)),
    ];
    expect(pauseAlerts(pauses, policies, minutesAfter(T0, 31)).map((a) => `${a.counter}:${a.kind}`)).toEqual(['1:overrun', '4:unapproved', '4:overrun']);
  });
});

describe('handBack: tickets at a window whose pause starts', () => {
  const at = (n: number, status: Ticket['status'], minutes: number, over: Partial<Ticket> = {}) => ticket(minutes, { status, counter: n, ...over });

  it('sends a called ticket back to its queue and a held one to the window the sign names', () => {
    const called = at(1, 'called', 0);
    const held = at(1, 'held', -5);
    const elsewhere = at(2, 'called', -9);
    const done = at(1, 'done', -20);
    const waiting = ticket(-30);
    expect(handBack(1, [called, held, elsewhere, done, waiting], hall())).toEqual([
      { ticketId: held.id, number: held.number, service: 'A', from: 'held', action: 'transfer', toCounter: 2 },
      { ticketId: called.id, number: called.number, service: 'A', from: 'called', action: 'requeue', toCounter: null },
    ]);
  });

  it('passes a ticket pinned to the paused window and a ticket being served (device failure) on too', () => {
    const pinned = ticket(-3, { service: 'B', targetCounter: 3 });
    const serving = at(3, 'serving', -8);
    expect(handBack(3, [pinned, serving], hall())).toEqual([
      expect.objectContaining({ ticketId: serving.id, from: 'serving', action: 'transfer', toCounter: 2 }),
      expect.objectContaining({ ticketId: pinned.id, from: 'waiting', action: 'transfer', toCounter: 2 }),
    ]);
  });

  it('for a service the sign’s window does not serve, picks the nearest window that does', () => {
    // window 3 pauses; a V ticket was pinned to it by a colleague; the sign points to 2 (A, B).
    const pinnedV = ticket(-3, { service: 'V', targetCounter: 3 });
    expect(handBack(3, [pinnedV], hall())).toEqual([expect.objectContaining({ action: 'transfer', toCounter: 4 })]);
  });

  it('with no window for the service, the ticket goes back to its queue unpinned rather than being lost', () => {
    const held = at(4, 'held', -3, { service: 'V' });
    expect(handBack(4, [held], hall())).toEqual([expect.objectContaining({ ticketId: held.id, action: 'requeue', toCounter: null })]);
  });

  it('never loses a ticket: each one tied to the window is handed back once, to a window that can take it', () => {
    const statuses: Ticket['status'][] = ['waiting', 'called', 'serving', 'held', 'done', 'no_show'];
    const arbTicket = fc
      .record({
        minutes: fc.integer({ min: -120, max: 0 }),
        service: fc.constantFrom('A', 'B', 'V'),
        status: fc.constantFrom(...statuses),
        counter: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
        targetCounter: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
      })
      .map((r) => ticket(r.minutes, { service: r.service, status: r.status, counter: r.counter, targetCounter: r.targetCounter }));
    const arbStatus = fc.constantFrom<WindowStatus>('idle', 'calling', 'serving', 'paused', 'closed');
    fc.assert(
      fc.property(fc.array(arbTicket, { maxLength: 20 }), fc.integer({ min: 1, max: 4 }), fc.tuple(arbStatus, arbStatus, arbStatus, arbStatus), (tickets, n, st) => {
        const counters = hall({ 1: st[0], 2: st[1], 3: st[2], 4: st[3] });
        const plan = handBack(n, tickets, counters);
        const tied = tickets.filter(
          (t) => (t.counter === n && ['called', 'held', 'serving'].includes(t.status)) || (t.status === 'waiting' && t.targetCounter === n),
        );
        expect(plan.map((h) => h.ticketId).sort()).toEqual(tied.map((t) => t.id).sort());
        for (const h of plan) {
          if (h.action === 'requeue') expect(h.toCounter).toBeNull();
          else {
            const to = counters.find((c) => c.number === h.toCounter)!;
            expect(to.number).not.toBe(n);
            expect(isOpen(to) && to.services.includes(h.service)).toBe(true);
          }
        }
      }),
    );
  });
});

describe('every reason has a policy', () => {
  it('in the defaults', () => {
    expect(Object.keys(policies).sort()).toEqual([...PAUSE_REASONS].sort());
  });
});
