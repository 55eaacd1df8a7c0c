// Opus encoding (opusscript: libopus compiled to WebAssembly, nothing downloaded or native) in a
// worker thread, so a slow frame never holds up the queue, the bridge or the UI's process.
// The worker's code is a string run with `eval: true`: it works the same from the TypeScript
// sources (tests), from tsc's dist/ and from a bundle, with no separate file to locate.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { CAPTURE_SAMPLE_RATE, FRAME_SAMPLES } from '../../shared/recording/oggOpus.js';

/** Speech at 16 kHz: 16 kbit/s VBR is transparent enough for review and about 7 MB an hour. */
export const OPUS_BITRATE = 16_000;
/**
 * libopus' 0-10 effort. At 16 kbit/s wideband speech libopus runs SILK, where complexity mostly
 * buys a finer pitch/LPC search: 3 costs about a fifth less CPU than 5 and half of 10, at the
 * same size, and speech stays clear for review (see `npm run bench recording`).
 */
export const OPUS_COMPLEXITY = 3;

const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const OpusScript = require(workerData.opusscriptPath);
const enc = new OpusScript(workerData.sampleRate, 1, OpusScript.Application.VOIP);
enc.setBitrate(workerData.bitrate);
enc.encoderCTL(4010, workerData.complexity); // OPUS_SET_COMPLEXITY
enc.encoderCTL(4024, 3001); // OPUS_SET_SIGNAL: voice
const n = workerData.frameSamples;
parentPort.on('message', (m) => {
  if (m.type === 'close') {
    enc.delete();
    parentPort.close();
    return;
  }
  const pcm = new Int16Array(m.samples);
  const packets = [];
  const peaks = new Uint16Array(Math.floor(pcm.length / n));
  let total = 0;
  for (let i = 0, k = 0; i + n <= pcm.length; i += n, k++) {
    // The frame's loudest sample, for the recording's silence check (shared/recording/evidence.ts).
    let peak = 0;
    for (let j = i; j < i + n; j++) {
      const v = pcm[j] < 0 ? -pcm[j] : pcm[j];
      if (v > peak) peak = v;
    }
    peaks[k] = peak > 32767 ? 32767 : peak;
    const p = enc.encode(pcm.subarray(i, i + n), n);
    packets.push(p);
    total += p.length;
  }
  const bytes = new Uint8Array(total);
  const lengths = new Uint16Array(packets.length);
  let at = 0;
  packets.forEach((p, k) => { bytes.set(p, at); at += p.length; lengths[k] = p.length; });
  parentPort.postMessage({ first: m.first, lastAt: m.lastAt, bytes, lengths, peaks }, [bytes.buffer, lengths.buffer, peaks.buffer]);
});
`;

export interface EncodedBatch {
  /** Capture index of the first frame. */
  first: number;
  /** Wall-clock ms at which the last frame's audio ended. */
  lastAt: number;
  packets: Uint8Array[];
  /** Each frame's loudest sample before encoding (0-32767), in the packets' order. */
  peaks: Uint16Array;
}

export interface OpusEncoderOptions {
  bitrate?: number;
  complexity?: number;
  /** Absolute path of opusscript's entry (packaged apps); default: resolved from here. */
  opusscriptPath?: string;
}

/**
 * Frames go in with their capture index; packets come back in the same order. If the worker dies
 * a new one takes over; the frames it held are lost (the recording waits for them, then closes).
 */
export class OpusWorkerEncoder {
  private worker: Worker | null = null;
  private readonly listeners: ((b: EncodedBatch) => void)[] = [];
  private readonly errorListeners: ((message: string) => void)[] = [];
  private inFlight = 0;
  private idle: (() => void)[] = [];
  private closed = false;
  private readonly opusscriptPath: string;

  constructor(private readonly opts: OpusEncoderOptions = {}) {
    this.opusscriptPath = opts.opusscriptPath ?? createRequire(import.meta.url).resolve('opusscript');
    this.spawn();
  }

  onPackets(cb: (b: EncodedBatch) => void): void {
    this.listeners.push(cb);
  }

  onError(cb: (message: string) => void): void {
    this.errorListeners.push(cb);
  }

  /** Queues whole frames (a multiple of 320 samples). The buffer is transferred, not copied. */
  encode(first: number, samples: Int16Array, lastAt: number): void {
    if (this.closed || !this.worker || samples.length < FRAME_SAMPLES) return; // no worker: frames lost
    const own = samples.byteOffset === 0 && samples.byteLength === samples.buffer.byteLength ? samples : samples.slice();
    this.inFlight++;
    this.worker.postMessage({ type: 'encode', first, lastAt, samples: own.buffer }, [own.buffer as ArrayBuffer]);
  }

  /** Resolves when every frame queued so far has come back encoded. */
  drained(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((r) => this.idle.push(r));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.drained();
    this.closed = true;
    const w = this.worker;
    this.worker = null;
    if (!w) return;
    await new Promise<void>((resolve) => {
      w.once('exit', () => resolve());
      w.postMessage({ type: 'close' });
      setTimeout(() => void w.terminate(), 2000).unref();
    });
  }

  private spawn(): void {
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        opusscriptPath: this.opusscriptPath,
        sampleRate: CAPTURE_SAMPLE_RATE,
        frameSamples: FRAME_SAMPLES,
        bitrate: this.opts.bitrate ?? OPUS_BITRATE,
        complexity: this.opts.complexity ?? OPUS_COMPLEXITY,
      },
    });
    this.worker = w;
    w.on('message', (m: { first: number; lastAt: number; bytes: Uint8Array; lengths: Uint16Array; peaks: Uint16Array }) => {
      const packets: Uint8Array[] = [];
      let at = 0;
      for (const len of m.lengths) {
        packets.push(m.bytes.subarray(at, at + len));
        at += len;
      }
      const batch = { first: m.first, lastAt: m.lastAt, packets, peaks: m.peaks };
      for (const cb of this.listeners) cb(batch);
      this.settle(1);
    });
    w.on('error', (err) => {
      for (const cb of this.errorListeners) cb(`opus encoder: ${err.message}`);
    });
    w.on('exit', () => {
      if (this.worker !== w) return;
      this.worker = null;
      this.settle(this.inFlight); // what it held is gone
      // A second late, so a worker that cannot even start does not spin.
      if (!this.closed) setTimeout(() => !this.closed && this.spawn(), 1000).unref();
    });
  }

  private settle(n: number): void {
    this.inFlight = Math.max(0, this.inFlight - n);
    if (this.inFlight === 0) for (const r of this.idle.splice(0)) r();
  }
}
