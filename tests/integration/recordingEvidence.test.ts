// Truthful evidence (issue 13) at the recorder: the silence measure written with each recording,
// on the real encoder worker behind a fake capture program, and the file-level detection on its
// own; "recording" only once audio reaches the file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.js';
import { MIN_SOUND_FRAMES, SILENCE_PEAK, evidenceFlags } from '../../shared/recording/evidence.js';
import { DEFAULT_RECORDING_SETTINGS } from '../../shared/recording/settings.js';
import { CounterRecorder } from '../../server/recording/counterRecorder.js';
import type { CaptureSource, SpawnCapture } from '../../server/recording/counterRecorder.js';
import { RecordingFile } from '../../server/recording/recordingFile.js';

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

/** A capture program delivering `sample(i)` in 128 ms chunks at real-time pace; `delay` before its first audio (start-up). */
function microphone(sample: (i: number) => number, delayMs = 0): SpawnCapture {
  return (): CaptureSource => {
    const data: ((b: Buffer) => void)[] = [];
    const exits: ((c: number | null) => void)[] = [];
    let n = 0;
    const started = Date.now() + delayMs;
    const timer = setInterval(() => {
      const due = ((Date.now() - started) * 16000) / 1000;
      while (n + 2048 <= due) {
        const chunk = Buffer.alloc(4096);
        for (let i = 0; i < 2048; i++) chunk.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(sample(n++)))), i * 2);
        for (const cb of data) cb(chunk);
      }
    }, 32);
    return {
      onData: (cb) => void data.push(cb),
      onError: () => undefined,
      onExit: (cb) => void exits.push(cb),
      stop: () =>
        setImmediate(() => {
          clearInterval(timer);
          for (const cb of exits) cb(null);
        }),
    };
  };
}

const meta = () => ({ recordingId: newId(), ticketId: 't-1', ticketNumber: 'A001', service: 'A', tellerId: 's-1001', counter: 1 });
const open: CounterRecorder[] = [];
afterEach(async () => {
  for (const r of open.splice(0)) await r.close();
});

async function recordOneService(spawnCapture: SpawnCapture, serviceMs = 1500) {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-evidence-'));
  const rec = await CounterRecorder.open({ dir, counter: 1, settings: { ...DEFAULT_RECORDING_SETTINGS, preRollMs: 500, minFreeMegabytes: 10 }, spawnCapture });
  open.push(rec);
  rec.start();
  await until('audio', () => rec.state().detail === 'idle');
  rec.beginService(meta());
  await wait(serviceMs);
  return (await rec.endService())!;
}

describe('the recorder measures silence', () => {
  it('a microphone giving digital silence: silent', async () => {
    const r = await recordOneService(microphone(() => 0));
    expect(r.silent).toBe(true);
    expect(evidenceFlags({ ...r, finishedAs: r.state })).toEqual(['silent']);
  }, 30_000);

  it('a dead input with its hum well under speech: silent', async () => {
    // -46 dBFS of 50 Hz hum plus a little noise.
    const r = await recordOneService(microphone((i) => 160 * Math.sin((2 * Math.PI * 50 * i) / 16000) + (((i * 7919) % 41) - 20)));
    expect(r.silent).toBe(true);
  }, 30_000);

  it('speech-loud audio: not silent', async () => {
    const r = await recordOneService(microphone((i) => 8000 * Math.sin((2 * Math.PI * 440 * i) / 16000)));
    expect(r.silent).toBe(false);
    expect(evidenceFlags({ ...r, finishedAs: r.state })).toEqual([]);
  }, 30_000);

  it('says "recording" only once audio reaches the file, not while the program is still starting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-evidence-'));
    const rec = await CounterRecorder.open({ dir, counter: 1, settings: { ...DEFAULT_RECORDING_SETTINGS, minFreeMegabytes: 10 }, spawnCapture: microphone(() => 0, 1500) });
    open.push(rec);
    rec.start();
    rec.beginService(meta());
    expect(rec.state()).toMatchObject({ kind: 'not_recording', detail: 'starting' });
    await until('audio', () => rec.state().kind === 'recording');
  }, 30_000);
});

describe('a recording file', () => {
  const frame = (index: number, peak: number | undefined) => ({ index, at: 1_000_000 + index * 20, data: new Uint8Array([0xf8, 0xff, 0xfe]), ...(peak === undefined ? {} : { peak }) });
  const file = () => new RecordingFile(mkdtempSync(join(tmpdir(), 'guichet-evidence-file-')), meta(), Date.now(), () => undefined);
  const finish = async (peaks: (number | undefined)[]) => {
    const f = file();
    peaks.forEach((p, i) => f.add(frame(i, p)));
    return (await f.finish())!;
  };

  it('no audio frame at all: silent, and empty by its length', async () => {
    const r = await finish([]);
    expect(r.silent).toBe(true);
    expect(r.durationMs).toBeLessThan(100);
    expect(evidenceFlags({ ...r, finishedAs: r.state })).toEqual(['empty']);
  });

  it('frames under the threshold, or a click among them: silent; enough loud frames: not', async () => {
    expect((await finish(Array(200).fill(SILENCE_PEAK - 1))).silent).toBe(true);
    expect((await finish([...Array(199).fill(0), 30_000])).silent).toBe(true);
    expect((await finish([...Array(200).fill(0), ...Array(MIN_SOUND_FRAMES).fill(SILENCE_PEAK)])).silent).toBe(false);
  });

  it('frames the encoder did not measure: not known, unless enough were loud', async () => {
    expect((await finish(Array(100).fill(undefined))).silent).toBeUndefined();
    expect((await finish([...Array(100).fill(undefined), ...Array(MIN_SOUND_FRAMES).fill(5000)])).silent).toBe(false);
  });
});
