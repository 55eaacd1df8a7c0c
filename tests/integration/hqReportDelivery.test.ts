import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { HubReportList } from '../../shared/hq/branchReports.js';
import { CONFIG_REPORTS } from '../../shared/hq/branchReports.js';
import { newId } from '../../shared/ids.js';
import { QueueEvent } from '../../shared/queue/events.js';
import type { SyncRecord } from '../../shared/sync/protocol.js';
import { SYNC_PATHS } from '../../shared/sync/protocol.js';
import { encodeHlc } from '../../shared/time/hlc.js';
import { startHqServer } from '../../server/hq/hqServer.js';
import type { RunningHq } from '../../server/hq/hqServer.js';
import { storeRecords } from '../../server/sync/recordStore.js';
import { actors, BranchUnderTest } from '../support/branchUnderTest.js';
import { serverDataDir } from '../support/syncWorld.js';

/**
 * Issue 15: "the monthly report ... sent to each branch through the sync". Head office makes the
 * demo branch's March report; the branch's hub pulls the `config.reports` document, fetches the
 * PDF and XLSX with its own token and keeps them; the lead station lists the month with the
 * branch's score, rank and figures and opens the PDF, also once head office is gone.
 */

const ADMIN = 'test-admin-token-delivery-0123';
const BRANCH = 'demo-001';
// 2026-04-02 12:00 in Shanghai: March is the month just closed.
const HQ_NOW = new Date('2026-04-02T04:00:00.000Z');
const TICKETS = 7;

/** A ticket drawn at the demo branch on 10 March, as its hub relays it. */
function issued(i: number): SyncRecord {
  const at = new Date(Date.parse('2026-03-10T02:00:00.000Z') + i * 60_000).toISOString();
  const body = QueueEvent.parse({
    id: newId(),
    seq: i + 1,
    type: 'ticket.issued',
    at,
    branchId: BRANCH,
    counter: null,
    ticket: { id: `t-${i}`, businessDay: '2026-03-10', service: 'A', number: `A${String(i + 1).padStart(3, '0')}`, priority: 'none', issuedAt: at, status: 'waiting', counter: null, targetCounter: null, calledAt: null, lastCalledAt: null, recalls: 0, startedAt: null, finishedAt: null, outcome: null, items: [], transfers: 0 },
    detail: {},
  });
  return { id: newId(), kind: 'queue.event', branchId: BRANCH, deviceId: 'hub-earlier', deviceSeq: i + 1, hlc: encodeHlc({ wallMs: Date.parse(at), counter: 0, node: 'hub-earlier' }), wallAt: at, body };
}

let hq: RunningHq | null;
let b: BranchUnderTest;

const admin = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(hq!.url + path, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
};

