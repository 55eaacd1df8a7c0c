// The counter's recorder: one long-running capture program per counter (restarted with backoff
// if it exits), encoded to Opus in a worker, cut into one recording per service with a pre-roll,
// written as Ogg Opus that survives a crash; while someone listens, a second short-block capture
// feeds the live packets (liveTap.ts).
// Node only (browser host and Electron main); the rules it applies live in shared/recording/.
import { mkdir, statfs } from 'node:fs/promises';
import { CAPTURE_SAMPLE_RATE, FRAME_GRANULES, FRAME_MS, FRAME_SAMPLES } from '../../shared/recording/oggOpus.js';
import { RecordingMeta } from '../../shared/recording/meta.js';
import type { FinishedRecording, RecorderState, RecorderStateKind } from '../../shared/recording/meta.js';
import { PcmFramer, audioEndAt } from '../../shared/recording/pcmFramer.js';
import { backoffCeiling } from '../../shared/sync/backoff.js';
import type { BackoffOptions } from '../../shared/sync/backoff.js';
import { Segmenter } from '../../shared/recording/segmenter.js';
import type { EncodedFrame, SegmentEvent } from '../../shared/recording/segmenter.js';
import type { RecordingSettings } from '../../shared/recording/settings.js';
import type { CaptureSource, SpawnCapture } from './captureSource.js';
import { LiveTap } from './liveTap.js';
import type { LivePacket } from './liveTap.js';
import { LIVE_PERIOD_MS, RECORDING_PERIOD_MS, lpcm16Capture } from './lpcm16Capture.js';
import type { RecorderProgram } from './lpcm16Capture.js';
import { OpusWorkerEncoder } from './opusEncoder.js';
import type { EncodedBatch } from './opusEncoder.js';
import { RecordingFile, repairPartFiles } from './recordingFile.js';

export type { FinishedRecording, RecorderState, RecorderStateKind } from '../../shared/recording/meta.js';
export { RecordingMeta } from '../../shared/recording/meta.js';
export type { CaptureRequest, CaptureSource, SpawnCapture } from './captureSource.js';
export type { LivePacket } from './liveTap.js';

/** What a live listener needs to decode the packets. */
export const LIVE_STREAM_FORMAT = { codec: 'opus', sampleRate: CAPTURE_SAMPLE_RATE, channels: 1, frameMs: FRAME_MS } as const;

export interface CounterRecorderOptions {
  /** Folder holding `<id>.opus.part` while recording and `<id>.opus` when finished. */
  dir: string;
  counter: number;
  /** Capture device as the program names it (sox: AUDIODEV, e.g. a PulseAudio source); default device otherwise. */
  device?: string;
  settings: RecordingSettings;
  /** node-record-lpcm16's recorder program; default 'sox'. */
  recorderProgram?: RecorderProgram;
  /** Absolute path of node-record-lpcm16's entry, for packaged apps (see docs/recording.md). */
  recorderModule?: string;
  /** 'arecord-period' only: the recording capture's ALSA period in ms (default RECORDING_PERIOD_MS). */
  recorderPeriodMs?: number;
  /** 'arecord-period' only: the live-listening capture's period in ms (default LIVE_PERIOD_MS). */
  livePeriodMs?: number;
  /** Replaces node-record-lpcm16 altogether (called with purpose 'recording' or 'live'): tests, or an ffmpeg-based capture on Windows. */
  spawnCapture?: SpawnCapture;
  /** Extra environment for the capture program (PULSE_SERVER, PULSE_LATENCY_MSEC, ...). */
  env?: NodeJS.ProcessEnv;
  /** Absolute path of opusscript's entry, for packaged apps. */
  opusscriptPath?: string;
  now?: () => Date;
}

export class RecordingError extends Error {
  constructor(
    readonly code: 'bad_request' | 'closed',
    message: string,
  ) {
    super(message);
    this.name = 'RecordingError';
  }
}

/** Restart delays of the capture program: 1 s, 2 s, 4 s ... at most a minute. */
const CAPTURE_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 60_000 };
/** A program that delivered audio this long is healthy again: the next failure restarts in 1 s. */
const HEALTHY_AFTER_MS = 10_000;
/** No audio for this long: the program hangs (device gone); it is restarted. */
const NO_AUDIO_MS = 10_000;
/**
 * Encoded audio is written and fsync'ed as it comes back from the encoder, at most this often (a
 * 500 ms capture block is written at once, sox's 128 ms blocks every fourth), so a crash or power
 * cut loses about one capture block.
 */
