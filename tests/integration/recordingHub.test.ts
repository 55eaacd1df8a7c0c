import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDING_EVENT } from '../../shared/recording/indexRecord.js';
import { decodeLivePacket, encodeLivePacket, LIVE_LISTEN_PATH, LIVE_PUBLISH_PATH } from '../../shared/recording/live.js';
import { RECORDING_LISTEN } from '../../shared/sync/kinds.js';
import { BranchUnderTest } from '../support/branchUnderTest.js';
import { postJson } from '../support/http.js';
import { DEVICE_HEADER } from '../../shared/access/credentials.js';
import { wsOutcome } from '../support/wsRefusal.js';
import { AUDITOR, FakeCounter, LEAD, TELLER, leadStation, listenQuery, openSocket, recordingConfig, signIn, staffHeaders, wsUrl } from './recordingHubSupport.js';
import { postFrom } from './accessSupport.js';

let branch: BranchUnderTest;
let counter2: FakeCounter;
let lead: string;
let teller: string;
const recs: Record<string, Awaited<ReturnType<FakeCounter['record']>>> = {};

const get = async (path: string, token?: string, headers: Record<string, string> = {}) => {
  const res = await fetch(branch.url + path, { headers: { ...staffHeaders(token), ...headers } });
  const type = res.headers.get('content-type') ?? '';
  const json: any = type.includes('json') ? await res.json() : null;
  return { status: res.status, headers: res.headers, json, bytes: type.includes('json') ? null : Buffer.from(await res.arrayBuffer()) };
};

beforeAll(async () => {
  branch = await BranchUnderTest.start(await recordingConfig());
  counter2 = await new FakeCounter(branch.host, 2).enrol();
  const counter3 = await new FakeCounter(branch.host, 3).enrol();
  // Asia/Shanghai: 2026-03-05 09:00 local is 01:00Z.
  recs.A012 = await counter2.record({ ticketNumber: 'A012', tellerId: 's-1002', startedAt: '2026-03-05T01:00:00.000Z', durationMs: 95_000 });
  recs.A013 = await counter2.record({ ticketNumber: 'A013', tellerId: 's-1002', startedAt: '2026-03-05T01:10:00.000Z', durationMs: 30_000 });
  recs.B004 = await counter3.record({ ticketNumber: 'B004', tellerId: 's-1003', startedAt: '2026-03-06T02:00:00.000Z', durationMs: 600_000 });
  // Indexed from its record, but the counter has not uploaded the file yet.
  recs.V101 = await counter3.record({ ticketNumber: 'V101', tellerId: 's-1003', startedAt: '2026-03-06T03:00:00.000Z', durationMs: 60_000, upload: false });
  lead = await signIn(branch.url, LEAD);
  teller = await signIn(branch.url, TELLER);
}, 60_000);

afterAll(async () => branch?.stop());

describe('staff sign-in and roles', () => {
  it('refuses a wrong PIN and an unknown person with the same answer', async () => {
    // Issue 12: only an enrolled lead station signs in here.
    const station = { [DEVICE_HEADER]: await leadStation(branch.url) };
    const wrong = await postJson(`${branch.url}/api/v1/recordings/sign-in`, { staffId: LEAD.staffId, pin: '0000' }, station);
    const nobody = await postJson(`${branch.url}/api/v1/recordings/sign-in`, { staffId: 's-nobody', pin: '246810' }, station);
    expect(wrong.status).toBe(401);
    expect(nobody.status).toBe(401);
    expect(wrong.json.error.message).toBe(nobody.json.error.message);
  });

  it('refuses a malformed sign-in with 400', async () => {
    const station = { [DEVICE_HEADER]: await leadStation(branch.url) };
    expect((await postJson(`${branch.url}/api/v1/recordings/sign-in`, { staffId: LEAD.staffId, pin: 'abcd' }, station)).status).toBe(400);
  });

  it('answers 401 without a token and 403 to a teller, everywhere', async () => {
    for (const path of ['/api/v1/recordings', '/api/v1/recordings/listens', '/api/v1/recordings/status']) {
      expect((await get(path)).status).toBe(401);
      expect((await get(path, 'not-a-token')).status).toBe(401);
      const forbidden = await get(path, teller);
      expect(forbidden.status).toBe(403);
      expect(forbidden.json.error.code).toBe('forbidden');
    }
    const replay = await postJson(`${branch.url}/api/v1/recordings/${recs.A012!.id}/replay`, undefined, staffHeaders(teller));
    expect(replay.status).toBe(403);
  });

  it('locks a staff member out after repeated wrong PINs', async () => {
    // From another address: the per-address lockout must not stop this file's later sign-ins.
    const station = { [DEVICE_HEADER]: await leadStation(branch.url) };
    for (let i = 0; i < 5; i++) await postFrom('127.0.0.9', `${branch.url}/api/v1/recordings/sign-in`, { staffId: AUDITOR.staffId, pin: '999999' }, station);
    const locked = await postJson(`${branch.url}/api/v1/recordings/sign-in`, AUDITOR, station);
    expect(locked.status).toBe(429);
    expect(locked.json.error).toMatchObject({ code: 'too_many_requests', reason: 'locked_out' });
    expect(locked.json.error.message).toMatch(/too many wrong PINs/);
  });
});

