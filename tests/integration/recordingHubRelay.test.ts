import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.js';
import { DEFAULT_RECORDING_SETTINGS } from '../../shared/recording/settings.js';
import { decodeLivePacket, LIVE_LISTEN_PATH } from '../../shared/recording/live.js';
import { RECORDING_EVENT } from '../../shared/recording/indexRecord.js';
import { RECORDING_LISTEN } from '../../shared/sync/kinds.js';
import { startBranchHost } from '../../server/branchHost.js';
import type { RunningBranchHost } from '../../server/branchHost.js';
import { startHqServer } from '../../server/hq/hqServer.js';
import type { RunningHq } from '../../server/hq/hqServer.js';
import { RecordingHostService } from '../../server/host/recording/recordingHostService.js';
import type { RecorderLike } from '../../server/host/recording/recordingHostService.js';
import type { FinishedRecording, LivePacket, RecorderState, RecordingMeta } from '../../server/recording/counterRecorder.js';
import { postJson } from '../support/http.js';
import { freshPgliteDir } from '../support/pgliteDataDir.js';
import { FakeCounter, LEAD, listenQuery, openSocket, recordingConfig, signIn, staffHeaders, wsUrl } from './recordingHubSupport.js';

/**
 * A recorder that writes a file of random bytes per service (the real capture and encoder are
 * the core's and tested there): what is under test here is everything around it.
 */
class FakeRecorder implements RecorderLike {
  private meta: RecordingMeta | null = null;
  private startedAt = 0;
  private readonly packets = new Set<(p: LivePacket) => void>();
  private readonly states = new Set<(s: RecorderState) => void>();
  private seq = 0;
  /** What the host said through setLive: someone listens (true) or nobody any more (false). */
  readonly live: boolean[] = [];
  constructor(private readonly dir: string) {}
  setLive(live: boolean): void {
    this.live.push(live);
  }
  start(): void {}
  repaired(): FinishedRecording[] {
    return [];
  }
  beginService(meta: RecordingMeta): void {
    this.meta = meta;
    this.startedAt = Date.now();
  }
  async endService(): Promise<FinishedRecording | null> {
    const meta = this.meta;
    if (!meta) return null;
    this.meta = null;
    const bytes = randomBytes(30_000);
    const path = join(this.dir, `${meta.recordingId}.opus`);
    await writeFile(path, bytes);
    const endedAt = Date.now();
    return {
      meta,
      path,
      startedAt: new Date(this.startedAt).toISOString(),
      endedAt: new Date(endedAt).toISOString(),
      durationMs: endedAt - this.startedAt,
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      state: 'complete',
    };
  }
  state(): RecorderState {
    return { kind: this.meta ? 'recording' : 'not_recording', detail: this.meta ? undefined : 'idle', since: new Date().toISOString() } as RecorderState;
  }
  onState(cb: (s: RecorderState) => void) {
    this.states.add(cb);
    return () => this.states.delete(cb);
  }
  onPacket(cb: (p: LivePacket) => void) {
    this.packets.add(cb);
    return () => this.packets.delete(cb);
  }
  emit(counter: number): void {
    const seq = ++this.seq;
    for (const cb of this.packets) cb({ counter, seq, at: Date.now(), granule: seq * 960, data: new Uint8Array([seq, 9, 9]) });
  }
  async close() {
    return this.endService();
  }
}

let hq: RunningHq;
let host: RunningBranchHost;
let counter: FakeCounter;
let service: RecordingHostService;
let recorder: FakeRecorder;
const dirs: string[] = [];

