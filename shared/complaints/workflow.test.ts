import { describe, expect, it } from 'vitest';
import { BANK_COMPLAINT_POLICY, GOVERNMENT_HALL_COMPLAINT_POLICY } from './policy.js';
import type { Complaint, ComplaintActor } from './schema.js';
import { at, AUDITOR, calledBack, HQ, investigating, LEAD, LEAD2, must, registered, registration, TELLER, TELLER2, TELLER3 } from './testComplaints.fixtures.js';
import {
  acceptComplaint,
  answerComplaint,
  applyCommand,
  closeComplaint,
  escalateComplaint,
  handOverComplaint,
  recordCallback,
  recordFinding,
  registerComplaint,
  reopenComplaint,
  startInvestigation,
  statusTransitionAllowed,
  withdrawComplaint,
} from './workflow.js';

const BANK = BANK_COMPLAINT_POLICY;
const GOV = GOVERNMENT_HALL_COMPLAINT_POLICY;
const NOW = at('2026-09-30', '11:00');
const accept = { type: 'accept', acknowledgedHow: 'in_person' } as const;

describe('registration (登记) and first-responder ownership (首问负责)', () => {
  it('the registrar owns it at the level of their role, with the deadlines and the first step', () => {
    const c = registered(BANK);
    expect(c).toMatchObject({
      status: 'registered',
      kind: 'complaint',
      firstResponderId: TELLER.staffId,
      ownerId: TELLER.staffId,
      level: 'teller',
      subjectTellerId: 's-1002',
      complexity: 'simple',
      round: 0,
      callbackRequired: true,
      receivedAt: at('2026-09-30').toISOString(),
      service: { ticketNumber: 'A007', window: 2, tellerId: 's-1002', recordingId: 'rec-7', ratingId: null },
      deadlines: { answerByDate: '2026-10-15', acknowledgeByDate: '2026-09-30' },
    });
    expect(c.lastStep).toEqual({
      id: `1@${at('2026-09-30').toISOString()}/${TELLER.staffId}`,
      parent: null,
      seq: 1,
      action: 'register',
      at: at('2026-09-30').toISOString(),
      by: TELLER.staffId,
      role: 'teller',
      from: null,
      to: 'registered',
      ownerId: TELLER.staffId,
      level: 'teller',
      round: 0,
      note: null,
    });
    expect(registered(BANK, {}, LEAD).level).toBe('duty_lead');
    expect(registered(BANK, {}, HQ).level).toBe('head_office');
  });

  it('takes a letter dated earlier from its date; no call-back is required without a phone', () => {
    const c = registered(BANK, { channel: 'letter', receivedAt: at('2026-09-28').toISOString(), complainant: { name: null, phone: null, realName: false } }, TELLER, NOW);
    expect(c.receivedAt).toBe(at('2026-09-28').toISOString());
    expect(c.deadlines.answerByDate).toBe('2026-10-13');
    expect(c.callbackRequired).toBe(false);
  });

  it('refuses auditors, bad input and an unknown time zone with a machine reason', () => {
    expect(registerComplaint(registration(), AUDITOR, NOW, BANK)).toEqual({ ok: false, reason: 'role_not_allowed', role: 'auditor' });
    expect(registerComplaint(registration({ facts: '  ' }), TELLER, NOW, BANK)).toMatchObject({ ok: false, reason: 'invalid_command' });
    expect(registerComplaint(registration({ complainant: { name: null, phone: '138', realName: true } }), TELLER, NOW, BANK)).toMatchObject({ reason: 'invalid_command' });
    const tz = registerComplaint(registration({ timezone: 'Mars/Olympus' }), TELLER, NOW, BANK);
    expect(tz).toMatchObject({ ok: false, reason: 'invalid_command' });
    expect(!tz.ok && tz.reason === 'invalid_command' && tz.issues[0]).toContain('Mars/Olympus');
  });
});

