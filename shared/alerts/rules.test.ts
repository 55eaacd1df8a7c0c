import { describe, expect, it } from 'vitest';
import { demoBranch } from '../config/demoBranch.js';
import type { BranchConfig } from '../config/schema.js';
import { BANK_COMPLAINT_POLICY } from '../complaints/policy.js';
import { at, investigating, registered, TELLER } from '../complaints/testComplaints.fixtures.js';
import type { Pause } from '../pause/schema.js';
import type { Ticket } from '../queue/ticket.js';
import type { AlertInput, AlertWindow } from './rules.js';
import { complaintDeadline, findAlerts, pauseOverrun, waitBreachForecast, waitingCount, windowNotOpen } from './rules.js';

// Monday 2026-03-02, Shanghai.
const DAY = '2026-03-02';
const t = (hhmm: string, ymd = DAY) => new Date(`${ymd}T${hhmm}:00+08:00`);
const demo = demoBranch(DAY);
/** Weekdays 09:00-12:00 and 13:30-17:00; closed at weekends and on 2026-03-03 (a holiday). */
const officeHours: BranchConfig = {
  ...demo,
  hours: {
    timezone: 'Asia/Shanghai',
    weekly: [[], ...Array.from({ length: 5 }, () => [{ open: '09:00', close: '12:00' }, { open: '13:30', close: '17:00' }]), []],
    closedDates: ['2026-03-03'],
    extraOpenDates: [],
  },
};

type T = Pick<Ticket, 'service' | 'status' | 'issuedAt' | 'counter'>;
const waiting = (service: string, issuedAt: Date): T => ({ service, status: 'waiting', issuedAt: issuedAt.toISOString(), counter: null });
const serving = (service: string, counter: number, issuedAt: Date): T => ({ service, status: 'serving', issuedAt: issuedAt.toISOString(), counter });
const open = (number: number, pause: Pause | null = null): AlertWindow => ({ number, open: true, pause });
const closed = (number: number): AlertWindow => ({ number, open: false, pause: null });
const pause = (counter: number, reason: Pause['reason'], startedAt: Date): Pause => ({
  id: `p-${counter}`,
  counter,
  reason,
  startedAt: startedAt.toISOString(),
  endedAt: null,
  approvedBy: null,
  approvedAt: null,
  overrideBy: null,
  staffId: `s-100${counter}`,
});

function input(over: Partial<AlertInput>): AlertInput {
  return { now: t('10:00'), config: demo, tickets: [], windows: [1, 2, 3, 4].map((n) => open(n)), recentHandlingSeconds: {}, complaints: [], ...over };
}

describe('waiting_count: the seed’s alert at 20 waiting in the branch', () => {
  const people = (n: number) => Array.from({ length: n }, (_, i) => waiting(['A', 'B', 'V'][i % 3]!, new Date(t('09:59').getTime() + i * 1000)));

  it('fires at the threshold, counting every service together, and not one below', () => {
    expect(waitingCount(input({ tickets: people(19) }))).toEqual([]);
    expect(waitingCount(input({ tickets: people(20) }))).toEqual([{ kind: 'waiting_count', subject: 'branch', detail: { waiting: 20, threshold: 20 } }]);
  });

  it('follows the configured threshold and counts only people still waiting', () => {
    const config = { ...demo, policy: { ...demo.policy, alertWaitingCount: 5 } };
    const tickets = [...people(4), serving('A', 1, t('09:00')), { ...waiting('A', t('09:10')), status: 'called' as const, counter: 2 }];
    expect(waitingCount(input({ config, tickets }))).toEqual([]);
    expect(waitingCount(input({ config, tickets: [...tickets, waiting('B', t('09:58'))] }))[0]?.detail).toEqual({ waiting: 5, threshold: 5 });
  });
});

describe('wait_breach_forecast: the longest wait will pass its target, and which window to open', () => {
  // Service V (target 10 min) is served by window 4 only; A (15 min) by all four.
  it('names a closed window that serves the service, before the wait passes the target', () => {
    // Window 4 busy with a V customer; 3 V tickets waiting, the oldest for 6 minutes; V takes 5 min each.
    const tickets = [serving('V', 4, t('09:40')), waiting('V', t('09:54')), waiting('V', t('09:56')), waiting('V', t('09:58'))];
    const found = waitBreachForecast(input({ tickets, recentHandlingSeconds: { V: [300, 300, 300] } }));
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f).toMatchObject({ kind: 'wait_breach_forecast', subject: 'V', detail: { service: 'V', waiting: 3, targetWaitSeconds: 600 } });
    // Not yet breached (the oldest has waited 6 of its 10 minutes) but it will be within the horizon.
    expect(f.detail.breachInSeconds).toBeGreaterThan(0);
    expect(f.detail.breachInSeconds).toBeLessThanOrEqual(600);
    // Window 4 is the only one serving V and it is open: no window to name.
    expect(f.detail.suggestOpenCounter).toBeUndefined();
  });

  it('proposes the lowest closed window of the service, then a paused one', () => {
    const tickets = [serving('A', 2, t('09:30')), ...Array.from({ length: 8 }, (_, i) => waiting('A', t(`09:${String(45 + i).padStart(2, '0')}`)))];
    const slow = { A: [900, 900, 900] };
    const windows = [closed(1), open(2), open(3, pause(3, 'break', t('09:55'))), closed(4)];
    expect(waitBreachForecast(input({ tickets, windows, recentHandlingSeconds: slow }))[0]?.detail.suggestOpenCounter).toBe(1);
    const noneClosed = [open(1, pause(1, 'break', t('09:55'))), open(2), open(3, pause(3, 'break', t('09:55'))), open(4, pause(4, 'break', t('09:55')))];
    expect(waitBreachForecast(input({ tickets, windows: noneClosed, recentHandlingSeconds: slow }))[0]?.detail.suggestOpenCounter).toBe(1);
  });

  it('says nothing while the windows keep up, or when nobody waits', () => {
    const tickets = [waiting('A', t('09:58')), waiting('A', t('09:59'))];
    expect(waitBreachForecast(input({ tickets, recentHandlingSeconds: { A: [120, 120] } }))).toEqual([]);
    expect(waitBreachForecast(input({ tickets: [] }))).toEqual([]);
  });
});