/** A GET at the hub as the lead signed in at the lead station, the answer's bytes and type. */
const asLead = async (path: string) => {
  const res = await fetch(b.url + path, { headers: await b.credentials(actors.lead()) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', bytes: Buffer.from(await res.arrayBuffer()) };
};
const leadList = async () => HubReportList.parse(JSON.parse((await asLead('/api/v1/hq-reports')).bytes.toString()));

beforeAll(async () => {
  hq = await startHqServer({ port: 0, host: '127.0.0.1', dataDir: await serverDataDir('hq'), adminToken: ADMIN, logLevel: 'silent', now: () => HQ_NOW });
  const now = new Date();
  await storeRecords(hq.db, { deviceId: 'hub-earlier', branchId: BRANCH }, Array.from({ length: TICKETS }, (_, i) => issued(i)), now, now);
  const code = await hq.createEnrolCode({ branchId: BRANCH, role: 'hub' });
  // A long poll: the test pulls when it wants to, so what the hub holds is what the test made it hold.
  b = await BranchUnderTest.start(demoBranch('2000-01-01'), { dataDir: await serverDataDir('hub'), host: { upstream: { url: hq.url, enrolCode: code.code, pollMs: 3_600_000 } } });
  await b.host.upstream!.pullNow();
}, 120_000);

afterAll(async () => {
  await b?.stop();
  await hq?.close();
});

describe("head office's monthly report reaches the branch", () => {
  it('lists nothing before head office made a report', async () => {
    expect((await leadList()).reports).toEqual([]);
  });

  it("carries the month's score, rank and figures down the configuration sync, and the files to the hub", async () => {
    expect((await admin('POST', '/api/v1/hq/reports/2026-03/generate', { langs: ['zh-CN', 'en'] })).status).toBe(200);
    await b.host.upstream!.pullNow();
    expect(await b.host.hqReports.syncNow()).toBe(4);
    const [march, ...older] = (await leadList()).reports;
    expect(older).toEqual([]);
    expect(march).toMatchObject({ month: '2026-03', timeZone: 'Asia/Shanghai', rank: 1, of: 1, passMark: 95 });
    expect(march!.figures.arrivals).toBe(TICKETS);
    expect(march!.complaints.received).toBe(0);
    expect(march!.files.map((f) => `${f.format}/${f.lang}/${f.here}`).sort()).toEqual(['pdf/en/true', 'pdf/zh-CN/true', 'xlsx/en/true', 'xlsx/zh-CN/true']);
    // What the hub keeps is head office's file, byte for byte.
    const atHq = await admin('GET', '/api/v1/hq/reports/2026-03/demo-001/pdf?lang=en');
    const atHub = await asLead('/api/v1/hq-reports/2026-03/pdf?lang=en');
    expect([atHub.status, atHub.type, atHub.bytes.subarray(0, 5).toString()]).toEqual([200, 'application/pdf', '%PDF-']);
    expect(atHub.bytes.equals(atHq.bytes)).toBe(true);
    const xlsx = await asLead('/api/v1/hq-reports/2026-03/xlsx?lang=zh-CN');
    expect([xlsx.status, xlsx.bytes.subarray(0, 2).toString()]).toEqual([200, 'PK']);
  });

  it("keeps the counters out of it: a counter pulling the branch's documents gets an empty list", async () => {
    const counter = await b.tokens(actors.counter(1, null));
    const res = await fetch(`${b.url}${SYNC_PATHS.pull}?since=0`, { headers: { authorization: `Bearer ${counter.device!}` } });
    const page = (await res.json()) as { changes: Array<{ kind: string; body: unknown }> };
    expect(page.changes.find((c) => c.kind === CONFIG_REPORTS)?.body).toEqual({ reports: [] });
  });

  it('refuses the files to anyone but the lead station, and a month or format that does not exist', async () => {
    expect((await fetch(`${b.url}/api/v1/hq-reports/2026-03/pdf`, { headers: await b.credentials(actors.counter(1)) })).status).toBe(403);
    expect((await fetch(`${b.url}/api/v1/hq-reports`)).status).toBe(401);
    expect((await asLead('/api/v1/hq-reports/2026-02/pdf')).status).toBe(404);
    expect((await asLead('/api/v1/hq-reports/2026-13/pdf')).status).toBe(400);
    expect((await asLead('/api/v1/hq-reports/2026-03/doc')).status).toBe(400);
  });

  it('opens the kept PDF with head office gone, and says why a file named but not fetched cannot open', async () => {
    // A Traditional Chinese rendering made on demand at head office is sent too; head office then goes away before the hub fetched it.
    expect((await admin('GET', '/api/v1/hq/reports/2026-03/demo-001/pdf?lang=zh-TW')).status).toBe(200);
    await b.host.upstream!.pullNow();
    await hq!.close();
    hq = null;
    const kept = await asLead('/api/v1/hq-reports/2026-03/pdf?lang=zh-CN');
    expect([kept.status, kept.bytes.subarray(0, 5).toString()]).toEqual([200, '%PDF-']);
    const missing = await asLead('/api/v1/hq-reports/2026-03/pdf?lang=zh-TW');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.bytes.toString()).error.reason).toBe('report_not_fetched');
    const files = (await leadList()).reports[0]!.files;
    expect(files.filter((f) => !f.here).map((f) => `${f.format}/${f.lang}`)).toEqual(['pdf/zh-TW']);
  });
});