describe('回避: the teller complained about', () => {
  const self = (over: Partial<Parameters<typeof registration>[0]> = {}) => registration({ subjectTellerId: TELLER.staffId, ...over });

  it('may register a complaint about themself; ownership passes to the duty lead at once', () => {
    const c = must(registerComplaint(self({ dutyLead: LEAD }), TELLER, NOW, BANK)).complaint;
    expect(c).toMatchObject({ firstResponderId: TELLER.staffId, ownerId: LEAD.staffId, level: 'duty_lead', status: 'registered' });
    expect(c.handOvers).toEqual([{ from: TELLER.staffId, to: LEAD.staffId, at: NOW.toISOString(), by: TELLER.staffId, reason: 'recusal', note: null }]);
    expect(c.lastStep).toMatchObject({ action: 'register', by: TELLER.staffId, ownerId: LEAD.staffId, level: 'duty_lead' });
  });

  it('must name a duty lead who is someone else and may act at that level', () => {
    expect(registerComplaint(self(), TELLER, NOW, BANK)).toEqual({ ok: false, reason: 'recusal_needs_duty_lead' });
    expect(registerComplaint(self({ dutyLead: { staffId: TELLER.staffId, role: 'lead' } }), TELLER, NOW, BANK)).toEqual({ ok: false, reason: 'recusal', staffId: TELLER.staffId });
    expect(registerComplaint(self({ dutyLead: TELLER2 }), TELLER, NOW, BANK)).toEqual({ ok: false, reason: 'not_eligible_for_level', level: 'duty_lead', role: 'teller' });
  });

  it('never handles, answers, calls back, hands over, escalates or closes it', () => {
    const c = must(registerComplaint(self({ dutyLead: LEAD }), TELLER, NOW, BANK)).complaint;
    const refused = { ok: false, reason: 'recusal', staffId: TELLER.staffId };
    expect(acceptComplaint(c, accept, TELLER, NOW, BANK)).toEqual(refused);
    expect(handOverComplaint(c, { type: 'hand_over', to: TELLER2 }, TELLER, NOW, BANK)).toEqual(refused);
    expect(escalateComplaint(c, { type: 'escalate', to: 'branch_head', newOwner: LEAD2, reason: '升级' }, TELLER, NOW, BANK)).toEqual(refused);
    expect(withdrawComplaint(c, { type: 'withdraw', reason: '客户撤回' }, TELLER, NOW, BANK)).toEqual(refused);
    const done = calledBack(c, LEAD, BANK);
    expect(closeComplaint(done, { type: 'close' }, TELLER, NOW, BANK)).toEqual(refused);
    const answered = { ...done, status: 'answered', callback: null } satisfies Complaint;
    expect(recordCallback(answered, { type: 'record_callback', view: 'satisfied' }, TELLER, NOW, BANK)).toEqual(refused);
  });

  it('is never made owner, by hand-over or escalation, even when a lead', () => {
    const c = registered(BANK); // about s-1002, owned by s-1001
    expect(handOverComplaint(c, { type: 'hand_over', to: TELLER2 }, TELLER, NOW, BANK)).toEqual({ ok: false, reason: 'recusal', staffId: TELLER2.staffId });
    expect(escalateComplaint(c, { type: 'escalate', to: 'duty_lead', newOwner: { staffId: 's-1002', role: 'lead' }, reason: '升级' }, TELLER, NOW, BANK)).toEqual({
      ok: false,
      reason: 'recusal',
      staffId: 's-1002',
    });
    // A complaint about a lead: that lead cannot take it over either.
    const aboutLead = registered(BANK, { subjectTellerId: LEAD.staffId });
    expect(handOverComplaint(aboutLead, { type: 'hand_over', to: LEAD }, LEAD, NOW, BANK)).toEqual({ ok: false, reason: 'recusal', staffId: LEAD.staffId });
  });
});

