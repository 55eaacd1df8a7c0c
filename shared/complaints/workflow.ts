import type { z } from 'zod';
import type { StaffRole } from '../config/primitives.js';
import { computeDeadlines, deadlinesOf, ruleFor } from './deadlines.js';
import type { ComplaintPolicy } from './policy.js';
import {
  AcceptComplaint,
  AnswerComplaint,
  CloseComplaint,
  ComplaintActor,
  COMPLAINT_LEVELS,
  ComplaintCommand,
  EscalateComplaint,
  ExtendDeadline,
  HandOverComplaint,
  RecordCallback,
  RecordFinding,
  RegisterComplaint,
  ReopenComplaint,
  RequestAppeal,
  ReviewAppeal,
  StartInvestigation,
  WithdrawComplaint,
} from './schema.js';
import type { Complainant, Complaint, ComplaintAction, ComplaintKind, ComplaintLevel, ComplaintStatus, ComplaintStep } from './schema.js';

/**
 * The complaint workflow (DESIGN.md §9), a pure state machine: every step is a function
 * (complaint, command, actor, now, policy) → the new complaint and its step (the history entry,
 * written locally first as an event and as the document's `lastStep` field), or a typed refusal
 * with a machine reason. Nothing here reads a clock or a store.
 *
 * Decisions:
 * - 首问负责 (whoever takes it owns it): the registrar owns the complaint until an explicit
 *   hand-over or an escalation; only the owner takes the handling steps. A lead or head office
 *   who wants to act on someone else's complaint takes it over first (a recorded 'take_over').
 *   The call-back may also be made by a lead or head office (they call customers back), and a
 *   withdrawal may be recorded by them (the complainant may call the lead).
 * - 回避 (recusal): the teller complained about never handles, hands over, escalates, answers,
 *   calls back or closes it, and never becomes its owner. They MAY register it (they are often
 *   the first person the customer speaks to, and refusing would lose the complaint); ownership
 *   then passes at once to the duty lead named in the command, at level duty_lead, recorded as a
 *   'recusal' hand-over. The one step they may take afterwards is an appeal against a
 *   dissatisfied rating about them (申诉): appealing is their right; the review is a lead's.
 * - Escalation goes one level at a time, teller → duty_lead → branch_head → head_office, to a
 *   named owner who may act at the new level; each step keeps who, when, why and the new owner.
 *   The staff roles have no branch head: a lead may act as duty lead and as branch head;
 *   head office is hq_admin.
 * - Auditors review, they do not handle: every step is refused to them ('role_not_allowed').
 * - What closing needs: no appeal awaiting review; a finding; the answer (unless nobody can be
 *   answered: an anonymous dissatisfied rating, which may close straight from investigating);
 *   the call-back when `callbackRequired` (fixed at registration from the policy); and for an
 *   upheld or partly upheld finding, the root cause and the rectification (溯源整改).
 * - Reopening (lead or head office) starts a new round: the answer and call-back of the last
 *   round are cleared from the current state (kept in the history), the deadline runs again
 *   from the reopening, and the complaint goes back into investigating from 'reopened'.
 * - A dissatisfied rating cannot be withdrawn: the rating is the customer's and is never
 *   deleted; the teller's appeal is the way to contest it.
 * Checks run in this order: role, recusal, authority, state, then what the step needs.
 */

// ---- Results -----------------------------------------------------------------------------------

