import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostBridge, HostChannel, HostInput, HostOutput } from '../../shared/host/contract.js';
import { newId } from '../../shared/ids.js';
import { newTicket } from '../../shared/queue/ticket.js';
import type { Ticket } from '../../shared/queue/ticket.js';
import type { FinishedRecordingView, RecordingHostEvent } from '../../shared/recording/hostChannels.js';
import { DEFAULT_RECORDING_SETTINGS } from '../../shared/recording/settings.js';
import { CounterDb, counterDbName } from '../device/db.js';
import { CounterRecording, initialRecordingView } from './counterRecording.js';
import type { RecordingView } from './counterRecording.js';
import { notifyRecording, WALK_IN_FINISHED, WALK_IN_STARTED } from './serviceHooks.js';

const SHA = (c: string) => c.repeat(64);
const CREDENTIALS = { deviceId: 'dev-1', branchId: 'demo-001', token: 'tok' };

/** The host's recording channels in memory: what the renderer asks, and what it is told. */
class FakeHost implements HostBridge {
  calls: Array<{ channel: string; input: any }> = [];
  current: FinishedRecordingView | null = null;
  files = new Map<string, FinishedRecordingView>();
  held = new Set<string>();
  hubHas = new Set<string>();
  uploadAnswer: 'verified' | 'failed' = 'verified';
  started = true;
  events: RecordingHostEvent[] = [];
  seq = 0;
  clock: () => Date = () => new Date();

  push(e: RecordingHostEvent extends infer E ? (E extends RecordingHostEvent ? Omit<E, 'seq'> : never) : never) {
    this.events.push({ ...e, seq: ++this.seq } as RecordingHostEvent);
  }

  async invoke<C extends HostChannel>(channel: C, input: HostInput<C>): Promise<HostOutput<C>> {
    this.calls.push({ channel, input });
    const i = input as any;
    const state = { kind: this.current ? 'recording' : 'not_recording', detail: this.current ? undefined : 'idle', since: '2026-01-01T00:00:00.000Z' };
    const answer = (): unknown => {
      switch (channel) {
        case 'recording:open':
          return { enabled: true, state, current: null, cursor: this.seq };
        case 'recording:begin':
          if (!this.started) return { started: false, state: { kind: 'microphone_missing', since: state.since }, finished: null };
          this.current = { ...i.meta, counter: 1, startedAt: this.clock().toISOString(), endedAt: '', durationMs: 0, bytes: 0, sha256: SHA('0'), state: 'complete' };
          return { started: true, state: { ...state, kind: 'recording' }, finished: null };
        case 'recording:end': {
          const c = this.current;
          this.current = null;
          if (!c) return { finished: null };
          const f = { ...c, endedAt: this.clock().toISOString(), durationMs: 61_000, bytes: 120_000, sha256: SHA(String(this.files.size % 10)) };
          this.files.set(f.recordingId, f);
          return { finished: f };
        }
        case 'recording:events': {
          const events = this.events.filter((e) => e.seq > i.after);
          return { events, next: this.seq, state };
        }
        case 'recording:list':
          return { files: [...this.files.values()].map((f) => ({ recordingId: f.recordingId, bytes: f.bytes, finished: f, held: this.held.has(f.recordingId) })), current: this.current?.recordingId ?? null };
        case 'recording:upload':
          if (this.uploadAnswer === 'verified') this.hubHas.add(i.recordingId);
          return this.uploadAnswer === 'verified' ? { state: 'verified' } : { state: 'failed', code: 'network', message: 'the hub did not answer' };
        case 'recording:delete':
          if (this.held.has(i.recordingId)) return { deleted: false, reason: 'held' };
          if (!this.hubHas.has(i.recordingId)) return { deleted: false, reason: 'not_verified' };
          this.files.delete(i.recordingId);
          return { deleted: true, reason: 'deleted' };
        case 'recording:hold':
          if (i.held) this.held.add(i.recordingId);
          else this.held.delete(i.recordingId);
          return { held: i.held };
        default:
          throw new Error(`unexpected ${channel}`);
      }
    };
    return answer() as HostOutput<C>;
  }

  count(channel: string) {
    return this.calls.filter((c) => c.channel === channel).length;
  }
}

let n = 0;
const running: Array<{ db: CounterDb; rec: CounterRecording }> = [];
afterEach(async () => {
  for (const { db, rec } of running.splice(0)) {
    rec.stop();
    db.close();
    await Dexie.delete(counterDbName(db.counter));
  }
});

