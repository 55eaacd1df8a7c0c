import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.js';
import { SYNC_PATHS } from '../../shared/sync/protocol.js';
import type { SyncRecord } from '../../shared/sync/protocol.js';
import { encodeHlc } from '../../shared/time/hlc.js';
import type { RunningBranchHost } from '../../server/branchHost.js';
import { startHqServer } from '../../server/hq/hqServer.js';
import type { RunningHq } from '../../server/hq/hqServer.js';
import { createEnrolCode } from '../../server/sync/deviceAuth.js';
import { BranchUnderTest } from '../support/branchUnderTest.js';
import { FaultProxy } from '../support/faultProxy.js';
import { postJson } from '../support/http.js';
import { branchConfig, serverDataDir, waitUntil } from '../support/syncWorld.js';

/**
 * The hub between its counters and head office: a counter's records go on to head office as
 * soon as the hub has stored them, and a hub whose enrolment answer was lost on the way enrols
 * with its code on the next try.
 */

const BRANCH = 'demo-001';

let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  closers = [];
});

async function headOffice(): Promise<RunningHq> {
  const hq = await startHqServer({ port: 0, host: '127.0.0.1', dataDir: await serverDataDir('hq'), logLevel: 'silent' });
  closers.push(() => hq.close());
  return hq;
}

/** The hubs under test, for requests with real credentials (issue 12). */
const branches = new WeakMap<RunningBranchHost, BranchUnderTest>();

async function hubOf(upstream: { url: string; enrolCode: string; pollMs: number }): Promise<RunningBranchHost> {
  const b = await BranchUnderTest.start(branchConfig(BRANCH), { dataDir: await serverDataDir('hub'), host: { upstream } });
  closers.push(() => b.stop());
  branches.set(b.host, b);
  return b.host;
}

const enrolledAtHq = async (host: RunningBranchHost): Promise<boolean> => (await host.db.query('select 1 from upstream_identity')).rows.length > 0;

async function heldAtHq(hq: RunningHq, ids: readonly string[]): Promise<number> {
  const { rows } = await hq.db.query<{ n: number | string }>('select count(*) as n from sync_records where id = any($1::text[])', [ids]);
  return Number(rows[0]!.n);
}

function counterRecord(deviceId: string, deviceSeq: number): SyncRecord {
  const wall = Date.now();
  return {
    id: newId(),
    kind: 'counter.event',
    branchId: BRANCH,
    deviceId,
    deviceSeq,
    hlc: encodeHlc({ wallMs: wall, counter: 0, node: deviceId }),
    wallAt: new Date(wall).toISOString(),
    body: { type: 'walkin.started', counter: 2, payload: { n: deviceSeq } },
  };
}

describe('the hub relaying to head office', () => {
  it("sends a counter's records on to head office as soon as it has stored them, not at its next poll", async () => {
    const hq = await headOffice();
    const code = await hq.createEnrolCode({ branchId: BRANCH, role: 'hub' });
    // The poll comes once at start and then not for 10 minutes: only the wake-up can relay.
    const host = await hubOf({ url: hq.url, enrolCode: code.code, pollMs: 600_000 });
    await waitUntil('the hub to enrol at head office', () => enrolledAtHq(host), 15_000);
    await host.upstream!.flush();

    const counterCode = await createEnrolCode(host.db, { branchId: BRANCH, ttlMinutes: 10 });
    const enrolled = await postJson(host.url + SYNC_PATHS.enrol, { code: counterCode.code, deviceId: 'c-wake', role: 'counter' });
    expect(enrolled.status).toBe(200);
    // Several counters' pushes close together: they all arrive, each stored once.
    const batches = Array.from({ length: 6 }, (_, b) => [counterRecord('c-wake', 2 * b + 1), counterRecord('c-wake', 2 * b + 2)]);
    const started = Date.now();
    const answers = await Promise.all(
      batches.map((records) =>
        postJson(host.url + SYNC_PATHS.push, { deviceId: 'c-wake', sentAt: new Date().toISOString(), records }, { authorization: `Bearer ${enrolled.json.token}` }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(batches.map(() => 200));
    const ids = batches.flat().map((r) => r.id);
    await waitUntil('the records at head office', async () => (await heldAtHq(hq, ids)) === ids.length, 20_000);
    console.log(`relay wake-up: ${ids.length} records at head office ${Date.now() - started} ms after the first push (poll every 600 s)`);
    const { rows } = await hq.db.query<{ n: number | string }>("select count(*) as n from sync_records where device_id = 'c-wake'");
    expect(Number(rows[0]!.n)).toBe(ids.length);
  }, 60_000);

  it('enrols at head office on its next try, with the same code, when the answer to its first try was lost', async () => {
    const hq = await headOffice();
    const code = await hq.createEnrolCode({ branchId: BRANCH, role: 'hub' });
    const proxy = await FaultProxy.start(hq.url, () => 0, { loseResponse: 1 });
    closers.push(() => proxy.close());
    const host = await hubOf({ url: proxy.url, enrolCode: code.code, pollMs: 300 });
    // The hub's first call is its enrolment: head office enrols it, the answer is lost.
    await waitUntil('the first answer to be lost', () => proxy.counts.loseResponse > 0, 15_000, 5);
    proxy.quiet();
    expect(await enrolledAtHq(host)).toBe(false);
    await waitUntil('the hub to enrol at head office', () => enrolledAtHq(host), 15_000);
    const hub = host.hub.deviceId;
    const { rows } = await hq.db.query<{ device_id: string }>("select device_id from sync_devices where role = 'hub'");
    expect(rows.map((r) => r.device_id)).toEqual([hub]);
    // And it syncs: its queue events reach head office.
    const issued = await branches.get(host)!.post('/api/v1/tickets', { service: 'A' });
    expect(issued.status).toBe(201);
    await waitUntil('a queue event at head office', async () => (await hq.db.query('select 1 from sync_records where device_id = $1', [hub])).rows.length > 0, 15_000);
    expect(host.upstream!.status()[0]!.lastError).toBeNull();
  }, 60_000);
});
