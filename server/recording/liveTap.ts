// Live listening's own capture: while a lead listens, a second capture of the same microphone with
// a short period (40 ms blocks), encoded packet by packet. The recording's capture reads in long
// blocks all day, which costs a tenth of the CPU, and is never restarted or re-timed for a
// listener: the two streams share nothing but the microphone (PulseAudio, PipeWire and Windows
// all let two programs read one).
import { CAPTURE_SAMPLE_RATE, FRAME_GRANULES, FRAME_MS, FRAME_SAMPLES } from '../../shared/recording/oggOpus.js';
import { PcmFramer, audioEndAt } from '../../shared/recording/pcmFramer.js';
import { backoffCeiling } from '../../shared/sync/backoff.js';
import type { BackoffOptions } from '../../shared/sync/backoff.js';
import type { CaptureRequest, CaptureSource, SpawnCapture } from './captureSource.js';
import { OpusWorkerEncoder } from './opusEncoder.js';

/** One encoded Opus packet (20 ms) offered to live listeners. */
export interface LivePacket {
  counter: number;
  /** +1 per packet while someone listens (a gap means packets were lost or the tap restarted). */
  seq: number;
  /** Wall-clock ms (epoch) at which the packet's audio ended. */
  at: number;
  /** 48 kHz granule position of the packet's end in the live stream. */
  granule: number;
  data: Uint8Array;
}

export interface LiveTapOptions {
  counter: number;
  spawnCapture: SpawnCapture;
  request: Omit<CaptureRequest, 'purpose'>;
  /** The first packet's seq: taps started one after another keep numbering upwards. */
  firstSeq: number;
  onPacket: (p: LivePacket) => void;
  /** The capture program failed (it is restarted while the tap runs). Not a recording problem. */
  onProblem?: (message: string) => void;
  /**
   * The first program ended without any audio (e.g. a raw ALSA device that one program at a time
   * may open): the tap gives up instead of retrying, and says why.
   */
  onUnavailable?: (message: string) => void;
  opusscriptPath?: string;
  now: () => number;
}

/** Restart delays of the live capture program: 1 s, 2 s, 4 s ... at most half a minute. */
const RESTART_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 30_000 };

export class LiveTap {
  private readonly framer = new PcmFramer();
  private readonly encoder: OpusWorkerEncoder;
  private source: CaptureSource | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private everDelivered = false;
  private stopped = false;
  /** Wall-clock end of the last frame handed to the encoder. */
  private lastFrameAt: number | null = null;
  private seqBase: number;

  constructor(private readonly opts: LiveTapOptions) {
    this.seqBase = opts.firstSeq;
    this.encoder = new OpusWorkerEncoder({ opusscriptPath: opts.opusscriptPath });
    this.encoder.onPackets((b) => {
      const n = b.packets.length;
      b.packets.forEach((data, i) => {
        const seq = this.seqBase + b.first + i;
        this.opts.onPacket({ counter: opts.counter, seq, at: b.lastAt - (n - 1 - i) * FRAME_MS, granule: (seq + 1) * FRAME_GRANULES, data });
      });
    });
    this.encoder.onError((m) => this.opts.onProblem?.(m));
    this.spawn();
  }

  /** The seq the next tap should start at. */
  get nextSeq(): number {
    return this.seqBase + this.framer.frames;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const source = this.source;
    this.source = null;
    if (source) {
      await new Promise<void>((resolve) => {
        source.onExit(() => resolve());
        source.stop();
        setTimeout(resolve, 3000).unref();
      });
    }
    await this.encoder.close();
  }

  private spawn(): void {
    const source = this.opts.spawnCapture({ ...this.opts.request, sampleRate: CAPTURE_SAMPLE_RATE, purpose: 'live' });
    this.source = source;
    let delivered = false;
    let lastError: string | null = null;
    // A restarted program's partial frame never joins the next one's audio; numbering goes on.
    this.seqBase += this.framer.frames;
    this.framer.frames = 0;
    this.framer.reset();
    source.onData((pcm) => {
      if (this.source !== source) return;
      delivered = true;
      this.everDelivered = true;
      const now = this.opts.now();
      const { first, samples } = this.framer.push(pcm);
      if (samples.length < FRAME_SAMPLES) return;
      this.lastFrameAt = audioEndAt(this.lastFrameAt, now, samples.length / FRAME_SAMPLES);
      this.encoder.encode(first, samples, this.lastFrameAt);
    });
    source.onError((m) => (lastError = m));
    source.onExit((code) => {
      if (this.source !== source || this.stopped) return;
      this.source = null;
      if (!delivered && !this.everDelivered && this.opts.onUnavailable) {
        this.opts.onUnavailable(lastError ?? `the live capture program exited (code ${code})`);
        return;
      }
      if (delivered) this.failures = 0;
      const delay = backoffCeiling(this.failures++, RESTART_BACKOFF);
      this.opts.onProblem?.(`${lastError ?? `the live capture program exited (code ${code})`}; restarting in ${delay / 1000} s`);
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        if (!this.stopped) this.spawn();
      }, delay);
    });
  }
}
