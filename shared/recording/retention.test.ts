import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecordingState } from './indexRecord.js';
import { chooseRetention } from './retention.js';
import type { RetentionCandidate } from './retention.js';

const NOW = new Date('2026-06-30T12:00:00Z');
const MB = 1024 ** 2;
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();
let n = 0;
function rec(patch: Partial<RetentionCandidate> & { ageDays: number }): RetentionCandidate {
  n++;
  const { ageDays, ...rest } = patch;
  return { id: `01J00000000000000000000${String(n).padStart(3, '0')}`, state: 'uploaded', bytes: 100 * MB, endedAt: daysAgo(ageDays), heldForDispute: false, ...rest };
}
const limits = { retentionDays: 90, retentionGigabytes: 1 };

describe('chooseRetention', () => {
  it('deletes uploaded recordings past the retention period, and nothing younger', () => {
    const old = rec({ ageDays: 91 });
    const young = rec({ ageDays: 89 });
    const choice = chooseRetention([young, old], limits, NOW);
    expect(choice.delete).toEqual([{ id: old.id, reason: 'age' }]);
    expect(choice.alerts).toEqual([]);
  });

  it('over the size limit, deletes uploaded recordings oldest first until it fits', () => {
    // 12 x 100 MB = 1200 MB against a 1024 MB limit: the two oldest go.
    const all = Array.from({ length: 12 }, (_, i) => rec({ ageDays: 30 - i }));
    const shuffled = [...all].reverse();
    const choice = chooseRetention(shuffled, limits, NOW);
    expect(choice.delete).toEqual([
      { id: all[0]!.id, reason: 'size' },
      { id: all[1]!.id, reason: 'size' },
    ]);
    expect(choice.usedBytesAfter).toBe(1000 * MB);
    expect(choice.alerts).toEqual([]);
  });

  it('never chooses a recording the hub does not hold, and says so loudly when that leaves it over the limit', () => {
    const states: RecordingState[] = ['complete', 'interrupted', 'uploading'];
    const notUploaded = states.map((state, i) => rec({ ageDays: 200 - i, state, bytes: 500 * MB }));
    const uploaded = rec({ ageDays: 1, bytes: 100 * MB });
    const choice = chooseRetention([...notUploaded, uploaded], limits, NOW);
    expect(choice.delete).toEqual([{ id: uploaded.id, reason: 'size' }]);
    expect(choice.alerts).toContainEqual({ kind: 'over_limit', bytesOver: 1500 * MB - 1024 * MB, notUploaded: 3, held: 0 });
    expect(choice.alerts).toContainEqual({ kind: 'overdue_upload', ids: notUploaded.map((r) => r.id) });
  });

  it('keeps a recording held for a dispute, however old, and counts it in the alert', () => {
    const held = rec({ ageDays: 400, heldForDispute: true, bytes: 2000 * MB });
    const choice = chooseRetention([held], limits, NOW);
    expect(choice.delete).toEqual([]);
    expect(choice.alerts).toEqual([{ kind: 'over_limit', bytesOver: 2000 * MB - 1024 * MB, notUploaded: 0, held: 1 }]);
  });

  it('ignores deleted recordings and the one being recorded', () => {
    const gone = rec({ ageDays: 300, state: 'deleted' });
    const live = rec({ ageDays: 0, state: 'recording', bytes: null, endedAt: null });
    const choice = chooseRetention([gone, live], limits, NOW);
    expect(choice).toMatchObject({ delete: [], alerts: [], usedBytes: 0 });
  });

  it('whatever the recordings: only uploaded, unheld ones are chosen, and the limit is kept whenever it could be', () => {
    const state = fc.constantFrom<RecordingState>('recording', 'complete', 'interrupted', 'uploading', 'uploaded', 'deleted');
    const candidate = fc.record({ state, bytes: fc.integer({ min: 1, max: 400 * MB }), ageDays: fc.integer({ min: 0, max: 200 }), held: fc.boolean() });
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 30 }), (rows) => {
        const recs = rows.map((r) => rec({ ageDays: r.ageDays, state: r.state, bytes: r.bytes, heldForDispute: r.held }));
        const choice = chooseRetention(recs, limits, NOW);
        const byId = new Map(recs.map((r) => [r.id, r]));
        for (const d of choice.delete) {
          const r = byId.get(d.id)!;
          expect(r.state).toBe('uploaded');
          expect(r.heldForDispute).toBe(false);
        }
        const overLimit = choice.alerts.some((a) => a.kind === 'over_limit');
        expect(overLimit).toBe(choice.usedBytesAfter > choice.limitBytes);
        if (overLimit) {
          // Over the limit only when every deletable recording is already chosen.
          const deletable = recs.filter((r) => r.state === 'uploaded' && !r.heldForDispute);
          expect(choice.delete.map((d) => d.id).sort()).toEqual(deletable.map((r) => r.id).sort());
        }
      }),
    );
  });
});
