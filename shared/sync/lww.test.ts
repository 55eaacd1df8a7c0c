import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HybridClock, decodeHlc, encodeHlc } from '../time/hlc.js';
import { DocOpBody } from './kinds.js';
import { applyOps, flagCode, groupByDoc, mergeDocs, mergeOps, registerWorkflow, validatorFor } from './lww.js';
import type { DocOp, WorkflowValidator } from './lww.js';

const HOUR = 3_600_000;
const T = Date.parse('2025-01-06T02:00:00.000Z'); // 10:00 in Beijing

/** A device editing document C-1 (a note: a type without workflow rules) with its own hybrid clock. */
function device(node: string, now: () => number) {
  const clock = new HybridClock(node, now);
  return {
    clock,
    edit(field: string, value: unknown): DocOp {
      return DocOpBody.parse({ docType: 'note', docId: 'C-1', field, value, hlc: clock.tick(), author: node });
    },
    /** Sees ops from elsewhere (a pull): its clock moves past them. */
    see(ops: DocOp[]): void {
      for (const op of ops) clock.receive(op.hlc);
    },
  };
}

describe('field-by-field merge (last writer wins per field, by HLC)', () => {
  it('keeps both edits when two devices change different fields offline', () => {
    let now = T;
    const a = device('counter-1', () => now);
    const b = device('counter-2', () => now);
    const created = [a.edit('status', 'new'), a.edit('subject', 'long wait')];
    b.see(created);
    now += 60_000;
    const offlineA = [a.edit('assignee', 'li')];
    now += 60_000;
    const offlineB = [b.edit('note', 'customer called back')];
    const merged = mergeOps([...created, ...offlineA, ...offlineB]);
    expect(merged.fields).toEqual({ status: 'new', subject: 'long wait', assignee: 'li', note: 'customer called back' });
    expect(merged.history).toHaveLength(4);
    expect(merged.flags).toEqual([]);
  });

  it('takes the later HLC when both edit the same field and keeps the loser in the history', () => {
    let now = T;
    const a = device('counter-1', () => now);
    const b = device('counter-2', () => now);
    const early = a.edit('answer', 'we are sorry');
    now += 5_000;
    const late = b.edit('answer', 'refund issued');
    for (const order of [
      [early, late],
      [late, early],
    ]) {
      const merged = mergeOps(order);
      expect(merged.fields.answer).toBe('refund issued');
      expect(merged.winners.answer).toMatchObject({ author: 'counter-2', hlc: late.hlc });
      expect(merged.history.map((o) => o.value)).toEqual(['we are sorry', 'refund issued']);
    }
  });

  it('breaks a tie of the same wall time and counter by the node id inside the HLC', () => {
    const x: DocOp = { docType: 'note', docId: 'C-1', field: 'assignee', value: 'li', hlc: encodeHlc({ wallMs: T, counter: 0, node: 'a' }), author: 'a' };
    const y: DocOp = { ...x, value: 'wang', hlc: encodeHlc({ wallMs: T, counter: 0, node: 'b' }), author: 'b' };
    expect(mergeOps([x, y]).fields.assignee).toBe('wang');
    expect(mergeOps([y, x]).fields.assignee).toBe('wang');
  });

  it('a device 2 h fast does not win over an edit made after seeing its edit (HybridClock.receive)', () => {
    // Real time is T. counter-1's PC is two hours fast; counter-2's is right.
    let real = T;
    const fast = device('counter-1', () => real + 2 * HOUR);
    const right = device('counter-2', () => real);

    const fastEdit = fast.edit('assignee', 'li'); // at 10:00 real, stamped 12:00
    real += 30 * 60_000; // 10:30: counter-2 syncs and sees it...
    right.see([fastEdit]);
    // ...receive() moved counter-2's clock to max(its wall, the seen HLC) = 12:00, counter + 1,
    // so its next edit sorts after the fast device's although its own wall clock says 10:30.
    expect(decodeHlc(right.clock.current())).toMatchObject({ wallMs: T + 2 * HOUR, counter: 1 });
    const laterEdit = right.edit('assignee', 'wang');
    expect(decodeHlc(laterEdit.hlc)).toMatchObject({ wallMs: T + 2 * HOUR, counter: 2, node: 'counter-2' });
    expect(laterEdit.hlc > fastEdit.hlc).toBe(true);

    const merged = mergeOps([laterEdit, fastEdit]);
    expect(merged.fields.assignee).toBe('wang');
    expect(merged.history.map((o) => o.author)).toEqual(['counter-1', 'counter-2']);

    // Contrast: an edit made WITHOUT having seen the fast one is concurrent; HLC order (≈ wall
    // order) then favours the fast clock. That is why an edit follows a pull.
    const blind = device('counter-3', () => real);
    const concurrent = blind.edit('assignee', 'zhao');
    expect(mergeOps([fastEdit, concurrent]).fields.assignee).toBe('li');
  });

  it('counts an op seen twice once', () => {
    const a = device('d', () => T);
    const op = a.edit('status', 'accepted');
    const merged = mergeOps([op, { ...op }, op]);
    expect(merged.history).toHaveLength(1);
  });

  it('refuses to merge ops of two documents; groupByDoc splits them', () => {
    const a = device('d', () => T);
    const op = a.edit('status', 'accepted');
    const other = { ...op, docId: 'C-2' };
    expect(() => mergeOps([op, other])).toThrow(RangeError);
    expect([...groupByDoc([op, other]).keys()]).toEqual(['note/C-1', 'note/C-2']);
    expect(mergeOps([])).toMatchObject({ docType: null, docId: null, fields: {}, history: [], flags: [] });
  });
});

