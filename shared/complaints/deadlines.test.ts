import chineseDays from 'chinese-days';
import { afterEach, describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, subtractWorkingDays } from './calendar.js';
import { computeDeadlines, dueReminders } from './deadlines.js';
import { BANK_COMPLAINT_POLICY, complaintPolicyFor, GOVERNMENT_HALL_COMPLAINT_POLICY } from './policy.js';
import type { ComplaintPolicy } from './policy.js';
import type { Complaint } from './schema.js';
import { at, HQ, LEAD, must, registered, SHANGHAI, TELLER } from './testComplaints.fixtures.js';
import { acceptComplaint, answerComplaint, extendDeadline, recordFinding, startInvestigation } from './workflow.js';

const GOV = GOVERNMENT_HALL_COMPLAINT_POLICY;
const BANK = BANK_COMPLAINT_POLICY;
/** What chinese-days says of the day (asked at local noon, as calendar.ts does). */
const official = (ymd: string) => {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  return chineseDays.getDayDetail(new Date(y, m - 1, d, 12));
};
const weekday = (ymd: string) => new Date(`${ymd}T00:00:00Z`).getUTCDay();
const deadlines = (receivedAt: Date, policy: ComplaintPolicy, over: Partial<Parameters<typeof computeDeadlines>[0]> = {}) =>
  computeDeadlines({ kind: 'complaint', complexity: 'simple', extensions: [], startedAt: receivedAt, timezone: SHANGHAI, ...over }, policy);

