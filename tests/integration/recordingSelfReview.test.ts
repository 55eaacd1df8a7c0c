import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_HEADER } from '../../shared/access/credentials.js';
import { ReviewComment, ReviewThread } from '../../shared/recording/review.js';
import { RecordingSearchResponse } from '../../shared/recording/searchResult.js';
import { RECORDING_REVIEW } from '../../shared/sync/kinds.js';
import { BranchUnderTest, DEMO_PINS } from '../support/branchUnderTest.js';
import { postJson } from '../support/http.js';
import { FakeCounter, LEAD, recordingConfig, signIn, staffHeaders } from './recordingHubSupport.js';

/**
 * Self-review (issue 15, seed 004 part 2): a teller hears their own recorded services at their
 * counter and writes a self-comment; the lead adds the leader's comment; both reach head office.
 * A teller can neither hear nor read a colleague's.
 */
let branch: BranchUnderTest;
let counter2: FakeCounter;
let counter3: FakeCounter;
let own: Awaited<ReturnType<FakeCounter['record']>>;
let colleague: Awaited<ReturnType<FakeCounter['record']>>;
let tellerHeaders: Record<string, string>;
let lead: string;

async function counterSession(c: FakeCounter, staffId: string): Promise<Record<string, string>> {
  const device = { [DEVICE_HEADER]: c.token };
  const r = await postJson(`${branch.url}/api/v1/session/sign-in`, { login: staffId, pin: DEMO_PINS[staffId] }, device);
  if (r.status !== 200) throw new Error(`counter sign-in failed: ${r.status} ${JSON.stringify(r.json)}`);
  return { ...device, authorization: `Bearer ${r.json.token as string}` };
}

const get = async (path: string, headers: Record<string, string>) => {
  const res = await fetch(branch.url + path, { headers });
  return { status: res.status, json: (await res.json()) as any };
};

beforeAll(async () => {
  branch = await BranchUnderTest.start(await recordingConfig());
  counter2 = await new FakeCounter(branch.host, 2).enrol();
  counter3 = await new FakeCounter(branch.host, 3).enrol();
  own = await counter2.record({ ticketNumber: 'A021', tellerId: 's-1002', startedAt: '2026-03-05T01:00:00.000Z', durationMs: 60_000 });
  colleague = await counter3.record({ ticketNumber: 'B007', tellerId: 's-1003', startedAt: '2026-03-05T01:05:00.000Z', durationMs: 60_000 });
  tellerHeaders = await counterSession(counter2, 's-1002');
  lead = await signIn(branch.url, LEAD);
}, 60_000);

afterAll(async () => branch?.stop());

describe('a teller reviews their own recorded services', () => {
  it('lists only their own recordings, whatever teller the query names', async () => {
    const mine = await get('/api/v1/recordings/mine?teller=s-1003', tellerHeaders);
    expect(mine.status).toBe(200);
    const ids = RecordingSearchResponse.parse(mine.json).recordings.map((r) => r.id);
    expect(ids).toContain(own.id);
    expect(ids).not.toContain(colleague.id);
  });

  it("hears their own service (the listen is logged) but not a colleague's", async () => {
    const ok = await postJson(`${branch.url}/api/v1/recordings/${own.id}/self-replay`, undefined, tellerHeaders);
    expect(ok.status).toBe(200);
    const audio = await fetch(branch.url + (ok.json.audioPath as string));
    expect(audio.status).toBe(200);
    expect(Buffer.from(await audio.arrayBuffer()).equals(own.bytes)).toBe(true);
    const listens = await get('/api/v1/recordings/listens', staffHeaders(lead));
    expect(listens.json.listens.some((l: { staffId: string; recordingId: string }) => l.staffId === 's-1002' && l.recordingId === own.id)).toBe(true);

    const refused = await postJson(`${branch.url}/api/v1/recordings/${colleague.id}/self-replay`, undefined, tellerHeaders);
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('forbidden');
  });

  it('writes a self-comment; the lead adds the leader\'s; the thread reads in order and goes to head office', async () => {
    const self = await postJson(`${branch.url}/api/v1/recordings/${own.id}/comments`, { text: '等候时间长，应先致歉。' }, tellerHeaders);
    expect(self.status).toBe(200);
    expect(ReviewComment.parse(self.json)).toMatchObject({ voice: 'self', authorId: 's-1002', tellerId: 's-1002' });
    const leader = await postJson(`${branch.url}/api/v1/recordings/${own.id}/comments`, { text: '同意，下次先说"让您久等了"。' }, staffHeaders(lead));
    expect(leader.status).toBe(200);
    expect(leader.json).toMatchObject({ voice: 'lead', authorId: LEAD.staffId, tellerId: 's-1002' });

    for (const headers of [tellerHeaders, staffHeaders(lead)]) {
      const thread = ReviewThread.parse((await get(`/api/v1/recordings/${own.id}/comments`, headers)).json);
      expect(thread.comments.map((c) => c.voice)).toEqual(['self', 'lead']);
    }
    const { rows } = await branch.host.db.query<{ n: string }>('select count(*) as n from sync_records where kind = $1', [RECORDING_REVIEW]);
    expect(Number(rows[0]!.n)).toBe(2);
  });

  it("refuses a teller reading or commenting on a colleague's recording, and changes nothing", async () => {
    const before = await branch.host.db.query<{ n: string }>('select count(*) as n from sync_records where kind = $1', [RECORDING_REVIEW]);
    expect((await get(`/api/v1/recordings/${colleague.id}/comments`, tellerHeaders)).status).toBe(403);
    expect((await postJson(`${branch.url}/api/v1/recordings/${colleague.id}/comments`, { text: 'x' }, tellerHeaders)).status).toBe(403);
    expect((await postJson(`${branch.url}/api/v1/recordings/${own.id}/comments`, { text: '' }, tellerHeaders)).status).toBe(400);
    expect((await postJson(`${branch.url}/api/v1/recordings/${own.id}/comments`, { text: 'ok', voice: 'lead' }, tellerHeaders)).status).toBe(400);
    const after = await branch.host.db.query<{ n: string }>('select count(*) as n from sync_records where kind = $1', [RECORDING_REVIEW]);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });
});