describe('search', () => {
  const search = async (qs: string) => {
    const r = await get(`/api/v1/recordings${qs}`, lead);
    expect(r.status).toBe(200);
    return r.json as { total: number; recordings: Array<{ ticketNumber: string; onHub: boolean; durationMs: number; heldForDispute: boolean; rating: number | null }> };
  };

  it('finds every recording the counters reported, newest first, with where its file is', async () => {
    const all = await search('');
    expect(all.recordings.map((r) => r.ticketNumber)).toEqual(['V101', 'B004', 'A013', 'A012']);
    expect(all.recordings.find((r) => r.ticketNumber === 'V101')?.onHub).toBe(false);
    expect(all.recordings.find((r) => r.ticketNumber === 'A012')?.onHub).toBe(true);
  });

  it.each([
    ['?ticket=a012', ['A012']],
    ['?ticket=A01', ['A013', 'A012']],
    ['?counter=3', ['V101', 'B004']],
    ['?teller=s-1002', ['A013', 'A012']],
    ['?date=2026-03-05', ['A013', 'A012']],
    ['?date=2026-03-06&minSeconds=120', ['B004']],
    ['?maxSeconds=60', ['V101', 'A013']],
    ['?counter=2&ticket=B', []],
  ])('%s', async (qs, expected) => {
    expect((await search(qs)).recordings.map((r) => r.ticketNumber)).toEqual(expected);
  });

  it('pages', async () => {
    const page = await search('?limit=2&offset=1');
    expect(page.total).toBe(4);
    expect(page.recordings.map((r) => r.ticketNumber)).toEqual(['B004', 'A013']);
  });

  it('answers 400 to a query it cannot mean', async () => {
    for (const qs of ['?counter=0', '?date=05/03/2026', '?minSeconds=90&maxSeconds=10', '?phone=13800000000']) {
      const r = await get(`/api/v1/recordings${qs}`, lead);
      expect(r.status, qs).toBe(400);
      expect(r.json.error.code).toBe('bad_request');
    }
  });

  it('shows a recording held for a dispute, and released again', async () => {
    await counter2.push(RECORDING_EVENT.held, { recordingId: recs.A013!.id, by: 's-1002' });
    expect((await search('?held=true')).recordings.map((r) => r.ticketNumber)).toEqual(['A013']);
    await counter2.push(RECORDING_EVENT.released, { recordingId: recs.A013!.id, by: 's-1002' });
    expect((await search('?held=true')).recordings).toEqual([]);
  });

  it('filters by the customer rating of the recorded service', async () => {
    // The ratings capability's row for the service of ticket A012 at window 2, rated 4.
    const { rows } = await branch.host.db.query<{ present: boolean }>("select to_regclass('rating_services') is not null as present");
    expect(rows[0]?.present).toBe(true);
    await branch.host.db.query(
      `insert into rating_services (service_id, ticket_id, ticket_number, service_code, counter, teller_id, business_day, finished_at, scale_id, timeout_seconds, status, value, source, rated_at)
       values ('svc-a012', $1, 'A012', 'A', 2, 's-1002', '2026-03-05', '2026-03-05T01:01:35Z', 'bank4', 60, 'rated', 4, 'customer_display', '2026-03-05T01:01:40Z')`,
      [recs.A012!.payload.ticketId],
    );
    const rated = await search('?minRating=4');
    expect(rated.recordings.map((r) => [r.ticketNumber, r.rating])).toEqual([['A012', 4]]);
    expect((await search('?maxRating=3')).recordings).toEqual([]);
  });
});