const FLUSH_MIN_GAP_MS = 400;
/** ...and at least this often, should the capture stop mid-service with audio not yet written. */
const FLUSH_MS = 1000;
const DISK_CHECK_MS = 30_000;
/** How long the end of a service waits for audio still on its way from the program/encoder. */
const END_WAIT_MS = 3000;
/** A capture gap during a service is filled with silence up to this long (keeps the timeline). */
const MAX_GAP_FILL_MS = 10 * 60_000;

type Capture = { source: CaptureSource; startedAt: number; firstDataAt: number | null; lastDataAt: number | null; lastError: string | null; stopReason: string | null };

export class CounterRecorder {
  private readonly now: () => Date;
  private readonly spawnCapture: SpawnCapture;
  private readonly segmenter: Segmenter<RecordingMeta>;
  private readonly framer = new PcmFramer();
  private encoder: OpusWorkerEncoder | null = null;
  private capture: Capture | null = null;
  private failures = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private timers: NodeJS.Timeout[] = [];
  private started = false;
  private closed = false;
  private captureProblem: string | null = null;
  private diskProblem: string | null = null;
  private writeProblem: string | null = null;
  private current: number | null = null;
  private readonly files = new Map<number, RecordingFile>();
  private readonly closedSegments = new Map<number, () => void>();
  /** Wall-clock end of the last frame handed to the encoder (gap filling). */
  private lastFrameAt: number | null = null;
  private lastChunkAt: number | null = null;
  private lastFlushAt = 0;
  private encodedCount = 0;
  /** The second, short-block capture while someone listens (setLive). */
  private liveTap: LiveTap | null = null;
  private live = false;
  private nextLiveSeq = 0;
  /** The live capture could not open the microphone: listeners get the recording's packets, later. */
  private liveFromRecording = false;
  /** The most frameNow() counts on beyond what has arrived: a capture block and some slack. */
  private readonly maxAheadFrames: number;
  private currentState: RecorderState;
  private readonly stateListeners = new Set<(s: RecorderState) => void>();
  private readonly packetListeners = new Set<(p: LivePacket) => void>();
  private readonly finishedListeners = new Set<(r: FinishedRecording) => void>();

  private constructor(
    private readonly opts: CounterRecorderOptions,
    private readonly repairedFiles: FinishedRecording[],
  ) {
    this.now = opts.now ?? (() => new Date());
    this.spawnCapture = opts.spawnCapture ?? twoCaptures(opts);
    this.maxAheadFrames = Math.ceil(((opts.recorderPeriodMs ?? RECORDING_PERIOD_MS) + 500) / FRAME_MS);
    this.segmenter = new Segmenter<RecordingMeta>(Math.round(opts.settings.preRollMs / FRAME_MS));
    this.currentState = { kind: 'not_recording', detail: 'stopped', since: this.now().toISOString() };
  }

  /** Creates the folder and repairs every `.part` a crash left there (see repaired()). */
  static async open(opts: CounterRecorderOptions): Promise<CounterRecorder> {
    await mkdir(opts.dir, { recursive: true });
    const repaired = await repairPartFiles(opts.dir, opts.counter);
    return new CounterRecorder(opts, repaired);
  }

  /** Recordings found unfinished at open() and repaired: state 'interrupted'. */
  repaired(): FinishedRecording[] {
    return [...this.repairedFiles];
  }

