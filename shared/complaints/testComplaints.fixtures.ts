// Builders shared by the complaint tests (pure; no test framework here).
import type { z } from 'zod';
import type { ComplaintPolicy } from './policy.js';
import type { Complaint, ComplaintActor, RegisterComplaint } from './schema.js';
import { acceptComplaint, answerComplaint, recordCallback, recordFinding, registerComplaint, startInvestigation } from './workflow.js';
import type { StepResult, StepTaken } from './workflow.js';

export const SHANGHAI = 'Asia/Shanghai';

/** hh:mm in Shanghai on that day. */
export const at = (ymd: string, hhmm = '10:00'): Date => new Date(`${ymd}T${hhmm}:00+08:00`);

export const TELLER: ComplaintActor = { staffId: 's-1001', role: 'teller' };
export const TELLER2: ComplaintActor = { staffId: 's-1002', role: 'teller' };
/** A teller with nothing to do with the default complaint (s-1002 is its subject). */
export const TELLER3: ComplaintActor = { staffId: 's-1003', role: 'teller' };
export const LEAD: ComplaintActor = { staffId: 'lead-1', role: 'lead' };
export const LEAD2: ComplaintActor = { staffId: 'lead-2', role: 'lead' };
export const HQ: ComplaintActor = { staffId: 'hq-1', role: 'hq_admin' };
export const AUDITOR: ComplaintActor = { staffId: 'aud-1', role: 'auditor' };

/** A counter complaint about teller s-1002 at window 2, from a real-name customer with a phone. */
export function registration(over: Partial<z.input<typeof RegisterComplaint>> = {}): z.input<typeof RegisterComplaint> {
  return {
    type: 'register',
    id: 'C-01',
    branchId: 'demo-001',
    timezone: SHANGHAI,
    channel: 'counter',
    complainant: { name: '王女士', phone: '13812345678', realName: true },
    category: 'attitude',
    facts: '柜员办理业务时不耐烦，没有解释手续费。',
    request: '要求道歉并解释收费。',
    service: { ticketId: 't-7', ticketNumber: 'A007', window: 2, tellerId: 's-1002', recordingId: 'rec-7' },
    subjectTellerId: 's-1002',
    ...over,
  };
}

/** The step taken, or an error naming the refusal (a test that expected a step fails loudly). */
export function must<R extends StepResult | { ok: false; reason: string }>(result: R): StepTaken {
  if (!result.ok) throw new Error(`step refused: ${JSON.stringify(result)}`);
  return result as StepTaken;
}

export function registered(policy: ComplaintPolicy, over: Partial<z.input<typeof RegisterComplaint>> = {}, actor: ComplaintActor = TELLER, now = at('2026-09-30')): Complaint {
  return must(registerComplaint(registration(over), actor, now, policy)).complaint;
}

/** Accepted and under investigation by its owner, an hour apart from `start`. */
export function investigating(c: Complaint, owner: ComplaintActor, policy: ComplaintPolicy, start = new Date(c.receivedAt)): Complaint {
  const hour = 3_600_000;
  const accepted = must(acceptComplaint(c, { type: 'accept', acknowledgedHow: 'in_person' }, owner, new Date(start.getTime() + hour), policy)).complaint;
  return must(startInvestigation(accepted, { type: 'start_investigation' }, owner, new Date(start.getTime() + 2 * hour), policy)).complaint;
}

/** Investigated (upheld, with cause and rectification), answered and called back by its owner. */
export function calledBack(c: Complaint, owner: ComplaintActor, policy: ComplaintPolicy, start = new Date(c.receivedAt)): Complaint {
  const hour = 3_600_000;
  let x = investigating(c, owner, policy, start);
  x = must(
    recordFinding(
      x,
      { type: 'record_finding', finding: 'upheld', rootCause: '未按规定解释收费', rectification: '柜员道歉，全员学习收费解释话术' },
      owner,
      new Date(start.getTime() + 3 * hour),
      policy,
    ),
  ).complaint;
  x = must(
    answerComplaint(
      x,
      { type: 'answer', text: '经核实情况属实，已向您致歉并退还手续费。', how: 'phone', recourse: '如有异议，可自收到答复之日起30日内向上级机构申请核查。' },
      owner,
      new Date(start.getTime() + 4 * hour),
      policy,
    ),
  ).complaint;
  return must(recordCallback(x, { type: 'record_callback', view: 'satisfied' }, owner, new Date(start.getTime() + 5 * hour), policy)).complaint;
}
