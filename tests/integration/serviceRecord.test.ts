// The service record (issue 13) on a real hub: GET /api/v1/services/:ticketId/record assembles a
// served ticket's life, its phrase, recording, rating and complaint; every opening is audited;
// nobody without a lead-station session may open one. And truthful evidence: the recordings list
// flags empty, silent and cut-short recordings, and the queue stream says which windows record.
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { complaintOps } from '../../shared/complaints/document.js';
import { DEFAULT_COMPLAINT_POLICY, acceptComplaint, registerComplaint } from '../../shared/complaints/index.js';
import { newId } from '../../shared/ids.js';
import { PHRASE_USED } from '../../shared/phrases/usage.js';
import type { StreamMessage } from '../../shared/queue/events.js';
import { RECORDING_EVENT } from '../../shared/recording/indexRecord.js';
import type { RecordingFinishedPayload } from '../../shared/recording/indexRecord.js';
import { LIVE_PUBLISH_PATH } from '../../shared/recording/live.js';
import { ServiceRecord } from '../../shared/serviceRecord/schema.js';
import { COUNTER_EVENT, DOC_OP } from '../../shared/sync/kinds.js';
import { HybridClock } from '../../shared/time/hlc.js';
import { uploadFile } from '../../server/uploads/client/uploadFile.js';
import { sha256OfFile } from '../../server/uploads/hashFile.js';
import { BranchUnderTest, actors } from '../support/branchUnderTest.js';
import { postJson } from '../support/http.js';

let b: BranchUnderTest;
/** Added to the real time: the hub's clock (a service "lasts" two minutes without waiting them). */
let offsetMs = 0;
const now = () => new Date(Date.now() + offsetMs);

/** Window 1's counter device pushing records like the renderer's sync does. */
let pusher: (kind: string, body: unknown) => Promise<void>;
let counterToken = '';
let scratch = '';

const served: { id: string; number: string; calledAt: string; finishedAt: string; recordingId: string } = { id: '', number: '', calledAt: '', finishedAt: '', recordingId: '' };
const short: { id: string; number: string } = { id: '', number: '' };

async function recordingFor(o: { ticketId: string; ticketNumber: string; startedAt: string; durationMs: number; silent?: boolean; finishedAs?: 'complete' | 'interrupted'; upload?: boolean }): Promise<string> {
  const id = newId();
  const path = join(scratch, `${id}.opus`);
  await writeFile(path, randomBytes(20_000));
  const sha256 = await sha256OfFile(path);
  if (o.upload) {
    await uploadFile({ endpoint: `${b.url}/api/v1/uploads/`, token: counterToken, filePath: path, recordId: id, sha256, branchId: b.config.branchId, contentType: 'audio/ogg', urlStorageDir: join(scratch, 'urls') });
  }
  const payload: RecordingFinishedPayload = {
    recordingId: id,
    ticketId: o.ticketId,
    ticketNumber: o.ticketNumber,
    service: 'A',
    tellerId: 's-1001',
    startedAt: o.startedAt,
    endedAt: new Date(Date.parse(o.startedAt) + o.durationMs).toISOString(),
    durationMs: o.durationMs,
    bytes: 20_000,
    sha256,
    finishedAs: o.finishedAs ?? 'complete',
    heldForDispute: false,
    ...(o.silent === undefined ? {} : { silent: o.silent }),
  };
  await pusher(COUNTER_EVENT, { type: RECORDING_EVENT.finished, counter: 1, staffId: 's-1001', payload });
  return id;
}

async function command(n: number, action: string, body?: unknown): Promise<any> {
  const r = await b.post(`/api/v1/counters/${n}/${action}`, body);
  expect(r.status, `${action}: ${JSON.stringify(r.json)}`).toBe(200);
  return r.json;
}

