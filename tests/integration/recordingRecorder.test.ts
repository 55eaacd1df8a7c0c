// The recorder around its capture program, with a fake program behind the spawnCapture seam:
// restarts with backoff, states, recordings cut by the next call, gaps, disk, start-up repair.
import { mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.js';
import { inspectOggOpus } from '../../shared/recording/oggOpus.js';
import { readRecordingTag } from '../../shared/recording/meta.js';
import { DEFAULT_RECORDING_SETTINGS } from '../../shared/recording/settings.js';
import type { RecordingSettings } from '../../shared/recording/settings.js';
import { CounterRecorder, RecordingError } from '../../server/recording/counterRecorder.js';
import type { CaptureSource, FinishedRecording, RecorderState, SpawnCapture } from '../../server/recording/counterRecorder.js';

/** A stand-in capture program: a 440 Hz tone in 4096-byte (128 ms) chunks, at real-time pace. */
class FakeMicrophone {
  /** Recording captures started (the live tap's are in `live`). */
  readonly spawnedAt: number[] = [];
  /** Live-tap captures: purpose 'live', and whether each is still running. */
  readonly live: { running: boolean }[] = [];
  private current: { stop: () => void; exit: (code: number | null, message?: string) => void } | null = null;
  /** When false, started programs run but never deliver audio (a hung device). */
  delivers = true;
  /** When set, a live capture cannot open the device (a raw ALSA device one program at a time may open). */
  liveRefused: string | null = null;

  readonly spawn: SpawnCapture = (req): CaptureSource => {
    const liveTap = req.purpose === 'live' ? { running: true } : null;
    if (liveTap) this.live.push(liveTap);
    else this.spawnedAt.push(Date.now());
    const refused = liveTap ? this.liveRefused : null;
    const data: ((b: Buffer) => void)[] = [];
    const errors: ((m: string) => void)[] = [];
    const exits: ((c: number | null) => void)[] = [];
    let sample = 0;
    let exited = false;
    const started = Date.now();
    // Like a sound card, it runs on a sample clock: late timers bring more chunks, not fewer samples.
    const timer = setInterval(() => {
      const due = ((Date.now() - started) * 16000) / 1000;
      while (sample + 2048 <= due) {
        const chunk = Buffer.alloc(4096);
        for (let i = 0; i < 2048; i++) chunk.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * sample++) / 16000)), i * 2);
        if (this.delivers) for (const cb of data) cb(chunk);
      }
    }, 32);
    const exit = (code: number | null, message?: string) => {
      if (exited) return;
      exited = true;
      clearInterval(timer);
      if (liveTap) liveTap.running = false;
      if (message) for (const cb of errors) cb(message);
      for (const cb of exits) cb(code);
    };
    if (!liveTap) this.current = { stop: () => exit(null), exit };
    if (refused) setImmediate(() => exit(1, refused));
    return {
      onData: (cb) => void data.push(cb),
      onError: (cb) => void errors.push(cb),
      onExit: (cb) => void exits.push(cb),
      stop: () => setImmediate(() => exit(null)),
    };
  };

  /** The program dies on its own, saying why. */
  crash(message: string): void {
    this.current?.exit(1, message);
  }
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, get: () => T | null | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await wait(20);
  }
}

const meta = (ticketNumber: string) => ({ recordingId: newId(), ticketId: `t-${ticketNumber}`, ticketNumber, service: 'A', tellerId: 'teller-1', counter: 1 });

