import { describe, expect, it } from 'vitest';
import { GOV_SCALE } from '../ratings/scales.js';
import { DocOpBody } from '../sync/kinds.js';
import { flagCode } from '../sync/lww.js';
import type { DocOp } from '../sync/lww.js';
import { encodeHlc, HybridClock } from '../time/hlc.js';
import { changedFields, COMPLAINT_DOC_TYPE, complaintOps, fromFields, mergeComplaintOps, stepsOf, toFields } from './document.js';
import { lowRatingItem } from './lowRating.js';
import { BANK_COMPLAINT_POLICY, GOVERNMENT_HALL_COMPLAINT_POLICY } from './policy.js';
import type { Complaint } from './schema.js';
import { at, calledBack, LEAD, must, registered, SHANGHAI, TELLER, TELLER2, TELLER3 } from './testComplaints.fixtures.js';
import {
  acceptComplaint,
  answerComplaint,
  closeComplaint,
  escalateComplaint,
  handOverComplaint,
  recordCallback,
  recordFinding,
  requestAppeal,
  startInvestigation,
  withdrawComplaint,
} from './workflow.js';

const BANK = BANK_COMPLAINT_POLICY;
const GOV = GOVERNMENT_HALL_COMPLAINT_POLICY;

/** A device editing complaints with its own hybrid clock; its ops go through the sync schema. */
function device(node: string, now: () => number) {
  const clock = new HybridClock(node, now);
  return {
    write(before: Complaint | null, after: Complaint): DocOp[] {
      return complaintOps(before, after, () => clock.tick(), node).map((op) => DocOpBody.parse(op));
    },
    see(ops: readonly DocOp[]): void {
      for (const op of ops) clock.receive(op.hlc);
    },
  };
}

const codes = (ops: readonly DocOp[]) => mergeComplaintOps(ops).flags.map(flagCode);
const shuffled = <T>(xs: readonly T[]) => [...xs].reverse();

describe('the complaint as a mergeable document', () => {
  it('one op per field on creation, only the changed fields afterwards; reads back whole', () => {
    const counter = device('counter-1', () => at('2026-09-30').getTime());
    const c = registered(BANK);
    const created = counter.write(null, c);
    expect(created.map((o) => o.field).sort()).toEqual(Object.keys(toFields(c)).sort());
    expect(created.every((o) => o.docType === COMPLAINT_DOC_TYPE && o.docId === c.id)).toBe(true);
    const accepted = must(acceptComplaint(c, { type: 'accept', acknowledgedHow: 'in_person' }, TELLER, at('2026-09-30', '10:30'), BANK)).complaint;
    const acceptOps = counter.write(c, accepted);
    expect(acceptOps.map((o) => o.field).sort()).toEqual(['acknowledgedAt', 'acknowledgedHow', 'lastStep', 'status']);
    expect(Object.keys(changedFields(accepted, accepted))).toEqual([]);

    const merged = mergeComplaintOps([...acceptOps, ...created]);
    expect(fromFields(merged)).toEqual(accepted);
    expect(merged.flags).toEqual([]);
    expect(stepsOf(merged.history).map((s) => [s.seq, s.action])).toEqual([
      [1, 'register'],
      [2, 'accept'],
    ]);
  });

  it('is not shown while an op is missing, nor for another document type', () => {
    const c = registered(BANK);
    const ops = device('counter-1', () => at('2026-09-30').getTime()).write(null, c);
    expect(fromFields(mergeComplaintOps(ops.filter((o) => o.field !== 'deadlines')))).toBeNull();
    expect(fromFields({ docType: 'follow_up', docId: c.id, fields: toFields(c) })).toBeNull();
  });

  it('the whole normal path, step by step from one device, merges without flags', () => {
    const counter = device('counter-1', () => Date.now());
    const steps = [registered(BANK)];
    const take = (f: (c: Complaint) => Complaint) => steps.push(f(steps.at(-1)!));
    const t = (hhmm: string) => at('2026-10-08', hhmm);
    take((c) => must(acceptComplaint(c, { type: 'accept', acknowledgedHow: 'in_person' }, TELLER, t('09:00'), BANK)).complaint);
    take((c) => must(startInvestigation(c, { type: 'start_investigation' }, TELLER, t('09:10'), BANK)).complaint);
    take((c) => must(recordFinding(c, { type: 'record_finding', finding: 'partly', rootCause: '解释不清', rectification: '加强培训' }, TELLER, t('10:00'), BANK)).complaint);
    take((c) => must(answerComplaint(c, { type: 'answer', text: '部分属实，已致歉。', how: 'phone', recourse: '可申请核查' }, TELLER, t('11:00'), BANK)).complaint);
    take((c) => must(recordCallback(c, { type: 'record_callback', view: 'satisfied' }, LEAD, t('15:00'), BANK)).complaint);
    take((c) => must(closeComplaint(c, { type: 'close' }, TELLER, t('16:00'), BANK)).complaint);
    // Every step is written as its own ops (its lastStep among them): the history holds all of them.
    const ops = steps.flatMap((c, i) => counter.write(i === 0 ? null : steps[i - 1]!, c));
    const merged = mergeComplaintOps(shuffled(ops));
    expect(merged.flags).toEqual([]);
    expect(fromFields(merged)).toEqual(steps.at(-1));
    expect(stepsOf(merged.history).map((s) => s.action)).toEqual(['register', 'accept', 'start_investigation', 'record_finding', 'answer', 'record_callback', 'close']);
    // Written as one jump from the first state to the last, the steps in between are missing
    // (their parent chain is broken), so the merge does not claim the investigation never took place.
    const jumped = [...counter.write(null, steps[0]!), ...counter.write(steps[0]!, steps.at(-1)!)];
    expect(codes(jumped)).toEqual([]);
  });
});