export type ComplaintRefusal =
  | { ok: false; reason: 'invalid_command'; issues: string[] }
  /** Auditors, or a step reserved to leads / head office / approvers. */
  | { ok: false; reason: 'role_not_allowed'; role: StaffRole }
  /** The actor (or the person named as new owner) is the teller complained about. */
  | { ok: false; reason: 'recusal'; staffId: string }
  /** The teller complained about registered it without naming the duty lead to take it. */
  | { ok: false; reason: 'recusal_needs_duty_lead' }
  | { ok: false; reason: 'not_owner'; ownerId: string }
  | { ok: false; reason: 'bad_transition'; from: ComplaintStatus; to: ComplaintStatus }
  /** A step that does not change the status, in a status where it has no place. */
  | { ok: false; reason: 'wrong_state'; action: ComplaintAction; status: ComplaintStatus }
  | { ok: false; reason: 'escalation_order'; from: ComplaintLevel; to: ComplaintLevel; expected: ComplaintLevel | null }
  | { ok: false; reason: 'not_eligible_for_level'; level: ComplaintLevel; role: StaffRole }
  | { ok: false; reason: 'same_owner' }
  | { ok: false; reason: 'answer_requires_finding' }
  | { ok: false; reason: 'answer_requires_recourse' }
  | { ok: false; reason: 'close_requires_appeal_review' }
  | { ok: false; reason: 'close_requires_finding' }
  | { ok: false; reason: 'close_requires_answer' }
  | { ok: false; reason: 'close_requires_callback' }
  | { ok: false; reason: 'upheld_requires_root_cause_and_rectification' }
  | { ok: false; reason: 'extension_not_allowed'; detail: 'not_in_policy' | 'already_extended' | 'complex_first' | 'deadline_passed' }
  | { ok: false; reason: 'not_a_rating' }
  | { ok: false; reason: 'appeal_exists' }
  | { ok: false; reason: 'no_appeal' }
  | { ok: false; reason: 'appeal_already_reviewed' }
  | { ok: false; reason: 'rating_cannot_be_withdrawn' };
export type RefusalReason = ComplaintRefusal['reason'];

/** Every refusal reason (for the UI strings and their test). */
export const REFUSAL_REASONS = [
  'invalid_command',
  'role_not_allowed',
  'recusal',
  'recusal_needs_duty_lead',
  'not_owner',
  'bad_transition',
  'wrong_state',
  'escalation_order',
  'not_eligible_for_level',
  'same_owner',
  'answer_requires_finding',
  'answer_requires_recourse',
  'close_requires_appeal_review',
  'close_requires_finding',
  'close_requires_answer',
  'close_requires_callback',
  'upheld_requires_root_cause_and_rectification',
  'extension_not_allowed',
  'not_a_rating',
  'appeal_exists',
  'no_appeal',
  'appeal_already_reviewed',
  'rating_cannot_be_withdrawn',
] as const satisfies readonly RefusalReason[];

export interface StepTaken {
  ok: true;
  complaint: Complaint;
  /** The history entry: store it as an event and (as `lastStep`) in the document. */
  entry: ComplaintStep;
}

export type StepResult = StepTaken | ComplaintRefusal;

// ---- The rules as data -----------------------------------------------------------------------

/** The steps that change the status, and from where. */
export const STATUS_TRANSITIONS: Readonly<Partial<Record<ComplaintAction, { from: readonly ComplaintStatus[]; to: ComplaintStatus }>>> = {
  accept: { from: ['registered'], to: 'accepted' },
  start_investigation: { from: ['accepted', 'reopened'], to: 'investigating' },
  answer: { from: ['investigating'], to: 'answered' },
  record_callback: { from: ['answered'], to: 'callback_done' },
  // From investigating only when nobody can be answered (an anonymous dissatisfied rating).
  close: { from: ['investigating', 'answered', 'callback_done'], to: 'closed' },
  withdraw: { from: ['registered', 'accepted', 'investigating', 'answered', 'reopened'], to: 'withdrawn' },
  reopen: { from: ['closed'], to: 'reopened' },
};

/** Whether some step moves a complaint from `from` to `to`. */
export function statusTransitionAllowed(from: ComplaintStatus, to: ComplaintStatus): boolean {
  return Object.values(STATUS_TRANSITIONS).some((t) => t !== undefined && t.to === to && t.from.includes(from));
}

const OPEN: readonly ComplaintStatus[] = ['registered', 'accepted', 'investigating', 'answered', 'callback_done', 'reopened'];

/** Where the steps that keep the status have a place. */
export const STEP_STATES: Readonly<Partial<Record<ComplaintAction, readonly ComplaintStatus[]>>> = {
  record_finding: ['investigating', 'answered', 'callback_done'],
  escalate: OPEN,
  hand_over: OPEN,
  // Extending after the answer has no point; after the deadline it is too late (see extendDeadline).
  extend: ['registered', 'accepted', 'investigating', 'reopened'],
  request_appeal: OPEN,
  review_appeal: OPEN,
};

export function isOpen(status: ComplaintStatus): boolean {
  return OPEN.includes(status);
}

/** Leads and head office: may take over, call back, record a withdrawal, escalate, reopen, review appeals. */
export const SUPERVISOR_ROLES: readonly StaffRole[] = ['lead', 'hq_admin'];

