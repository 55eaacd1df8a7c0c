import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSINESS_DAY_API } from '../../../shared/businessDay/api.js';
import { DEFAULT_BUSINESS_DAY_TEMPLATES as T } from '../../../shared/businessDay/defaults.js';
import { DOC_TYPES, checklistDocId, readRecord, recordFields } from '../../../shared/businessDay/records.js';
import type { MorningMeeting, OpeningChecklist } from '../../../shared/businessDay/records.js';
import { checklistItems } from '../../../shared/businessDay/templates.js';
import { businessDayOf } from '../../../shared/queue/rules/businessDay.js';
import { newId } from '../../../shared/ids.js';
import { DOC_OP } from '../../../shared/sync/kinds.js';
import { SYNC_PATHS } from '../../../shared/sync/protocol.js';
import type { SyncRecord } from '../../../shared/sync/protocol.js';
import { HybridClock } from '../../../shared/time/hlc.js';
import { BranchUnderTest } from '../../../tests/support/branchUnderTest.js';
import { postJson } from '../../../tests/support/http.js';
import { createEnrolCode } from '../../sync/deviceAuth.js';
import { recordsAfter } from '../../sync/recordStore.js';

let branch: BranchUnderTest;
let today: string;
beforeAll(async () => {
  branch = await BranchUnderTest.start();
  today = businessDayOf(new Date(), branch.config.hours.timezone);
});
afterAll(async () => branch.stop());

const appearanceOk = Object.fromEntries(T.morningMeeting.appearance.map((i) => [i.id, 'ok']));
function meeting(over: Partial<MorningMeeting> = {}): MorningMeeting {
  return {
    day: today,
    chair: 'Branch head',
    startedAt: '08:30',
    durationMinutes: 12,
    templateVersion: 1,
    attendance: { 's-1001': 'present', 's-1002': 'present', 's-1003': 'leave', 's-1004': 'present' },
    appearance: { 's-1001': appearanceOk, 's-1002': appearanceOk, 's-1004': appearanceOk } as MorningMeeting['appearance'],
    appearanceNotes: {},
    figures: null,
    sections: { praise: 'Window 1: three thank-you notes', plan: 'Pension day' },
    submittedAt: new Date().toISOString(),
    ...over,
  };
}

async function dayRecords(day = today): Promise<any[]> {
  const res = await branch.get(`${BUSINESS_DAY_API.records}?day=${day}`);
  expect(res.status).toBe(200);
  return res.json.records;
}

