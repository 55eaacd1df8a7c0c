import { canonicalJson, mergeOps, registerWorkflow } from '../sync/lww.js';
import type { DocOp, MergedDoc, MergedFields, WorkflowValidator } from '../sync/lww.js';
import { Complaint, COMPLAINT_STATUSES, ComplaintStep } from './schema.js';
import type { ComplaintAction } from './schema.js';
import { answerRequired, closeBlockers, statusTransitionAllowed } from './workflow.js';

/**
 * A complaint as a mergeable document (DESIGN.md §5, shared/sync/lww.ts): docType 'complaint',
 * docId = the complaint's id, one field per top-level property of Complaint (all but `id`),
 * each edit one `doc.op`. Fields merge by HLC, every op is kept, and `lastStep` carries each
 * step of the workflow, so the op history holds the whole step history (stepsOf).
 *
 * Every step names its parent step; two steps on the same parent were taken on two devices that
 * had not seen each other's (a fork). The validator below flags what such merges break; it never
 * changes the document: the lead sees the flags and decides. Flags stay as long as the history
 * holds the fork (like lww.ts's own rules), so the record of the conflict is never lost.
 */
export const COMPLAINT_DOC_TYPE = 'complaint';

/** The document's fields, in the order of the schema. */
export const COMPLAINT_FIELDS = Object.keys(Complaint.shape).filter((k) => k !== 'id') as (keyof Omit<Complaint, 'id'>)[];

/** The document fields of a complaint (every field, for its creation). */
export function toFields(c: Complaint): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of COMPLAINT_FIELDS) out[f] = c[f];
  return out;
}

/**
 * The complaint a merged document holds; null for another document type, or while one of its
 * ops has not arrived yet (a field missing), so a half-synced complaint is never shown as whole.
 * A complaint whose merge broke the workflow still reads back: its flags say what is wrong.
 */
export function fromFields(doc: Pick<MergedDoc, 'docType' | 'docId' | 'fields'>): Complaint | null {
  if (doc.docType !== COMPLAINT_DOC_TYPE || doc.docId === null) return null;
  const parsed = Complaint.safeParse({ ...doc.fields, id: doc.docId });
  return parsed.success ? parsed.data : null;
}

/** The fields a step changed (all of them for a new complaint): what to write as ops. */
export function changedFields(before: Complaint | null, after: Complaint): Record<string, unknown> {
  const all = toFields(after);
  if (before === null) return all;
  const old = toFields(before);
  const out: Record<string, unknown> = {};
  for (const f of COMPLAINT_FIELDS) if (canonicalJson(old[f]) !== canonicalJson(all[f])) out[f] = all[f];
  return out;
}

/**
 * The ops of a step: one per changed field, each stamped by `tick` (the device's HybridClock,
 * after it has seen the document's ops), authored by `author` (the device). Write every step
 * this way, one after the other: each step's `lastStep` op is how the document keeps its history.
 */
export function complaintOps(before: Complaint | null, after: Complaint, tick: () => string, author: string): DocOp[] {
  return Object.entries(changedFields(before, after)).map(([field, value]) => ({ docType: COMPLAINT_DOC_TYPE, docId: after.id, field, value, hlc: tick(), author }));
}

/** Every step of the document, from its op history, once each, in HLC order. */
export function stepsOf(history: readonly DocOp[]): ComplaintStep[] {
  const seen = new Map<string, ComplaintStep>();
  for (const op of history) {
    if (op.field !== 'lastStep') continue;
    const step = ComplaintStep.safeParse(op.value);
    if (step.success && !seen.has(step.data.id)) seen.set(step.data.id, step.data);
  }
  return [...seen.values()];
}

/** Merges the ops of one complaint with the complaint rules (use this, not mergeOps alone). */
export function mergeComplaintOps(ops: Iterable<DocOp>): MergedDoc {
  return mergeOps(ops, complaintMergeValidator);
}

// ---- The merge rules -----------------------------------------------------------------------------

/** The flag codes (for the UI strings and their test). */
export const COMPLAINT_FLAG_CODES = [
  'unknown_status',
  'bad_transition',
  'answered_without_investigation',
  'status_mismatch',
  'two_owners',
  'level_mismatch',
  'closed_while_escalated',
  'closed_while_reopened',
  'concurrent_steps',
  'owner_is_subject',
  'closed_with_pending_appeal',
  'closed_without_finding',
  'closed_without_answer',
  'closed_without_callback',
  'upheld_without_rectification',
] as const;
export type ComplaintFlagCode = (typeof COMPLAINT_FLAG_CODES)[number];