describe('ownership: only the owner handles it until an explicit hand-over', () => {
  it('another teller, or a lead who has not taken it over, may not take its steps', () => {
    const c = registered(BANK);
    expect(acceptComplaint(c, accept, TELLER3, NOW, BANK)).toEqual({ ok: false, reason: 'not_owner', ownerId: TELLER.staffId });
    expect(acceptComplaint(c, accept, LEAD, NOW, BANK)).toEqual({ ok: false, reason: 'not_owner', ownerId: TELLER.staffId });
    expect(acceptComplaint(c, accept, AUDITOR, NOW, BANK)).toEqual({ ok: false, reason: 'role_not_allowed', role: 'auditor' });
  });

  it('the owner hands over; a lead takes over; each recorded', () => {
    const c = registered(BANK, { subjectTellerId: null });
    const handed = must(handOverComplaint(c, { type: 'hand_over', to: TELLER2, note: '交班' }, TELLER, NOW, BANK)).complaint;
    expect(handed.ownerId).toBe(TELLER2.staffId);
    expect(handed.firstResponderId).toBe(TELLER.staffId);
    expect(handed.handOvers.at(-1)).toEqual({ from: TELLER.staffId, to: TELLER2.staffId, at: NOW.toISOString(), by: TELLER.staffId, reason: 'hand_over', note: '交班' });
    expect(acceptComplaint(handed, accept, TELLER, NOW, BANK)).toMatchObject({ reason: 'not_owner' });
    const taken = must(handOverComplaint(handed, { type: 'hand_over', to: LEAD }, LEAD, NOW, BANK)).complaint;
    expect(taken.handOvers.at(-1)).toMatchObject({ from: TELLER2.staffId, to: LEAD.staffId, by: LEAD.staffId, reason: 'take_over' });
    expect(must(acceptComplaint(taken, accept, LEAD, NOW, BANK)).complaint.status).toBe('accepted');
    // A teller who does not own it cannot reassign it; nor hand it to its owner.
    expect(handOverComplaint(taken, { type: 'hand_over', to: TELLER2 }, TELLER, NOW, BANK)).toMatchObject({ reason: 'not_owner' });
    expect(handOverComplaint(taken, { type: 'hand_over', to: LEAD }, LEAD, NOW, BANK)).toEqual({ ok: false, reason: 'same_owner' });
  });

  it('a hand-over goes to someone who may own it at its level', () => {
    const c = registered(BANK, { subjectTellerId: null }, LEAD); // duty_lead level
    expect(handOverComplaint(c, { type: 'hand_over', to: TELLER2 }, LEAD, NOW, BANK)).toEqual({ ok: false, reason: 'not_eligible_for_level', level: 'duty_lead', role: 'teller' });
    expect(must(handOverComplaint(c, { type: 'hand_over', to: LEAD2 }, LEAD, NOW, BANK)).complaint.ownerId).toBe(LEAD2.staffId);
  });
});

describe('escalation: teller → duty_lead → branch_head → head_office, one step at a time', () => {
  it('records who, when, why and the new owner of each step', () => {
    const c = registered(BANK);
    const esc = (x: Complaint, to: Complaint['level'], newOwner: ComplaintActor, by: ComplaintActor, when: Date) =>
      escalateComplaint(x, { type: 'escalate', to, newOwner, reason: `升级至${to}` }, by, when, BANK);

    expect(esc(c, 'branch_head', LEAD, TELLER, NOW)).toEqual({ ok: false, reason: 'escalation_order', from: 'teller', to: 'branch_head', expected: 'duty_lead' });
    const one = must(esc(c, 'duty_lead', LEAD, TELLER, at('2026-09-30', '11:00'))).complaint;
    expect(one).toMatchObject({ level: 'duty_lead', ownerId: LEAD.staffId, status: 'registered' });
    expect(esc(one, 'duty_lead', LEAD2, LEAD, NOW)).toMatchObject({ reason: 'escalation_order', expected: 'branch_head' });
    const two = must(esc(one, 'branch_head', LEAD2, LEAD, at('2026-09-30', '14:00'))).complaint;
    expect(esc(two, 'head_office', LEAD, LEAD2, NOW)).toEqual({ ok: false, reason: 'not_eligible_for_level', level: 'head_office', role: 'lead' });
    const three = must(esc(two, 'head_office', HQ, LEAD2, at('2026-10-08', '09:00'))).complaint;
    expect(esc(three, 'head_office', HQ, HQ, NOW)).toEqual({ ok: false, reason: 'escalation_order', from: 'head_office', to: 'head_office', expected: null });

    expect(three.escalations).toEqual([
      { from: 'teller', to: 'duty_lead', at: at('2026-09-30', '11:00').toISOString(), by: TELLER.staffId, ownerId: LEAD.staffId, reason: '升级至duty_lead' },
      { from: 'duty_lead', to: 'branch_head', at: at('2026-09-30', '14:00').toISOString(), by: LEAD.staffId, ownerId: LEAD2.staffId, reason: '升级至branch_head' },
      { from: 'branch_head', to: 'head_office', at: at('2026-10-08', '09:00').toISOString(), by: LEAD2.staffId, ownerId: HQ.staffId, reason: '升级至head_office' },
    ]);
    expect(three.lastStep).toMatchObject({ seq: 4, action: 'escalate', level: 'head_office', ownerId: HQ.staffId, parent: two.lastStep.id });
    // The first responder stays on record.
    expect(three.firstResponderId).toBe(TELLER.staffId);
  });

  it('a lead may pull it up; another teller may not; a closed complaint is not escalated', () => {
    const c = registered(BANK);
    expect(escalateComplaint(c, { type: 'escalate', to: 'duty_lead', newOwner: LEAD, reason: '客户要求见负责人' }, TELLER3, NOW, BANK)).toMatchObject({ reason: 'not_owner' });
    expect(must(escalateComplaint(c, { type: 'escalate', to: 'duty_lead', newOwner: LEAD, reason: '客户要求见负责人' }, LEAD, NOW, BANK)).complaint.ownerId).toBe(LEAD.staffId);
    const closed = must(closeComplaint(calledBack(c, TELLER, BANK), { type: 'close' }, TELLER, NOW, BANK)).complaint;
    expect(escalateComplaint(closed, { type: 'escalate', to: 'duty_lead', newOwner: LEAD, reason: 'x' }, TELLER, NOW, BANK)).toEqual({
      ok: false,
      reason: 'wrong_state',
      action: 'escalate',
      status: 'closed',
    });
  });
});

