import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { applyCommand, closeBlockers, COMPLAINT_FLAG_CODES, nextLevel, REFUSAL_REASONS } from '../../shared/complaints/index.js';
import type { CloseRefusal, Complaint, ComplaintAction, ComplaintActor, ComplaintCommand, ComplaintPolicy, ComplaintRefusal, ComplaintStatus, RefusalReason } from '../../shared/complaints/index.js';
import { errorText } from '../i18n/errorText.js';

/** The steps a complaint's page may offer (every action but the registration), in the order shown. */
export const STEP_ACTIONS = [
  'accept',
  'start_investigation',
  'record_finding',
  'answer',
  'record_callback',
  'close',
  'request_appeal',
  'review_appeal',
  'extend',
  'hand_over',
  'escalate',
  'withdraw',
  'reopen',
] as const satisfies readonly Exclude<ComplaintAction, 'register'>[];
export type StepAction = (typeof STEP_ACTIONS)[number];

/** A person who never exists: the new owner of a probing hand-over or escalation (eligible everywhere). */
const PROBE_OWNER = { staffId: '\u0001probe', role: 'hq_admin' } as const;
const PROBE_TEXT = 'probe';

/** A command that passes the shape checks, to ask the domain whether the step itself may be taken. */
function probe(c: Complaint, action: StepAction, extension: 'complex' | 'approved' = 'complex'): z.input<typeof ComplaintCommand> | null {
  switch (action) {
    case 'accept':
      return { type: 'accept', acknowledgedHow: 'phone' };
    case 'start_investigation':
      return { type: 'start_investigation' };
    case 'record_finding':
      return { type: 'record_finding', finding: 'not_upheld' };
    case 'answer':
      return { type: 'answer', text: PROBE_TEXT, how: 'phone', recourse: PROBE_TEXT, finding: c.finding ?? 'not_upheld' };
    case 'record_callback':
      return { type: 'record_callback', view: 'satisfied' };
    case 'close':
      return { type: 'close' };
    case 'withdraw':
      return { type: 'withdraw', reason: PROBE_TEXT };
    case 'reopen':
      return { type: 'reopen', reason: PROBE_TEXT };
    case 'escalate': {
      const to = nextLevel(c.level);
      return to === null ? null : { type: 'escalate', to, newOwner: PROBE_OWNER, reason: PROBE_TEXT };
    }
    case 'hand_over':
      return { type: 'hand_over', to: PROBE_OWNER };
    case 'extend':
      return { type: 'extend', extension, reason: PROBE_TEXT, informedHow: 'phone' };
    case 'request_appeal':
      return { type: 'request_appeal', reason: PROBE_TEXT };
    case 'review_appeal':
      return { type: 'review_appeal', outcome: 'upheld' };
  }
}

const CLOSE_BLOCKERS: ReadonlySet<RefusalReason> = new Set([
  'close_requires_appeal_review',
  'close_requires_finding',
  'close_requires_answer',
  'close_requires_callback',
  'upheld_requires_root_cause_and_rectification',
]);

export interface OfferedStep {
  action: StepAction;
  /** Close only: what closing still lacks (the form shows it and cannot be sent until it is empty). */
  missing: CloseRefusal[];
  /** Extend only: the extensions this person may record now. */
  extensions: ('complex' | 'approved')[];
}

/**
 * The steps this person may take on this complaint now, as the domain decides them (the same
 * functions the hub runs): each step is tried with a well-formed command and offered unless it
 * is refused for who, where or when; closing is offered with what it still lacks.
 */
export function offeredSteps(c: Complaint, actor: ComplaintActor, policy: ComplaintPolicy, now: Date): OfferedStep[] {
  const out: OfferedStep[] = [];
  for (const action of STEP_ACTIONS) {
    if (action === 'extend') {
      const extensions = (['complex', 'approved'] as const).filter((kind) => {
        const cmd = probe(c, 'extend', kind);
        return cmd !== null && applyCommand(c, cmd, actor, now, policy).ok;
      });
      if (extensions.length > 0) out.push({ action, missing: [], extensions });
      continue;
    }
    const cmd = probe(c, action);
    if (cmd === null) continue;
    const result = applyCommand(c, cmd, actor, now, policy);
    if (result.ok) out.push({ action, missing: action === 'close' ? closeBlockers(c) : [], extensions: [] });
    else if (action === 'close' && CLOSE_BLOCKERS.has(result.reason)) out.push({ action, missing: closeBlockers(c), extensions: [] });
  }
  return out;
}

// ---- Refusals in the screen's language ----------------------------------------------------------

const isReason = (x: unknown): x is RefusalReason => typeof x === 'string' && (REFUSAL_REASONS as readonly string[]).includes(x);

/** A refusal of the domain (decided here, or by the hub: 409 with its `reason`) in the screen's language. */
export function refusalText(t: TFunction, refusal: ComplaintRefusal | { reason: RefusalReason; from?: ComplaintStatus; to?: ComplaintStatus }): string {
  if (refusal.reason === 'bad_transition' && 'from' in refusal && refusal.from !== undefined && refusal.to !== undefined) {
    return t('complaints.refusals.bad_transition', { from: t(`complaints.statuses.${refusal.from}`), to: t(`complaints.statuses.${refusal.to}`) });
  }
  // Without the two states (a hub's answer carries only the reason), the state line says it.
  if (refusal.reason === 'bad_transition') return t('complaints.refusals.wrong_state');
  return t(`complaints.refusals.${refusal.reason}`);
}

/** Any failure of a complaint screen's step: a refusal decided here (with its states), else the hub's answer through errorText. */
export function complaintErrorText(t: TFunction, err: unknown): string {
  if (typeof err === 'object' && err !== null && (err as { ok?: unknown }).ok === false && isReason((err as { reason?: unknown }).reason)) {
    return refusalText(t, err as ComplaintRefusal);
  }
  return errorText(t, err);
}

/** A merge flag ("code: detail") as the lead reads it: its line in the screen's language, and the detail as recorded. */
export function flagParts(t: TFunction, flag: string): { code: string; text: string; detail: string } {
  const i = flag.indexOf(':');
  const code = i < 0 ? flag : flag.slice(0, i);
  const detail = i < 0 ? '' : flag.slice(i + 1).trim();
  const known = (COMPLAINT_FLAG_CODES as readonly string[]).includes(code);
  return { code, text: known ? t(`complaints.flags.${code as (typeof COMPLAINT_FLAG_CODES)[number]}`) : code, detail };
}