describe('window_not_open: a configured window still closed after opening time', () => {
  const all = [1, 2, 3, 4];
  const windows = (openOnes: number[]) => all.map((n) => (openOnes.includes(n) ? open(n) : closed(n)));

  it('fires for each closed window once the grace after opening has passed, and not before', () => {
    expect(windowNotOpen({ config: officeHours, windows: windows([1, 2]), now: t('09:04') })).toEqual([]);
    expect(windowNotOpen({ config: officeHours, windows: windows([1, 2]), now: t('09:05') })).toEqual([
      { kind: 'window_not_open', subject: '3', detail: { counter: 3, openedAtLocal: `${DAY}T09:00` } },
      { kind: 'window_not_open', subject: '4', detail: { counter: 4, openedAtLocal: `${DAY}T09:00` } },
    ]);
    expect(windowNotOpen({ config: officeHours, windows: windows([1, 2, 3, 4]), now: t('09:30') })).toEqual([]);
  });

  it('counts from the afternoon session’s own opening', () => {
    expect(windowNotOpen({ config: officeHours, windows: windows([1, 2, 3]), now: t('13:33') })).toEqual([]);
    expect(windowNotOpen({ config: officeHours, windows: windows([1, 2, 3]), now: t('13:36') })).toMatchObject([{ subject: '4', detail: { openedAtLocal: `${DAY}T13:30` } }]);
  });

  it('says nothing over lunch, at night, on a weekend or on a closed date', () => {
    for (const now of [t('12:30'), t('20:00'), t('10:00', '2026-03-01'), t('10:00', '2026-03-03')]) {
      expect(windowNotOpen({ config: officeHours, windows: windows([]), now }), now.toISOString()).toEqual([]);
    }
  });

  it('says nothing for a branch open round the clock carried over from the day before', () => {
    expect(windowNotOpen({ config: demo, windows: windows([]), now: t('10:00') })).toEqual([]);
  });
});

describe('pause_overrun: a pause sign up longer than its reason allows', () => {
  it('fires past the allowed length with the overrun and the teller, not at it', () => {
    const allowed = demo.standards.pausePolicies.break.allowedMinutes;
    const started = t('09:00');
    const w = [open(1), open(2, pause(2, 'break', started))];
    expect(pauseOverrun({ config: demo, windows: w, now: new Date(started.getTime() + allowed * 60_000) })).toEqual([]);
    expect(pauseOverrun({ config: demo, windows: w, now: new Date(started.getTime() + allowed * 60_000 + 61_000) })).toEqual([
      { kind: 'pause_overrun', subject: '2', detail: { counter: 2, pauseId: 'p-2', overrunSeconds: 61, staffId: 's-1002' } },
    ]);
  });
});

describe('complaint_deadline: a complaint near or past its deadline', () => {
  const policy = BANK_COMPLAINT_POLICY;
  const config = { ...demo, complaints: policy };
  const c = investigating(registered(policy), TELLER, policy);

  it('fires from the reminder day before the deadline, then as overdue', () => {
    const answerBy = Date.parse(c.deadlines.answerBy);
    expect(complaintDeadline({ config, complaints: [c], now: at('2026-09-30', '16:00') })).toEqual([]);
    const near = complaintDeadline({ config, complaints: [c], now: new Date(answerBy - 3_600_000) });
    expect(near).toEqual([{ kind: 'complaint_deadline', subject: c.id, detail: { complaintId: c.id, dueAt: c.deadlines.answerBy, reminder: 'before_deadline', staffId: c.ownerId } }]);
    expect(complaintDeadline({ config, complaints: [c], now: new Date(answerBy + 1000) })[0]?.detail.reminder).toBe('overdue');
  });
});

describe('findAlerts', () => {
  it('puts every rule’s findings in one list', () => {
    const tickets = Array.from({ length: 20 }, (_, i) => waiting('A', new Date(t('09:00').getTime() + i * 60_000)));
    const kinds = findAlerts(input({ tickets, windows: [closed(1), open(2), open(3), open(4, pause(4, 'break', t('08:00')))] })).map((f) => f.kind);
    expect(kinds).toEqual(['waiting_count', 'wait_breach_forecast', 'pause_overrun']);
  });
});
