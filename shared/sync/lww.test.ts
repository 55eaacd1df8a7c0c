import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HybridClock, decodeHlc, encodeHlc } from '../time/hlc.js';
import { DocOpBody } from './kinds.js';
import { applyOps, complaintTransitionAllowed, complaintWorkflow, flagCode, groupByDoc, mergeDocs, mergeOps } from './lww.js';
import type { DocOp } from './lww.js';

const HOUR = 3_600_000;
const T = Date.parse('2025-01-06T02:00:00.000Z'); // 10:00 in Beijing

/** A device editing complaint C-1 with its own hybrid clock. */
function device(node: string, now: () => number) {
  const clock = new HybridClock(node, now);
  return {
    clock,
    edit(field: string, value: unknown): DocOp {
      return DocOpBody.parse({ docType: 'complaint', docId: 'C-1', field, value, hlc: clock.tick(), author: node });
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
    const x: DocOp = { docType: 'complaint', docId: 'C-1', field: 'assignee', value: 'li', hlc: encodeHlc({ wallMs: T, counter: 0, node: 'a' }), author: 'a' };
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
    expect([...groupByDoc([op, other]).keys()]).toEqual(['complaint/C-1', 'complaint/C-2']);
    expect(mergeOps([])).toMatchObject({ docType: null, docId: null, fields: {}, history: [], flags: [] });
  });
});

describe('complaint workflow flags', () => {
  const at = (n: number) => encodeHlc({ wallMs: T + n * 1000, counter: 0, node: 'n' });
  const op = (n: number, field: string, value: unknown, author = 'lead'): DocOp => ({ docType: 'complaint', docId: 'C-1', field, value, hlc: at(n), author });

  it('passes the normal path', () => {
    const merged = mergeOps([
      op(1, 'status', 'new'),
      op(2, 'status', 'accepted'),
      op(3, 'assignee', 'li'),
      op(4, 'status', 'in_progress'),
      op(5, 'answer', 'refund issued'),
      op(6, 'status', 'answered'),
      op(7, 'status', 'closed'),
    ]);
    expect(merged.fields.status).toBe('closed');
    expect(merged.flags).toEqual([]);
  });

  it('flags a merge that closes without an answer', () => {
    // counter-1 answered and closed; the lead, offline, cleared the answer afterwards.
    let now = T;
    const teller = device('counter-1', () => now);
    const lead = device('lead-1', () => now);
    const shared = [teller.edit('assignee', 'li'), teller.edit('answer', 'we called the customer'), teller.edit('status', 'answered')];
    lead.see(shared);
    now += 60_000;
    const closes = teller.edit('status', 'closed');
    now += 60_000;
    const clears = lead.edit('answer', '');
    const merged = mergeOps([...shared, closes, clears]);
    expect(merged.fields).toMatchObject({ status: 'closed', answer: '' });
    expect(merged.flags.map(flagCode)).toEqual(['closed_without_answer']);
    // Flagged, not resolved: the history still holds both the answer and its clearing.
    expect(merged.history.filter((o) => o.field === 'answer').map((o) => o.value)).toEqual(['we called the customer', '']);
  });

  it('flags answered without an assignee', () => {
    const merged = mergeOps([op(1, 'answer', 'done'), op(2, 'status', 'answered')]);
    expect(merged.flags.map(flagCode)).toEqual(['answered_without_assignee']);
  });

  it('flags a status going back, even when a later op moves it on', () => {
    // Two devices offline: one answered, the other (not having seen it) set in_progress later.
    const merged = mergeOps([op(1, 'assignee', 'li'), op(2, 'status', 'answered', 'a'), op(3, 'status', 'in_progress', 'b'), op(4, 'status', 'answered', 'a')]);
    expect(merged.fields.status).toBe('answered');
    expect(merged.flags).toHaveLength(1);
    expect(merged.flags[0]).toMatch(/^status_backwards: answered -> in_progress at .* by b$/);
  });

  it('allows reopening from closed only', () => {
    const ok = mergeOps([op(1, 'assignee', 'li'), op(2, 'answer', 'x'), op(3, 'status', 'closed'), op(4, 'status', 'reopened'), op(5, 'status', 'in_progress')]);
    expect(ok.flags).toEqual([]);
    const bad = mergeOps([op(1, 'status', 'accepted'), op(2, 'status', 'reopened')]);
    expect(bad.flags.map(flagCode)).toEqual(['reopened_not_from_closed']);
    expect(complaintTransitionAllowed('reopened', 'new')).toBe(false);
    expect(complaintTransitionAllowed('new', 'closed')).toBe(true);
  });

  it('flags an unknown status', () => {
    expect(mergeOps([op(1, 'status', 'lost')]).flags.map(flagCode)).toEqual(['unknown_status']);
  });

  it('takes a custom validator, and documents of other types have no rules by default', () => {
    const other = { ...op(1, 'status', 'closed'), docType: 'follow_up' };
    expect(mergeOps([other]).flags).toEqual([]);
    expect(mergeOps([other], complaintWorkflow).flags.map(flagCode)).toEqual(['closed_without_answer', 'closed_without_assignee']);
    expect(mergeOps([op(1, 'x', 1)], () => ['custom: always']).flags).toEqual(['custom: always']);
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
    .map(({ field, value, wallMs, counter, node }) => ({ docType: 'complaint', docId: 'C-1', field, value, hlc: encodeHlc({ wallMs: T + wallMs, counter, node }), author: node }));
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
