import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { ActiveNotices, NoticeList } from '../../shared/notices/api.js';
import { CONFIG_NOTICES } from '../../shared/notices/schema.js';
import { startHqServer } from '../../server/hq/hqServer.js';
import type { RunningHq } from '../../server/hq/hqServer.js';
import { BranchUnderTest, actors } from '../support/branchUnderTest.js';
import { freshPgliteDir } from '../support/pgliteDataDir.js';

/**
 * The hall notices (issue 14, seed 001 section 2.2 (5)): a lead publishes, changes and withdraws
 * them at the lead station; the hall shows those in force; nobody else may publish; head office's
 * reach the branch through the configuration sync.
 */

// A Monday morning in the branch (Asia/Shanghai).
let clock = new Date('2026-12-07T10:00:00+08:00').getTime();
const WEEKDAYS = [1, 2, 3, 4, 5];
const schedule = { from: '2026-12-01', to: '2026-12-31', days: WEEKDAYS };

let hq: RunningHq;
let b: BranchUnderTest;
const lead = () => b.as(actors.lead());
const hall = () => b.as(actors.hall);

async function hallNotices(): Promise<string[]> {
  const res = await hall().get('/api/v1/notices/active');
  expect(res.status).toBe(200);
  return ActiveNotices.parse(res.json).notices.map((n) => n.text['zh-CN'] || n.text.en);
}

beforeAll(async () => {
  hq = await startHqServer({ port: 0, host: '127.0.0.1', dataDir: await freshPgliteDir(), logLevel: 'silent' });
  const code = await hq.createEnrolCode({ branchId: 'demo-001', role: 'hub' });
  b = await BranchUnderTest.start(demoBranch('2026-12-07'), { host: { now: () => new Date(clock), upstream: { url: hq.url, enrolCode: code.code, pollMs: 60_000 } } });
}, 120_000);

afterAll(async () => {
  await b?.stop();
  await hq?.close();
});

describe('a lead publishes a notice and the hall shows it', () => {
  it('publishes, shows, changes and withdraws, each change kept with who and when', async () => {
    const published = await lead().post('/api/v1/notices', { text: { 'zh-CN': '本周六照常营业', en: 'Open this Saturday' }, schedule });
    expect(published.status).toBe(201);
    const id: string = published.json.notice.id;
    expect(published.json.notice).toMatchObject({ origin: 'branch', version: 1, publishedBy: 's-9001', withdrawnAt: null });
    expect(await hallNotices()).toContain('本周六照常营业');

    const edited = await lead().post(`/api/v1/notices/${id}`, { version: 1, text: { 'zh-CN': '本周六 9:00-15:00 营业' }, schedule });
    expect(edited.status).toBe(200);
    expect(edited.json.notice.version).toBe(2);
    expect(await hallNotices()).toEqual(['本周六 9:00-15:00 营业']);

    // A second lead's copy was the first version: told it changed, nothing overwritten.
    const stale = await lead().post(`/api/v1/notices/${id}`, { version: 1, text: { 'zh-CN': '旧的' }, schedule });
    expect(stale.status).toBe(409);
    expect(stale.json.error.reason).toBe('notice_changed');

    const withdrawn = await lead().post(`/api/v1/notices/${id}/withdraw`, { version: 2 });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.json.notice.withdrawnBy).toBe('s-9001');
    expect(await hallNotices()).not.toContain('本周六 9:00-15:00 营业');
    expect((await lead().post(`/api/v1/notices/${id}/withdraw`, { version: 3 })).json.error.reason).toBe('notice_withdrawn');

    const list = NoticeList.parse((await lead().get('/api/v1/notices')).json);
    const mine = list.notices.find((n) => n.id === id)!;
    expect(mine.changes.map((c) => [c.version, c.action, c.by])).toEqual([
      [1, 'published', 's-9001'],
      [2, 'edited', 's-9001'],
      [3, 'withdrawn', 's-9001'],
    ]);
    expect(mine.activeNow).toBe(false);
  });

  it('shows a notice only on its days and within its daily window, on the branch clock', async () => {
    const res = await lead().post('/api/v1/notices', { text: { 'zh-CN': '午间理财讲座' }, schedule: { ...schedule, dailyFrom: '12:00', dailyTo: '13:00' } });
    expect(res.status).toBe(201);
    expect(await hallNotices()).not.toContain('午间理财讲座');
    clock = new Date('2026-12-07T12:00:00+08:00').getTime();
    expect(await hallNotices()).toContain('午间理财讲座');
    clock = new Date('2026-12-12T12:30:00+08:00').getTime(); // a Saturday
    expect(await hallNotices()).not.toContain('午间理财讲座');
    clock = new Date('2026-12-07T10:00:00+08:00').getTime();
  });
});

