import { describe, expect, it } from 'vitest';
import { deltasOf } from './deltas.js';
import type { BranchFacts, IngestedRecord } from './deltas.js';
import { addSums, zeroSums } from './sums.js';
import { deriveFigures } from './derive.js';

const facts: BranchFacts = { timeZone: 'Asia/Shanghai', services: ['A', 'B'].map((code) => ({ code, targetWaitSeconds: 600, targetHandlingSeconds: 300 })) };

function ticket(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 't1', businessDay: '2026-03-02', service: 'A', number: 'A001', priority: 'none', issuedAt: '2026-03-02T01:00:00.000Z',
    status: 'waiting', counter: null, targetCounter: null, calledAt: null, lastCalledAt: null, recalls: 0, startedAt: null,
    finishedAt: null, outcome: null, items: [], transfers: 0, ...over,
  };
}
function queue(type: string, at: string, detail: Record<string, unknown>, t: Record<string, unknown>, counter: number | null = 2): IngestedRecord {
  return { kind: 'queue.event', branchId: 'b1', correctedAt: at, body: { id: `e-${type}-${at}`, seq: 1, type, at, branchId: 'b1', counter, ticket: t, detail } };
}

describe('deltas of one record for head office', () => {
  it('counts an arrival on the ticket business day and service, with no teller', () => {
    const [d] = deltasOf(queue('ticket.issued', '2026-03-01T17:00:00.000Z', {}, ticket({ businessDay: '2026-03-02' }), null), facts);
    // 17:00 UTC on the 1st is the 2nd in Shanghai: the ticket's business day wins, not UTC.
    expect(d).toEqual({ cell: { branchId: 'b1', day: '2026-03-02', counter: 0, staffId: '', service: 'A' }, sums: { arrivals: 1 } });
  });

  it('counts a wait at a call, once per ticket, within target when at or under it', () => {
    const at = '2026-03-02T01:10:00.000Z';
    const [d] = deltasOf(queue('ticket.called', at, { waitSeconds: 600, staffId: 's1' }, ticket({ status: 'called', counter: 2 })), facts);
    expect(d!.sums).toEqual({ called: 1, waitCount: 1, waitSecondsSum: 600, waitWithinTarget: 1 });
    expect(d!.once).toBe('wait:t1');
    expect(d!.cell.staffId).toBe('s1');
    const [late] = deltasOf(queue('ticket.called', at, { waitSeconds: 601 }, ticket({ status: 'called' })), facts);
    // Over target: the within-target count is not added to (zero fields are left out of a delta).
    expect(late!.sums).toEqual({ called: 1, waitCount: 1, waitSecondsSum: 601 });
  });

  it('counts handling at service.finished against the handling target', () => {
    const [d] = deltasOf(queue('service.finished', '2026-03-02T01:20:00.000Z', { handlingSeconds: 301, outcome: 'completed', staffId: 's1' }, ticket({ status: 'done' })), facts);
    expect(d!.sums).toEqual({ served: 1, handlingCount: 1, handlingSecondsSum: 301 });
  });

  it('counts no-shows and transfers, and nothing for a recall', () => {
    expect(deltasOf(queue('ticket.no_show', '2026-03-02T01:20:00.000Z', {}, ticket({ status: 'no_show' })), facts)[0]!.sums).toEqual({ noShows: 1 });
    expect(deltasOf(queue('ticket.transferred', '2026-03-02T01:20:00.000Z', { fromService: 'A', toService: 'B', fromCounter: 2 }, ticket({ service: 'B' })), facts)[0]!.cell.service).toBe('A');
    expect(deltasOf(queue('ticket.recalled', '2026-03-02T01:20:00.000Z', {}, ticket({ status: 'called' })), facts)).toEqual([]);
  });

  it('counts a rating as satisfied above the middle of its scale, and a low one', () => {
    const rating = (value: number, scaleId = 'bank-4'): IngestedRecord => ({
      kind: 'counter.event', branchId: 'b1', correctedAt: '2026-03-02T02:00:00.000Z',
      body: { type: 'rating.rated', counter: 3, payload: { value, scaleId, tellerId: 's2', counter: 3, serviceCode: 'A', businessDay: '2026-03-02' } },
    });
    expect(deltasOf(rating(3), facts)[0]!.sums).toEqual({ rated: 1, satisfied: 1, lowRated: 0 });
    expect(deltasOf(rating(2), facts)[0]!.sums).toEqual({ rated: 1, satisfied: 0, lowRated: 0 });
    expect(deltasOf(rating(1), facts)[0]!.sums).toEqual({ rated: 1, satisfied: 0, lowRated: 1 });
    // Government scale: 基本满意 (3 of 5) is not satisfied.
    expect(deltasOf(rating(3, 'gov-5'), facts)[0]!.sums.satisfied).toBe(0);
  });

  it('counts a greeting once per ticket and a pause at its end on the day it started', () => {
    const phrase = (situation: string): IngestedRecord => ({
      kind: 'counter.event', branchId: 'b1', correctedAt: '2026-03-02T02:00:00.000Z',
      body: { type: 'phrase.used', counter: 3, payload: { phraseId: 'bank.greeting', situation, how: 'spoken', ticketId: 't9', teller: 's2', moment: null, catalogue: { id: 'bank', version: 1 } } },
    });
    expect(deltasOf(phrase('greeting'), facts)[0]).toMatchObject({ sums: { greeted: 1 }, once: 'greet:t9' });
    expect(deltasOf(phrase('farewell'), facts)[0]).toMatchObject({ sums: { farewelled: 1 }, once: 'bye:t9' });
    expect(deltasOf(phrase('busy'), facts)).toEqual([]);
    const pause: IngestedRecord = {
      kind: 'pause.record', branchId: 'b1', correctedAt: '2026-03-02T16:30:00.000Z',
      body: {
        type: 'pause.ended', staffId: 's2', allowedMinutes: 15, needsApproval: false, lengthSeconds: 1200, overrunSeconds: 300, redirectTo: null, handedBack: [],
        pause: { id: 'p1', counter: 3, reason: 'break', startedAt: '2026-03-02T15:50:00.000Z', endedAt: '2026-03-02T16:10:00.000Z', approvedBy: null, approvedAt: null, overrideBy: null },
      },
    };
    const [d] = deltasOf(pause, facts);
    // 15:50 UTC is 23:50 in Shanghai on the 2nd.
    expect(d).toMatchObject({ cell: { day: '2026-03-02', counter: 3, staffId: 's2' }, sums: { pauses: 1, pauseSeconds: 1200, pauseOverruns: 1 } });
  });

  it('counts a recording, the service it recorded, and whether it is empty, silent or cut short', () => {
    const sha = 'a'.repeat(64);
    const finished = (over: Record<string, unknown>): IngestedRecord => ({
      kind: 'counter.event', branchId: 'b1', correctedAt: '2026-03-02T17:00:00.000Z',
      body: {
        type: 'recording.finished', counter: 4, staffId: 's3',
        payload: {
          recordingId: '01JNR8C0RD1NG000000000000A', ticketId: 't7', ticketNumber: 'B007', service: 'B', tellerId: 's3',
          // 15:58 UTC on the 2nd is 23:58 in Shanghai: the recording's own business day, not the arrival's.
          startedAt: '2026-03-02T15:58:00.000Z', endedAt: '2026-03-02T16:03:00.000Z', durationMs: 300_000, bytes: 9000, sha256: sha,
          finishedAs: 'complete', heldForDispute: false, ...over,
        },
      },
    });
    const cell = { branchId: 'b1', day: '2026-03-02', counter: 4, staffId: 's3', service: 'B' };
    expect(deltasOf(finished({}), facts)).toEqual([
      { cell, sums: { recordings: 1, recordingsEmpty: 0, recordingsCut: 0 } },
      { cell, sums: { recorded: 1 }, once: 'recorded:t7' },
    ]);
    // Under a second of audio is empty; a silent one is nothing to hear either; a repaired file is cut short.
    expect(deltasOf(finished({ durationMs: 400 }), facts)[0]!.sums).toEqual({ recordings: 1, recordingsEmpty: 1, recordingsCut: 0 });
    expect(deltasOf(finished({ silent: true }), facts)[0]!.sums).toEqual({ recordings: 1, recordingsEmpty: 1, recordingsCut: 0 });
    expect(deltasOf(finished({ finishedAs: 'interrupted' }), facts)[0]!.sums).toEqual({ recordings: 1, recordingsEmpty: 0, recordingsCut: 1 });
    // A recording of no ticket is a file, not a recorded service.
    expect(deltasOf(finished({ ticketId: null, service: null }), facts)).toEqual([{ cell: { ...cell, service: '' }, sums: { recordings: 1, recordingsEmpty: 0, recordingsCut: 0 } }]);
    // Another counter event with the same fields is not a recording.
    expect(deltasOf({ ...finished({}), body: { ...(finished({}).body as object), type: 'recording.held' } }, facts)).toEqual([]);
  });

  it('reads a body already checked at ingest as is, with the same result as parsing it', () => {
    const r = queue('service.finished', '2026-03-02T01:20:00.000Z', { handlingSeconds: 200, outcome: 'completed', staffId: 's1' }, ticket({ status: 'done' }));
    expect(deltasOf(r, facts, { validated: true })).toEqual(deltasOf(r, facts));
    // Not a queue event body at all: nothing, even when said to be checked.
    expect(deltasOf({ ...r, body: { nope: 1 } }, facts, { validated: true })).toEqual([]);
  });

  it('ignores records it cannot read and kinds that carry no figure', () => {
    expect(deltasOf({ kind: 'queue.event', branchId: 'b1', correctedAt: '2026-03-02T00:00:00Z', body: { nope: 1 } }, facts)).toEqual([]);
    expect(deltasOf({ kind: 'security.audit', branchId: 'b1', correctedAt: '2026-03-02T00:00:00Z', body: {} }, facts)).toEqual([]);
  });
});

describe('figures derived from sums', () => {
  it('derives averages and rates, null where nothing was measured', () => {
    const s = addSums(zeroSums(), { waitCount: 3, waitSecondsSum: 100, waitWithinTarget: 2, served: 4, greeted: 3, farewelled: 5, rated: 0 });
    const f = deriveFigures(s);
    expect(f.averageWaitSeconds).toBe(33);
    expect(f.waitWithinTargetRate).toBeCloseTo(2 / 3);
    expect(f.greetingRate).toBe(0.75);
    expect(f.farewellRate).toBe(1);
    expect(f.satisfaction).toBeNull();
    expect(f.averageHandlingSeconds).toBeNull();
    // Four served, none recorded: no coverage at all (not "unknown").
    expect(f.recordingCoverage).toBe(0);
  });

  it('derives recordings coverage as services recorded over served', () => {
    expect(deriveFigures(addSums(zeroSums(), { served: 8, recorded: 6, recordings: 7 })).recordingCoverage).toBe(0.75);
  });
});