beforeAll(async () => {
  const hqDir = await freshPgliteDir();
  const branchDir = await freshPgliteDir();
  const recDir = await mkdtemp(join(tmpdir(), 'guichet-rec-host-'));
  dirs.push(hqDir, branchDir, recDir);
  hq = await startHqServer({ port: 0, host: '127.0.0.1', dataDir: hqDir, logLevel: 'silent' });
  const config = await recordingConfig();
  const code = await hq.createEnrolCode({ branchId: config.branchId, role: 'hub' });
  host = await startBranchHost({ port: 0, host: '127.0.0.1', dataDir: branchDir, hostKind: 'electron', config, logLevel: 'silent', demo: true, upstream: { url: hq.url, enrolCode: code.code, pollMs: 200 } });
  counter = await new FakeCounter(host, 2).enrol();
  service = new RecordingHostService({
    dir: recDir,
    hubUrl: () => host.url,
    openRecorder: async (o) => (recorder = new FakeRecorder(o.dir)),
    upload: { stallTimeoutMs: 5_000, confirmTimeoutMs: 5_000 },
    log: () => undefined,
  });
}, 60_000);

afterAll(async () => {
  await service?.close();
  await host?.close();
  await hq?.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const credentials = () => ({ deviceId: counter.deviceId, branchId: counter.branchId, token: counter.token });

describe('a counter host records, uploads to its hub, and the hub relays to head office', () => {
  let finished: { recordingId: string; sha256: string; bytes: number };

  it('records a service between a call and its end, and tells the renderer', async () => {
    const h = service.handlers();
    const snap = await h['recording:open']({ counter: 2, settings: DEFAULT_RECORDING_SETTINGS, credentials: credentials() });
    expect(snap.enabled).toBe(true);
    const recordingId = newId();
    const begun = await h['recording:begin']({ counter: 2, meta: { recordingId, ticketId: 'T-A031', ticketNumber: 'A031', service: 'A', tellerId: 's-1002' } });
    expect(begun.started).toBe(true);
    const { finished: f } = await h['recording:end']({ counter: 2 });
    expect(f).toMatchObject({ recordingId, ticketNumber: 'A031', counter: 2, state: 'complete' });
    const events = await h['recording:events']({ counter: 2, after: snap.cursor, waitMs: 0 });
    expect(events.events.filter((e) => e.type === 'finished').map((e) => (e.type === 'finished' ? e.recording.recordingId : null))).toEqual([recordingId]);
    const list = await h['recording:list']({ counter: 2 });
    expect(list.files.map((x) => x.recordingId)).toEqual([recordingId]);
    finished = { recordingId, sha256: f!.sha256, bytes: f!.bytes };
  });

  it('refuses to delete a file the hub does not hold', async () => {
    const r = await service.handlers()['recording:delete']({ counter: 2, recordingId: finished.recordingId, sha256: finished.sha256, credentials: credentials() });
    expect(r).toEqual({ deleted: false, reason: 'not_verified' });
    expect((await service.list(2)).files).toHaveLength(1);
  });

  it('uploads the file to the hub, verified by its SHA-256', async () => {
    const r = await service.handlers()['recording:upload']({ counter: 2, recordingId: finished.recordingId, sha256: finished.sha256, credentials: credentials() });
    expect(r.state).toBe('verified');
    const stored = await host.db.query<{ sha256: string }>('select sha256 from uploads where record_id = $1', [finished.recordingId]);
    expect(stored.rows[0]?.sha256).toBe(finished.sha256);
  });

  it('relays the verified recording to head office, verified there by its hash too', async () => {
    // The counter's index record travels through sync as recording.finished.
    await counter.push(RECORDING_EVENT.finished, {
      recordingId: finished.recordingId,
      ticketId: 'T-A031',
      ticketNumber: 'A031',
      service: 'A',
      tellerId: 's-1002',
      startedAt: new Date(Date.now() - 5_000).toISOString(),
      endedAt: new Date().toISOString(),
      durationMs: 5_000,
      bytes: finished.bytes,
      sha256: finished.sha256,
      finishedAs: 'complete',
      heldForDispute: false,
    });
    await host.upstream!.flush();
    await host.recordings.relay.runOnce();
    const atHq = await hq.db.query<{ sha256: string; branch_id: string }>('select sha256, branch_id from uploads where record_id = $1', [finished.recordingId]);
    expect(atHq.rows[0]).toEqual({ sha256: finished.sha256, branch_id: counter.branchId });
    const files = await readdir(join(dirs[0]!, 'hq-uploads', 'stored'), { recursive: true });
    expect(files.some((f) => String(f).endsWith(finished.recordingId))).toBe(true);
    // The hub's search says where the file is.
    const lead = await signIn(host.url, LEAD);
    const found = await fetch(`${host.url}/api/v1/recordings?ticket=A031`, { headers: staffHeaders(lead) }).then((r) => r.json() as Promise<any>);
    expect(found.recordings[0]).toMatchObject({ id: finished.recordingId, onHub: true });
    expect(found.recordings[0].atHeadOfficeAt).not.toBeNull();
    expect((await host.recordings.relay.status()).waiting).toBe(0);
    // And head office has the index record.
    const records = await hq.db.query<{ body: any }>("select body from sync_records where kind = 'counter.event' and body->>'type' = $1", [RECORDING_EVENT.finished]);
    expect(records.rows.map((r) => r.body.payload.recordingId)).toContain(finished.recordingId);
  });

  it('sends every listen to head office as a record', async () => {
    const lead = await signIn(host.url, LEAD);
    const grant = await postJson(`${host.url}/api/v1/recordings/${finished.recordingId}/replay`, undefined, staffHeaders(lead));
    expect(grant.status).toBe(200);
    await host.upstream!.flush();
    const { rows } = await hq.db.query<{ body: any }>('select body from sync_records where kind = $1 and id = $2', [RECORDING_LISTEN, grant.json.listenId]);
    expect(rows[0]?.body).toMatchObject({ staffId: LEAD.staffId, mode: 'replay', recordingId: finished.recordingId, ticketNumber: 'A031' });
  });

  it('keeps a held recording whatever the hub holds, and deletes it once released', async () => {
    const h = service.handlers();
    await h['recording:hold']({ counter: 2, recordingId: finished.recordingId, held: true });
    expect(await h['recording:delete']({ counter: 2, recordingId: finished.recordingId, sha256: finished.sha256, credentials: credentials() })).toEqual({ deleted: false, reason: 'held' });
    await h['recording:hold']({ counter: 2, recordingId: finished.recordingId, held: false });
    expect(await h['recording:delete']({ counter: 2, recordingId: finished.recordingId, sha256: finished.sha256, credentials: credentials() })).toEqual({ deleted: true, reason: 'deleted' });
    await expect(stat(join(dirs[2]!, 'counter-2', `${finished.recordingId}.opus`))).rejects.toThrow();
  });

  it("publishes the counter's live packets to the hub for listeners", async () => {
    const lead = await signIn(host.url, LEAD);
    await expect.poll(async () => (await fetch(`${host.url}/api/v1/recordings/status`, { headers: staffHeaders(lead) }).then((r) => r.json() as Promise<any>)).live, { timeout: 10_000 }).toContain(2);
    const listener = openSocket(wsUrl(host.url, `${LIVE_LISTEN_PATH}${listenQuery(2, lead)}`));
    await listener.next((m) => typeof m === 'string' && m.includes('hello'));
    // The host sends once the hub has told it someone listens (a moment after the hello).
    await expect
      .poll(() => {
        recorder.emit(2);
        return listener.messages.filter(Buffer.isBuffer).length;
      }, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(3);
    const packets = listener.messages.filter(Buffer.isBuffer).map((m) => decodeLivePacket(new Uint8Array(m as Buffer)));
    expect(packets.every((p) => p?.counter === 2)).toBe(true);
    expect(packets.map((p) => p!.seq)).toEqual([...packets.map((p) => p!.seq)].sort((a, b) => a - b));
    // The recorder ran its live capture only while the lead listened.
    expect(recorder.live.at(-1)).toBe(true);
    listener.socket.close();
    await expect.poll(() => recorder.live.at(-1), { timeout: 10_000 }).toBe(false);
  });
});