describe('replay', () => {
  let audioPath: string;

  beforeAll(async () => {
    const r = await postJson(`${branch.url}/api/v1/recordings/${recs.A012!.id}/replay`, undefined, staffHeaders(lead));
    expect(r.status).toBe(200);
    audioPath = r.json.audioPath;
  });

  it('serves the whole file, byte for byte', async () => {
    const r = await get(audioPath);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('audio/ogg');
    expect(r.headers.get('accept-ranges')).toBe('bytes');
    expect(r.bytes!.equals(recs.A012!.bytes)).toBe(true);
  });

  it('serves byte ranges, as <audio> asks when the lead seeks', async () => {
    const size = recs.A012!.bytes.length;
    const mid = await get(audioPath, undefined, { range: 'bytes=1000-1999' });
    expect(mid.status).toBe(206);
    expect(mid.headers.get('content-range')).toBe(`bytes 1000-1999/${size}`);
    expect(mid.bytes!.equals(recs.A012!.bytes.subarray(1000, 2000))).toBe(true);
    const tail = await get(audioPath, undefined, { range: 'bytes=-100' });
    expect(tail.status).toBe(206);
    expect(tail.bytes!.equals(recs.A012!.bytes.subarray(size - 100))).toBe(true);
    const open = await get(audioPath, undefined, { range: `bytes=${size - 10}-` });
    expect(open.bytes!.length).toBe(10);
    const outside = await get(audioPath, undefined, { range: `bytes=${size}-` });
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe(`bytes */${size}`);
  });

  it('serves nothing without a grant, and a grant opens only its own recording', async () => {
    expect((await get(`/api/v1/recordings/${recs.A012!.id}/audio`)).status).toBe(401);
    expect((await get(`/api/v1/recordings/${recs.A012!.id}/audio?grant=guess`)).status).toBe(401);
    const grant = new URL(audioPath, branch.url).searchParams.get('grant');
    expect((await get(`/api/v1/recordings/${recs.A013!.id}/audio?grant=${grant}`)).status).toBe(403);
  });

  it('says so when the hub does not hold the file yet, and 404s an unknown id', async () => {
    const notUploaded = await postJson(`${branch.url}/api/v1/recordings/${recs.V101!.id}/replay`, undefined, staffHeaders(lead));
    expect(notUploaded.status).toBe(404);
    expect(notUploaded.json.error.message).toMatch(/not uploaded/);
    const unknown = await postJson(`${branch.url}/api/v1/recordings/01JZZZZZZZZZZZZZZZZZZZZZZZ/replay`, undefined, staffHeaders(lead));
    expect(unknown.status).toBe(404);
    expect((await postJson(`${branch.url}/api/v1/recordings/not-an-id/replay`, undefined, staffHeaders(lead))).status).toBe(400);
  });

  it('logs who replayed what and when, in the list and as a record for head office', async () => {
    const log = await get('/api/v1/recordings/listens', lead);
    const entry = log.json.listens.find((l: any) => l.mode === 'replay' && l.recordingId === recs.A012!.id);
    expect(entry).toMatchObject({ staffId: LEAD.staffId, role: 'lead', counter: 2, ticketNumber: 'A012' });
    const { rows } = await branch.host.db.query<{ body: any }>('select body from sync_records where kind = $1 and id = $2', [RECORDING_LISTEN, entry.id]);
    expect(rows[0]?.body).toMatchObject({ staffId: LEAD.staffId, mode: 'replay', recordingId: recs.A012!.id });
  });
});

