import { describe, expect, it } from 'vitest';
import { acknowledge, reconcile } from './lifecycle.js';
import type { AlertFinding, AlertRecord } from './schema.js';
import { AlertRecord as AlertRecordSchema } from './schema.js';

const DAY = '2026-03-02';
const at = (hhmm: string, day = DAY) => new Date(`${day}T${hhmm}:00+08:00`);
let n = 0;
const ctx = (hhmm: string, day = DAY) => ({ day, now: at(hhmm, day), newId: () => `al-${++n}` });
const crowd = (waiting: number): AlertFinding => ({ kind: 'waiting_count', subject: 'branch', detail: { waiting, threshold: 20 } });
const late = (counter: number): AlertFinding => ({ kind: 'window_not_open', subject: String(counter), detail: { counter } });
const LEAD = { staffId: 's-9001', name: '赵刚' };

/** Applies what reconcile returns, as the hub's store does. */
function apply(records: AlertRecord[], changed: AlertRecord[]): AlertRecord[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  for (const c of changed) byId.set(c.id, AlertRecordSchema.parse(c));
  return [...byId.values()];
}

describe('an alert’s life: raised, acknowledged, resolved', () => {
  it('raises one record per kind and subject, and keeps it (with the latest detail) while the finding lasts', () => {
    let records = apply([], reconcile([], [crowd(20), late(3)], ctx('10:00')));
    expect(records.map((r) => [r.kind, r.subject, r.state, r.raisedAt])).toEqual([
      ['waiting_count', 'branch', 'raised', at('10:00').toISOString()],
      ['window_not_open', '3', 'raised', at('10:00').toISOString()],
    ]);
    const changed = reconcile(records, [crowd(23), late(3)], ctx('10:01'));
    expect(changed).toHaveLength(1);
    records = apply(records, changed);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ state: 'raised', raisedAt: at('10:00').toISOString(), detail: { waiting: 23 } });
    // Nothing new: nothing to store.
    expect(reconcile(records, [crowd(23), late(3)], ctx('10:02'))).toEqual([]);
  });

  it('keeps the acknowledgement while the finding lasts, and resolves when it is gone', () => {
    let records = apply([], reconcile([], [crowd(20)], ctx('10:00')));
    const ack = acknowledge(records[0]!, LEAD, at('10:03'));
    expect(ack).toMatchObject({ ok: true, changed: true, record: { state: 'acknowledged', acknowledgedBy: 's-9001', acknowledgedByName: '赵刚', acknowledgedAt: at('10:03').toISOString() } });
    records = apply(records, [ack.ok ? ack.record : records[0]!]);
    records = apply(records, reconcile(records, [crowd(21)], ctx('10:05')));
    expect(records[0]).toMatchObject({ state: 'acknowledged', acknowledgedBy: 's-9001' });
    records = apply(records, reconcile(records, [], ctx('10:20')));
    expect(records[0]).toMatchObject({ state: 'resolved', resolvedAt: at('10:20').toISOString(), acknowledgedBy: 's-9001' });
  });

  it('raises a resolved alert again in the same record when it fires again the same day, to be acknowledged anew', () => {
    let records = apply([], reconcile([], [crowd(20)], ctx('10:00')));
    const ack = acknowledge(records[0]!, LEAD, at('10:01'));
    records = apply(records, [ack.ok ? ack.record : records[0]!]);
    records = apply(records, reconcile(records, [], ctx('10:30')));
    records = apply(records, reconcile(records, [crowd(25)], ctx('15:00')));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ id: records[0]!.id, state: 'raised', raisedAt: at('15:00').toISOString(), acknowledgedBy: null, acknowledgedAt: null, resolvedAt: null, timesRaised: 2, detail: { waiting: 25 } });
  });

  it('keeps the acknowledgement of a trouble that comes back within 5 minutes of clearing, and asks again after that', () => {
    let records = apply([], reconcile([], [crowd(20)], ctx('10:00')));
    const ack = acknowledge(records[0]!, LEAD, at('10:01'));
    records = apply(records, [ack.ok ? ack.record : records[0]!]);
    records = apply(records, reconcile(records, [], ctx('10:10')));
    records = apply(records, reconcile(records, [crowd(21)], ctx('10:14')));
    expect(records[0]).toMatchObject({ state: 'acknowledged', acknowledgedBy: 's-9001', acknowledgedAt: at('10:01').toISOString(), raisedAt: at('10:14').toISOString(), resolvedAt: null, timesRaised: 2 });
    records = apply(records, reconcile(records, [], ctx('10:20')));
    records = apply(records, reconcile(records, [crowd(22)], ctx('10:25')));
    expect(records[0]).toMatchObject({ state: 'raised', acknowledgedBy: null, timesRaised: 3 });
  });

  it('asks again for a trouble that clears and comes back before anyone acknowledged it', () => {
    let records = apply([], reconcile([], [crowd(20)], ctx('10:00')));
    records = apply(records, reconcile(records, [], ctx('10:01')));
    records = apply(records, reconcile(records, [crowd(20)], ctx('10:02')));
    expect(records[0]).toMatchObject({ state: 'raised', acknowledgedBy: null, timesRaised: 2 });
  });

  it('resolves at a new business day what the day before left open, and raises the day’s own record', () => {
    const yesterday = apply([], reconcile([], [late(3)], ctx('16:00', '2026-03-01')));
    const changed = reconcile(yesterday, [late(3)], ctx('09:10'));
    expect(changed.map((r) => [r.businessDay, r.state])).toEqual([
      [DAY, 'raised'],
      ['2026-03-01', 'resolved'],
    ]);
    expect(changed[0]!.id).not.toBe(yesterday[0]!.id);
  });

  it('refuses to acknowledge a resolved alert, and keeps the first lead on an acknowledged one', () => {
    let records = apply([], reconcile([], [crowd(20)], ctx('10:00')));
    const first = acknowledge(records[0]!, LEAD, at('10:01'));
    records = apply(records, [first.ok ? first.record : records[0]!]);
    const again = acknowledge(records[0]!, { staffId: 's-9003', name: '另一位' }, at('10:02'));
    expect(again).toMatchObject({ ok: true, changed: false, record: { acknowledgedBy: 's-9001' } });
    records = apply(records, reconcile(records, [], ctx('10:30')));
    expect(acknowledge(records[0]!, LEAD, at('10:31'))).toEqual({ ok: false, reason: 'alert_resolved' });
  });
});