describe('the states and what closing needs', () => {
  it('moves only along the allowed transitions', () => {
    const c = registered(BANK);
    expect(closeComplaint(c, { type: 'close' }, TELLER, NOW, BANK)).toEqual({ ok: false, reason: 'bad_transition', from: 'registered', to: 'closed' });
    const accepted = must(acceptComplaint(c, accept, TELLER, NOW, BANK)).complaint;
    expect(accepted).toMatchObject({ status: 'accepted', acknowledgedAt: NOW.toISOString(), acknowledgedHow: 'in_person' });
    expect(answerComplaint(accepted, { type: 'answer', text: '答复', how: 'phone', recourse: '可申请核查' }, TELLER, NOW, BANK)).toEqual({
      ok: false,
      reason: 'bad_transition',
      from: 'accepted',
      to: 'answered',
    });
    expect(recordFinding(accepted, { type: 'record_finding', finding: 'upheld' }, TELLER, NOW, BANK)).toEqual({ ok: false, reason: 'wrong_state', action: 'record_finding', status: 'accepted' });
    expect(statusTransitionAllowed('accepted', 'answered')).toBe(false);
    expect(statusTransitionAllowed('investigating', 'answered')).toBe(true);
    expect(statusTransitionAllowed('closed', 'reopened')).toBe(true);
    expect(statusTransitionAllowed('withdrawn', 'reopened')).toBe(false);
  });

  it('an answer needs a finding, and at a bank the recourse channels', () => {
    const c = investigating(registered(BANK), TELLER, BANK);
    const answer = { type: 'answer', text: '经核实，已向您致歉。', how: 'phone' } as const;
    expect(answerComplaint(c, answer, TELLER, NOW, BANK)).toEqual({ ok: false, reason: 'answer_requires_finding' });
    expect(answerComplaint(c, { ...answer, finding: 'upheld' }, TELLER, NOW, BANK)).toEqual({ ok: false, reason: 'answer_requires_recourse' });
    const answered = must(answerComplaint(c, { ...answer, finding: 'upheld', recourse: '可自收到答复之日起30日内向上级机构申请核查' }, TELLER, NOW, BANK)).complaint;
    expect(answered).toMatchObject({ status: 'answered', finding: 'upheld', answer: { text: '经核实，已向您致歉。', how: 'phone', at: NOW.toISOString() } });
    // The government hall's rules do not ask for the recourse.
    const gov = investigating(registered(GOV), TELLER, GOV);
    expect(must(answerComplaint(gov, { ...answer, finding: 'not_upheld' }, TELLER, NOW, GOV)).complaint.answer?.recourse).toBeNull();
  });

  it('closing needs a finding, the answer, the call-back, and for an upheld complaint its root cause and rectification', () => {
    let c = investigating(registered(BANK), TELLER, BANK);
    const close = (x: Complaint) => closeComplaint(x, { type: 'close', note: '办结' }, TELLER, at('2026-10-09'), BANK);
    expect(close(c)).toEqual({ ok: false, reason: 'close_requires_finding' });
    c = must(recordFinding(c, { type: 'record_finding', finding: 'upheld' }, TELLER, NOW, BANK)).complaint;
    expect(close(c)).toEqual({ ok: false, reason: 'close_requires_answer' });
    c = must(answerComplaint(c, { type: 'answer', text: '经核实情况属实，已致歉。', how: 'phone', recourse: '可申请核查' }, TELLER, NOW, BANK)).complaint;
    expect(close(c)).toEqual({ ok: false, reason: 'close_requires_callback' });
    c = must(recordCallback(c, { type: 'record_callback', view: 'acceptable', note: '客户表示理解' }, LEAD, NOW, BANK)).complaint;
    expect(c.callback).toEqual({ at: NOW.toISOString(), by: LEAD.staffId, view: 'acceptable', note: '客户表示理解' });
    expect(close(c)).toEqual({ ok: false, reason: 'upheld_requires_root_cause_and_rectification' });
    c = must(recordFinding(c, { type: 'record_finding', finding: 'upheld', rootCause: '收费解释不到位' }, TELLER, NOW, BANK)).complaint;
    expect(close(c)).toEqual({ ok: false, reason: 'upheld_requires_root_cause_and_rectification' });
    c = must(
      recordFinding(c, { type: 'record_finding', finding: 'upheld', rectification: '全员学习收费话术', accountability: { staffId: 's-1002', measure: '通报批评' } }, TELLER, NOW, BANK),
    ).complaint;
    expect(c).toMatchObject({ rootCause: '收费解释不到位', rectification: '全员学习收费话术', accountability: { staffId: 's-1002', measure: '通报批评' } });
    const closed = must(close(c)).complaint;
    expect(closed).toMatchObject({ status: 'closed', closedAt: at('2026-10-09').toISOString() });
    expect(closed.lastStep).toMatchObject({ action: 'close', from: 'callback_done', to: 'closed', note: '办结' });
    expect(acceptComplaint(closed, accept, TELLER, NOW, BANK)).toMatchObject({ reason: 'bad_transition', from: 'closed' });
  });

  it('a complaint that is not upheld and left no phone closes after the answer, without a call-back', () => {
    let c = investigating(registered(GOV, { complainant: { name: '李先生', phone: null, realName: true } }), TELLER, GOV);
    expect(c.callbackRequired).toBe(false);
    c = must(recordFinding(c, { type: 'record_finding', finding: 'not_upheld' }, TELLER, NOW, GOV)).complaint;
    c = must(answerComplaint(c, { type: 'answer', text: '经查不属实，已当面说明。', how: 'in_person' }, TELLER, NOW, GOV)).complaint;
    expect(must(closeComplaint(c, { type: 'close' }, TELLER, NOW, GOV)).complaint.status).toBe('closed');
  });

  it('keeps the chain of steps: seq, parent, from and to', () => {
    const c = calledBack(registered(BANK), TELLER, BANK);
    expect(c.lastStep).toMatchObject({ seq: 6, action: 'record_callback', from: 'answered', to: 'callback_done' });
    expect(c.lastStep.parent).toMatch(/^5@/);
  });
});