/** Steps that change the status, the owner or the level; the others (findings, extensions, appeals) do not conflict by themselves. */
const STRUCTURAL: ReadonlySet<ComplaintAction> = new Set(['register', 'accept', 'start_investigation', 'answer', 'record_callback', 'close', 'withdraw', 'reopen', 'escalate', 'hand_over']);

const describe = (s: ComplaintStep) => `step ${s.seq} ${s.action} by ${s.by} at ${s.at}`;

/** A step and every step taken after it on the same line. */
function subtree(root: ComplaintStep, children: ReadonlyMap<string, ComplaintStep[]>): ComplaintStep[] {
  const out: ComplaintStep[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const s = stack.pop()!;
    out.push(s);
    for (const child of children.get(s.id) ?? []) stack.push(child);
  }
  return out.sort((a, b) => a.seq - b.seq || (a.id < b.id ? -1 : 1));
}

/** The steps from `last` back to the registration, and whether every one of them is there. */
function lineage(last: ComplaintStep, steps: readonly ComplaintStep[]): { steps: ComplaintStep[]; complete: boolean } {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const out: ComplaintStep[] = [];
  const seen = new Set<string>();
  let current: ComplaintStep | undefined = last;
  while (current !== undefined && !seen.has(current.id)) {
    out.push(current);
    seen.add(current.id);
    if (current.parent === null) return { steps: out, complete: true };
    current = byId.get(current.parent);
  }
  return { steps: out, complete: false };
}

/** The flag of two lines of steps taken from the same step on two devices; null when they do not conflict. */
function forkFlag(a: ComplaintStep[], b: ComplaintStep[]): string | null {
  const structA = a.filter((s) => STRUCTURAL.has(s.action));
  const structB = b.filter((s) => STRUCTURAL.has(s.action));
  if (structA.length === 0 || structB.length === 0) return null;
  const [ha, hb] = [a[0]!, b[0]!];
  // The same step taken twice (two people accepting at once with the same outcome) is no conflict.
  if (a.length === 1 && b.length === 1 && ha.action === hb.action && ha.to === hb.to && ha.ownerId === hb.ownerId && ha.level === hb.level) return null;
  const acts = (line: ComplaintStep[]) => new Set(line.map((s) => s.action));
  const [actsA, actsB] = [acts(a), acts(b)];
  const find = (line: ComplaintStep[], action: ComplaintAction) => line.find((s) => s.action === action)!;
  const either = (x: ComplaintAction, y: ComplaintAction): [ComplaintStep, ComplaintStep] | null => {
    if (actsA.has(x) && actsB.has(y)) return [find(a, x), find(b, y)];
    if (actsB.has(x) && actsA.has(y)) return [find(b, x), find(a, y)];
    return null;
  };
  const escalated = either('close', 'escalate');
  if (escalated) return `closed_while_escalated: ${describe(escalated[0])} while ${describe(escalated[1])}`;
  const reopened = either('close', 'reopen');
  if (reopened) return `closed_while_reopened: ${describe(reopened[0])} while ${describe(reopened[1])}`;
  const ownerA = a[a.length - 1]!.ownerId;
  const ownerB = b[b.length - 1]!.ownerId;
  if (ownerA !== ownerB) return `two_owners: ${ownerA} (${describe(ha)}) and ${ownerB} (${describe(hb)})`;
  return `concurrent_steps: ${describe(ha)} and ${describe(hb)}`;
}

/**
 * The complaint workflow over a merged document, as flags ("code: detail"):
 * - steps: a step whose status change no step allows ('bad_transition'), an answer not given
 *   from investigating ('answered_without_investigation');
 * - forks, two lines of steps from the same step: closed on one and escalated on the other
 *   ('closed_while_escalated'), closed on one and reopened on the other ('closed_while_reopened'),
 *   two different owners at the end of the lines ('two_owners'), or otherwise both changing the
 *   status, owner or level ('concurrent_steps'); a finding or an extension beside a step is fine;
 * - the merged fields against the winning step: status, owner or level from another line
 *   ('status_mismatch', 'two_owners', 'level_mismatch');
 * - the merged state: the teller complained about as owner ('owner_is_subject'); answered, called
 *   back or closed with no investigation in this round; closed without what closing needs
 *   ('closed_with_pending_appeal', 'closed_without_finding', 'closed_without_answer',
 *   'closed_without_callback', 'upheld_without_rectification').
 */
