import { describe, expect, it } from 'vitest';
import { COMPLAINT_STEPS, ComplaintListQuery, ComplaintStatsQuery, RegisterComplaintRequest, isOverdue, remainingDays } from './api.js';
import type { ComplaintStatus } from './schema.js';
import { at } from './testComplaints.fixtures.js';

describe('the complaint log on the wire', () => {
  const owed = (answerByDate: string, unit: 'working' | 'calendar', status: ComplaintStatus = 'investigating') => ({
    status,
    timezone: 'Asia/Shanghai',
    deadlines: { answerByDate, answerBy: at(answerByDate, '00:00').toISOString().replace(/T.*/, 'T16:00:00.000Z'), unit },
  }) as unknown as Parameters<typeof remainingDays>[0];

  it('counts the days left to answer in the rule’s unit: 0 on the last day, negative once past, null once answered', () => {
    // Wednesday 18 June 2025 is the last day; Friday the 13th leaves Mon, Tue, Wed (working) or five calendar days.
    expect(remainingDays(owed('2025-06-18', 'working'), at('2025-06-13'))).toBe(3);
    expect(remainingDays(owed('2025-06-18', 'calendar'), at('2025-06-13'))).toBe(5);
    expect(remainingDays(owed('2025-06-18', 'working'), at('2025-06-18', '23:59'))).toBe(0);
    expect(remainingDays(owed('2025-06-18', 'working'), at('2025-06-19'))).toBe(-1);
    // Past the weekend: Thu, Fri and Mon late.
    expect(remainingDays(owed('2025-06-18', 'working'), at('2025-06-23'))).toBe(-3);
    // National Day week 2025 (1-8 October off): from 30 September, the 9th is the next working day.
    expect(remainingDays(owed('2025-10-09', 'working'), at('2025-09-30'))).toBe(1);
    expect(remainingDays({ ...owed('2025-06-18', 'working'), status: 'answered' as const }, at('2025-06-13'))).toBeNull();
  });

  it('is overdue only while the answer is owed and its deadline has passed', () => {
    const c = { status: 'accepted' as const, deadlines: { answerBy: '2025-06-18T16:00:00.000Z' } } as unknown as Parameters<typeof isOverdue>[0];
    expect(isOverdue(c, new Date('2025-06-18T15:59:59.999Z'))).toBe(false);
    expect(isOverdue(c, new Date('2025-06-18T16:00:00.000Z'))).toBe(true);
    expect(isOverdue({ ...c, status: 'answered' as const }, new Date('2025-07-01T00:00:00.000Z'))).toBe(false);
  });

  it('reads strict requests: unknown fields, a person in the body, odd filters are refused', () => {
    const ok = { channel: 'phone', complainant: { name: null, phone: null, realName: false }, category: 'waiting', facts: '排队太久' };
    expect(RegisterComplaintRequest.safeParse(ok).success).toBe(true);
    expect(RegisterComplaintRequest.safeParse({ ...ok, by: 's-9001' }).success).toBe(false);
    expect(RegisterComplaintRequest.safeParse({ ...ok, id: 'not-a-ulid' }).success).toBe(false);
    expect(COMPLAINT_STEPS.accept.body.safeParse({ acknowledgedHow: 'phone' }).success).toBe(true);
    expect(COMPLAINT_STEPS.accept.body.safeParse({ type: 'accept', acknowledgedHow: 'phone' }).success).toBe(false);
    expect(COMPLAINT_STEPS.escalate.body.safeParse({ to: 'duty_lead', newOwner: { staffId: 's-9001', role: 'lead' }, reason: 'x' }).success).toBe(true);
    expect(ComplaintListQuery.parse({ status: 'registered,accepted', overdue: 'true', limit: '20' })).toMatchObject({ status: ['registered', 'accepted'], overdue: true, limit: 20 });
    expect(ComplaintListQuery.parse({})).toEqual({ limit: 50 });
    for (const bad of [{ status: 'lost' }, { overdue: 'yes' }, { limit: '0' }, { limit: '1e2' }, { from: 'yesterday' }, { zzz: '1' }]) {
      expect(ComplaintListQuery.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(ComplaintStatsQuery.safeParse({ month: '2025-06' }).success).toBe(true);
    expect(ComplaintStatsQuery.safeParse({ month: '2025-13' }).success).toBe(false);
    expect(ComplaintStatsQuery.safeParse({ day: '2025-06-03', month: '2025-06' }).success).toBe(false);
  });
});