describe('who may publish', () => {
  it('refuses a teller, the hall, a kiosk and a counter; the hall still reads', async () => {
    const body = { text: { 'zh-CN': '不该出现' }, schedule };
    const refusals = [
      await b.as(actors.lead('s-1003')).post('/api/v1/notices', body), // a teller signed in at a lead station
      await b.as(actors.counter(2)).post('/api/v1/notices', body), // a teller at their counter
      await hall().post('/api/v1/notices', body),
      await b.as(actors.kiosk).post('/api/v1/notices', body),
      await b.as(actors.none).post('/api/v1/notices', body),
    ];
    expect(refusals.map((r) => r.status)).toEqual([403, 403, 403, 403, 401]);
    for (const r of refusals) expect(r.json.error.code).toMatch(/forbidden|unauthorized/);
    expect((await hall().get('/api/v1/notices')).status).toBe(403);
    expect(await hallNotices()).not.toContain('不该出现');
  });

  it('refuses bad notices with a typed reason and stores nothing', async () => {
    const before = NoticeList.parse((await lead().get('/api/v1/notices')).json).notices.length;
    const cases: Array<[unknown, string | undefined]> = [
      [{ text: { 'zh-CN': ' ' }, schedule }, 'notice_text_missing'],
      [{ text: { 'zh-CN': 'x' }, schedule: { ...schedule, from: '2027-01-01' } }, 'notice_schedule_order'],
      [{ text: { 'zh-CN': 'x' }, schedule: { ...schedule, dailyFrom: '18:00', dailyTo: '09:00' } }, 'notice_window_order'],
      [{ text: { 'zh-CN': 'x' }, schedule, image: 'data:image/svg+xml;base64,PHN2Zz4=' }, 'notice_image_type'],
      [{ text: { 'zh-CN': 'x' }, schedule, image: 'data:image/jpeg;base64,' + Buffer.alloc(125 * 1024).toString('base64') }, 'notice_image_too_large'],
      [{ text: { 'zh-CN': 'x' }, schedule, publishedBy: 's-1001' }, undefined],
    ];
    for (const [body, reason] of cases) {
      const res = await lead().post('/api/v1/notices', body);
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('bad_request');
      expect(res.json.error.reason).toBe(reason);
    }
    expect(NoticeList.parse((await lead().get('/api/v1/notices')).json).notices.length).toBe(before);
  });

  it('keeps an image with the notice and shows it on the hall', async () => {
    const png = 'data:image/png;base64,' + Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64');
    const res = await lead().post('/api/v1/notices', { text: { en: 'New card design' }, image: png, schedule });
    expect(res.status).toBe(201);
    const shown = ActiveNotices.parse((await hall().get('/api/v1/notices/active')).json).notices.find((n) => n.id === res.json.notice.id);
    expect(shown?.image).toBe(png);
  });
});

describe("head office's notices reach the branch through the configuration sync", () => {
  it("shows head office's notice for every branch on the hall, read-only at the branch, and gone when head office drops it", async () => {
    const put = (notices: unknown[]) =>
      fetch(`${hq.url}/api/v1/hq/config-docs/${CONFIG_NOTICES}/*`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${hq.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ notices }),
      });
    const hqNotice = { id: 'hq-2026-new-year', text: { 'zh-CN': '元旦假期营业安排', en: 'New Year opening hours' }, schedule, publishedBy: 'hq-admin', publishedAt: '2026-12-01T00:00:00.000Z' };
    expect((await put([hqNotice])).status).toBe(200);
    await b.host.upstream!.pullNow();
    const shown = ActiveNotices.parse((await hall().get('/api/v1/notices/active')).json).notices;
    expect(shown[0]).toMatchObject({ id: 'hq-2026-new-year', origin: 'hq', publishedBy: 'hq-admin' });

    const edit = await lead().post('/api/v1/notices/hq-2026-new-year', { version: 1, text: { 'zh-CN': '改掉' }, schedule });
    expect(edit.status).toBe(403);
    expect(edit.json.error.reason).toBe('notice_from_head_office');

    expect((await put([])).status).toBe(200);
    await b.host.upstream!.pullNow();
    expect(await hallNotices()).not.toContain('元旦假期营业安排');
  });
});
