import { describe, expect, it } from 'vitest';
import { BANK_SCALE, GOV_SCALE } from '../ratings/scales.js';
import type { RatingRecord } from '../ratings/schema.js';
import { callbackRate, countsAgainstTeller, lowRatingItem } from './lowRating.js';
import type { LowRatingContext } from './lowRating.js';
import { BANK_COMPLAINT_POLICY, GOVERNMENT_HALL_COMPLAINT_POLICY } from './policy.js';
import type { Complaint } from './schema.js';
import { at, LEAD, must, registered, SHANGHAI, TELLER, TELLER2, TELLER3 } from './testComplaints.fixtures.js';
import {
  acceptComplaint,
  answerComplaint,
  closeComplaint,
  recordCallback,
  recordFinding,
  requestAppeal,
  reviewAppeal,
  startInvestigation,
  withdrawComplaint,
} from './workflow.js';

const GOV = GOVERNMENT_HALL_COMPLAINT_POLICY;
const RATED_AT = at('2026-09-30', '10:05').toISOString();
const rated = (value: number): RatingRecord => ({
  ticketId: 't-7',
  serviceId: 'svc-7',
  tellerId: TELLER2.staffId,
  counter: 2,
  finishedAt: at('2026-09-30', '10:04').toISOString(),
  status: 'rated',
  value,
  source: 'customer_display',
  ratedAt: RATED_AT,
});
const ctx = (over: Partial<LowRatingContext> = {}): LowRatingContext => ({
  id: 'R-01',
  branchId: 'hall-001',
  timezone: SHANGHAI,
  scale: GOV_SCALE,
  ticketNumber: 'A007',
  recordingId: 'rec-7',
  dutyLead: LEAD,
  now: at('2026-09-30', '10:05'),
  ...over,
});
const item = (value: number, over: Partial<LowRatingContext> = {}, policy = GOV): Complaint => must(lowRatingItem(rated(value), ctx(over), policy)).complaint;
const REAL_NAME = { name: '赵先生', phone: '13912345678', realName: true };