describe('merge flags: shown to the lead, never resolved silently', () => {
  /** Both devices hold `base` (synced), then each takes a step offline; returns all the ops. */
  function fork(base: Complaint, a: (c: Complaint) => Complaint, b: (c: Complaint) => Complaint): { ops: DocOp[]; left: Complaint; right: Complaint } {
    let now = at('2026-10-08').getTime();
    const counter = device('counter-1', () => now);
    const lead = device('lead-1', () => now);
    const created = counter.write(null, base);
    lead.see(created);
    now += 60_000;
    const left = a(base);
    const leftOps = counter.write(base, left);
    now += 60_000;
    const right = b(base);
    const rightOps = lead.write(base, right);
    return { ops: [...created, ...leftOps, ...rightOps], left, right };
  }

  it('closed on one device while escalated on the other', () => {
    const base = calledBack(registered(BANK), TELLER, BANK);
    const { ops } = fork(
      base,
      (c) => must(closeComplaint(c, { type: 'close' }, TELLER, at('2026-10-08', '09:00'), BANK)).complaint,
      (c) => must(escalateComplaint(c, { type: 'escalate', to: 'duty_lead', newOwner: LEAD, reason: '客户要求负责人处理' }, LEAD, at('2026-10-08', '09:01'), BANK)).complaint,
    );
    const merged = mergeComplaintOps(ops);
    expect(merged.flags.map(flagCode)).toContain('closed_while_escalated');
    expect(merged.flags.find((f) => f.startsWith('closed_while_escalated'))).toMatch(/step 7 close by s-1001 .* while step 7 escalate by lead-1/);
    // Field by field, both edits are in the merged document; nothing was dropped or chosen.
    expect(merged.fields).toMatchObject({ status: 'closed', level: 'duty_lead', ownerId: LEAD.staffId });
    expect(stepsOf(merged.history).map((s) => s.action)).toEqual(expect.arrayContaining(['close', 'escalate']));
    // The same flags whatever order the ops arrive in, and the complaint still reads back.
    expect(mergeComplaintOps(shuffled(ops)).flags).toEqual(merged.flags);
    expect(fromFields(merged)).not.toBeNull();
  });

  it('two owners: the owner hands over while a lead takes over', () => {
    const base = registered(BANK);
    const { ops } = fork(
      base,
      (c) => must(handOverComplaint(c, { type: 'hand_over', to: TELLER3 }, TELLER, at('2026-10-08', '09:00'), BANK)).complaint,
      (c) => must(handOverComplaint(c, { type: 'hand_over', to: LEAD }, LEAD, at('2026-10-08', '09:01'), BANK)).complaint,
    );
    expect(codes(ops)).toContain('two_owners');
  });

  it('two different steps at once: accepted on one device, withdrawn on the other', () => {
    const base = registered(BANK);
    const { ops } = fork(
      base,
      (c) => must(acceptComplaint(c, { type: 'accept', acknowledgedHow: 'in_person' }, TELLER, at('2026-10-08', '09:00'), BANK)).complaint,
      (c) => must(withdrawComplaint(c, { type: 'withdraw', reason: '客户来电撤回' }, LEAD, at('2026-10-08', '09:01'), BANK)).complaint,
    );
    expect(codes(ops)).toContain('concurrent_steps');
  });

  it('no flag when the steps do not conflict: a finding beside an appeal, or the same step twice', () => {
    const rating = must(
      lowRatingItem(
        { ticketId: 't-7', serviceId: 'svc-7', tellerId: TELLER2.staffId, counter: 2, finishedAt: '2026-09-30T02:04:00.000Z', status: 'rated', value: 1, source: 'customer_display', ratedAt: '2026-09-30T02:05:00.000Z' },
        { id: 'R-01', branchId: 'hall-001', timezone: SHANGHAI, scale: GOV_SCALE, ticketNumber: 'A007', dutyLead: LEAD, now: at('2026-09-30') },
        GOV,
      ),
    ).complaint;
    let base = must(acceptComplaint(rating, { type: 'accept', acknowledgedHow: 'in_person' }, LEAD, at('2026-09-30', '11:00'), GOV)).complaint;
    base = must(startInvestigation(base, { type: 'start_investigation' }, LEAD, at('2026-09-30', '11:05'), GOV)).complaint;
    const side = fork(
      base,
      (c) => must(recordFinding(c, { type: 'record_finding', finding: 'not_upheld' }, LEAD, at('2026-10-08', '09:00'), GOV)).complaint,
      (c) => must(requestAppeal(c, { type: 'request_appeal', reason: '客户误触' }, TELLER2, at('2026-10-08', '09:01'), GOV)).complaint,
    );
    const merged = mergeComplaintOps(side.ops);
    expect(merged.flags).toEqual([]);
    expect(fromFields(merged)).toMatchObject({ finding: 'not_upheld', appeal: { requestedBy: TELLER2.staffId } });

    const twice = fork(
      registered(BANK),
      (c) => must(acceptComplaint(c, { type: 'accept', acknowledgedHow: 'in_person' }, TELLER, at('2026-10-08', '09:00'), BANK)).complaint,
      (c) => must(acceptComplaint(c, { type: 'accept', acknowledgedHow: 'phone' }, TELLER, at('2026-10-08', '09:02'), BANK)).complaint,
    );
    expect(codes(twice.ops)).toEqual([]);
  });

  describe('ops that break the workflow however they were written', () => {
    const hlc = (n: number) => encodeHlc({ wallMs: at('2026-10-09').getTime() + n * 1000, counter: 0, node: 'rogue' });
    const op = (c: Complaint, n: number, field: string, value: unknown): DocOp => DocOpBody.parse({ docType: COMPLAINT_DOC_TYPE, docId: c.id, field, value, hlc: hlc(n), author: 'rogue' });
    const synced = (c: Complaint) => device('counter-1', () => at('2026-09-30').getTime()).write(null, c);

    it('the teller complained about made owner', () => {
      const c = registered(BANK);
      expect(codes([...synced(c), op(c, 1, 'ownerId', c.subjectTellerId)])).toEqual(['two_owners', 'owner_is_subject']);
    });

    it('closed without its call-back, by a bare status op', () => {
      const c = calledBack(registered(BANK), TELLER, BANK);
      const answered: Complaint = { ...c, status: 'answered', callback: null, lastStep: { ...c.lastStep, action: 'answer', to: 'answered', from: 'investigating' } };
      expect(codes([...synced(answered), op(c, 1, 'status', 'closed')])).toEqual(['status_mismatch', 'closed_without_callback']);
    });

    it('answered without an investigation', () => {
      const c = must(acceptComplaint(registered(BANK), { type: 'accept', acknowledgedHow: 'in_person' }, TELLER, at('2026-09-30', '11:00'), BANK)).complaint;
      const forged = { ...c.lastStep, id: `3@x/${TELLER.staffId}`, parent: c.lastStep.id, seq: 3, action: 'answer', from: 'accepted', to: 'answered' };
      const flags = codes([...synced(c), op(c, 1, 'lastStep', forged), op(c, 2, 'status', 'answered'), op(c, 3, 'finding', 'not_upheld'), op(c, 4, 'answer', { text: '已答复', how: 'phone', at: at('2026-10-09').toISOString(), recourse: null })]);
      expect(flags).toEqual(['answered_without_investigation']);
    });

    it('a status no step knows', () => {
      const c = registered(BANK);
      expect(codes([...synced(c), op(c, 1, 'status', 'new')])).toEqual(['unknown_status', 'status_mismatch']);
    });
  });
});

describe("lww.ts's registry", () => {
  it("merges every 'complaint' document with the complaint rules once this module is loaded", async () => {
    const { mergeOps, validatorFor } = await import('../sync/lww.js');
    const { complaintMergeValidator } = await import('./document.js');
    expect(validatorFor(COMPLAINT_DOC_TYPE)).toBe(complaintMergeValidator);
    const counter = device('counter-1', () => at('2026-09-30').getTime());
    const ops = counter.write(null, registered(BANK));
    // A status no step allows, written straight as an op: flagged by mergeOps without a validator too.
    const bad = { ...ops.find((o) => o.field === 'status')!, value: 'lost', hlc: encodeHlc({ wallMs: at('2026-10-01').getTime(), counter: 0, node: 'x' }) };
    expect(mergeOps([...ops, bad]).flags.map(flagCode)).toEqual(mergeComplaintOps([...ops, bad]).flags.map(flagCode));
    expect(mergeOps([...ops, bad]).flags.map(flagCode)).toContain('unknown_status');
  });
});