/** Who may own a complaint at each level. */
export const ELIGIBLE_ROLES: Readonly<Record<ComplaintLevel, readonly StaffRole[]>> = {
  teller: ['teller', 'lead', 'hq_admin'],
  duty_lead: ['lead', 'hq_admin'],
  branch_head: ['lead', 'hq_admin'],
  head_office: ['hq_admin'],
};

/** The level a registrar of this role handles at (auditors register nothing). */
export function levelOfRole(role: StaffRole): ComplaintLevel | null {
  switch (role) {
    case 'teller':
      return 'teller';
    case 'lead':
      return 'duty_lead';
    case 'hq_admin':
      return 'head_office';
    default:
      return null;
  }
}

/** The next level up, or null at head office. */
export function nextLevel(level: ComplaintLevel): ComplaintLevel | null {
  return COMPLAINT_LEVELS[COMPLAINT_LEVELS.indexOf(level) + 1] ?? null;
}

/** Whether the complainant can be answered at all (an anonymous dissatisfied rating cannot). */
export function answerRequired(c: Pick<Complaint, 'kind' | 'complainant'>): boolean {
  return c.kind === 'complaint' || c.complainant.phone !== null || c.complainant.realName;
}

/** Whether closing will need a call-back, by the policy's rule for the kind (fixed at registration). */
export function callbackRequiredFor(kind: ComplaintKind, complainant: Complainant, policy: ComplaintPolicy): boolean {
  const rule = kind === 'complaint' ? policy.callback.complaint : policy.callback.dissatisfiedRating;
  if (rule === 'reachable') return complainant.phone !== null;
  if (rule === 'real_name') return complainant.realName;
  return false;
}

// ---- Helpers -----------------------------------------------------------------------------------

const issuesOf = (error: z.ZodError): string[] => error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);

type Actor = { staffId: string; role: StaffRole | 'system' };

/** The history entry of a step taken on `before` (null: the registration) that leads to `after`. */
export function makeStep(
  before: Pick<Complaint, 'lastStep' | 'status'> | null,
  action: ComplaintAction,
  actor: Actor,
  now: Date,
  after: Pick<Complaint, 'status' | 'ownerId' | 'level' | 'round'>,
  note: string | null = null,
): ComplaintStep {
  const seq = (before?.lastStep.seq ?? 0) + 1;
  const at = now.toISOString();
  return {
    id: `${seq}@${at}/${actor.staffId}`,
    parent: before?.lastStep.id ?? null,
    seq,
    action,
    at,
    by: actor.staffId,
    role: actor.role,
    from: before?.status ?? null,
    to: after.status,
    ownerId: after.ownerId,
    level: after.level,
    round: after.round,
    note,
  };
}

function taken(c: Complaint, patch: Partial<Complaint>, action: ComplaintAction, actor: ComplaintActor, now: Date, note: string | null = null): StepTaken {
  const next: Complaint = { ...c, ...patch };
  const entry = makeStep(c, action, actor, now, next, note);
  return { ok: true, complaint: { ...next, lastStep: entry }, entry };
}

type Authority = 'owner' | 'owner_or_supervisor' | 'supervisor' | 'appeal';

/** Role, recusal, authority, state: the checks every step on an existing complaint runs first. */
function check(c: Complaint, action: ComplaintAction, actor: ComplaintActor, authority: Authority): ComplaintRefusal | null {
  if (actor.role === 'auditor') return { ok: false, reason: 'role_not_allowed', role: actor.role };
  const isSubject = c.subjectTellerId !== null && actor.staffId === c.subjectTellerId;
  if (isSubject && action !== 'request_appeal') return { ok: false, reason: 'recusal', staffId: actor.staffId };
  const isOwner = actor.staffId === c.ownerId;
  const isSupervisor = SUPERVISOR_ROLES.includes(actor.role);
  if (authority === 'supervisor' && !isSupervisor) return { ok: false, reason: 'role_not_allowed', role: actor.role };
  if (authority === 'owner' && !isOwner) return { ok: false, reason: 'not_owner', ownerId: c.ownerId };
  if (authority === 'owner_or_supervisor' && !isOwner && !isSupervisor) return { ok: false, reason: 'not_owner', ownerId: c.ownerId };
  if (authority === 'appeal' && !isOwner && !isSupervisor && !isSubject) return { ok: false, reason: 'not_owner', ownerId: c.ownerId };
  const transition = STATUS_TRANSITIONS[action];
  if (transition && !transition.from.includes(c.status)) return { ok: false, reason: 'bad_transition', from: c.status, to: transition.to };
  const states = STEP_STATES[action];
  if (states && !states.includes(c.status)) return { ok: false, reason: 'wrong_state', action, status: c.status };
  return null;
}

