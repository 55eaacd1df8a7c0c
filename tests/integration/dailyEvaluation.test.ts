import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { fullMarks } from '../../shared/evaluation/dailyForm.js';
import { BranchUnderTest, actors } from '../support/branchUnderTest.js';
import type { TestActor } from '../support/branchUnderTest.js';

/** The branch head's daily on-site evaluation of each teller, kept with the day, every revision with who and when. */

const DAY = '2026-03-02';
const clock = { ms: Date.parse(`${DAY}T17:30:00+08:00`) };
let b: BranchUnderTest;

beforeAll(async () => {
  b = await BranchUnderTest.start(demoBranch(DAY), { host: { now: () => new Date(clock.ms), alertEveryMs: 0 } });
}, 60_000);
afterAll(async () => b?.stop());

async function put(who: TestActor, day: string, staffId: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${b.url}/api/v1/evaluations/daily/${day}/${staffId}`, {
    method: 'PUT',
    headers: await b.as(who).headers({ 'content-type': 'application/json' }),
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

describe('the daily on-site evaluation', () => {
  it('keeps a teller’s sheet with the day, and every revision with who wrote it and when', async () => {
    const first = await put(actors.lead(), DAY, 's-1002', { scores: { ...fullMarks(), language: 12 }, notes: { language: '送别语未说' }, remark: '整体良好', baseRevision: 0 });
    expect(first.status).toBe(200);
    expect(first.json.sheet).toMatchObject({ day: DAY, staffId: 's-1002', total: 97, revision: 1, updatedBy: 's-9001', updatedByName: '赵刚', updatedAt: new Date(clock.ms).toISOString() });

    clock.ms += 10 * 60_000;
    const second = await put(actors.lead(), DAY, 's-1002', { scores: { ...fullMarks(), language: 13 }, notes: { language: '送别语未说（已当面提醒）' }, remark: '整体良好', baseRevision: 1 });
    expect(second.status).toBe(200);
    expect(second.json.sheet).toMatchObject({ revision: 2, total: 98 });

    // A form filled from revision 1 is refused now: nobody overwrites what they have not seen.
    const stale = await put(actors.lead(), DAY, 's-1002', { scores: fullMarks(), baseRevision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.json.error.reason).toBe('sheet_changed');

    const day = await b.as(actors.auditor).get(`/api/v1/evaluations/daily?day=${DAY}`);
    expect(day.status).toBe(200);
    expect(day.json.sheets).toMatchObject([{ staffId: 's-1002', revision: 2, total: 98, notes: { language: '送别语未说（已当面提醒）' } }]);
    expect(day.json.revisions.map((r: { revision: number; total: number; updatedBy: string }) => [r.revision, r.total, r.updatedBy])).toEqual([
      [1, 97, 's-9001'],
      [2, 98, 's-9001'],
    ]);
    // Another day has its own sheets.
    expect((await b.get('/api/v1/evaluations/daily?day=2026-03-01')).json).toEqual({ day: '2026-03-01', sheets: [], revisions: [] });
    // Today by default (the hub's business day).
    expect((await b.get('/api/v1/evaluations/daily')).json.day).toBe(DAY);
  });

  it('is written only by a lead at a lead station, for a teller of the branch, on a day that has come', async () => {
    const sheet = { scores: fullMarks(), baseRevision: 0 };
    expect((await put(actors.lead('s-1003'), DAY, 's-1001', sheet)).status).toBe(403);
    expect((await put(actors.auditor, DAY, 's-1001', sheet)).status).toBe(403);
    expect((await put(actors.counter(1), DAY, 's-1001', sheet)).status).toBe(403);
    expect((await put(actors.lead(), DAY, 's-9002', sheet)).status).toBe(404);
    expect((await put(actors.lead(), '2026-03-03', 's-1001', sheet)).json.error.reason).toBe('day_in_future');
    // A deduction without its reason, a name in the body.
    expect((await put(actors.lead(), DAY, 's-1001', { scores: { ...fullMarks(), attitude: 10 }, baseRevision: 0 })).status).toBe(400);
    expect((await put(actors.lead(), DAY, 's-1001', { ...sheet, updatedBy: 's-9999' })).status).toBe(400);
    expect((await b.get(`/api/v1/evaluations/daily?day=${DAY}`)).json.sheets.map((s: { staffId: string }) => s.staffId)).toEqual(['s-1002']);
  });

  it('survives a restart of the hub', async () => {
    await b.restart();
    expect((await b.get(`/api/v1/evaluations/daily?day=${DAY}`)).json.sheets).toMatchObject([{ staffId: 's-1002', revision: 2 }]);
  }, 60_000);
});