describe('live listening', () => {
  const packet = (seq: number) => encodeLivePacket({ counter: 2, seq, at: Date.now(), granule: seq * 960, data: new Uint8Array([seq % 256, 1, 2, 3, 4]) });

  it('fans a counter publisher out to every listener, unchanged, and logs each listener', async () => {
    const publisher = openSocket(wsUrl(branch.url, `${LIVE_PUBLISH_PATH}?counter=2`), { authorization: `Bearer ${counter2.token}` });
    await publisher.opened;
    publisher.socket.send(JSON.stringify({ type: 'hello', counter: 2, stream: { codec: 'opus', sampleRate: 16000, channels: 1, frameMs: 20 } }));
    const auditorToken = await signIn(branch.url, LEAD); // a second session of the lead
    const one = openSocket(wsUrl(branch.url, `${LIVE_LISTEN_PATH}${listenQuery(2, lead)}`));
    const two = openSocket(wsUrl(branch.url, `${LIVE_LISTEN_PATH}${listenQuery(2, auditorToken)}`));
    for (const l of [one, two]) {
      const hello = JSON.parse(String(await l.next((m) => typeof m === 'string')));
      expect(hello).toEqual({ type: 'hello', counter: 2, stream: { codec: 'opus', sampleRate: 16000, channels: 1, frameMs: 20 } });
    }
    // The publisher is told how many listen (it sends audio only while someone does).
    const told = (count: number) => publisher.next((m) => typeof m === 'string' && m === JSON.stringify({ type: 'listeners', counter: 2, count }));
    await told(0); // on attaching, before any listener
    await told(2);
    for (let seq = 1; seq <= 5; seq++) publisher.socket.send(packet(seq));
    for (const l of [one, two]) {
      await l.next((m) => Buffer.isBuffer(m) && decodeLivePacket(new Uint8Array(m))?.seq === 5);
      const seqs = l.messages.filter(Buffer.isBuffer).map((m) => decodeLivePacket(new Uint8Array(m as Buffer))!.seq);
      expect(seqs).toEqual([1, 2, 3, 4, 5]);
    }
    const live = (await get('/api/v1/recordings/listens', lead)).json.listens.filter((l: any) => l.mode === 'live' && l.counter === 2);
    expect(live.length).toBeGreaterThanOrEqual(2);
    expect((await get('/api/v1/recordings/status', lead)).json.live).toContain(2);

    // A listener that leaves gets its end time; the publisher leaving tells the others.
    one.socket.close();
    await one.closed;
    await told(1);
    await expect.poll(async () => (await get('/api/v1/recordings/listens', lead)).json.listens.filter((l: any) => l.mode === 'live' && l.endedAt !== null).length).toBeGreaterThanOrEqual(1);
    publisher.socket.close();
    const offline = JSON.parse(String(await two.next((m) => typeof m === 'string' && m.includes('"online":false'))));
    expect(offline).toEqual({ type: 'publisher', counter: 2, online: false });
    two.socket.close();
  });

  // Issue 12: the hub's gate refuses these before the upgrade (401 no credential, 403 a teller), so no audio can flow.
  it('refuses a listener without a token (401) and a teller (403), before the upgrade', async () => {
    const anon = await wsOutcome(wsUrl(branch.url, `${LIVE_LISTEN_PATH}?counter=2`));
    expect(anon).toEqual({ status: 401, messages: 0 });
    const tellerSocket = await wsOutcome(wsUrl(branch.url, `${LIVE_LISTEN_PATH}${listenQuery(2, teller)}`));
    expect(tellerSocket).toEqual({ status: 403, messages: 0 });
  });

  it('refuses a publisher without a counter device token, and another window’s counter', async () => {
    expect(await wsOutcome(wsUrl(branch.url, `${LIVE_PUBLISH_PATH}?counter=2`))).toEqual({ status: 401, messages: 0 });
    expect(await wsOutcome(wsUrl(branch.url, `${LIVE_PUBLISH_PATH}?counter=2`), { authorization: `Bearer ${lead}` })).toEqual({ status: 401, messages: 0 });
    expect(await wsOutcome(wsUrl(branch.url, `${LIVE_PUBLISH_PATH}?counter=4`), { authorization: `Bearer ${counter2.token}` })).toEqual({ status: 403, messages: 0 });
  });

  it('forwards nothing a publisher sends for another counter', async () => {
    const counter4 = await new FakeCounter(branch.host, 4).enrol();
    const publisher = openSocket(wsUrl(branch.url, `${LIVE_PUBLISH_PATH}?counter=4`), { authorization: `Bearer ${counter4.token}` });
    await publisher.opened;
    publisher.socket.send(JSON.stringify({ type: 'hello', counter: 4, stream: { codec: 'opus', sampleRate: 16000, channels: 1, frameMs: 20 } }));
    const listener = openSocket(wsUrl(branch.url, `${LIVE_LISTEN_PATH}${listenQuery(4, lead)}`));
    await listener.next((m) => typeof m === 'string' && m.includes('hello'));
    publisher.socket.send(packet(1)); // names counter 2
    publisher.socket.send(encodeLivePacket({ counter: 4, seq: 2, at: Date.now(), granule: 1920, data: new Uint8Array([7]) }));
    const got = await listener.next((m) => Buffer.isBuffer(m));
    expect(decodeLivePacket(new Uint8Array(got as Buffer))?.seq).toBe(2);
    expect(listener.messages.filter(Buffer.isBuffer)).toHaveLength(1);
    publisher.socket.close();
    listener.socket.close();
  });
});