describe('a dissatisfied rating becomes a complaint-log item', () => {
  it('linked to the ticket, window, teller, recording and rating; owned by the duty lead; the teller its subject', () => {
    const c = item(2);
    expect(c).toMatchObject({
      kind: 'dissatisfied_rating',
      channel: 'counter',
      status: 'registered',
      receivedAt: RATED_AT,
      complainant: { name: null, phone: null, realName: false },
      service: { ticketId: 't-7', ticketNumber: 'A007', window: 2, tellerId: TELLER2.staffId, recordingId: 'rec-7', ratingId: 'svc-7' },
      rating: { serviceId: 'svc-7', value: 2, scaleId: 'gov-5', source: 'customer_display', ratedAt: RATED_AT, label: { 'zh-CN': '不满意' } },
      subjectTellerId: TELLER2.staffId,
      ownerId: LEAD.staffId,
      firstResponderId: LEAD.staffId,
      level: 'duty_lead',
      callbackRequired: false,
      deadlines: { answerByDate: '2026-10-13', unit: 'working', days: 5 },
    });
    expect(c.lastStep).toMatchObject({ action: 'register', by: 'system', role: 'system', seq: 1 });
    expect(item(1).rating?.label['zh-CN']).toBe('非常不满意');
  });

  it('only for a low answer on its scale', () => {
    expect(lowRatingItem(rated(3), ctx(), GOV)).toEqual({ ok: false, reason: 'not_low' });
    expect(lowRatingItem(rated(2), ctx({ scale: BANK_SCALE }), BANK_COMPLAINT_POLICY)).toEqual({ ok: false, reason: 'not_low' }); // 一般
    expect(must(lowRatingItem(rated(1), ctx({ scale: BANK_SCALE }), BANK_COMPLAINT_POLICY)).complaint.rating?.label.en).toBe('Dissatisfied');
    const notRated: RatingRecord = { ...rated(1), status: 'not_rated', value: null, source: null, ratedAt: null };
    expect(lowRatingItem(notRated, ctx(), GOV)).toEqual({ ok: false, reason: 'not_low' });
  });

  it('never owned by the rated teller, even one covering as duty lead', () => {
    expect(lowRatingItem(rated(1), ctx({ dutyLead: { staffId: TELLER2.staffId, role: 'lead' } }), GOV)).toEqual({ ok: false, reason: 'recusal', staffId: TELLER2.staffId });
    expect(lowRatingItem(rated(1), ctx({ dutyLead: TELLER }), GOV)).toMatchObject({ ok: false, reason: 'not_eligible_for_level' });
  });

  it('a real-name one must be called back before it closes', () => {
    let c = item(1, { complainant: REAL_NAME });
    expect(c.callbackRequired).toBe(true);
    c = must(acceptComplaint(c, { type: 'accept', acknowledgedHow: 'phone' }, LEAD, at('2026-09-30', '11:00'), GOV)).complaint;
    c = must(startInvestigation(c, { type: 'start_investigation' }, LEAD, at('2026-09-30', '11:10'), GOV)).complaint;
    c = must(recordFinding(c, { type: 'record_finding', finding: 'not_upheld' }, LEAD, at('2026-09-30', '14:00'), GOV)).complaint;
    expect(closeComplaint(c, { type: 'close' }, LEAD, at('2026-09-30', '15:00'), GOV)).toEqual({ ok: false, reason: 'close_requires_answer' });
    c = must(answerComplaint(c, { type: 'answer', text: '经调阅录音，办理符合规定，已向您说明。', how: 'phone' }, LEAD, at('2026-09-30', '15:00'), GOV)).complaint;
    expect(closeComplaint(c, { type: 'close' }, LEAD, at('2026-09-30', '15:00'), GOV)).toEqual({ ok: false, reason: 'close_requires_callback' });
    c = must(recordCallback(c, { type: 'record_callback', view: 'acceptable' }, LEAD, at('2026-10-08'), GOV)).complaint;
    expect(must(closeComplaint(c, { type: 'close' }, LEAD, at('2026-10-08'), GOV)).complaint.status).toBe('closed');
  });

  it('an anonymous one has nobody to answer: it closes from investigating once there is a finding', () => {
    let c = item(2);
    c = must(acceptComplaint(c, { type: 'accept', acknowledgedHow: 'in_person' }, LEAD, at('2026-09-30', '11:00'), GOV)).complaint;
    c = must(startInvestigation(c, { type: 'start_investigation' }, LEAD, at('2026-09-30', '11:10'), GOV)).complaint;
    expect(closeComplaint(c, { type: 'close' }, LEAD, at('2026-09-30', '15:00'), GOV)).toEqual({ ok: false, reason: 'close_requires_finding' });
    c = must(recordFinding(c, { type: 'record_finding', finding: 'not_upheld' }, LEAD, at('2026-09-30', '14:00'), GOV)).complaint;
    expect(must(closeComplaint(c, { type: 'close' }, LEAD, at('2026-09-30', '15:00'), GOV)).complaint.lastStep).toMatchObject({ from: 'investigating', to: 'closed' });
  });

  it('cannot be withdrawn: the rating is the customer’s', () => {
    expect(withdrawComplaint(item(1), { type: 'withdraw', reason: '误操作' }, LEAD, at('2026-09-30', '11:00'), GOV)).toEqual({ ok: false, reason: 'rating_cannot_be_withdrawn' });
  });
});