const isRefusal = (x: object): x is ComplaintRefusal => 'ok' in x && x.ok === false;

function parseActor(actor: z.input<typeof ComplaintActor>): ComplaintActor | ComplaintRefusal {
  const parsed = ComplaintActor.safeParse(actor);
  return parsed.success ? parsed.data : { ok: false, reason: 'invalid_command', issues: issuesOf(parsed.error) };
}

/** Parses the command and the actor and runs the common checks; the step itself comes after. */
function prepare<S extends z.ZodType>(
  schema: S,
  c: Complaint,
  command: z.input<S>,
  rawActor: z.input<typeof ComplaintActor>,
  action: ComplaintAction,
  authority: Authority,
): { cmd: z.output<S>; actor: ComplaintActor } | ComplaintRefusal {
  const actor = parseActor(rawActor);
  if (isRefusal(actor)) return actor;
  const parsed = schema.safeParse(command);
  if (!parsed.success) return { ok: false, reason: 'invalid_command', issues: issuesOf(parsed.error) };
  const refused = check(c, action, actor, authority);
  return refused ?? { cmd: parsed.data, actor };
}


// ---- Registration ------------------------------------------------------------------------------

export interface NewItem {
  id: string;
  branchId: string;
  timezone: string;
  kind: ComplaintKind;
  channel: Complaint['channel'];
  receivedAt: Date;
  complainant: Complainant;
  category: Complaint['category'];
  facts: string;
  request: string;
  service: Complaint['service'];
  rating: Complaint['rating'];
  subjectTellerId: string | null;
  complexity: Complaint['complexity'];
  firstResponderId: string;
  ownerId: string;
  level: ComplaintLevel;
  handOvers: Complaint['handOvers'];
}

/** A new item in 'registered' with its deadlines and its first step (used by registration and by low ratings). */
export function newComplaint(item: NewItem, registrar: Actor, now: Date, policy: ComplaintPolicy): StepTaken {
  const deadlines = computeDeadlines(
    { kind: item.kind, complexity: item.complexity, extensions: [], startedAt: item.receivedAt, timezone: item.timezone },
    policy,
  );
  const base: Omit<Complaint, 'lastStep'> = {
    id: item.id,
    branchId: item.branchId,
    timezone: item.timezone,
    kind: item.kind,
    channel: item.channel,
    receivedAt: item.receivedAt.toISOString(),
    complainant: item.complainant,
    category: item.category,
    facts: item.facts,
    request: item.request,
    service: item.service,
    rating: item.rating,
    subjectTellerId: item.subjectTellerId,
    firstResponderId: item.firstResponderId,
    ownerId: item.ownerId,
    level: item.level,
    status: 'registered',
    complexity: item.complexity,
    round: 0,
    callbackRequired: callbackRequiredFor(item.kind, item.complainant, policy),
    extensions: [],
    escalations: [],
    handOvers: item.handOvers,
    deadlines,
    acknowledgedAt: null,
    acknowledgedHow: null,
    finding: null,
    rootCause: null,
    rectification: null,
    accountability: null,
    answer: null,
    callback: null,
    appeal: null,
    withdrawal: null,
    closedAt: null,
    reopenedAt: null,
  };
  const entry = makeStep(null, 'register', registrar, now, base);
  return { ok: true, complaint: { ...base, lastStep: entry }, entry };
}

/**
 * Register a complaint (登记). Anyone but an auditor may: the registrar owns it at the level of
 * their role (teller; lead → duty_lead; hq_admin → head_office). A teller registering a
 * complaint about themself is allowed (first responder) but the complaint passes at once to
 * the duty lead named in the command (回避), recorded as a 'recusal' hand-over.
 */