const open: CounterRecorder[] = [];
async function recorder(mic: FakeMicrophone, settings: Partial<RecordingSettings> = {}): Promise<{ rec: CounterRecorder; dir: string; states: RecorderState[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-recorder-'));
  const rec = await CounterRecorder.open({ dir, counter: 1, settings: { ...DEFAULT_RECORDING_SETTINGS, minFreeMegabytes: 10, ...settings }, spawnCapture: mic.spawn });
  open.push(rec);
  const states: RecorderState[] = [];
  rec.onState((s) => states.push(s));
  return { rec, dir, states };
}

afterEach(async () => {
  for (const r of open.splice(0)) await r.close();
});

describe('counter recorder', () => {
  it('restarts the capture program with growing delays, showing "microphone missing" meanwhile', async () => {
    const mic = new FakeMicrophone();
    const { rec, states } = await recorder(mic);
    rec.start();
    await until('audio', () => rec.state().detail === 'idle');
    mic.crash('sox FAIL: cannot open audio device');
    expect(rec.state()).toMatchObject({ kind: 'microphone_missing', detail: 'sox FAIL: cannot open audio device' });
    await until('restart', () => rec.state().detail === 'idle');
    mic.crash('sox FAIL: cannot open audio device');
    await until('second restart', () => rec.state().detail === 'idle');
    const [a, b, c] = mic.spawnedAt;
    expect(mic.spawnedAt).toHaveLength(3);
    expect(b! - a!).toBeGreaterThanOrEqual(950); // 1 s after the first exit
    expect(c! - b!).toBeGreaterThanOrEqual(1950); // 2 s after the second (it had not run 10 s)
    const kinds = states.map((s) => s.kind).filter((k, i, all) => k !== all[i - 1]);
    expect(kinds).toEqual(['not_recording', 'microphone_missing', 'not_recording', 'microphone_missing', 'not_recording']);
  }, 30_000);

  it('keeps one recording\'s timeline across a capture restart (silence stands for the gap)', async () => {
    const mic = new FakeMicrophone();
    const { rec } = await recorder(mic, { preRollMs: 500 });
    rec.start();
    await until('audio', () => rec.state().detail === 'idle');
    await wait(700);
    const begun = Date.now();
    rec.beginService(meta('A001'));
    await wait(1000);
    mic.crash('arecord: device disconnected');
    await until('restart', () => rec.state().kind === 'recording');
    await wait(1000);
    const expected = Date.now() - begun + 500;
    const r = (await rec.endService())!;
    // Within 0.5 s, as for a real capture; without the silence, the ~1.1 s restart would be missing.
    expect(Math.abs(r.durationMs - expected), `recorded ${r.durationMs} ms for ${expected} ms`).toBeLessThan(500);
    const raw = readFileSync(r.path);
    const info = inspectOggOpus(raw)!;
    expect(info.durationMs).toBe(r.durationMs);
  }, 30_000);

  it('a call while a service runs finishes that recording (onFinished) and starts the next', async () => {
    const mic = new FakeMicrophone();
    const { rec, dir } = await recorder(mic, { preRollMs: 1000 });
    const finished: FinishedRecording[] = [];
    rec.onFinished((r) => finished.push(r));
    rec.start();
    await until('audio', () => rec.state().detail === 'idle');
    await wait(1200);
    const first = meta('A001');
    const second = meta('A002');
    rec.beginService(first);
    await wait(1000);
    rec.beginService(second);
    await wait(600);
    const last = (await rec.endService())!;
    await until('the first recording finished', () => finished.length === 2);
    expect(finished.map((r) => r.meta.ticketNumber).sort()).toEqual(['A001', 'A002']);
    expect(last.meta).toEqual(second);
    const cut = finished.find((r) => r.meta.ticketNumber === 'A001')!;
    expect(cut.state).toBe('complete');
    expect(Math.abs(cut.durationMs - 2000)).toBeLessThan(300); // 1 s pre-roll + 1 s of service
    // The next one's pre-roll is the end of the previous service.
    expect(Math.abs(last.durationMs - 1600)).toBeLessThan(300);
    expect(Date.parse(last.startedAt)).toBeLessThan(Date.parse(cut.endedAt));
    expect(readdirSync(dir).sort()).toEqual([`${first.recordingId}.opus`, `${second.recordingId}.opus`].sort());
  }, 30_000);

  it('offers every packet to live listeners, numbered, with 48 kHz granules and times', async () => {
    const mic = new FakeMicrophone();
    const { rec } = await recorder(mic);
    const seen: { seq: number; at: number; granule: number; counter: number; size: number }[] = [];
    const off = rec.onPacket((p) => seen.push({ seq: p.seq, at: p.at, granule: p.granule, counter: p.counter, size: p.data.length }));
    const startedAt = Date.now();
    rec.setLive(true);
    rec.start();
    await until('a second of packets', () => seen.length >= 50);
    off();
    const n = seen.length;
    await wait(300);
    expect(seen.length).toBe(n); // unsubscribed
    expect(seen.map((p) => p.seq)).toEqual(seen.map((_, i) => i));
    for (const p of seen) expect(p).toMatchObject({ counter: 1, granule: (p.seq + 1) * 960 });
    // Wall-clock times of the audio: at least 20 ms apart (chunks arrive in bursts), and between
    // the start of the capture and now.
    expect(seen.every((p, i) => i === 0 || p.at - seen[i - 1]!.at >= 20)).toBe(true);
    expect(seen[0]!.at).toBeGreaterThanOrEqual(startedAt);
    expect(seen[n - 1]!.at).toBeLessThanOrEqual(Date.now() + 200);
    expect(seen.every((p) => p.size > 0)).toBe(true);
  });

  it('captures a second time for live listening only while someone listens, never touching the recording', async () => {
    const mic = new FakeMicrophone();
    const { rec } = await recorder(mic);
    const seqs: number[] = [];
    rec.onPacket((p) => seqs.push(p.seq));
    rec.start();
    await until('audio', () => rec.state().detail === 'idle');
    const m = meta('A005');
    rec.beginService(m);
    await wait(600);
    expect(mic.live).toHaveLength(0);
    expect(seqs).toHaveLength(0); // nobody listens: no live capture, no packets

    rec.setLive(true);
    await until('live packets', () => seqs.length >= 10);
    expect(mic.live).toEqual([{ running: true }]);
    rec.setLive(false);
    await until('the live capture to stop', () => !mic.live[0]!.running);
    const heard = seqs.length;
    await wait(400);
    expect(seqs.length).toBeLessThanOrEqual(heard + 1); // at most what was in the encoder

    rec.setLive(true); // a second listener later: numbering goes on upwards
    await until('live packets again', () => seqs.length >= heard + 10);
    expect(mic.live).toHaveLength(2);
    expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);

    const r = (await rec.endService())!;
    expect(mic.spawnedAt).toHaveLength(1); // the recording's capture ran throughout
    expect(r.state).toBe('complete');
    expect(Math.abs(r.durationMs - (Date.parse(r.endedAt) - Date.parse(r.startedAt)))).toBeLessThan(50);
    await rec.close();
    expect(mic.live.every((l) => !l.running)).toBe(true);
  }, 30_000);

  it('when the microphone cannot be opened twice, live listeners get the recording’s packets instead of silence', async () => {
    const mic = new FakeMicrophone();
    mic.liveRefused = "arecord: main:850: audio open error: Device or resource busy";
    const { rec } = await recorder(mic);
    const seqs: number[] = [];
    rec.onPacket((p) => seqs.push(p.seq));
    rec.start();
    await until('audio', () => rec.state().detail === 'idle');
    rec.setLive(true);
    await until('packets from the recording capture', () => seqs.length >= 30);
    expect(mic.live).toEqual([{ running: false }]); // tried once, not retried in a loop
    expect(mic.spawnedAt).toHaveLength(1);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    rec.setLive(false);
    const heard = seqs.length;
    await wait(500);
    expect(seqs.length).toBe(heard);
    expect(rec.state().kind).not.toBe('microphone_missing'); // the recording itself is fine
  }, 30_000);

  it('says the program gives no audio when it hangs, and restarts it', async () => {
    const mic = new FakeMicrophone();
    mic.delivers = false;
    const { rec } = await recorder(mic);
    rec.start();
    const s = await until('microphone_missing', () => (rec.state().kind === 'microphone_missing' ? rec.state() : null), 20_000);
    expect(s.detail).toMatch(/no audio/);
    mic.delivers = true;
    await until('restart', () => rec.state().detail === 'idle', 10_000);
    expect(mic.spawnedAt.length).toBe(2);
  }, 40_000);

  it('a service while the program gives nothing still ends in a finished, playable file', async () => {
    const mic = new FakeMicrophone();
    mic.delivers = false;
    const { rec } = await recorder(mic);
    rec.start();
    rec.beginService(meta('A007'));
    await wait(300);
    const r = (await rec.endService())!;
    // One silent 20 ms packet (players refuse an Opus stream without any), less the pre-skip.
    expect(r).toMatchObject({ state: 'complete', durationMs: 14 });
    expect(inspectOggOpus(readFileSync(r.path))).toMatchObject({ complete: true, durationMs: 14 });
  });

  it('shows a failed write (the folder vanished) instead of failing silently', async () => {
    const mic = new FakeMicrophone();
    const { rec, dir } = await recorder(mic);
    rec.start();
    await until('audio', () => rec.state().detail === 'idle');
    rmSync(dir, { recursive: true });
    rec.beginService(meta('A008'));
    // The free-space check notices first; the first flush then fails and says so.
    const s = await until('a write failure', () => (/cannot write/.test(rec.state().detail ?? '') ? rec.state() : null), 5000);
    expect(s).toMatchObject({ kind: 'disk_low', detail: 'cannot write the recording (ENOENT)' });
    expect(await rec.endService()).toBeNull();
  });

  it('warns "disk low" under settings.minFreeMegabytes, and keeps recording', async () => {
    const mic = new FakeMicrophone();
    const { rec } = await recorder(mic, { minFreeMegabytes: 1_000_000 });
    rec.start();
    const s = await until('disk_low', () => (rec.state().kind === 'disk_low' ? rec.state() : null));
    expect(s.detail).toMatch(/MB free \(minimum 1000000 MB\)/);
    rec.beginService(meta('A003'));
    await wait(500);
    expect((await rec.endService())?.state).toBe('complete');
  });

  it('does nothing when recording is disabled, and refuses bad metadata', async () => {
    const mic = new FakeMicrophone();
    const { rec, dir } = await recorder(mic, { enabled: false });
    rec.start();
    expect(rec.state()).toMatchObject({ kind: 'not_recording', detail: 'disabled' });
    rec.beginService(meta('A004'));
    expect(await rec.endService()).toBeNull();
    expect(mic.spawnedAt).toHaveLength(0);
    expect(readdirSync(dir)).toEqual([]);
    expect(() => rec.beginService({ ...meta('A005'), recordingId: '../../etc/passwd' })).toThrow(RecordingError);
  });

  it('at open, repairs what a crash left: a torn file, and one whose headers are gone', async () => {
    const mic = new FakeMicrophone();
    const { rec, dir } = await recorder(mic, { preRollMs: 0 });
    rec.start();
    await until('audio', () => rec.state().detail === 'idle');
    const m = meta('A006');
    rec.beginService(m);
    await wait(1500);
    const done = (await rec.endService())!;
    await rec.close();
    // Make it look unfinished and torn: back to .part, cut in the middle of its last page.
    const bytes = readFileSync(done.path);
    const torn = join(dir, `${m.recordingId}.opus.part`);
    writeFileSync(torn, bytes.subarray(0, bytes.length - 25));
    unlinkSync(done.path);
    const garbageId = newId();
    writeFileSync(join(dir, `${garbageId}.opus.part`), Buffer.from('not an ogg file at all'));
    writeFileSync(join(dir, 'notes.opus.part'), 'ignored: not a recording id');

    const again = await CounterRecorder.open({ dir, counter: 1, settings: DEFAULT_RECORDING_SETTINGS, spawnCapture: mic.spawn });
    open.push(again);
    const repaired = again.repaired();
    expect(repaired.map((r) => r.meta.recordingId).sort()).toEqual([m.recordingId, garbageId].sort());
    const tornBack = repaired.find((r) => r.meta.recordingId === m.recordingId)!;
    expect(tornBack).toMatchObject({ meta: m, state: 'interrupted', startedAt: done.startedAt });
    expect(tornBack.durationMs).toBeLessThan(done.durationMs);
    expect(tornBack.durationMs).toBeGreaterThan(done.durationMs - 2000);
    const info = inspectOggOpus(readFileSync(tornBack.path))!;
    expect(info).toMatchObject({ complete: true, durationMs: tornBack.durationMs });
    expect(readRecordingTag(info.comments)?.meta).toEqual(m);
    const lost = repaired.find((r) => r.meta.recordingId === garbageId)!;
    expect(lost).toMatchObject({ state: 'interrupted', durationMs: 14, meta: { counter: 1, ticketId: null } });
    expect(inspectOggOpus(readFileSync(lost.path))?.complete).toBe(true);
    expect(readdirSync(dir).sort()).toEqual([`${m.recordingId}.opus`, `${garbageId}.opus`, 'notes.opus.part'].sort());
  }, 30_000);
});