describe('the teller’s appeal (申诉复核)', () => {
  const appeal = { type: 'request_appeal', reason: '客户评价时误触按键，录音可证' } as const;

  it('the rated teller may appeal; a lead reviews; an upheld appeal takes it out of the teller’s figures but never deletes the rating', () => {
    const c = item(1);
    const requested = must(requestAppeal(c, appeal, TELLER2, at('2026-09-30', '12:00'), GOV)).complaint;
    expect(requested.appeal).toEqual({ requestedAt: at('2026-09-30', '12:00').toISOString(), requestedBy: TELLER2.staffId, reason: appeal.reason, review: null });
    expect(requestAppeal(requested, appeal, TELLER2, at('2026-09-30', '12:00'), GOV)).toEqual({ ok: false, reason: 'appeal_exists' });
    // The teller never reviews their own appeal; another teller may not review at all.
    expect(reviewAppeal(requested, { type: 'review_appeal', outcome: 'upheld' }, TELLER2, at('2026-10-08'), GOV)).toEqual({ ok: false, reason: 'recusal', staffId: TELLER2.staffId });
    expect(reviewAppeal(requested, { type: 'review_appeal', outcome: 'upheld' }, TELLER3, at('2026-10-08'), GOV)).toEqual({ ok: false, reason: 'role_not_allowed', role: 'teller' });
    // Not closed while the appeal waits.
    let x = must(acceptComplaint(requested, { type: 'accept', acknowledgedHow: 'in_person' }, LEAD, at('2026-09-30', '13:00'), GOV)).complaint;
    x = must(startInvestigation(x, { type: 'start_investigation' }, LEAD, at('2026-09-30', '13:10'), GOV)).complaint;
    x = must(recordFinding(x, { type: 'record_finding', finding: 'not_upheld' }, LEAD, at('2026-10-08'), GOV)).complaint;
    expect(closeComplaint(x, { type: 'close' }, LEAD, at('2026-10-08'), GOV)).toEqual({ ok: false, reason: 'close_requires_appeal_review' });
    expect(countsAgainstTeller(x)).toBe(true);
    x = must(reviewAppeal(x, { type: 'review_appeal', outcome: 'upheld', note: '录音显示客户误触' }, LEAD, at('2026-10-08', '11:00'), GOV)).complaint;
    expect(x.appeal?.review).toEqual({ at: at('2026-10-08', '11:00').toISOString(), by: LEAD.staffId, outcome: 'upheld', note: '录音显示客户误触' });
    expect(reviewAppeal(x, { type: 'review_appeal', outcome: 'rejected' }, LEAD, at('2026-10-08'), GOV)).toEqual({ ok: false, reason: 'appeal_already_reviewed' });
    expect(countsAgainstTeller(x)).toBe(false);
    expect(x.rating).toEqual(c.rating);
    expect(must(closeComplaint(x, { type: 'close' }, LEAD, at('2026-10-08', '12:00'), GOV)).complaint.status).toBe('closed');
  });

  it('a rejected appeal leaves the rating counting; only ratings are appealed; nothing to review without an appeal', () => {
    const requested = must(requestAppeal(item(1), appeal, LEAD, at('2026-09-30', '12:00'), GOV)).complaint;
    const rejected = must(reviewAppeal(requested, { type: 'review_appeal', outcome: 'rejected' }, LEAD, at('2026-10-08'), GOV)).complaint;
    expect(countsAgainstTeller(rejected)).toBe(true);
    expect(reviewAppeal(item(1), { type: 'review_appeal', outcome: 'upheld' }, LEAD, at('2026-10-08'), GOV)).toEqual({ ok: false, reason: 'no_appeal' });
    const complaint = registered(GOV); // about s-1002
    expect(requestAppeal(complaint, appeal, TELLER2, at('2026-10-08'), GOV)).toEqual({ ok: false, reason: 'not_a_rating' });
    expect(requestAppeal(item(1), appeal, TELLER3, at('2026-10-08'), GOV)).toMatchObject({ ok: false, reason: 'not_owner' });
  });
});

describe('call-back rate: call-backs done / real-name dissatisfied ratings (target 100 %)', () => {
  it('counts only real-name dissatisfied ratings', () => {
    const called = { ...item(1, { complainant: REAL_NAME }), callback: { at: RATED_AT, by: LEAD.staffId, view: 'satisfied' as const, note: null } };
    const notCalled = item(2, { id: 'R-02', complainant: REAL_NAME });
    const anonymous = item(1, { id: 'R-03' });
    const complaint = registered(GOV);
    expect(callbackRate([called, notCalled, anonymous, complaint])).toEqual({ due: 2, done: 1, percent: 50, targetPercent: 100 });
    expect(callbackRate([anonymous, complaint])).toEqual({ due: 0, done: 0, percent: null, targetPercent: 100 });
    expect(callbackRate([called])).toMatchObject({ percent: 100 });
  });
});