export function registerComplaint(
  command: z.input<typeof RegisterComplaint>,
  rawActor: z.input<typeof ComplaintActor>,
  now: Date,
  policy: ComplaintPolicy,
): StepResult {
  const actor = parseActor(rawActor);
  if (isRefusal(actor)) return actor;
  const level = levelOfRole(actor.role);
  if (level === null) return { ok: false, reason: 'role_not_allowed', role: actor.role };
  const parsed = RegisterComplaint.safeParse(command);
  if (!parsed.success) return { ok: false, reason: 'invalid_command', issues: issuesOf(parsed.error) };
  const cmd = parsed.data;
  const at = now.toISOString();

  let ownerId = actor.staffId;
  let ownerLevel = level;
  const handOvers: Complaint['handOvers'] = [];
  if (cmd.subjectTellerId !== null && cmd.subjectTellerId === actor.staffId) {
    if (cmd.dutyLead === null) return { ok: false, reason: 'recusal_needs_duty_lead' };
    if (cmd.dutyLead.staffId === cmd.subjectTellerId) return { ok: false, reason: 'recusal', staffId: cmd.dutyLead.staffId };
    if (!ELIGIBLE_ROLES.duty_lead.includes(cmd.dutyLead.role)) return { ok: false, reason: 'not_eligible_for_level', level: 'duty_lead', role: cmd.dutyLead.role };
    ownerId = cmd.dutyLead.staffId;
    ownerLevel = 'duty_lead';
    handOvers.push({ from: actor.staffId, to: ownerId, at, by: actor.staffId, reason: 'recusal', note: null });
  }
  try {
    return newComplaint(
      {
        id: cmd.id,
        branchId: cmd.branchId,
        timezone: cmd.timezone,
        kind: 'complaint',
        channel: cmd.channel,
        receivedAt: new Date(cmd.receivedAt ?? at),
        complainant: cmd.complainant,
        category: cmd.category,
        facts: cmd.facts,
        request: cmd.request,
        service: cmd.service,
        rating: null,
        subjectTellerId: cmd.subjectTellerId,
        complexity: cmd.complexity,
        firstResponderId: actor.staffId,
        ownerId,
        level: ownerLevel,
        handOvers,
      },
      actor,
      now,
      policy,
    );
  } catch (e) {
    // An unknown time zone (zoned() names it).
    if (e instanceof RangeError) return { ok: false, reason: 'invalid_command', issues: [`timezone: ${e.message}`] };
    throw e;
  }
}

// ---- Handling steps ----------------------------------------------------------------------------

type In<S extends z.ZodType> = z.input<S>;
type ActorIn = z.input<typeof ComplaintActor>;

/** Accept it and tell the complainant (受理告知): registered → accepted. Owner. */
export function acceptComplaint(c: Complaint, command: In<typeof AcceptComplaint>, actor: ActorIn, now: Date, _policy: ComplaintPolicy): StepResult {
  const p = prepare(AcceptComplaint, c, command, actor, 'accept', 'owner');
  if (isRefusal(p)) return p;
  return taken(c, { status: 'accepted', acknowledgedAt: now.toISOString(), acknowledgedHow: p.cmd.acknowledgedHow }, 'accept', p.actor, now, p.cmd.note);
}

/** accepted | reopened → investigating. Owner. */
export function startInvestigation(c: Complaint, command: In<typeof StartInvestigation>, actor: ActorIn, now: Date, _policy: ComplaintPolicy): StepResult {
  const p = prepare(StartInvestigation, c, command, actor, 'start_investigation', 'owner');
  if (isRefusal(p)) return p;
  return taken(c, { status: 'investigating' }, 'start_investigation', p.actor, now, p.cmd.note);
}

/** Record or amend the finding, root cause, rectification, accountability (investigating to callback_done). Owner. */
export function recordFinding(c: Complaint, command: In<typeof RecordFinding>, actor: ActorIn, now: Date, _policy: ComplaintPolicy): StepResult {
  const p = prepare(RecordFinding, c, command, actor, 'record_finding', 'owner');
  if (isRefusal(p)) return p;
  const patch: Partial<Complaint> = { finding: p.cmd.finding };
  if (p.cmd.rootCause !== undefined) patch.rootCause = p.cmd.rootCause;
  if (p.cmd.rectification !== undefined) patch.rectification = p.cmd.rectification;
  if (p.cmd.accountability !== undefined) patch.accountability = p.cmd.accountability;
  return taken(c, patch, 'record_finding', p.actor, now, p.cmd.note);
}

