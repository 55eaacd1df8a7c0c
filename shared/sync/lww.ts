import type { DocOpBody } from './kinds.js';

/**
 * Field-by-field merge of mergeable documents (complaint cases, follow-ups): DESIGN.md §5.
 *
 * - Every edit is one op `{docType, docId, field, value, hlc, author}` (a `doc.op` record).
 * - The merged value of a field is the value of its op with the greatest HLC (last writer wins,
 *   per field, so two people editing different fields offline both keep their edit). HLC strings
 *   end with the node id, so two devices never tie; identical HLC and field (the same op seen
 *   twice) is one op.
 * - Every op is kept: the merge returns the full history in HLC order, duplicates removed.
 * - The merge is a pure function of the SET of ops: commutative, associative, idempotent, so it
 *   does not matter in which order or how often devices exchange them.
 * - A workflow check (`WorkflowValidator`) looks at the merged fields and the history and
 *   returns flags: violations are shown to the lead, never silently resolved.
 *
 * Clock skew: ops carry HLCs, not wall times. A device that has seen another device's op
 * (HybridClock.receive) stamps its next op after it, whatever its own wall clock says; truly
 * concurrent edits of one field are ordered by HLC, which follows wall time (so a device whose
 * clock is hours fast wins those) — the flags, not the merge, are where conflicts surface.
 */
export type DocOp = DocOpBody;

export interface FieldWinner {
  value: unknown;
  hlc: string;
  author: string;
}

export interface MergedFields {
  docType: string | null;
  docId: string | null;
  /** Field name -> merged value. */
  fields: Record<string, unknown>;
  /** Field name -> the op that set it. */
  winners: Record<string, FieldWinner>;
}

export interface MergedDoc extends MergedFields {
  /** Every distinct op, in HLC order (ties: field, then content). */
  history: DocOp[];
  /** Workflow violations, in words ("code: detail"); empty when the workflow holds. */
  flags: string[];
}

/** Returns violations as flags ("code: detail"); never changes the document. */
export type WorkflowValidator = (merged: MergedFields, history: readonly DocOp[]) => string[];

/** A JSON text with object keys sorted, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value as Record<string, unknown>).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

function opKey(op: DocOp): string {
  return canonicalJson({ docType: op.docType, docId: op.docId, field: op.field, value: op.value, hlc: op.hlc, author: op.author });
}

/** Total order of ops: HLC, then field, then content. */
export function compareOps(a: DocOp, b: DocOp): number {
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1;
  if (a.field !== b.field) return a.field < b.field ? -1 : 1;
  const ka = opKey(a);
  const kb = opKey(b);
  return ka === kb ? 0 : ka < kb ? -1 : 1;
}

/** Merges the ops of ONE document (throws when they belong to several). */
export function mergeOps(ops: Iterable<DocOp>, validate?: WorkflowValidator): MergedDoc {
  const distinct = new Map<string, DocOp>();
  for (const op of ops) distinct.set(opKey(op), op);
  const history = [...distinct.values()].sort(compareOps);
  const first = history[0];
  for (const op of history) {
    if (op.docType !== first!.docType || op.docId !== first!.docId) {
      throw new RangeError(`ops of several documents merged together: ${first!.docType}/${first!.docId} and ${op.docType}/${op.docId}`);
    }
  }
  const fields: Record<string, unknown> = {};
  const winners: Record<string, FieldWinner> = {};
  // History is in ascending order: the last op of a field wins.
  for (const op of history) {
    fields[op.field] = op.value;
    winners[op.field] = { value: op.value, hlc: op.hlc, author: op.author };
  }
  const merged: MergedFields = { docType: first?.docType ?? null, docId: first?.docId ?? null, fields, winners };
  const flags = validate ? validate(merged, history) : (validatorFor(merged.docType)?.(merged, history) ?? []);
  return { ...merged, history, flags };
}

/** Merges two merged copies of a document (e.g. this device's and the hub's). */
export function mergeDocs(a: MergedDoc, b: MergedDoc, validate?: WorkflowValidator): MergedDoc {
  return mergeOps([...a.history, ...b.history], validate);
}

/** Adds ops to a merged document. */
export function applyOps(doc: MergedDoc, ops: Iterable<DocOp>, validate?: WorkflowValidator): MergedDoc {
  return mergeOps([...doc.history, ...ops], validate);
}

/** Groups ops by document ("docType/docId"). */
export function groupByDoc(ops: Iterable<DocOp>): Map<string, DocOp[]> {
  const out = new Map<string, DocOp[]>();
  for (const op of ops) {
    const key = `${op.docType}/${op.docId}`;
    const list = out.get(key);
    if (list) list.push(op);
    else out.set(key, [op]);
  }
  return out;
}

/** The code of a flag ("closed_without_answer: ..." -> "closed_without_answer"). */
export function flagCode(flag: string): string {
  const i = flag.indexOf(':');
  return i < 0 ? flag : flag.slice(0, i);
}

// ---------------------------------------------------------------------------------------------
// Workflow rules: a registry per document type
// ---------------------------------------------------------------------------------------------

/**
 * The rules of each document type, registered by the module that owns the type (the complaint
 * log registers its rules in shared/complaints/document.ts), so this module never imports a
 * domain and no import cycle forms. A type without rules merges without flags. `mergeOps`
 * without a validator uses the registered one; pass the validator explicitly (e.g.
 * `mergeComplaintOps`) where the owning module may not have been imported yet.
 */
const workflows = new Map<string, WorkflowValidator>();

/** Registers the rules of a document type; registering the same validator again is a no-op, another one throws. */
export function registerWorkflow(docType: string, validator: WorkflowValidator): void {
  const known = workflows.get(docType);
  if (known !== undefined && known !== validator) throw new Error(`a workflow is already registered for document type '${docType}'`);
  workflows.set(docType, validator);
}

export function validatorFor(docType: string | null): WorkflowValidator | undefined {
  return docType === null ? undefined : workflows.get(docType);
}
