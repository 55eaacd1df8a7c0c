import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monotonicFactory } from 'ulid';
import { BRANCH_TEMPLATE, TELLER_TEMPLATE } from '../../shared/evaluation/inspection.js';
import { HQ_EVALUATION_API, evaluationPath } from '../../shared/evaluation/inspectionApi.js';
import { REVIEW_CHECKLIST, SampleAnswer } from '../../shared/evaluation/remoteReview.js';
import { SYNC_PATHS } from '../../shared/sync/protocol.js';
import type { SyncRecord } from '../../shared/sync/protocol.js';
import { UPLOADS_PATH } from '../../shared/uploads/paths.js';
import { encodeHlc } from '../../shared/time/hlc.js';
import { startHqServer } from '../../server/hq/hqServer.js';
import type { RunningHq } from '../../server/hq/hqServer.js';
import { uploadFile } from '../../server/uploads/client/uploadFile.js';
import { freshPgliteDir } from '../support/pgliteDataDir.js';
import { DB_TARGETS, freshPostgresSchema } from '../support/testDatabases.js';

/*
 * Head office's evaluation inputs (issue 15): a branch's relayed recordings are drawn into the
 * month's sample, heard and scored on the checklist under the reviewer's name; inspection sheets
 * are checked against their template; both reach the scores the rankings read.
 */

const ulid = monotonicFactory();
const NOW = new Date('2026-11-20T08:00:00.000Z');
const ADMIN = 'test-admin-token-0123456789';
const AUDITOR = { name: '王审计', token: 'auditor-token-0123456789' };
const BRANCH = 'demo-001';
const HUB = 'h-demo';

let hq: RunningHq;
let hubToken = '';
let seq = 0;

async function call(method: string, path: string, opts: { token?: string | null; body?: unknown } = {}) {
  const token = opts.token === undefined ? ADMIN : opts.token;
  const res = await fetch(hq.url + path, {
    method,
    headers: { ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(opts.body === undefined ? {} : { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) }),
  });
  const type = res.headers.get('content-type') ?? '';
  const buf = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type, buf, json: type.includes('json') && buf.length ? JSON.parse(buf.toString()) : null };
}

function record(kind: string, deviceId: string, at: string, body: Record<string, unknown>): SyncRecord {
  seq += 1;
  return { id: ulid(Date.parse(at)), kind, branchId: BRANCH, deviceId, deviceSeq: seq, hlc: encodeHlc({ wallMs: Date.parse(at), counter: 0, node: deviceId }), wallAt: at, body };
}

/** A counter's recording.finished as the hub relays it. */
function finished(tellerId: string, startedAt: string, bytes = 1000, sha = 'a'.repeat(64), recordingId = ulid(Date.parse(startedAt))) {
  const ended = new Date(Date.parse(startedAt) + 60_000).toISOString();
  const payload = { recordingId, ticketId: `t-${recordingId}`, ticketNumber: 'A001', service: 'A', tellerId, startedAt, endedAt: ended, durationMs: 60_000, bytes, sha256: sha, finishedAs: 'complete', heldForDispute: false, silent: false };
  return { recordingId, rec: record('counter.event', 'c-1', ended, { type: 'recording.finished', counter: 1, staffId: tellerId, payload }) };
}

async function push(records: SyncRecord[]): Promise<void> {
  const res = await call('POST', SYNC_PATHS.push, { token: hubToken, body: { deviceId: HUB, sentAt: NOW.toISOString(), records } });
  expect(res.status).toBe(200);
}

const fullChecklist = Object.fromEntries(REVIEW_CHECKLIST.map((i) => [i.id, i.max]));
let sample: SampleAnswer;
let relayed = '';
const audio = Buffer.from('OggS fake opus audio for the review player '.repeat(40));