/** Tell the complainant the decision (答复): investigating → answered. Owner; needs a finding (and the recourse where the policy says). */
export function answerComplaint(c: Complaint, command: In<typeof AnswerComplaint>, actor: ActorIn, now: Date, policy: ComplaintPolicy): StepResult {
  const p = prepare(AnswerComplaint, c, command, actor, 'answer', 'owner');
  if (isRefusal(p)) return p;
  const finding = p.cmd.finding ?? c.finding;
  if (finding === null) return { ok: false, reason: 'answer_requires_finding' };
  if (policy.answerRequiresRecourse && c.kind === 'complaint' && p.cmd.recourse === null) return { ok: false, reason: 'answer_requires_recourse' };
  const answer = { text: p.cmd.text, how: p.cmd.how, at: now.toISOString(), recourse: p.cmd.recourse };
  return taken(c, { status: 'answered', finding, answer }, 'answer', p.actor, now);
}

/** The call-back (回访): answered → callback_done. The owner, or a lead / head office (who call customers back). */
export function recordCallback(c: Complaint, command: In<typeof RecordCallback>, actor: ActorIn, now: Date, _policy: ComplaintPolicy): StepResult {
  const p = prepare(RecordCallback, c, command, actor, 'record_callback', 'owner_or_supervisor');
  if (isRefusal(p)) return p;
  const callback = { at: now.toISOString(), by: p.actor.staffId, view: p.cmd.view, note: p.cmd.note };
  return taken(c, { status: 'callback_done', callback }, 'record_callback', p.actor, now);
}

export type CloseRefusal = Extract<
  ComplaintRefusal,
  { reason: 'close_requires_appeal_review' | 'close_requires_finding' | 'close_requires_answer' | 'close_requires_callback' | 'upheld_requires_root_cause_and_rectification' }
>;

/** Everything closing still lacks, in the order it is reported; empty when it may close. */
export function closeBlockers(c: Complaint): CloseRefusal[] {
  const out: CloseRefusal[] = [];
  if (c.appeal !== null && c.appeal.review === null) out.push({ ok: false, reason: 'close_requires_appeal_review' });
  if (c.finding === null) out.push({ ok: false, reason: 'close_requires_finding' });
  if (answerRequired(c) && c.answer === null) out.push({ ok: false, reason: 'close_requires_answer' });
  if (c.callbackRequired && c.callback === null) out.push({ ok: false, reason: 'close_requires_callback' });
  if ((c.finding === 'upheld' || c.finding === 'partly') && (c.rootCause === null || c.rectification === null)) {
    out.push({ ok: false, reason: 'upheld_requires_root_cause_and_rectification' });
  }
  return out;
}

/** Close it (办结). Owner; see closeBlockers for what it needs. */
export function closeComplaint(c: Complaint, command: In<typeof CloseComplaint>, actor: ActorIn, now: Date, _policy: ComplaintPolicy): StepResult {
  const p = prepare(CloseComplaint, c, command, actor, 'close', 'owner');
  if (isRefusal(p)) return p;
  const blocker = closeBlockers(c)[0];
  if (blocker) return blocker;
  return taken(c, { status: 'closed', closedAt: now.toISOString() }, 'close', p.actor, now, p.cmd.note);
}

/** The complainant withdraws (撤回): handling ends now. The owner or a lead / head office; never a rating. */
export function withdrawComplaint(c: Complaint, command: In<typeof WithdrawComplaint>, actor: ActorIn, now: Date, _policy: ComplaintPolicy): StepResult {
  const p = prepare(WithdrawComplaint, c, command, actor, 'withdraw', 'owner_or_supervisor');
  if (isRefusal(p)) return p;
  if (c.kind === 'dissatisfied_rating') return { ok: false, reason: 'rating_cannot_be_withdrawn' };
  const withdrawal = { at: now.toISOString(), by: p.actor.staffId, reason: p.cmd.reason };
  return taken(c, { status: 'withdrawn', withdrawal }, 'withdraw', p.actor, now, p.cmd.reason);
}

/** closed → reopened, a new round with a new deadline from now. Lead or head office. */
export function reopenComplaint(c: Complaint, command: In<typeof ReopenComplaint>, actor: ActorIn, now: Date, policy: ComplaintPolicy): StepResult {
  const p = prepare(ReopenComplaint, c, command, actor, 'reopen', 'supervisor');
  if (isRefusal(p)) return p;
  const round = c.round + 1;
  const deadlines = computeDeadlines({ kind: c.kind, complexity: c.complexity, extensions: [], startedAt: now, timezone: c.timezone }, policy);
  return taken(
    c,
    { status: 'reopened', round, reopenedAt: now.toISOString(), answer: null, callback: null, closedAt: null, deadlines },
    'reopen',
    p.actor,
    now,
    p.cmd.reason,
  );
}