describe('the business-day API', () => {
  it('keeps the lead\'s morning meeting as doc ops and merges a correction field by field', async () => {
    const first = await branch.post(BUSINESS_DAY_API.morningMeeting, meeting());
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ docType: 'morning_meeting', docId: today });
    const [stored] = (await dayRecords()).filter((r) => r.docType === 'morning_meeting');
    expect(readRecord(DOC_TYPES.morningMeeting, stored.fields)).toEqual({ value: meeting({ submittedAt: stored.fields.submittedAt }), complete: true });
    // Issue 12: the author is the lead signed in at the lead station.
    expect(stored.authors).toEqual(['s-9001']);

    await branch.post(BUSINESS_DAY_API.morningMeeting, meeting({ sections: { praise: 'Window 1 and window 4', plan: 'Pension day' } }));
    const [again] = (await dayRecords()).filter((r) => r.docType === 'morning_meeting');
    expect(again.fields.sections).toEqual({ praise: 'Window 1 and window 4', plan: 'Pension day' });
    expect(again.ops).toBe(stored.ops * 2);
  });

  it('refuses a bad meeting with a typed 400 and stores nothing', async () => {
    const before = await dayRecords();
    const tomorrow = new Date(Date.parse(`${today}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const cases: unknown[] = [
      { ...meeting(), chair: ' ' },
      { ...meeting(), attendance: { 's-9999': 'present' } },
      { ...meeting(), day: tomorrow },
      { ...meeting(), sections: { praise: 'x'.repeat(5000), plan: 'p' } },
      { ...meeting(), extra: 1, attendance: 'all' },
      '{not json',
    ];
    for (const body of cases) {
      const res = await branch.post(BUSINESS_DAY_API.morningMeeting, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.json.error.code).toBe('bad_request');
    }
    expect(await dayRecords()).toEqual(before);
    expect((await branch.get(`${BUSINESS_DAY_API.records}?day=03-14`)).status).toBe(400);
  });

  it('shows a counter\'s checklist pushed through sync, merged with its later correction', async () => {
    const db = branch.host.db;
    const { code } = await createEnrolCode(db, { branchId: branch.config.branchId, ttlMinutes: 5 });
    const deviceId = `c1-${newId()}`;
    const enrol = await postJson(branch.url + SYNC_PATHS.enrol, { code, deviceId, role: 'counter' });
    const token = enrol.json.token as string;
    const clock = new HybridClock(deviceId);
    let seq = 0;
    const docId = checklistDocId(today, 1);
    const ops = (fields: Record<string, unknown>): SyncRecord[] =>
      Object.entries(fields).map(([field, value]) => {
        const hlc = clock.tick();
        return { id: newId(), kind: DOC_OP, branchId: branch.config.branchId, deviceId, deviceSeq: ++seq, hlc, wallAt: new Date().toISOString(), body: { docType: 'opening_checklist', docId, field, value, hlc, author: 's-1001' } };
      });
    const checklist: OpeningChecklist = {
      day: today,
      counter: 1,
      staffId: 's-1001',
      templateVersion: 1,
      answers: Object.fromEntries(checklistItems(T.openingChecklist).map((i) => [i.id, 'ok'])),
      notes: {},
      remark: '',
      submittedAt: new Date().toISOString(),
    };
    const push = async (records: SyncRecord[]) => {
      const res = await postJson(branch.url + SYNC_PATHS.push, { deviceId, sentAt: new Date().toISOString(), records }, { authorization: `Bearer ${token}` });
      expect(res.json.acked).toHaveLength(records.length);
    };
    await push(ops(recordFields(DOC_TYPES.openingChecklist, checklist)));
    await push(ops({ answers: { ...checklist.answers, printer: 'problem' }, notes: { printer: 'paper jam' } }));
    const found = (await dayRecords()).find((r) => r.docId === docId);
    expect(found).toMatchObject({ docType: 'opening_checklist', authors: ['s-1001'] });
    expect(readRecord(DOC_TYPES.openingChecklist, found.fields).value).toEqual({ ...checklist, answers: { ...checklist.answers, printer: 'problem' }, notes: { printer: 'paper jam' } });
    // Another day's list does not show it.
    expect((await dayRecords('2000-01-01')).some((r) => r.docId === docId)).toBe(false);
  });

  it('hands the lead\'s records to the relay as a device of their own, numbered without gaps', async () => {
    const all = await recordsAfter(branch.host.db, 0, 1000);
    const lead = all.filter((r) => r.record.deviceId === `${branch.host.hub.deviceId}-lead`);
    expect(lead.length).toBeGreaterThan(0);
    expect(lead.map((r) => r.record.deviceSeq)).toEqual(lead.map((_, i) => i + 1));
    expect(new Set(lead.map((r) => r.record.kind))).toEqual(new Set([DOC_OP]));
  });

  it('counts a day\'s figures from the hub\'s tickets; by default the last open day before today', async () => {
    const issued = await branch.post('/api/v1/tickets', { service: 'A' });
    await branch.post('/api/v1/tickets', { service: 'A' });
    expect((await branch.post('/api/v1/counters/1/call-next')).status).toBe(200);
    await branch.post('/api/v1/counters/1/start');
    await branch.post('/api/v1/counters/1/finish', { outcome: 'completed' });
    // The customer rates the service on the rating keypad (ratings capability): the best answer.
    const best = branch.config.standards.ratings.scale.levels[0]!.value;
    await expect
      .poll(async () => (await branch.post('/api/v1/counters/1/rating', { ticketId: issued.json.id, value: best, source: 'rating_keypad' })).status, { timeout: 5000 })
      .toBeLessThan(300);
    const res = await branch.get(`${BUSINESS_DAY_API.figures}?day=${today}`);
    expect(res.status).toBe(200);
    expect(res.json.day).toBe(today);
    expect(res.json.figures).toMatchObject({ issued: 2, served: 1, noShow: 0, byCounter: [{ counter: 1, served: 1 }], ratings: { rated: 1, satisfied: 1, low: 0, notRated: 0 } });
    expect(res.json.figures.averageWaitSeconds).toEqual(expect.any(Number));
    expect(issued.json.number).toBe('A001');

    const yesterday = await branch.get(BUSINESS_DAY_API.figures);
    const expected = new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect(yesterday.json).toMatchObject({ day: expected, figures: { day: expected, issued: 0, served: 0, ratings: { rated: 0, satisfied: 0, low: 0, notRated: 0 } } });
    expect((await branch.get(`${BUSINESS_DAY_API.figures}?day=yesterday`)).status).toBe(400);
  });
});