  /** Starts the long-running capture; idempotent. Nothing is captured when recording is disabled. */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    if (!this.opts.settings.enabled) return this.updateState();
    this.encoder = new OpusWorkerEncoder({ opusscriptPath: this.opts.opusscriptPath });
    this.encoder.onPackets((b) => this.onEncoded(b));
    this.encoder.onError((m) => console.error(`[recording] counter ${this.opts.counter}: ${m}`));
    this.timers.push(setInterval(() => this.flushFiles(), FLUSH_MS));
    this.timers.push(setInterval(() => void this.checkDisk(), DISK_CHECK_MS));
    this.timers.push(setInterval(() => this.watchCapture(), 1000));
    void this.checkDisk();
    this.startCapture();
    if (this.live) this.startLiveTap();
    this.updateState();
  }

  /**
   * A ticket is called (or a walk-in service begins): a new recording starts, settings.preRollMs
   * before now. A recording still running is cut here. Throws RecordingError on bad metadata.
   */
  beginService(meta: RecordingMeta): void {
    if (this.closed) throw new RecordingError('closed', 'the recorder is closed');
    const parsed = RecordingMeta.safeParse(meta);
    if (!parsed.success) throw new RecordingError('bad_request', `bad recording metadata: ${parsed.error.issues[0]?.message ?? ''}`);
    if (!this.started || !this.opts.settings.enabled) return;
    this.writeProblem = null; // a new file: a past write failure is checked again
    void this.checkDisk();
    const { key, events } = this.segmenter.begin(parsed.data, this.frameNow());
    this.current = key;
    this.apply(events);
    this.updateState();
  }

  /**
   * The service ends: waits for the audio up to now (at most a few seconds), finishes the file
   * and returns it; null when no recording was running.
   */
  async endService(): Promise<FinishedRecording | null> {
    const key = this.current;
    if (key === null) return null;
    this.current = null;
    this.updateState();
    const closed = new Promise<void>((r) => this.closedSegments.set(key, r));
    this.apply(this.segmenter.end(key, this.frameNow()));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise<void>((r) => (timer = setTimeout(r, END_WAIT_MS)))]);
    clearTimeout(timer);
    this.apply(this.segmenter.forceClose(key)); // no-op when it closed by itself
    this.closedSegments.delete(key);
    return this.finishSegment(key);
  }

  /** Frames (20 ms) encoded for the recording since start(): diagnostics, and benches waiting for the worker. */
  get framesEncoded(): number {
    return this.encodedCount;
  }

  state(): RecorderState {
    return this.currentState;
  }

  onState(cb: (s: RecorderState) => void): () => void {
    this.stateListeners.add(cb);
    return () => this.stateListeners.delete(cb);
  }

  /**
   * Every finished recording: those endService() returns, and those cut short by the next
   * beginService() or by close(). The one place to index them from.
   */
  onFinished(cb: (r: FinishedRecording) => void): () => void {
    this.finishedListeners.add(cb);
    return () => this.finishedListeners.delete(cb);
  }

  /** Every live packet (20 ms of Opus), recording or not, while setLive(true) is in force. */
  onPacket(cb: (p: LivePacket) => void): () => void {
    this.packetListeners.add(cb);
    return () => this.packetListeners.delete(cb);
  }

  /**
   * Someone listens live, or nobody does any more: a second capture in short blocks runs only
   * meanwhile (LiveTap), so the all-day capture can read in long, cheap blocks.
   */
  setLive(live: boolean): void {
    if (this.live === live) return;
    this.live = live;
    this.liveFromRecording = false; // each listening session tries the live capture again
    if (live) this.startLiveTap();
    else void this.stopLiveTap();
  }

  /** Ends the running service (finished normally), stops the capture and the encoder. */
  async close(): Promise<FinishedRecording | null> {
    if (this.closed) return null;
    const last = await this.endService();
    this.closed = true;
    await this.stopLiveTap();
    for (const t of this.timers) clearInterval(t);
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const capture = this.capture;
    this.capture = null;
    if (capture) await this.stopCapture(capture);
    await this.encoder?.close();
    for (const key of [...this.files.keys()]) {
      this.segmenter.forceClose(key);
      await this.finishSegment(key);
    }
    this.updateState();
    return last;
  }

  // --- capture -------------------------------------------------------------------------------

  private startCapture(): void {
    if (this.closed) return;
    const source = this.spawnCapture({ device: this.opts.device, sampleRate: CAPTURE_SAMPLE_RATE, env: this.opts.env, purpose: 'recording' });
    const capture: Capture = { source, startedAt: this.now().getTime(), firstDataAt: null, lastDataAt: null, lastError: null, stopReason: null };
    this.capture = capture;
    this.framer.reset(); // a partial frame of the previous program never joins this one's audio
    source.onData((pcm) => {
      if (this.capture === capture) this.onPcm(capture, pcm);
    });
    source.onError((message) => {
      capture.lastError = message;
    });
    source.onExit((code) => {
      if (this.capture !== capture || this.closed) return;
      this.capture = null;
      const ranWell = capture.firstDataAt !== null && (capture.lastDataAt ?? 0) - capture.firstDataAt >= HEALTHY_AFTER_MS;
      if (ranWell) this.failures = 0;
      this.captureProblem = capture.stopReason ?? capture.lastError ?? `the capture program exited (code ${code})`;
      const delay = backoffCeiling(this.failures++, CAPTURE_BACKOFF);
      console.error(`[recording] counter ${this.opts.counter}: ${this.captureProblem}; restarting in ${delay / 1000} s`);
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        this.startCapture();
      }, delay);
      this.updateState();
    });
  }

  private stopCapture(capture: Capture): Promise<void> {
    return new Promise<void>((resolve) => {
      capture.source.onExit(() => resolve());
      capture.source.stop();
      setTimeout(resolve, 3000).unref();
    });
  }

  /** A program that runs but gives no audio is as bad as none: say so and restart it. */
  private watchCapture(): void {
    const c = this.capture;
    if (!c || this.closed) return;
    const since = c.lastDataAt ?? c.startedAt;
    if (this.now().getTime() - since < NO_AUDIO_MS) return;
    c.stopReason = c.lastError ?? `no audio from the capture program for ${NO_AUDIO_MS / 1000} s`;
    c.source.stop();
  }

  private onPcm(capture: Capture, pcm: Buffer): void {
    const now = this.now().getTime();
    if (capture.firstDataAt === null) {
      capture.firstDataAt = now;
      this.captureProblem = null;
      this.fillGap(now - (pcm.length / 2 / CAPTURE_SAMPLE_RATE) * 1000);
      this.updateState();
    }
    capture.lastDataAt = now;
    this.lastChunkAt = now;
    const { first, samples } = this.framer.push(pcm);
    if (!samples.length) return;
    this.lastFrameAt = audioEndAt(this.lastFrameAt, now, samples.length / FRAME_SAMPLES);
    this.encoder?.encode(first, samples, this.lastFrameAt);
  }

  /** After a restart during a service, silence stands for the missing time, so the timeline holds. */
  private fillGap(audioStartedAt: number): void {
    if (this.lastFrameAt === null || this.segmenter.openKeys.length === 0) return;
    const gapMs = Math.min(MAX_GAP_FILL_MS, audioStartedAt - this.lastFrameAt);
    const frames = Math.floor(gapMs / FRAME_MS);
    if (frames <= 0) return;
    const { first, samples } = this.framer.silence(frames);
    this.lastFrameAt += frames * FRAME_MS;
    this.encoder?.encode(first, samples, this.lastFrameAt);
  }

  /**
   * The capture position that corresponds to this instant: frames received, plus the time since
   * the last block (RECORDING_PERIOD_MS, or sox's ~128 ms), bounded so a stalled program is not
   * waited for; nothing extra if it is down.
   */
  private frameNow(): number {
    const received = this.framer.frames;
    if (!this.capture || this.capture.firstDataAt === null || this.lastFrameAt === null) return received;
    const ahead = Math.floor((this.now().getTime() - this.lastFrameAt) / FRAME_MS);
    return received + Math.max(0, Math.min(ahead, this.maxAheadFrames));
  }

  // --- encoded frames -> recordings ------------------------------------------------------------

  private onEncoded(batch: EncodedBatch): void {
    const n = batch.packets.length;
    this.encodedCount += n;
    batch.packets.forEach((data, i) => {
      const peak = batch.peaks[i];
      const frame: EncodedFrame = { index: batch.first + i, at: batch.lastAt - (n - 1 - i) * FRAME_MS, data, ...(peak === undefined ? {} : { peak }) };
      this.apply(this.segmenter.push(frame));
      if (this.liveFromRecording) {
        const seq = this.nextLiveSeq++;
        this.offerLive({ counter: this.opts.counter, seq, at: frame.at, granule: (seq + 1) * FRAME_GRANULES, data });
      }
    });
    if (this.now().getTime() - this.lastFlushAt >= FLUSH_MIN_GAP_MS) this.flushFiles();
  }

  // --- live tap --------------------------------------------------------------------------------

  private startLiveTap(): void {
    if (this.liveTap || !this.started || this.closed || !this.opts.settings.enabled) return;
    this.liveTap = new LiveTap({
      counter: this.opts.counter,
      spawnCapture: this.spawnCapture,
      request: { device: this.opts.device, sampleRate: CAPTURE_SAMPLE_RATE, env: this.opts.env },
      firstSeq: this.nextLiveSeq,
      opusscriptPath: this.opts.opusscriptPath,
      now: () => this.now().getTime(),
      onPacket: (p) => this.offerLive(p),
      onProblem: (m) => console.error(`[recording] counter ${this.opts.counter}: live listening: ${m}`),
      onUnavailable: (m) => {
        // Better late than silent: the recording's own blocks, ~0.5 s later than a live capture.
        console.error(`[recording] counter ${this.opts.counter}: live listening uses the recording's capture (${m})`);
        void this.stopLiveTap();
        this.liveFromRecording = this.live;
      },
    });
  }

  private async stopLiveTap(): Promise<void> {
    const tap = this.liveTap;
    if (!tap) return;
    this.liveTap = null;
    this.nextLiveSeq = tap.nextSeq;
    await tap.stop();
  }

  private offerLive(p: LivePacket): void {
    for (const cb of this.packetListeners) {
      try {
        cb(p);
      } catch (err) {
        console.error(`[recording] live listener failed: ${String(err)}`);
      }
    }
  }

  private apply(events: SegmentEvent<RecordingMeta>[]): void {
    for (const e of events) {
      if (e.kind === 'open') {
        const file = new RecordingFile(this.opts.dir, e.meta, this.now().getTime(), (err) => this.onWriteFailure(err));
        this.files.set(e.key, file);
        for (const f of e.frames) file.add(f);
      } else if (e.kind === 'append') {
        this.files.get(e.key)?.add(e.frame);
      } else {
        const done = this.closedSegments.get(e.key);
        // endService() awaits its own; one cut by the next call is finished here.
        if (done) done();
        else void this.finishSegment(e.key);
      }
    }
  }

  private async finishSegment(key: number): Promise<FinishedRecording | null> {
    const file = this.files.get(key);
    if (!file) return null;
    this.files.delete(key);
    const r = await file.finish();
    if (r) for (const cb of this.finishedListeners) cb(r);
    return r;
  }

  private flushFiles(): void {
    this.lastFlushAt = this.now().getTime();
    for (const f of this.files.values()) void f.flush();
  }

  private onWriteFailure(err: Error): void {
    const code = (err as NodeJS.ErrnoException).code;
    this.writeProblem = code === 'ENOSPC' ? 'disk full: the recording stopped' : `cannot write the recording (${code ?? err.message})`;
    console.error(`[recording] counter ${this.opts.counter}: ${this.writeProblem}`);
    this.updateState();
  }

  private async checkDisk(): Promise<void> {
    try {
      const s = await statfs(this.opts.dir);
      const freeMb = Math.floor((Number(s.bavail) * Number(s.bsize)) / 1024 / 1024);
      this.diskProblem = freeMb < this.opts.settings.minFreeMegabytes ? `${freeMb} MB free (minimum ${this.opts.settings.minFreeMegabytes} MB)` : null;
    } catch (err) {
      this.diskProblem = `cannot check free space: ${(err as Error).message}`;
    }
    this.updateState();
  }

  // --- state -----------------------------------------------------------------------------------

  private computeState(): { kind: RecorderStateKind; detail?: string } {
    if (this.closed) return { kind: 'not_recording', detail: 'stopped' };
    if (!this.opts.settings.enabled) return { kind: 'not_recording', detail: 'disabled' };
    if (!this.started) return { kind: 'not_recording', detail: 'stopped' };
    if (this.captureProblem) return { kind: 'microphone_missing', detail: this.captureProblem };
    if (this.writeProblem) return { kind: 'disk_low', detail: this.writeProblem };
    if (this.diskProblem) return { kind: 'disk_low', detail: this.diskProblem };
    // Recording means audio is reaching the file: a service begun before the capture program
    // delivered anything is not recorded yet (the customer display shows the notice only then).
    if (this.current !== null) return this.capture?.firstDataAt ? { kind: 'recording' } : { kind: 'not_recording', detail: 'starting' };
    return { kind: 'not_recording', detail: this.capture?.firstDataAt ? 'idle' : 'starting' };
  }

  private updateState(): void {
    const next = this.computeState();
    const prev = this.currentState;
    if (prev.kind === next.kind && prev.detail === next.detail) return;
    this.currentState = { ...next, since: prev.kind === next.kind ? prev.since : this.now().toISOString() };
    for (const cb of this.stateListeners) cb(this.currentState);
  }
}

/** node-record-lpcm16 twice over: long blocks for the recording, short ones for live listening. */
function twoCaptures(opts: CounterRecorderOptions): SpawnCapture {
  const common = { program: opts.recorderProgram, recorderModule: opts.recorderModule };
  const recording = lpcm16Capture({ ...common, periodMs: opts.recorderPeriodMs ?? RECORDING_PERIOD_MS });
  const live = lpcm16Capture({ ...common, periodMs: opts.livePeriodMs ?? LIVE_PERIOD_MS });
  return (req) => (req.purpose === 'live' ? live : recording)(req);
}