/** One level up, to a named owner there (逐级上报). The owner or a lead / head office. */
export function escalateComplaint(c: Complaint, command: In<typeof EscalateComplaint>, actor: ActorIn, now: Date, _policy: ComplaintPolicy): StepResult {
  const p = prepare(EscalateComplaint, c, command, actor, 'escalate', 'owner_or_supervisor');
  if (isRefusal(p)) return p;
  const expected = nextLevel(c.level);
  if (p.cmd.to !== expected) return { ok: false, reason: 'escalation_order', from: c.level, to: p.cmd.to, expected };
  const owner = p.cmd.newOwner;
  if (c.subjectTellerId !== null && owner.staffId === c.subjectTellerId) return { ok: false, reason: 'recusal', staffId: owner.staffId };
  if (!ELIGIBLE_ROLES[expected].includes(owner.role)) return { ok: false, reason: 'not_eligible_for_level', level: expected, role: owner.role };
  const escalation = { from: c.level, to: expected, at: now.toISOString(), by: p.actor.staffId, ownerId: owner.staffId, reason: p.cmd.reason };
  return taken(c, { level: expected, ownerId: owner.staffId, escalations: [...c.escalations, escalation] }, 'escalate', p.actor, now, p.cmd.reason);
}

/** Ownership to someone else at the same level: the owner hands over, or a lead / head office takes over. */
export function handOverComplaint(c: Complaint, command: In<typeof HandOverComplaint>, actor: ActorIn, now: Date, _policy: ComplaintPolicy): StepResult {
  const p = prepare(HandOverComplaint, c, command, actor, 'hand_over', 'owner_or_supervisor');
  if (isRefusal(p)) return p;
  const to = p.cmd.to;
  if (to.staffId === c.ownerId) return { ok: false, reason: 'same_owner' };
  if (c.subjectTellerId !== null && to.staffId === c.subjectTellerId) return { ok: false, reason: 'recusal', staffId: to.staffId };
  if (!ELIGIBLE_ROLES[c.level].includes(to.role)) return { ok: false, reason: 'not_eligible_for_level', level: c.level, role: to.role };
  const reason = p.actor.staffId === c.ownerId ? ('hand_over' as const) : ('take_over' as const);
  const handOver = { from: c.ownerId, to: to.staffId, at: now.toISOString(), by: p.actor.staffId, reason, note: p.cmd.note };
  return taken(c, { ownerId: to.staffId, handOvers: [...c.handOvers, handOver] }, 'hand_over', p.actor, now, p.cmd.note);
}

/**
 * Extend the time limit, before it runs out, the complainant being told:
 * - 'complex': to the complex-case limit, by the owner, once per round;
 * - 'approved': by the approved extension, after the complex one, by an approver
 *   (policy.extensionApproverRoles) who takes this step themself, once per round.
 */
export function extendDeadline(c: Complaint, command: In<typeof ExtendDeadline>, actor: ActorIn, now: Date, policy: ComplaintPolicy): StepResult {
  // The approver need not own the complaint; the complex-case extension is the owner's.
  const p = prepare(ExtendDeadline, c, command, actor, 'extend', 'owner_or_supervisor');
  if (isRefusal(p)) return p;
  if (p.cmd.extension === 'complex' && p.actor.staffId !== c.ownerId) return { ok: false, reason: 'not_owner', ownerId: c.ownerId };
  const rule = ruleFor(c.kind, policy);
  const round = c.extensions.filter((e) => e.round === c.round);
  const complex = c.complexity === 'complex' || round.some((e) => e.kind === 'complex');
  if (p.cmd.extension === 'approved') {
    if (!policy.extensionApproverRoles.includes(p.actor.role)) return { ok: false, reason: 'role_not_allowed', role: p.actor.role };
    if (rule.approvedExtensionDays === null) return { ok: false, reason: 'extension_not_allowed', detail: 'not_in_policy' };
    if (round.some((e) => e.kind === 'approved')) return { ok: false, reason: 'extension_not_allowed', detail: 'already_extended' };
    if (!complex) return { ok: false, reason: 'extension_not_allowed', detail: 'complex_first' };
  } else {
    if (rule.complexDays === null) return { ok: false, reason: 'extension_not_allowed', detail: 'not_in_policy' };
    if (complex) return { ok: false, reason: 'extension_not_allowed', detail: 'already_extended' };
  }
  if (now.getTime() >= Date.parse(c.deadlines.answerBy)) return { ok: false, reason: 'extension_not_allowed', detail: 'deadline_passed' };
  const extension = { kind: p.cmd.extension, at: now.toISOString(), by: p.actor.staffId, reason: p.cmd.reason, informedHow: p.cmd.informedHow, round: c.round };
  const next: Complaint = { ...c, complexity: 'complex', extensions: [...c.extensions, extension] };
  return taken(c, { complexity: 'complex', extensions: next.extensions, deadlines: deadlinesOf(next, policy) }, 'extend', p.actor, now, p.cmd.reason);
}