function setup(o: { settings?: Partial<typeof DEFAULT_RECORDING_SETTINGS>; now?: () => Date } = {}) {
  const db = new CounterDb(70 + n++);
  const host = new FakeHost();
  if (o.now) host.clock = o.now;
  let view: RecordingView = initialRecordingView();
  const rec = new CounterRecording({
    db,
    host,
    settings: { ...DEFAULT_RECORDING_SETTINGS, ...o.settings },
    tellerId: 's-1001',
    publish: (p) => (view = { ...view, ...p }),
    credentials: async () => CREDENTIALS,
    pollWaitMs: 5,
    housekeepingMs: 60_000,
    ...(o.now ? { now: o.now } : {}),
  });
  running.push({ db, rec });
  return { db, host, rec, view: () => view };
}

const ticket = (number: string): Ticket => ({ ...newTicket({ id: `T-${number}`, businessDay: '2026-01-05', service: 'A', number, priority: 'none', issuedAt: '2026-01-05T01:00:00.000Z' }), status: 'called', counter: 1 });

async function settle(rec: CounterRecording) {
  await new Promise((r) => setTimeout(r, 30));
  await rec.idle();
}

async function outboxTypes(db: CounterDb): Promise<string[]> {
  const rows = await db.outbox.orderBy('deviceSeq').toArray();
  const records = await db.records.bulkGet(rows.map((r) => r.eventId));
  return records.map((r) => (r!.body as { type: string }).type);
}

