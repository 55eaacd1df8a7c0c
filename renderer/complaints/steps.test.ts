import { describe, expect, it } from 'vitest';
import { BANK_COMPLAINT_POLICY, closeComplaint, lowRatingItem, requestAppeal } from '../../shared/complaints/index.js';
import { BANK_SCALE } from '../../shared/ratings/scales.js';
import type { Complaint } from '../../shared/complaints/index.js';
import { at, AUDITOR, calledBack, HQ, investigating, LEAD, must, registered, TELLER, TELLER2 } from '../../shared/complaints/testComplaints.fixtures.js';
import { LANGS } from '../../shared/i18n/localized.js';
import { QueueError } from '../../shared/api/errors.js';
import { i18n, initI18n } from '../i18n/index.js';
import { deadlineState } from './deadlineView.js';
import { complaintErrorText, flagParts, offeredSteps, refusalText } from './steps.js';

const BANK = BANK_COMPLAINT_POLICY;
const NOW = at('2026-09-30', '11:00');
const actions = (c: Complaint, who: Parameters<typeof offeredSteps>[1], now = NOW) => offeredSteps(c, who, BANK, now).map((s) => s.action);

initI18n('zh-CN');

describe('the steps a complaint page offers (asked of the domain)', () => {
  // Registered by teller s-1001 about teller s-1002: s-1001 owns it at level teller.
  const c = registered(BANK);

  it('offers the owner the steps of a registered complaint, and nothing it would refuse', () => {
    expect(actions(c, TELLER)).toEqual(['accept', 'extend', 'hand_over', 'escalate', 'withdraw']);
  });

  it('offers a lead who does not own it only what a supervisor may: take over, escalate, withdraw', () => {
    expect(actions(c, LEAD)).toEqual(['hand_over', 'escalate', 'withdraw']);
  });

  it('offers nothing to the teller complained about, nor to an auditor', () => {
    expect(actions(c, TELLER2)).toEqual([]);
    expect(actions(c, AUDITOR)).toEqual([]);
  });

  it('offers closing with what it still lacks, and closing alone once nothing does', () => {
    const x = investigating(c, TELLER, BANK);
    const close = offeredSteps(x, TELLER, BANK, NOW).find((s) => s.action === 'close')!;
    expect(close.missing.map((m) => m.reason)).toEqual(['close_requires_finding', 'close_requires_answer', 'close_requires_callback']);
    const done = calledBack(c, TELLER, BANK);
    expect(offeredSteps(done, TELLER, BANK, NOW).find((s) => s.action === 'close')!.missing).toEqual([]);
    expect(actions(done, TELLER)).toEqual(['record_finding', 'close', 'hand_over', 'escalate']);
  });

  it('offers reopening a closed complaint to a lead only', () => {
    const closed = must(closeComplaint(calledBack(c, TELLER, BANK), { type: 'close' }, TELLER, NOW, BANK)).complaint;
    expect(actions(closed, TELLER)).toEqual([]);
    expect(actions(closed, LEAD)).toEqual(['reopen']);
  });

  it('offers the appeal to the rated teller and its review to a lead once appealed, never a withdrawal of a rating', () => {
    const rated = { ticketId: 't-1', serviceId: 'svc-1', tellerId: 's-1002', counter: 2, finishedAt: at('2026-09-30', '10:20').toISOString(), status: 'rated' as const, value: 1, source: 'customer_display' as const, ratedAt: at('2026-09-30', '10:30').toISOString() };
    const item = must(lowRatingItem(rated, { id: 'R-1', branchId: 'b', timezone: 'Asia/Shanghai', scale: BANK_SCALE, ticketNumber: 'A001', dutyLead: LEAD, now: NOW }, BANK)).complaint;
    expect(actions(item, TELLER2)).toEqual(['request_appeal']);
    expect(actions(item, LEAD)).not.toContain('withdraw');
    expect(actions(item, LEAD)).not.toContain('review_appeal');
    const appealed = must(requestAppeal(item, { type: 'request_appeal', reason: '客户误按' }, TELLER2, NOW, BANK)).complaint;
    expect(actions(appealed, LEAD)).toContain('review_appeal');
    expect(actions(appealed, TELLER2)).toEqual([]);
  });

  it('offers the approved extension to head office only, after the complex one', () => {
    const x: Complaint = { ...c, complexity: 'complex' };
    expect(offeredSteps(x, TELLER, BANK, NOW).find((s) => s.action === 'extend')).toBeUndefined();
    expect(offeredSteps(x, HQ, BANK, NOW).find((s) => s.action === 'extend')?.extensions).toEqual(['approved']);
  });
});

describe('refusals in the screen’s language', () => {
  it.each(LANGS)('%s: a refusal decided here names the two states; the hub’s 409 says it through errorText', (lang) => {
    const t = i18n.getFixedT(lang);
    const text = refusalText(t, { ok: false, reason: 'bad_transition', from: 'closed', to: 'answered' });
    expect(text).toContain(t('complaints.statuses.closed'));
    expect(text).toContain(t('complaints.statuses.answered'));
    const hub = complaintErrorText(t, new QueueError('conflict', 'close needs the call-back', 'close_requires_callback'));
    expect(hub).toBe(t('complaints.refusals.close_requires_callback'));
    expect(hub).not.toContain('close needs');
    expect(complaintErrorText(t, new QueueError('conflict', 'x', 'bad_transition'))).toBe(t('complaints.refusals.wrong_state'));
  });

  it('says the refusal in each language', () => {
    expect(complaintErrorText(i18n.getFixedT('zh-CN'), new QueueError('forbidden', 'recusal', 'recusal'))).toBe('被投诉人须回避，不能办理此投诉');
    expect(complaintErrorText(i18n.getFixedT('zh-TW'), new QueueError('conflict', 'x', 'close_requires_answer'))).toBe('辦結前須答覆客戶');
    expect(complaintErrorText(i18n.getFixedT('en'), { ok: false, reason: 'not_owner', ownerId: 's-1' })).toBe('Only the owner of this complaint can do this');
  });

  it('shows a merge flag in words, with what was recorded', () => {
    const parts = flagParts(i18n.getFixedT('en'), 'closed_while_escalated: step 7 close by s-1002 while step 7 escalate by s-9001');
    expect(parts).toEqual({ code: 'closed_while_escalated', text: 'Closed on one device while escalated on another', detail: 'step 7 close by s-1002 while step 7 escalate by s-9001' });
    expect(flagParts(i18n.getFixedT('en'), 'something_new: x').text).toBe('something_new');
  });
});

describe('the deadline as it stands', () => {
  const c = registered(BANK);
  it('counts the working days left on the official calendar (the National Day week is off)', () => {
    // Answer by 2026-10-15 (15 calendar days): the National Day holiday in between is no working day.
    const s = deadlineState(c.deadlines, c.status, NOW, c.timezone);
    expect(s.kind).toBe('running');
    if (s.kind !== 'running') return;
    expect(s.calendarDays).toBe(16);
    expect(s.workingDays).toBeLessThan(s.calendarDays);
    expect(s.workingDays).toBeGreaterThan(0);
  });

  it('is due today on the last day, overdue after it, and stopped once answered', () => {
    expect(deadlineState(c.deadlines, c.status, at('2026-10-15', '16:00'), c.timezone)).toEqual({ kind: 'today' });
    expect(deadlineState(c.deadlines, c.status, at('2026-10-17', '09:00'), c.timezone)).toEqual({ kind: 'overdue', days: 2 });
    expect(deadlineState(c.deadlines, 'answered', at('2026-10-17', '09:00'), c.timezone)).toEqual({ kind: 'stopped' });
  });
});