beforeAll(async () => {
  b = await BranchUnderTest.start(demoBranch('2000-01-01'), { host: { now } });
  scratch = await mkdtemp(join(tmpdir(), 'guichet-service-record-'));
  const device = await b.device('counter-1', 'counter', 1);
  counterToken = device.token;
  const clock = new HybridClock(device.deviceId);
  let seq = 0;
  pusher = async (kind, body) => {
    const record = { id: newId(), kind, branchId: b.config.branchId, deviceId: device.deviceId, deviceSeq: ++seq, hlc: clock.tick(), wallAt: new Date().toISOString(), body };
    const r = await postJson(`${b.url}/api/v1/sync/push`, { deviceId: device.deviceId, sentAt: new Date().toISOString(), records: [record] }, { authorization: `Bearer ${device.token}` });
    if (r.status !== 200 || r.json.acked.length !== 1) throw new Error(`push refused: ${JSON.stringify(r.json)}`);
  };

  // A served ticket: called, started, given a second service, finished, rated; a phrase and a recording.
  const issued = await b.post('/api/v1/tickets', { service: 'A' });
  expect(issued.status).toBe(201);
  served.id = issued.json.id;
  served.number = issued.json.number;
  served.calledAt = (await command(1, 'call-next')).ticket.calledAt;
  await pusher(COUNTER_EVENT, {
    type: PHRASE_USED,
    counter: 1,
    staffId: 's-1001',
    payload: { phraseId: 'bank.greeting', situation: 'greeting', how: 'spoken', ticketId: served.id, teller: 's-1001', moment: 'ticket_called', catalogue: { id: 'bank', version: 1 } },
  });
  await command(1, 'start');
  await command(1, 'items', { service: 'B' });
  served.finishedAt = (await command(1, 'finish', { outcome: 'completed' })).ticket.finishedAt;
  const rated = await b.post('/api/v1/counters/1/rating', { ticketId: served.id, value: 1, source: 'customer_display' });
  expect(rated.status, JSON.stringify(rated.json)).toBe(201);
  // The recording: 2 s of pre-roll before the call, to half a second after the finish.
  const startedAt = new Date(Date.parse(served.calledAt) - 2000).toISOString();
  served.recordingId = await recordingFor({ ticketId: served.id, ticketNumber: served.number, startedAt, durationMs: Date.parse(served.finishedAt) + 500 - Date.parse(startedAt), silent: false, upload: true });
  // A complaint about it, registered and accepted, as the complaint log writes them (doc.op records).
  const lead = { staffId: 's-9001', role: 'lead' as const };
  const registered = registerComplaint(
    {
      type: 'register',
      id: newId(),
      branchId: b.config.branchId,
      timezone: b.config.hours.timezone,
      channel: 'counter',
      complainant: { name: '张三', phone: '13800138000', realName: true },
      category: 'attitude',
      facts: 'The teller was impatient.',
      service: { ticketId: served.id, ticketNumber: served.number, window: 1, tellerId: 's-1001', recordingId: served.recordingId },
      subjectTellerId: 's-1001',
    },
    lead,
    new Date(),
    DEFAULT_COMPLAINT_POLICY,
  );
  if (!registered.ok) throw new Error(`complaint refused: ${JSON.stringify(registered)}`);
  const accepted = acceptComplaint(registered.complaint, { type: 'accept', acknowledgedHow: 'phone' }, lead, new Date(Date.now() + 1000), DEFAULT_COMPLAINT_POLICY);
  if (!accepted.ok) throw new Error(`accept refused: ${JSON.stringify(accepted)}`);
  for (const op of complaintOps(null, registered.complaint, () => clock.tick(), device.deviceId)) await pusher(DOC_OP, op);
  for (const op of complaintOps(registered.complaint, accepted.complaint, () => clock.tick(), device.deviceId)) await pusher(DOC_OP, op);

  // A service of two minutes whose recording stopped after 30 s (the host was closed mid-service).
  const second = await b.post('/api/v1/tickets', { service: 'A' });
  short.id = second.json.id;
  short.number = second.json.number;
  const calledAt = (await command(1, 'call-next')).ticket.calledAt as string;
  offsetMs += 120_000;
  await command(1, 'finish', { outcome: 'completed' });
  await recordingFor({ ticketId: short.id, ticketNumber: short.number, startedAt: new Date(Date.parse(calledAt) - 2000).toISOString(), durationMs: 30_000, silent: false });
  // What a counter without a microphone made: a 20 ms file, and one whose microphone gave only silence.
  await recordingFor({ ticketId: 'T-empty', ticketNumber: 'A901', startedAt: new Date().toISOString(), durationMs: 20, silent: true });
  await recordingFor({ ticketId: 'T-silent', ticketNumber: 'A902', startedAt: new Date().toISOString(), durationMs: 60_000, silent: true });
}, 90_000);

afterAll(async () => b?.stop());

const record = (actor = actors.lead()) => b.as(actor).get(`/api/v1/services/${served.id}/record`);