describe('reopening', () => {
  const closedOne = () => must(closeComplaint(calledBack(registered(BANK), TELLER, BANK), { type: 'close' }, TELLER, at('2026-10-02'), BANK)).complaint;

  it('is for a lead or head office, from closed only', () => {
    expect(reopenComplaint(closedOne(), { type: 'reopen', reason: '客户不认可处理结果' }, TELLER, NOW, BANK)).toEqual({ ok: false, reason: 'role_not_allowed', role: 'teller' });
    expect(reopenComplaint(registered(BANK), { type: 'reopen', reason: 'x' }, LEAD, NOW, BANK)).toEqual({ ok: false, reason: 'bad_transition', from: 'registered', to: 'reopened' });
  });

  it('starts a new round: answer and call-back cleared, a new deadline from the reopening, back into investigating', () => {
    const reopenedAt = at('2026-10-12');
    const r = must(reopenComplaint(closedOne(), { type: 'reopen', reason: '客户不认可处理结果' }, LEAD, reopenedAt, BANK)).complaint;
    expect(r).toMatchObject({ status: 'reopened', round: 1, answer: null, callback: null, closedAt: null, reopenedAt: reopenedAt.toISOString(), finding: 'upheld' });
    expect(r.deadlines).toMatchObject({ startedAt: reopenedAt.toISOString(), answerByDate: '2026-10-27' });
    expect(r.lastStep).toMatchObject({ action: 'reopen', from: 'closed', to: 'reopened', round: 1, by: LEAD.staffId, note: '客户不认可处理结果' });
    // Still the owner's to handle; closing again needs a new answer and call-back.
    const again = must(startInvestigation(r, { type: 'start_investigation' }, TELLER, at('2026-10-13'), BANK)).complaint;
    expect(again.status).toBe('investigating');
    expect(closeComplaint(again, { type: 'close' }, TELLER, at('2026-10-13'), BANK)).toEqual({ ok: false, reason: 'close_requires_answer' });
  });
});