/** The teller's appeal against a dissatisfied rating (申诉): the rated teller, the owner, or a lead / head office. */
export function requestAppeal(c: Complaint, command: In<typeof RequestAppeal>, actor: ActorIn, now: Date, _policy: ComplaintPolicy): StepResult {
  const p = prepare(RequestAppeal, c, command, actor, 'request_appeal', 'appeal');
  if (isRefusal(p)) return p;
  if (c.kind !== 'dissatisfied_rating') return { ok: false, reason: 'not_a_rating' };
  if (c.appeal !== null) return { ok: false, reason: 'appeal_exists' };
  const appeal = { requestedAt: now.toISOString(), requestedBy: p.actor.staffId, reason: p.cmd.reason, review: null };
  return taken(c, { appeal }, 'request_appeal', p.actor, now, p.cmd.reason);
}

/** The review of the appeal (复核), by a lead or head office who is not the rated teller. The rating stays either way. */
export function reviewAppeal(c: Complaint, command: In<typeof ReviewAppeal>, actor: ActorIn, now: Date, _policy: ComplaintPolicy): StepResult {
  const p = prepare(ReviewAppeal, c, command, actor, 'review_appeal', 'supervisor');
  if (isRefusal(p)) return p;
  if (c.kind !== 'dissatisfied_rating') return { ok: false, reason: 'not_a_rating' };
  if (c.appeal === null) return { ok: false, reason: 'no_appeal' };
  if (c.appeal.review !== null) return { ok: false, reason: 'appeal_already_reviewed' };
  const review = { at: now.toISOString(), by: p.actor.staffId, outcome: p.cmd.outcome, note: p.cmd.note };
  return taken(c, { appeal: { ...c.appeal, review } }, 'review_appeal', p.actor, now, p.cmd.note);
}

/** Any command on an existing complaint (the LAN API's single entry point). */
export function applyCommand(c: Complaint, command: z.input<typeof ComplaintCommand>, actor: ActorIn, now: Date, policy: ComplaintPolicy): StepResult {
  const parsed = ComplaintCommand.safeParse(command);
  if (!parsed.success) return { ok: false, reason: 'invalid_command', issues: issuesOf(parsed.error) };
  const cmd = parsed.data;
  switch (cmd.type) {
    case 'accept':
      return acceptComplaint(c, cmd, actor, now, policy);
    case 'start_investigation':
      return startInvestigation(c, cmd, actor, now, policy);
    case 'record_finding':
      return recordFinding(c, cmd, actor, now, policy);
    case 'answer':
      return answerComplaint(c, cmd, actor, now, policy);
    case 'record_callback':
      return recordCallback(c, cmd, actor, now, policy);
    case 'close':
      return closeComplaint(c, cmd, actor, now, policy);
    case 'withdraw':
      return withdrawComplaint(c, cmd, actor, now, policy);
    case 'reopen':
      return reopenComplaint(c, cmd, actor, now, policy);
    case 'escalate':
      return escalateComplaint(c, cmd, actor, now, policy);
    case 'hand_over':
      return handOverComplaint(c, cmd, actor, now, policy);
    case 'extend':
      return extendDeadline(c, cmd, actor, now, policy);
    case 'request_appeal':
      return requestAppeal(c, cmd, actor, now, policy);
    case 'review_appeal':
      return reviewAppeal(c, cmd, actor, now, policy);
  }
}