describe('GET /api/v1/services/:ticketId/record', () => {
  it('assembles the served ticket for the lead, with its recording placed on the timeline', async () => {
    const r = await record();
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const rec = ServiceRecord.parse(r.json);
    expect(rec.ticket).toMatchObject({ id: served.id, number: served.number, status: 'done', outcome: 'completed', items: ['A', 'B'] });
    expect(rec.timeline.filter((e) => e.kind === 'queue').map((e) => e.type)).toEqual(['ticket.issued', 'ticket.called', 'service.started', 'service.item_added', 'service.finished']);
    expect(rec.servedBy).toEqual(['s-1001']);
    expect(rec.visits).toHaveLength(1);
    expect(rec.visits[0]).toMatchObject({ counter: 1, endedBy: 'service.finished' });
    expect(rec.recordings).toEqual([expect.objectContaining({ id: served.recordingId, onHub: true, silent: false, flags: [] })]);
    const called = rec.timeline.find((e) => e.type === 'ticket.called')!;
    expect(called).toMatchObject({ recordingId: served.recordingId, offsetSeconds: 2, staffId: 's-1001' });
    expect(rec.phrases).toEqual([expect.objectContaining({ phraseId: 'bank.greeting', how: 'spoken', counter: 1 })]);
    expect(rec.phrases[0]!.text?.['zh-CN']).toBeTruthy();
    expect(rec.ratings).toEqual([expect.objectContaining({ status: 'rated', value: 1, low: true, counter: 1, tellerId: 's-1001' })]);
    expect(rec.ratings[0]!.label?.en).toBe('Dissatisfied');
    // The complaint registered about it, and the item the dissatisfied rating opened in the complaint log.
    const complaint = rec.complaints.find((c) => c.kind === 'complaint')!;
    expect(complaint).toMatchObject({ category: 'attitude', facts: 'The teller was impatient.', status: 'accepted' });
    expect(complaint.steps.map((s) => s.action)).toEqual(['register', 'accept']);
    expect(rec.complaints.map((c) => c.kind).sort()).toEqual(['complaint', 'dissatisfied_rating']);
    expect(rec.timeline.filter((e) => e.kind === 'complaint_step').length).toBeGreaterThanOrEqual(2);
    // The complainant's name and phone stay in the complaint log.
    expect(JSON.stringify(rec)).not.toContain('13800138000');
    expect(JSON.stringify(rec)).not.toContain('张三');
  });

  it('writes an audit entry for every opening, naming who and which ticket', async () => {
    const day = (await b.as(actors.lead()).get('/api/v1/audit')).json.day as string;
    const count = async () => (await b.as(actors.lead()).get(`/api/v1/audit?day=${day}`)).json.entries.filter((e: any) => e.kind === 'service_record_opened' && e.detail.includes(served.id));
    const before = (await count()).length;
    expect((await record()).status).toBe(200);
    expect((await record(actors.auditor)).status).toBe(200);
    const after = await count();
    expect(after.length).toBe(before + 2);
    expect(after.slice(-2).map((e: any) => e.staffId)).toEqual(['s-9001', 's-9002']);
    expect(after[after.length - 1].detail).toContain(served.number);
  });

  it('is refused without a lead-station session, to a teller, and to a counter', async () => {
    expect((await record(actors.none)).status).toBe(401);
    expect((await record(actors.lead(null))).status).toBe(401);
    expect((await record(actors.lead('s-1003'))).status).toBe(403);
    expect((await record(actors.counter(1))).status).toBe(403);
    expect((await record(actors.hall)).status).toBe(403);
  });

  it('answers 404 for a ticket the hub does not know, 400 for a malformed id', async () => {
    expect((await b.as(actors.lead()).get('/api/v1/services/01NOSUCHTICKET/record')).status).toBe(404);
    expect((await b.as(actors.lead()).get('/api/v1/services/a%20b/record')).status).toBe(400);
  });
});

describe('truthful evidence', () => {
  it('flags empty, silent and cut-short recordings in the lead\'s list, and not a good one', async () => {
    const r = await b.as(actors.lead()).get('/api/v1/recordings');
    expect(r.status).toBe(200);
    const flags = Object.fromEntries(r.json.recordings.map((x: any) => [x.ticketNumber, x.flags]));
    expect(flags).toEqual({ [served.number]: [], [short.number]: ['cut_short'], A901: ['empty'], A902: ['silent'] });
    const cut = await b.as(actors.lead()).get(`/api/v1/services/${short.id}/record`);
    expect(cut.json.recordings[0].flags).toEqual(['cut_short']);
  });

  it("puts each window's recorder state on the queue stream: recording only while its recorder says so", async () => {
    const stream = new WebSocket(await b.wsUrl('/api/v1/stream', actors.display(1)));
    const frames: StreamMessage[] = [];
    stream.on('message', (d) => frames.push(JSON.parse(String(d)) as StreamMessage));
    const windows = () => frames.filter((m) => m.type === 'recording.windows').map((m) => (m.type === 'recording.windows' ? m.windows : []));
    await expect.poll(() => windows().length).toBe(1);
    expect(windows()[0]).toEqual([]); // nobody reports: no window records

    const publisher = new WebSocket(`${b.url.replace(/^http/, 'ws')}${LIVE_PUBLISH_PATH}?counter=1`, { headers: { authorization: `Bearer ${counterToken}` } });
    await new Promise((r) => publisher.once('open', r));
    const since = new Date().toISOString();
    publisher.send(JSON.stringify({ type: 'hello', counter: 1, stream: { codec: 'opus', sampleRate: 16000, channels: 1, frameMs: 20 } }));
    publisher.send(JSON.stringify({ type: 'state', counter: 1, state: { kind: 'microphone_missing', since } }));
    await expect.poll(() => windows().at(-1)).toEqual([{ counter: 1, recording: false, state: 'microphone_missing', since }]);
    publisher.send(JSON.stringify({ type: 'state', counter: 1, state: { kind: 'recording', since } }));
    await expect.poll(() => windows().at(-1)).toEqual([{ counter: 1, recording: true, state: 'recording', since }]);
    // Another window's state from this publisher is ignored.
    publisher.send(JSON.stringify({ type: 'state', counter: 2, state: { kind: 'recording', since } }));
    // The publisher goes: its window no longer says it records.
    publisher.close();
    await expect.poll(() => windows().at(-1)).toEqual([]);
    expect(windows().some((w) => w.some((x) => x.counter === 2))).toBe(false);
    stream.close();
  });
});