describe('workflow rules per document type (a registry)', () => {
  const at = (n: number) => encodeHlc({ wallMs: T + n * 1000, counter: 0, node: 'n' });
  const op = (docType: string, n: number, field: string, value: unknown): DocOp => ({ docType, docId: 'D-1', field, value, hlc: at(n), author: 'lead' });
  /** A toy rule: closed needs an answer. */
  const needsAnswer: WorkflowValidator = (merged, history) =>
    merged.fields.status === 'closed' && !merged.fields.answer ? [`closed_without_answer: status closed at ${merged.winners.status?.hlc ?? '?'} (${history.length} ops)`] : [];

  it('merges a type without rules without flags', () => {
    expect(validatorFor('lww_test_plain')).toBeUndefined();
    expect(validatorFor(null)).toBeUndefined();
    expect(mergeOps([op('lww_test_plain', 1, 'status', 'closed')]).flags).toEqual([]);
  });

  it("applies a registered type's rules in mergeOps, mergeDocs and applyOps, and flags without resolving", () => {
    registerWorkflow('lww_test_ruled', needsAnswer);
    expect(validatorFor('lww_test_ruled')).toBe(needsAnswer);
    const answered = [op('lww_test_ruled', 1, 'answer', 'refund issued'), op('lww_test_ruled', 2, 'status', 'closed')];
    expect(mergeOps(answered).flags).toEqual([]);
    // Another device cleared the answer afterwards: flagged, and both answers stay in the history.
    const cleared = mergeOps([...answered, op('lww_test_ruled', 3, 'answer', '')]);
    expect(cleared.flags.map(flagCode)).toEqual(['closed_without_answer']);
    expect(cleared.history.filter((o) => o.field === 'answer').map((o) => o.value)).toEqual(['refund issued', '']);
    expect(mergeDocs(mergeOps(answered), mergeOps([op('lww_test_ruled', 3, 'answer', '')])).flags.map(flagCode)).toEqual(['closed_without_answer']);
    expect(applyOps(mergeOps(answered), [op('lww_test_ruled', 3, 'answer', '')]).flags.map(flagCode)).toEqual(['closed_without_answer']);
    // Other types are not affected.
    expect(mergeOps([op('lww_test_plain', 1, 'status', 'closed')]).flags).toEqual([]);
  });

  it('takes an explicit validator over the registered one', () => {
    registerWorkflow('lww_test_explicit', needsAnswer);
    expect(mergeOps([op('lww_test_explicit', 1, 'x', 1)], () => ['custom: always']).flags).toEqual(['custom: always']);
    expect(mergeOps([op('lww_test_plain', 1, 'status', 'closed')], needsAnswer).flags.map(flagCode)).toEqual(['closed_without_answer']);
  });

  it('registers a type once: the same rules again are fine, other rules throw', () => {
    registerWorkflow('lww_test_once', needsAnswer);
    expect(() => registerWorkflow('lww_test_once', needsAnswer)).not.toThrow();
    expect(() => registerWorkflow('lww_test_once', () => [])).toThrow(/already registered/);
    expect(validatorFor('lww_test_once')).toBe(needsAnswer);
  });
});

describe('merge algebra (property)', () => {
  const opArb: fc.Arbitrary<DocOp> = fc
    .record({
      field: fc.constantFrom('status', 'answer', 'assignee', 'note'),
      value: fc.oneof(fc.constantFrom('new', 'accepted', 'in_progress', 'answered', 'closed', 'reopened', '', 'li'), fc.integer(), fc.constant(null), fc.dictionary(fc.constantFrom('a', 'b'), fc.integer())),
      wallMs: fc.integer({ min: 0, max: 20 }),
      counter: fc.integer({ min: 0, max: 3 }),
      node: fc.constantFrom('a', 'b', 'c'),
    })
    .map(({ field, value, wallMs, counter, node }) => ({ docType: 'note', docId: 'C-1', field, value, hlc: encodeHlc({ wallMs: T + wallMs, counter, node }), author: node }));
  const opsArb = fc.array(opArb, { maxLength: 25 });

  it('is commutative, associative and idempotent, and keeps every distinct op', () => {
    fc.assert(
      fc.property(opsArb, opsArb, opsArb, (xs, ys, zs) => {
        const [a, b, c] = [mergeOps(xs), mergeOps(ys), mergeOps(zs)];
        expect(mergeDocs(a, b)).toEqual(mergeDocs(b, a));
        expect(mergeDocs(mergeDocs(a, b), c)).toEqual(mergeDocs(a, mergeDocs(b, c)));
        expect(mergeDocs(a, a)).toEqual(a);
        expect(applyOps(a, xs)).toEqual(a);
        const all = mergeDocs(a, b);
        const distinct = new Set([...xs, ...ys].map((o) => JSON.stringify([o.field, o.value, o.hlc])));
        expect(all.history).toHaveLength(distinct.size);
        // Every field holds the value of one of its ops with the greatest HLC.
        for (const [field, value] of Object.entries(all.fields)) {
          const ofField = [...xs, ...ys].filter((o) => o.field === field);
          const maxHlc = ofField.map((o) => o.hlc).sort().at(-1);
          expect(ofField.some((o) => o.hlc === maxHlc && JSON.stringify(o.value) === JSON.stringify(value))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order ops arrive in', () => {
    fc.assert(
      fc.property(opsArb.chain((ops) => fc.tuple(fc.constant(ops), fc.shuffledSubarray(ops, { minLength: ops.length, maxLength: ops.length }))), ([ops, shuffled]) => {
        expect(mergeOps(shuffled)).toEqual(mergeOps(ops));
      }),
    );
  });
});