export const complaintMergeValidator: WorkflowValidator = (merged: MergedFields, history: readonly DocOp[]) => {
  const flags = new Set<string>();
  const f = merged.fields;
  const status = f.status;
  if (status !== undefined && !(COMPLAINT_STATUSES as readonly unknown[]).includes(status)) {
    flags.add(`unknown_status: ${canonicalJson(status)} at ${merged.winners.status?.hlc ?? '?'}`);
  }

  const steps = stepsOf(history);
  for (const s of steps) {
    if (s.from === null || s.from === s.to || statusTransitionAllowed(s.from, s.to)) continue;
    const code = s.to === 'answered' ? 'answered_without_investigation' : 'bad_transition';
    flags.add(`${code}: ${s.from} -> ${s.to} in ${describe(s)}`);
  }

  const children = new Map<string, ComplaintStep[]>();
  for (const s of steps) {
    if (s.parent === null) continue;
    const list = children.get(s.parent);
    if (list) list.push(s);
    else children.set(s.parent, [s]);
  }
  for (const kids of children.values()) {
    if (kids.length < 2) continue;
    const lines = kids.map((k) => subtree(k, children));
    for (let i = 0; i < lines.length; i += 1) {
      for (let j = i + 1; j < lines.length; j += 1) {
        const flag = forkFlag(lines[i]!, lines[j]!);
        if (flag) flags.add(flag);
      }
    }
  }

  const last = ComplaintStep.safeParse(f.lastStep);
  if (last.success) {
    const step = last.data;
    if (status !== undefined && status !== step.to) flags.add(`status_mismatch: status ${canonicalJson(status)} but the last step (${describe(step)}) left it ${step.to}`);
    if (f.ownerId !== undefined && f.ownerId !== step.ownerId) flags.add(`two_owners: owner ${canonicalJson(f.ownerId)} but the last step (${describe(step)}) left ${step.ownerId}`);
    if (f.level !== undefined && f.level !== step.level) flags.add(`level_mismatch: level ${canonicalJson(f.level)} but the last step (${describe(step)}) left ${step.level}`);
  }

  if (typeof f.ownerId === 'string' && f.ownerId === f.subjectTellerId) flags.add(`owner_is_subject: ${f.ownerId} owns the complaint about them`);

  const complaint = Complaint.safeParse({ ...f, id: merged.docId ?? '?' });
  if (complaint.success) {
    const c = complaint.data;
    const line = lineage(c.lastStep, steps);
    const flagged = [...flags].some((x) => x.startsWith('answered_without_investigation'));
    // Only on a whole line of steps: while an earlier step has not arrived yet, nothing is known to be missing.
    if ((c.status === 'answered' || c.status === 'callback_done' || c.status === 'closed') && answerRequired(c) && line.complete && !flagged) {
      const investigated = line.steps.some((s) => s.action === 'start_investigation' && s.round === c.round);
      if (!investigated) flags.add(`answered_without_investigation: status ${c.status} with no investigation in round ${c.round}`);
    }
    if (c.status === 'closed') {
      const codes = {
        close_requires_appeal_review: 'closed_with_pending_appeal',
        close_requires_finding: 'closed_without_finding',
        close_requires_answer: 'closed_without_answer',
        close_requires_callback: 'closed_without_callback',
        upheld_requires_root_cause_and_rectification: 'upheld_without_rectification',
      } as const satisfies Record<string, ComplaintFlagCode>;
      for (const blocker of closeBlockers(c)) flags.add(`${codes[blocker.reason]}: status closed at ${merged.winners.status?.hlc ?? '?'}`);
    }
  }
  return [...flags];
};

// lww.ts's mergeOps applies these rules to every 'complaint' document once this module is loaded
// (shared/complaints/index.ts loads it); mergeComplaintOps passes them explicitly.
registerWorkflow(COMPLAINT_DOC_TYPE, complaintMergeValidator);