describe('the official calendar of 2026 (chinese-days)', () => {
  it('has the National Day break Oct 1-7 and the adjusted working Saturday Oct 10 (调休)', () => {
    for (let d = 1; d <= 7; d += 1) expect(isWorkingDay(`2026-10-0${d}`), `2026-10-0${d}`).toBe(false);
    expect(official('2026-10-01').name).toContain('National Day');
    expect(weekday('2026-10-10')).toBe(6);
    expect(official('2026-10-10')).toMatchObject({ work: true });
    expect(isWorkingDay('2026-10-10')).toBe(true);
    expect(isWorkingDay('2026-10-11')).toBe(false); // an ordinary Sunday
    expect(weekday('2026-09-20')).toBe(0);
    expect(isWorkingDay('2026-09-20')).toBe(true); // the adjusted working Sunday before it
    expect(isWorkingDay('2026-09-25')).toBe(false); // Mid-Autumn, a Friday
  });

  it('counts working days across the break, the adjusted Saturday included', () => {
    // Sep 30 (Wed) → Oct 8 (Thu) 1, Oct 9 (Fri) 2, Oct 10 (Sat, 调休) 3, Oct 12 (Mon) 4, Oct 13 (Tue) 5.
    expect(addWorkingDays('2026-09-30', 5)).toBe('2026-10-13');
    expect(addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(addWorkingDays('2026-10-03', 0)).toBe('2026-10-08');
    expect(addWorkingDays('2026-09-30', 0)).toBe('2026-09-30');
    expect(subtractWorkingDays('2026-10-13', 2)).toBe('2026-10-10');
    expect(subtractWorkingDays('2026-10-08', 1)).toBe('2026-09-30');
  });
});

describe('answer deadline: government hall, 5 working days', () => {
  it('runs across National Day to Tue Oct 13, ending at 24:00 Shanghai time', () => {
    const d = deadlines(at('2026-09-30'), GOV);
    expect(d).toMatchObject({ answerByDate: '2026-10-13', days: 5, unit: 'working' });
    expect(d.answerBy).toBe('2026-10-13T16:00:00.000Z'); // Oct 14 00:00 +08:00
  });

  it('counts from the branch’s local day, not the UTC day', () => {
    // 2026-09-30 17:00 UTC is already Oct 1 (a holiday) in Shanghai: the count starts from Oct 1.
    const late = new Date('2026-09-30T17:00:00Z');
    expect(deadlines(late, GOV).answerByDate).toBe('2026-10-13');
    expect(deadlines(late, GOV).acknowledgeByDate).toBe('2026-10-08');
    // The same instant in a branch on UTC is still Sep 30, a working day.
    expect(computeDeadlines({ kind: 'complaint', complexity: 'simple', extensions: [], startedAt: late, timezone: 'UTC' }, GOV).acknowledgeByDate).toBe('2026-09-30');
  });

  it('a complex case has 15 working days; a dissatisfied rating 5', () => {
    expect(deadlines(at('2026-09-30'), GOV, { complexity: 'complex' }).answerByDate).toBe('2026-10-27');
    expect(deadlines(at('2026-09-30'), GOV, { kind: 'dissatisfied_rating' }).answerByDate).toBe('2026-10-13');
  });
});

describe('answer deadline: bank, 15 calendar days (银行业保险业消费投诉处理管理办法)', () => {
  it('counts every day, the day of receipt not counted', () => {
    const d = deadlines(at('2026-09-30'), BANK);
    expect(d).toMatchObject({ answerByDate: '2026-10-15', days: 15, unit: 'calendar' });
  });

  it('moves a last day inside the National Day break to the next working day (Civil Code art. 203)', () => {
    // Sep 18 + 15 days = Oct 3, a holiday: the last day is Oct 8.
    expect(deadlines(at('2026-09-18'), BANK).answerByDate).toBe('2026-10-08');
    // Without the roll the period simply ends on Oct 3.
    const noRoll: ComplaintPolicy = { ...BANK, complaint: { ...BANK.complaint, rollToWorkingDay: false } };
    expect(deadlines(at('2026-09-18'), noRoll).answerByDate).toBe('2026-10-03');
  });

  it('moves a last day on a Sunday to Monday, but keeps one on the adjusted working Saturday', () => {
    // Oct 9 + 15 = Oct 24 (Sat) → Oct 26 (Mon).
    expect(deadlines(at('2026-10-09'), BANK).answerByDate).toBe('2026-10-26');
    // Sep 25 + 15 = Oct 10, the adjusted working Saturday: it stays.
    expect(deadlines(at('2026-09-25'), BANK).answerByDate).toBe('2026-10-10');
  });

  it('a complex case has 30 days in all, an approved extension 30 more', () => {
    // Sep 18 + 30 = Oct 18 (Sun) → Oct 19; + 60 = Nov 17 (Tue).
    expect(deadlines(at('2026-09-18'), BANK, { complexity: 'complex' }).answerByDate).toBe('2026-10-19');
    expect(deadlines(at('2026-09-18'), BANK, { complexity: 'complex', extensions: [{ kind: 'complex' }, { kind: 'approved' }] }).answerByDate).toBe('2026-11-17');
  });
});

describe('acknowledgement: by the end of the business day', () => {
  it('is the same day when it came in on a working day, however late', () => {
    const d = deadlines(at('2026-09-30', '23:30'), BANK);
    expect(d.acknowledgeByDate).toBe('2026-09-30');
    expect(d.acknowledgeBy).toBe('2026-09-30T16:00:00.000Z');
  });

  it('is the next working day when it came in during the break, and the adjusted Saturday itself when it came in then', () => {
    expect(deadlines(at('2026-10-03'), GOV).acknowledgeByDate).toBe('2026-10-08');
    expect(deadlines(at('2026-10-10', '09:00'), GOV).acknowledgeByDate).toBe('2026-10-10');
    expect(deadlines(at('2026-10-11'), GOV).acknowledgeByDate).toBe('2026-10-12');
  });

  it('may be given n working days instead', () => {
    expect(deadlines(at('2026-09-30'), { ...GOV, acknowledgeWorkingDays: 1 }).acknowledgeByDate).toBe('2026-10-08');
  });
});

describe('extensions through the workflow (bank)', () => {
  // Owned by the teller who registered it on Fri Sep 18: simple deadline Oct 8.
  const base = () => registered(BANK, {}, TELLER, at('2026-09-18'));

  it('complex: 30 days, by the owner; then approved: 30 more, by head office', () => {
    const c = base();
    expect(c.deadlines.answerByDate).toBe('2026-10-08');
    const complex = must(extendDeadline(c, { type: 'extend', extension: 'complex', reason: '需调取录音并核对流水', informedHow: 'phone' }, TELLER, at('2026-09-25'), BANK)).complaint;
    expect(complex).toMatchObject({ complexity: 'complex', deadlines: { answerByDate: '2026-10-19', days: 30 } });
    expect(complex.extensions).toEqual([{ kind: 'complex', at: at('2026-09-25').toISOString(), by: TELLER.staffId, reason: '需调取录音并核对流水', informedHow: 'phone', round: 0 }]);
    // The second extension is the approver's own step (上级机构或总行高管审批).
    expect(extendDeadline(complex, { type: 'extend', extension: 'approved', reason: '涉及第三方机构', informedHow: 'letter' }, LEAD, at('2026-10-12'), BANK)).toEqual({
      ok: false,
      reason: 'role_not_allowed',
      role: 'lead',
    });
    const approved = must(extendDeadline(complex, { type: 'extend', extension: 'approved', reason: '涉及第三方机构', informedHow: 'letter' }, HQ, at('2026-10-12'), BANK)).complaint;
    expect(approved.deadlines).toMatchObject({ answerByDate: '2026-11-17', days: 60 });
    expect(approved.extensions.map((e) => [e.kind, e.by])).toEqual([
      ['complex', TELLER.staffId],
      ['approved', HQ.staffId],
    ]);
    expect(approved.lastStep).toMatchObject({ action: 'extend', by: HQ.staffId, seq: 3 });
  });

  it('refuses what the rules do not give: approved before complex, twice, after the deadline, or not in the policy', () => {
    const c = base();
    const ext = (kind: 'complex' | 'approved') => ({ type: 'extend' as const, extension: kind, reason: '情况复杂', informedHow: 'phone' as const });
    expect(extendDeadline(c, ext('approved'), HQ, at('2026-09-25'), BANK)).toMatchObject({ reason: 'extension_not_allowed', detail: 'complex_first' });
    const complex = must(extendDeadline(c, ext('complex'), TELLER, at('2026-09-25'), BANK)).complaint;
    expect(extendDeadline(complex, ext('complex'), TELLER, at('2026-09-26'), BANK)).toMatchObject({ reason: 'extension_not_allowed', detail: 'already_extended' });
    expect(extendDeadline(c, ext('complex'), TELLER, at('2026-10-09'), BANK)).toMatchObject({ reason: 'extension_not_allowed', detail: 'deadline_passed' });
    // The government hall's rules have no approved extension.
    const gov = must(extendDeadline(registered(GOV), ext('complex'), TELLER, at('2026-10-08'), GOV)).complaint;
    expect(gov.deadlines.answerByDate).toBe('2026-10-27');
    expect(extendDeadline(gov, ext('approved'), HQ, at('2026-10-09'), GOV)).toMatchObject({ reason: 'extension_not_allowed', detail: 'not_in_policy' });
    // Only the owner asks for the complex-case extension.
    expect(extendDeadline(c, ext('complex'), LEAD, at('2026-09-25'), BANK)).toMatchObject({ reason: 'not_owner' });
  });
});

describe('supervision reminders (督办)', () => {
  const gov = () => registered(GOV); // Sep 30 10:00, owned by the teller; answer by Oct 13
  const kinds = (c: Complaint, now: Date, policy = GOV) => dueReminders(c, now, policy).map((r) => r.kind);

  it('acknowledgement overdue after the end of the day of receipt while only registered', () => {
    const c = gov();
    expect(kinds(c, at('2026-09-30', '23:59'))).toEqual([]);
    expect(kinds(c, at('2026-10-01', '00:00'))).toEqual(['acknowledgement_overdue']);
    const accepted = must(acceptComplaint(c, { type: 'accept', acknowledgedHow: 'in_person' }, TELLER, at('2026-09-30', '11:00'), GOV)).complaint;
    expect(kinds(accepted, at('2026-10-01', '00:00'))).toEqual([]);
  });

  it('before the deadline from the start of the 2nd working day before it (the adjusted Saturday), then overdue', () => {
    const c = must(acceptComplaint(gov(), { type: 'accept', acknowledgedHow: 'in_person' }, TELLER, at('2026-09-30', '11:00'), GOV)).complaint;
    expect(kinds(c, at('2026-10-09', '23:59'))).toEqual([]);
    const due = dueReminders(c, at('2026-10-10', '00:00'), GOV);
    expect(due).toEqual([
      {
        kind: 'before_deadline',
        key: `C-01:before_deadline:2026-10-13T16:00:00.000Z`,
        complaintId: 'C-01',
        dueSince: '2026-10-09T16:00:00.000Z',
        deadline: '2026-10-13T16:00:00.000Z',
        ownerId: TELLER.staffId,
        level: 'teller',
      },
    ]);
    expect(kinds(c, at('2026-10-13', '23:59'))).toEqual(['before_deadline']);
    expect(kinds(c, at('2026-10-14', '00:00'))).toEqual(['overdue']);
    expect(kinds(c, at('2026-10-14', '00:00'), { ...GOV, remindWorkingDaysBefore: 0 })).toEqual(['overdue']);
    expect(kinds(c, at('2026-10-13', '09:00'), { ...GOV, remindWorkingDaysBefore: 0 })).toEqual([]);
  });

  it('stops once the complaint is answered', () => {
    let c = must(acceptComplaint(gov(), { type: 'accept', acknowledgedHow: 'in_person' }, TELLER, at('2026-09-30', '11:00'), GOV)).complaint;
    c = must(startInvestigation(c, { type: 'start_investigation' }, TELLER, at('2026-10-08'), GOV)).complaint;
    c = must(recordFinding(c, { type: 'record_finding', finding: 'not_upheld' }, TELLER, at('2026-10-09'), GOV)).complaint;
    expect(kinds(c, at('2026-10-14'))).toEqual(['overdue']);
    c = must(answerComplaint(c, { type: 'answer', text: '经查，收费符合规定，已向您说明。', how: 'phone' }, TELLER, at('2026-10-12'), GOV)).complaint;
    expect(kinds(c, at('2026-10-14'))).toEqual([]);
  });

  it('a new deadline (an extension) gives new keys, so the hub raises the reminder again', () => {
    const c = must(acceptComplaint(gov(), { type: 'accept', acknowledgedHow: 'in_person' }, TELLER, at('2026-09-30', '11:00'), GOV)).complaint;
    const first = dueReminders(c, at('2026-10-12'), GOV)[0]!;
    const extended = must(extendDeadline(c, { type: 'extend', extension: 'complex', reason: '需多部门会商', informedHow: 'phone' }, TELLER, at('2026-10-12'), GOV)).complaint;
    expect(dueReminders(extended, at('2026-10-12'), GOV)).toEqual([]);
    const again = dueReminders(extended, at('2026-10-26'), GOV)[0]!;
    expect(again.kind).toBe('before_deadline');
    expect(again.key).not.toBe(first.key);
  });
});

describe('whatever time zone the machine runs in', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it.each(['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC', 'Asia/Shanghai'])('%s', (machine) => {
    process.env.TZ = machine;
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(machine);
    expect(deadlines(at('2026-09-30'), GOV).answerByDate).toBe('2026-10-13');
    expect(deadlines(at('2026-09-18'), BANK).answerByDate).toBe('2026-10-08');
    expect(deadlines(at('2026-10-10', '09:00'), GOV).acknowledgeByDate).toBe('2026-10-10');
    expect(complaintPolicyFor('bank')).toEqual(BANK);
  });
});