describe('CounterRecording', () => {
  it('records from the call to the end of service, indexes it with its sync record, and uploads it', async () => {
    const { db, host, rec } = setup();
    rec.start();
    await settle(rec);
    notifyRecording(db.counter, 'call-next', ticket('A012'));
    await settle(rec);
    const [recording] = await db.recordings.toArray();
    expect(recording).toMatchObject({ ticketNumber: 'A012', ticketId: 'T-A012', tellerId: 's-1001', state: 'recording' });
    notifyRecording(db.counter, 'recall', ticket('A012')); // a recall changes nothing
    notifyRecording(db.counter, 'finish', ticket('A012'));
    await settle(rec);
    expect(host.count('recording:begin')).toBe(1);
    const row = await db.recordings.get(recording!.id);
    expect(row).toMatchObject({ state: 'uploaded', durationMs: 61_000, bytes: 120_000, finishedAs: 'complete', sha256: SHA('0') });
    expect(row!.uploadedAt).not.toBeNull();
    const rows = await db.outbox.orderBy('deviceSeq').toArray();
    const finished = (await db.records.bulkGet(rows.map((r) => r.eventId))).find((r) => (r!.body as any).type === 'recording.finished');
    expect((finished!.body as any).payload).toMatchObject({ recordingId: recording!.id, ticketNumber: 'A012', durationMs: 61_000, bytes: 120_000, sha256: SHA('0'), heldForDispute: false });
  });

  it('records a walk-in service (no ticket) from its start to its end', async () => {
    const { db, rec } = setup();
    rec.start();
    await settle(rec);
    notifyRecording(db.counter, WALK_IN_STARTED, null, { service: 'B' });
    await settle(rec);
    notifyRecording(db.counter, WALK_IN_FINISHED, null);
    await settle(rec);
    const [row] = await db.recordings.toArray();
    expect(row).toMatchObject({ ticketId: null, ticketNumber: null, service: 'B', state: 'uploaded' });
  });

  it('keeps a failed upload, says so, and uploads it on the next pass', async () => {
    const { db, host, rec, view } = setup();
    host.uploadAnswer = 'failed';
    rec.start();
    await settle(rec);
    notifyRecording(db.counter, 'call-next', ticket('A013'));
    notifyRecording(db.counter, 'no-show', ticket('A013'));
    await settle(rec);
    const [row] = await db.recordings.toArray();
    expect(row).toMatchObject({ state: 'complete', lastError: 'network: the hub did not answer' });
    expect(view().uploadError).toBe('network');
    host.uploadAnswer = 'verified';
    await rec.housekeeping();
    expect((await db.recordings.get(row!.id))?.state).toBe('uploaded');
  });

  it('writes no index row when the recorder could not start, and shows why', async () => {
    const { db, host, rec, view } = setup();
    host.started = false;
    rec.start();
    await settle(rec);
    notifyRecording(db.counter, 'call-next', ticket('A014'));
    await settle(rec);
    expect(await db.recordings.count()).toBe(0);
    expect(view().state?.kind).toBe('microphone_missing');
  });

  it('indexes a recording finished while no screen was open (a repaired one), once', async () => {
    const { db, host, rec } = setup({ now: () => new Date('2026-01-05T03:00:00Z') });
    const repaired: FinishedRecordingView = {
      recordingId: newId(),
      ticketId: 'T-B001',
      ticketNumber: 'B001',
      service: 'B',
      tellerId: 's-1001',
      counter: 1,
      startedAt: '2026-01-05T02:00:00.000Z',
      endedAt: '2026-01-05T02:03:00.000Z',
      durationMs: 178_000,
      bytes: 90_000,
      sha256: SHA('b'),
      state: 'interrupted',
    };
    host.files.set(repaired.recordingId, repaired);
    rec.start();
    await settle(rec);
    host.push({ type: 'finished', recording: repaired }); // the notice too: no second record
    await settle(rec);
    await settle(rec);
    expect(await db.recordings.get(repaired.recordingId)).toMatchObject({ state: 'uploaded', finishedAs: 'interrupted', ticketNumber: 'B001' });
    expect((await outboxTypes(db)).filter((t) => t === 'recording.finished')).toHaveLength(1);
  });

  it('deletes old uploaded recordings under the retention limit, and never one the hub does not hold', async () => {
    let now = new Date('2026-01-05T03:00:00Z');
    const { db, host, rec, view } = setup({ settings: { retentionDays: 30 }, now: () => now });
    host.uploadAnswer = 'failed';
    rec.start();
    await settle(rec);
    notifyRecording(db.counter, 'call-next', ticket('A020'));
    notifyRecording(db.counter, 'finish', ticket('A020'));
    await settle(rec);
    host.uploadAnswer = 'verified';
    const [notUploaded] = await db.recordings.toArray();
    host.hubHas.delete(notUploaded!.id);
    // Not uploaded: the upload on the next pass is refused too.
    host.uploadAnswer = 'failed';
    notifyRecording(db.counter, 'call-next', ticket('A021'));
    host.uploadAnswer = 'verified';
    notifyRecording(db.counter, 'finish', ticket('A021'));
    await settle(rec);
    const uploaded = (await db.recordings.toArray()).find((r) => r.ticketNumber === 'A021')!;
    expect(uploaded.state).toBe('uploaded');
    // 40 days later: the uploaded one goes, the other stays and is an alert.
    now = new Date('2026-02-14T03:00:00Z');
    host.uploadAnswer = 'failed';
    await rec.housekeeping();
    expect((await db.recordings.get(uploaded.id))?.state).toBe('deleted');
    expect((await db.recordings.get(notUploaded!.id))?.state).toBe('complete');
    expect(host.calls.filter((c) => c.channel === 'recording:delete').map((c) => c.input.recordingId)).toEqual([uploaded.id]);
    expect(view().alerts).toEqual([{ kind: 'overdue_upload', ids: [notUploaded!.id] }]);
    expect(await outboxTypes(db)).toContain('recording.deleted');
  });

  it('keeps a recording held for a dispute until it is released, and tells the hub both', async () => {
    let now = new Date('2026-01-05T03:00:00Z');
    const { db, host, rec } = setup({ settings: { retentionDays: 1 }, now: () => now });
    rec.start();
    await settle(rec);
    notifyRecording(db.counter, 'call-next', ticket('A030'));
    notifyRecording(db.counter, 'finish', ticket('A030'));
    await settle(rec);
    const [row] = await db.recordings.toArray();
    await rec.hold(row!.id, true);
    expect(host.held.has(row!.id)).toBe(true);
    now = new Date('2026-03-05T03:00:00Z');
    await rec.housekeeping();
    expect((await db.recordings.get(row!.id))?.state).toBe('uploaded');
    expect(host.count('recording:delete')).toBe(0);
    await rec.hold(row!.id, false);
    await rec.housekeeping();
    expect((await db.recordings.get(row!.id))?.state).toBe('deleted');
    const types = await outboxTypes(db);
    expect(types.filter((t) => t.startsWith('recording.'))).toEqual(['recording.finished', 'recording.held', 'recording.released', 'recording.deleted']);
  });
});