describe('withdrawal (撤回)', () => {
  it('ends it from an open state, by the owner or a lead, with the reason on record', () => {
    const c = investigating(registered(BANK), TELLER, BANK);
    expect(withdrawComplaint(c, { type: 'withdraw', reason: '客户来电撤回' }, TELLER3, NOW, BANK)).toMatchObject({ reason: 'not_owner' });
    expect(withdrawComplaint(c, { type: 'withdraw', reason: '客户来电撤回' }, TELLER2, NOW, BANK)).toMatchObject({ reason: 'recusal' });
    const w = must(withdrawComplaint(c, { type: 'withdraw', reason: '客户来电撤回' }, LEAD, NOW, BANK)).complaint;
    expect(w).toMatchObject({ status: 'withdrawn', withdrawal: { at: NOW.toISOString(), by: LEAD.staffId, reason: '客户来电撤回' } });
    expect(reopenComplaint(w, { type: 'reopen', reason: 'x' }, LEAD, NOW, BANK)).toEqual({ ok: false, reason: 'bad_transition', from: 'withdrawn', to: 'reopened' });
    expect(withdrawComplaint(w, { type: 'withdraw', reason: '再次' }, TELLER, NOW, BANK)).toEqual({ ok: false, reason: 'bad_transition', from: 'withdrawn', to: 'withdrawn' });
  });

  it('is not possible once closed', () => {
    const closed = must(closeComplaint(calledBack(registered(BANK), TELLER, BANK), { type: 'close' }, TELLER, NOW, BANK)).complaint;
    expect(withdrawComplaint(closed, { type: 'withdraw', reason: 'x' }, TELLER, NOW, BANK)).toEqual({ ok: false, reason: 'bad_transition', from: 'closed', to: 'withdrawn' });
  });
});

describe('applyCommand', () => {
  it('dispatches a wire command and refuses an unknown one', () => {
    const c = registered(BANK);
    expect(must(applyCommand(c, { type: 'accept', acknowledgedHow: 'sms' }, TELLER, NOW, BANK)).complaint.status).toBe('accepted');
    expect(applyCommand(c, { type: 'delete' } as never, TELLER, NOW, BANK)).toMatchObject({ ok: false, reason: 'invalid_command' });
    expect(applyCommand(c, { type: 'accept', acknowledgedHow: 'fax' } as never, TELLER, NOW, BANK)).toMatchObject({ ok: false, reason: 'invalid_command' });
    expect(applyCommand(c, { type: 'accept', acknowledgedHow: 'sms' }, { staffId: '', role: 'teller' }, NOW, BANK)).toMatchObject({ ok: false, reason: 'invalid_command' });
  });
});