describe.each(DB_TARGETS)('head office evaluation on %s', (target) => {
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const dataDir = await freshPgliteDir();
    let pgUrl = '';
    if (target !== 'pglite') {
      const schema = await freshPostgresSchema();
      drop = schema.drop;
      pgUrl = schema.url;
    }
    hq = await startHqServer({ port: 0, host: '127.0.0.1', dataDir, ...(drop ? { databaseUrl: pgUrl } : {}), adminToken: ADMIN, admins: [AUDITOR], now: () => NOW, logLevel: 'silent' });
    const code = await hq.createEnrolCode({ branchId: BRANCH, role: 'hub' });
    const enrolled = await call('POST', SYNC_PATHS.enrol, { token: null, body: { code: code.code, deviceId: HUB, role: 'hub' } });
    hubToken = enrolled.json.token;

    // s-1001 has five recordings in November (Shanghai), one on 31 October late evening UTC that is 1 November there;
    // s-1002 has one; one of October stays out.
    const sha = createHash('sha256').update(audio).digest('hex');
    const heard = finished('s-1001', '2026-11-03T02:00:00.000Z', audio.length, sha);
    relayed = heard.recordingId;
    const others = [
      finished('s-1001', '2026-10-31T17:30:00.000Z'),
      finished('s-1001', '2026-11-05T02:00:00.000Z'),
      finished('s-1001', '2026-11-06T02:00:00.000Z'),
      finished('s-1001', '2026-11-07T02:00:00.000Z'),
      finished('s-1002', '2026-11-04T03:00:00.000Z'),
      finished('s-1001', '2026-10-20T02:00:00.000Z'),
    ];
    const comments = [
      record('recording.review', `${HUB}.reviews`, '2026-11-03T09:00:00.000Z', { id: ulid(), recordingId: relayed, tellerId: 's-1001', authorId: 's-1001', authorRole: 'teller', voice: 'self', text: '问候及时，结尾忘了说再见', at: '2026-11-03T09:00:00.000Z' }),
      record('recording.review', `${HUB}.reviews`, '2026-11-03T10:00:00.000Z', { id: ulid(), recordingId: relayed, tellerId: 's-1001', authorId: 's-9001', authorRole: 'lead', voice: 'lead', text: '语速可以再慢一些', at: '2026-11-03T10:00:00.000Z' }),
    ];
    await push([heard.rec, ...others.map((o) => o.rec), ...comments]);

    // The hub's relay uploads the verified file with its own enrolment, as HqRelay does.
    const dir = await mkdtemp(join(tmpdir(), 'hq-eval-'));
    await writeFile(join(dir, 'rec.ogg'), audio);
    await uploadFile({ endpoint: hq.url + UPLOADS_PATH, token: hubToken, filePath: join(dir, 'rec.ogg'), recordId: relayed, sha256: sha, branchId: BRANCH, contentType: 'audio/ogg', urlStorageDir: join(dir, 'urls') });
  }, 60_000);

  afterAll(async () => {
    await hq?.close();
    await drop?.();
  });

  describe('remote review of recordings at head office', () => {
    it('draws the month’s sample per teller from the relayed recordings, the same on every draw', async () => {
      const drawn = await call('POST', HQ_EVALUATION_API.draw, { token: AUDITOR.token, body: { month: '2026-11', branchId: BRANCH, perTeller: 3 } });
      expect(drawn.status).toBe(200);
      sample = SampleAnswer.parse(drawn.json);
      expect(sample.tellers.map((t) => [t.tellerId, t.recordings, t.drawn])).toEqual([
        ['s-1001', 5, 3],
        ['s-1002', 1, 1],
      ]);
      expect(sample.sample.every((s) => s.drawnBy === AUDITOR.name)).toBe(true);
      const again = SampleAnswer.parse((await call('POST', HQ_EVALUATION_API.draw, { body: { month: '2026-11', branchId: BRANCH, perTeller: 3 } })).json);
      expect(again.sample.map((s) => s.recordingId)).toEqual(sample.sample.map((s) => s.recordingId));
      // Asking for more adds to the sample, never replaces it.
      const more = SampleAnswer.parse((await call('POST', HQ_EVALUATION_API.draw, { body: { month: '2026-11', branchId: BRANCH, perTeller: 5 } })).json);
      expect(more.sample.filter((s) => s.tellerId === 's-1001')).toHaveLength(5);
      for (const s of sample.sample) expect(more.sample.map((m) => m.recordingId)).toContain(s.recordingId);
      sample = more;
    });

    it('shows the teller’s self-comment and the lead’s comment beside the relayed recording, whose audio plays here', async () => {
      const s = sample.sample.find((x) => x.recordingId === relayed)!;
      expect(s.audioAtHeadOffice).toBe(true);
      expect(s.comments.map((c) => [c.voice, c.text])).toEqual([
        ['self', '问候及时，结尾忘了说再见'],
        ['lead', '语速可以再慢一些'],
      ]);
      const played = await call('GET', evaluationPath(HQ_EVALUATION_API.audio, { recordingId: relayed }), { token: AUDITOR.token });
      expect(played.status).toBe(200);
      expect(played.type).toBe('audio/ogg');
      expect(played.buf.equals(audio)).toBe(true);
      const other = sample.sample.find((x) => x.recordingId !== relayed)!;
      expect(other.audioAtHeadOffice).toBe(false);
      expect((await call('GET', evaluationPath(HQ_EVALUATION_API.audio, { recordingId: other.recordingId }))).status).toBe(404);
    });

    it('stores a checklist score with the reviewer’s name and time, and the teller’s review score follows', async () => {
      const scored = await call('PUT', evaluationPath(HQ_EVALUATION_API.score, { recordingId: relayed }), { token: AUDITOR.token, body: { scores: { ...fullChecklist, farewell: 0 }, note: '未送声' } });
      expect(scored.status).toBe(200);
      expect(scored.json).toMatchObject({ total: 85, reviewer: AUDITOR.name, at: NOW.toISOString() });
      const after = SampleAnswer.parse((await call('GET', `${HQ_EVALUATION_API.sample}?month=2026-11&branch=${BRANCH}`)).json);
      expect(after.sample.find((x) => x.recordingId === relayed)!.score).toMatchObject({ total: 85, reviewer: AUDITOR.name, note: '未送声' });
      expect(after.tellers.find((t) => t.tellerId === 's-1001')).toMatchObject({ reviewed: 1, meanScore: 85 });
      const list = await call('GET', `${evaluationPath(HQ_EVALUATION_API.reviews, { tellerId: 's-1001' })}?branch=${BRANCH}`);
      expect(list.json.reviews).toEqual([expect.objectContaining({ recordingId: relayed, month: '2026-11', score: expect.objectContaining({ total: 85, reviewer: AUDITOR.name }) })]);
      const { rows } = await hq.db.query<{ score: string }>(`select score from hq_eval_scores where month = '2026-11' and branch_id = $1 and staff_id = 's-1001' and kind = 'review'`, [BRANCH]);
      expect(rows.map((r) => Number(r.score))).toEqual([85]);
    });

    it('refuses bad input with 400 and the field named; a recording outside the sample cannot be scored', async () => {
      const bad = [
        { ...fullChecklist, greeting: 99 },
        { ...fullChecklist, unknown_item: 1 },
        { greeting: 5 },
      ];
      for (const scores of bad) {
        const res = await call('PUT', evaluationPath(HQ_EVALUATION_API.score, { recordingId: relayed }), { body: { scores } });
        expect(res.status).toBe(400);
        expect(res.json.error.code).toBe('bad_request');
      }
      expect((await call('PUT', evaluationPath(HQ_EVALUATION_API.score, { recordingId: relayed }), { body: { scores: fullChecklist, reviewer: 'someone else' } })).status).toBe(400);
      expect((await call('PUT', evaluationPath(HQ_EVALUATION_API.score, { recordingId: relayed }), { body: '{not json' })).status).toBe(400);
      expect((await call('POST', HQ_EVALUATION_API.draw, { body: { month: '2026-13', branchId: BRANCH } })).status).toBe(400);
      expect((await call('GET', `${HQ_EVALUATION_API.sample}?month=2026-11`)).status).toBe(400);
      expect((await call('PUT', evaluationPath(HQ_EVALUATION_API.score, { recordingId: ulid() }), { body: { scores: fullChecklist } })).status).toBe(404);
    });

    it('answers nothing without a head-office token', async () => {
      for (const [method, path] of [
        ['GET', `${HQ_EVALUATION_API.sample}?month=2026-11&branch=${BRANCH}`],
        ['POST', HQ_EVALUATION_API.draw],
        ['GET', evaluationPath(HQ_EVALUATION_API.audio, { recordingId: relayed })],
        ['POST', HQ_EVALUATION_API.sheets],
        ['GET', HQ_EVALUATION_API.templates],
      ] as const) {
        expect((await call(method, path, { token: null })).status).toBe(401);
        expect((await call(method, path, { token: 'not-a-token-of-anyone-here' })).status).toBe(401);
      }
    });
  });

  describe('inspection sheets at head office', () => {
    const full = (items: readonly { id: string; max: number }[]) => Object.fromEntries(items.map((i) => [i.id, i.max]));

    it('stores an on-site branch sheet and a mystery shopper’s teller sheet with their totals and the inspector', async () => {
      const branchSheet = await call('POST', HQ_EVALUATION_API.sheets, {
        token: AUDITOR.token,
        body: { templateId: BRANCH_TEMPLATE.id, kind: 'onsite', branchId: BRANCH, visitedOn: '2026-11-12', scores: { ...full(BRANCH_TEMPLATE.items), environment: 16 }, notes: { environment: '宣传资料摆放凌乱' } },
      });
      expect(branchSheet.status).toBe(201);
      expect(branchSheet.json).toMatchObject({ month: '2026-11', total: 96, inspector: AUDITOR.name, staffId: null });
      const mystery = await call('POST', HQ_EVALUATION_API.sheets, {
        body: { templateId: TELLER_TEMPLATE.id, kind: 'mystery', branchId: BRANCH, staffId: 's-1001', visitedOn: '2026-11-13', scores: { ...full(TELLER_TEMPLATE.items), greeting: 5 }, notes: { greeting: '未起身迎候' } },
      });
      expect(mystery.status).toBe(201);
      expect(mystery.json).toMatchObject({ kind: 'mystery', total: 90, inspector: 'admin' });
      const listed = await call('GET', `${HQ_EVALUATION_API.sheets}?month=2026-11&branch=${BRANCH}`);
      expect(listed.json.sheets.map((s: { total: number }) => s.total).sort()).toEqual([90, 96]);
      const scores = await call('GET', `${HQ_EVALUATION_API.scores}?month=2026-11&branch=${BRANCH}`);
      expect(scores.json).toEqual({ month: '2026-11', branchId: BRANCH, inspection: { branch: 96, tellers: { 's-1001': 90 }, sheets: 2 }, review: { 's-1001': 85 } });
      const { rows } = await hq.db.query<{ staff_id: string; score: string }>(`select staff_id, score from hq_eval_scores where month = '2026-11' and kind = 'inspection' order by staff_id`);
      expect(rows.map((r) => [r.staff_id, Number(r.score)])).toEqual([
        ['', 96],
        ['s-1001', 90],
      ]);
    });

    it('refuses a sheet that does not fit its template, naming the field', async () => {
      const res = await call('POST', HQ_EVALUATION_API.sheets, { body: { templateId: BRANCH_TEMPLATE.id, kind: 'onsite', branchId: BRANCH, visitedOn: '2026-11-12', scores: { ...full(BRANCH_TEMPLATE.items), skills: 10 } } });
      expect(res.status).toBe(400);
      expect(res.json.error.message).toContain('notes.skills');
      const noTeller = await call('POST', HQ_EVALUATION_API.sheets, { body: { templateId: TELLER_TEMPLATE.id, kind: 'onsite', branchId: BRANCH, visitedOn: '2026-11-12', scores: full(TELLER_TEMPLATE.items) } });
      expect(noTeller.json.error.message).toContain('staffId');
      expect((await call('POST', HQ_EVALUATION_API.sheets, { body: { templateId: 'nope', kind: 'onsite', branchId: BRANCH, visitedOn: '2026-11-12', scores: {} } })).status).toBe(400);
    });

    it('templates are configuration: an edited template is used by the next sheet, earlier sheets keep theirs', async () => {
      const edited = { ...BRANCH_TEMPLATE, items: BRANCH_TEMPLATE.items.map((i) => (i.id === 'environment' ? { ...i, weight: 60 } : { ...i, weight: 10 })) };
      expect((await call('PUT', evaluationPath(HQ_EVALUATION_API.template, { id: BRANCH_TEMPLATE.id }), { body: edited })).status).toBe(200);
      expect((await call('PUT', evaluationPath(HQ_EVALUATION_API.template, { id: 'other' }), { body: edited })).status).toBe(400);
      expect((await call('PUT', evaluationPath(HQ_EVALUATION_API.template, { id: BRANCH_TEMPLATE.id }), { body: { ...edited, items: [] } })).status).toBe(400);
      const templates = await call('GET', HQ_EVALUATION_API.templates);
      expect(templates.json.templates.find((t: { id: string }) => t.id === BRANCH_TEMPLATE.id).items[0].weight).toBe(60);
      const next = await call('POST', HQ_EVALUATION_API.sheets, { body: { templateId: BRANCH_TEMPLATE.id, kind: 'mystery', branchId: BRANCH, visitedOn: '2026-11-14', scores: { ...full(BRANCH_TEMPLATE.items), environment: 10 }, notes: { environment: '地面有杂物' } } });
      // Half the environment item is now 30 of 100.
      expect(next.json.total).toBe(70);
      const listed = await call('GET', `${HQ_EVALUATION_API.sheets}?month=2026-11&branch=${BRANCH}`);
      expect(listed.json.sheets.find((s: { total: number }) => s.total === 96).items[0].weight).toBe(20);
    });
  });
});
