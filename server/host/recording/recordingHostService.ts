import { join } from 'node:path';
import type { HostHandlers } from '../../../shared/host/contract.js';
import type {
  FinishedRecordingView,
  LocalRecordingFile,
  Microphone,
  RecorderStateView,
  RecordingCredentials,
  RecordingHostSnapshot,
  RecordingMetaInput,
} from '../../../shared/recording/hostChannels.js';
import type { LiveStreamInfo } from '../../../shared/recording/live.js';
import { DEFAULT_RECORDING_SETTINGS } from '../../../shared/recording/settings.js';
import type { RecordingSettings } from '../../../shared/recording/settings.js';
import { UPLOADS_PATH } from '../../../shared/uploads/paths.js';
import { CounterRecorder } from '../../recording/counterRecorder.js';
import type { CounterRecorderOptions, FinishedRecording, LivePacket, RecorderState } from '../../recording/counterRecorder.js';
import { DEFAULT_RECORDER_PROGRAM } from '../../recording/lpcm16Capture.js';
import { captureTarget, listMicrophones } from '../../recording/microphones.js';
import { deleteAfterConfirm } from '../../uploads/client/deleteAfterConfirm.js';
import { UploadError } from '../../uploads/client/uploadError.js';
import type { UploadFailureCode } from '../../../shared/uploads/errors.js';
import { uploadFile } from '../../uploads/client/uploadFile.js';
import type { UploadFileOptions } from '../../uploads/client/uploadFile.js';
import type { HubPin } from '../../uploads/client/hubPin.js';
import { sha256OfFile } from '../../uploads/hashFile.js';
import { HostEventLog } from './eventLog.js';
import { LivePublisher } from './livePublisher.js';
import type { LivePublisherOptions } from './livePublisher.js';
import { LocalRecordingFiles } from './localFiles.js';

/** What the service needs of a recorder: CounterRecorder's public surface (server/recording/). */
export interface RecorderLike {
  start(): void;
  beginService(meta: FinishedRecording['meta']): void;
  endService(): Promise<FinishedRecording | null>;
  repaired(): FinishedRecording[];
  state(): RecorderState;
  onState(cb: (s: RecorderState) => void): () => void;
  onPacket(cb: (p: LivePacket) => void): () => void;
  /** Someone listens live (the recorder runs its live capture) or nobody does any more (it stops it). */
  setLive?(live: boolean): void;
  /** Every finished recording, including one cut short by the next beginService() or by close(). */
  onFinished?(cb: (f: FinishedRecording) => void): () => void;
  /** Finishes any recording under way (returned, when the recorder reports it) and stops the capture. */
  close(): Promise<FinishedRecording | null | void>;
}

export type OpenRecorder = (opts: CounterRecorderOptions) => Promise<RecorderLike>;

export type RecordingChannel = Extract<keyof HostHandlers, `recording:${string}`>;
export type RecordingHandlers = Pick<HostHandlers, RecordingChannel>;

export interface RecordingHostOptions {
  /** Recordings go to `<dir>/counter-<n>/`. */
  dir: string;
  /** The branch hub's base URL (uploads and live audio go there). */
  hubUrl: () => string;
  /**
   * The hub's certificate on https (the branch certificate is self-made): the only one uploads,
   * status queries and live audio trust. Null or absent on http.
   */
  hubPin?: () => HubPin | null;
  /** Default: CounterRecorder.open (the real capture); tests pass a fake. */
  openRecorder?: OpenRecorder;
  /** Passed to every recorder: capture device and program, environment (e.g. PULSE_SERVER). */
  recorder?: Pick<CounterRecorderOptions, 'device' | 'recorderProgram' | 'recorderModule' | 'spawnCapture' | 'env' | 'opusscriptPath'>;
  /** Default: PulseAudio's sources, else ALSA's devices (server/recording/microphones.ts); tests pass a list. */
  listMicrophones?: () => Promise<{ source: 'pulse' | 'alsa' | 'none'; microphones: Microphone[] }>;
  /** What live listeners are told the packets are. */
  stream?: LiveStreamInfo;
  /** Upload tuning (tests shorten the timeouts). */
  upload?: Pick<UploadFileOptions, 'stallTimeoutMs' | 'maxAttempts' | 'backoff' | 'confirmTimeoutMs' | 'chunkSize'>;
  publisher?: Pick<LivePublisherOptions, 'createSocket' | 'random'>;
  /** How often a recorder that failed to open is tried again. Default 30 s. */
  reopenMs?: number;
  now?: () => Date;
  log?: (message: string) => void;
}

/** Packets of 20 ms, captured at 16 kHz mono (server/recording/, issue 5). */
export const DEFAULT_STREAM: LiveStreamInfo = { codec: 'opus', sampleRate: 16_000, channels: 1, frameMs: 20 };

interface Slot {
  counter: number;
  files: LocalRecordingFiles;
  events: HostEventLog;
  settings: RecordingSettings;
  credentials: RecordingCredentials | null;
  recorder: RecorderLike | null;
  /** The workstation's chosen microphone (null: the system default) and the one the recorder uses. */
  microphone: string | null;
  recorderMicrophone: string | null;
  opening: Promise<void> | null;
  openError: string | null;
  current: RecordingMetaInput | null;
  /** Serialises begin/end (and close) of this counter. */
  chain: Promise<unknown>;
  unsubscribe: Array<() => void>;
  publisher: LivePublisher | null;
  publisherToken: string | null;
  uploads: Map<string, Promise<void>>;
  /** Finished recordings already noted (the recorder's notice and endService's answer are one). */
  noted: Map<string, FinishedRecordingView>;
  reopenTimer: NodeJS.Timeout | null;
}

/**
 * The host side of counter recording, the same in Electron main and in the browser host: one
 * CounterRecorder per counter (opened when the counter's screen asks), the recording notices
 * for the renderer's long poll, uploads to the hub (tus, verified), deletion only after the hub
 * confirms, hold markers, and the live publisher. The renderer's Dexie index is the record of
 * what exists; this service is the hands that hold the files.
 */
export class RecordingHostService {
  private readonly slots = new Map<number, Slot>();
  private closed = false;
  private readonly now: () => Date;
  private readonly log: (message: string) => void;

  constructor(private readonly opts: RecordingHostOptions) {
    this.now = opts.now ?? (() => new Date());
    this.log = opts.log ?? ((m) => console.warn(`[recording] ${m}`));
  }

  handlers(): RecordingHandlers {
    return {
      'recording:open': (i) => this.open(i.counter, i.settings, i.credentials, i.microphone ?? null),
      'recording:microphones': () => (this.opts.listMicrophones ?? (() => listMicrophones(this.opts.recorder?.env)))(),
      'recording:begin': (i) => this.begin(i.counter, i.meta),
      'recording:end': async (i) => ({ finished: await this.end(i.counter) }),
      'recording:events': async (i) => {
        const slot = this.slot(i.counter);
        const events = await slot.events.next(i.after, i.waitMs);
        return { events, next: slot.events.cursor, state: this.stateOf(slot) };
      },
      'recording:list': (i) => this.list(i.counter),
      'recording:upload': (i) => this.upload(i.counter, i.recordingId, i.sha256, i.credentials),
      'recording:delete': (i) => this.remove(i.counter, i.recordingId, i.sha256, i.credentials),
      'recording:hold': async (i) => {
        await this.slot(i.counter).files.setHeld(i.recordingId, i.held);
        return { held: i.held };
      },
    };
  }

  private slot(counter: number): Slot {
    let s = this.slots.get(counter);
    if (!s) {
      s = {
        counter,
        files: new LocalRecordingFiles(join(this.opts.dir, `counter-${counter}`)),
        events: new HostEventLog(),
        settings: DEFAULT_RECORDING_SETTINGS,
        credentials: null,
        recorder: null,
        microphone: null,
        recorderMicrophone: null,
        opening: null,
        openError: null,
        current: null,
        chain: Promise.resolve(),
        unsubscribe: [],
        publisher: null,
        publisherToken: null,
        uploads: new Map(),
        noted: new Map(),
        reopenTimer: null,
      };
      this.slots.set(counter, s);
    }
    return s;
  }

  private serial<T>(slot: Slot, fn: () => Promise<T>): Promise<T> {
    const run = slot.chain.then(fn, fn);
    slot.chain = run.catch(() => undefined);
    return run;
  }

  private stateOf(slot: Slot): RecorderStateView {
    if (!slot.settings.enabled) return { kind: 'not_recording', detail: 'recording is switched off in the branch configuration', since: this.now().toISOString() };
    if (!slot.recorder) {
      return { kind: 'not_recording', detail: slot.openError ?? (slot.opening ? 'starting the recorder' : 'the recorder is not running'), since: this.now().toISOString() };
    }
    return toView(slot.recorder.state(), this.now());
  }

  private snapshot(slot: Slot): RecordingHostSnapshot {
    return { enabled: slot.settings.enabled, state: this.stateOf(slot), current: slot.current?.recordingId ?? null, cursor: slot.events.cursor };
  }

  async open(counter: number, settings: RecordingSettings, credentials: RecordingCredentials | null, microphone: string | null = null): Promise<RecordingHostSnapshot> {
    if (this.closed) throw new Error('the recording service is closed');
    const slot = this.slot(counter);
    slot.settings = settings;
    slot.credentials = credentials;
    slot.microphone = microphone;
    if (settings.enabled && !slot.recorder) {
      slot.opening ??= this.startRecorder(slot).finally(() => (slot.opening = null));
      await slot.opening;
    }
    // Another microphone: the capture restarts on it now, or at the end of the service under way.
    if (slot.recorder && slot.microphone !== slot.recorderMicrophone) await this.serial(slot, () => this.switchMicrophone(slot));
    this.syncPublisher(slot);
    return this.snapshot(slot);
  }

  private async startRecorder(slot: Slot): Promise<void> {
    const open = this.opts.openRecorder ?? ((o: CounterRecorderOptions) => CounterRecorder.open(o));
    try {
      await slot.files.ensure();
      const microphone = slot.microphone;
      const target = captureTarget(microphone, this.opts.recorder?.recorderProgram ?? DEFAULT_RECORDER_PROGRAM);
      const recorder = await open({
        dir: slot.files.dir,
        counter: slot.counter,
        settings: slot.settings,
        ...this.opts.recorder,
        device: target.device ?? this.opts.recorder?.device,
        env: { ...this.opts.recorder?.env, ...target.env },
        ...(this.opts.now ? { now: this.opts.now } : {}),
      });
      slot.recorder = recorder;
      slot.recorderMicrophone = microphone;
      slot.openError = null;
      for (const f of recorder.repaired()) await this.noteFinished(slot, f);
      slot.unsubscribe.push(
        recorder.onState((s) => {
          const view = toView(s, this.now());
          slot.events.push({ type: 'state', state: view });
          slot.publisher?.setState({ kind: view.kind, since: view.since });
        }),
      );
      slot.unsubscribe.push(recorder.onPacket((p) => slot.publisher?.send(p)));
      if (recorder.onFinished) slot.unsubscribe.push(recorder.onFinished((f) => void this.noteFinished(slot, f).catch((err: unknown) => this.log(`counter ${slot.counter}: ${String(err)}`))));
      recorder.start();
      recorder.setLive?.(slot.publisher?.heard ?? false);
      slot.events.push({ type: 'state', state: this.stateOf(slot) });
    } catch (err) {
      // Said on the counter (not recording + why), and tried again: never a silent failure.
      slot.openError = `the recorder could not start: ${String((err as Error)?.message ?? err)}`.slice(0, 500);
      this.log(`counter ${slot.counter}: ${slot.openError}`);
      slot.events.push({ type: 'state', state: this.stateOf(slot) });
      if (!slot.reopenTimer && !this.closed) {
        slot.reopenTimer = setTimeout(() => {
          slot.reopenTimer = null;
          if (!this.closed && !slot.recorder && slot.settings.enabled) void this.open(slot.counter, slot.settings, slot.credentials).catch(() => undefined);
        }, this.opts.reopenMs ?? 30_000);
      }
    }
  }

  /** Live audio goes to the hub while the counter has a recorder and a device token. */
  private syncPublisher(slot: Slot): void {
    const token = slot.credentials?.token ?? null;
    if (slot.publisher && (slot.publisherToken !== token || !slot.recorder)) {
      slot.publisher.stop();
      slot.publisher = null;
    }
    if (!slot.publisher && token && slot.recorder) {
      slot.publisher = new LivePublisher({
        hubUrl: this.opts.hubUrl,
        token,
        counter: slot.counter,
        stream: this.opts.stream ?? DEFAULT_STREAM,
        onHeard: (heard) => slot.recorder?.setLive?.(heard),
        state: publisherState(this.stateOf(slot)),
        ...(this.opts.hubPin ? { pin: this.opts.hubPin } : {}),
        ...this.opts.publisher,
      });
      slot.publisherToken = token;
      slot.publisher.start();
    }
  }

  private async noteFinished(slot: Slot, f: FinishedRecording): Promise<FinishedRecordingView> {
    const known = slot.noted.get(f.meta.recordingId);
    if (known) return known;
    const view = toFinishedView(f, slot.counter);
    slot.noted.set(view.recordingId, view);
    await slot.files.saveFinished(view);
    slot.events.push({ type: 'finished', recording: view });
    return view;
  }

  begin(counter: number, meta: RecordingMetaInput) {
    const slot = this.slot(counter);
    return this.serial(slot, async () => {
      const finished = slot.current ? await this.endNow(slot) : null;
      if (!slot.recorder || !slot.settings.enabled) return { started: false, state: this.stateOf(slot), finished };
      slot.recorder.beginService({ ...meta, counter });
      slot.current = meta;
      return { started: true, state: this.stateOf(slot), finished };
    });
  }

  end(counter: number): Promise<FinishedRecordingView | null> {
    const slot = this.slot(counter);
    return this.serial(slot, () => this.endNow(slot));
  }

  private async endNow(slot: Slot): Promise<FinishedRecordingView | null> {
    const recorder = slot.recorder;
    slot.current = null;
    if (!recorder) return null;
    const f = await recorder.endService();
    const view = f ? await this.noteFinished(slot, f) : null;
    if (!this.closed && slot.microphone !== slot.recorderMicrophone) await this.switchMicrophone(slot);
    return view;
  }

  /** Runs in the slot's serial chain. Never cuts a service: with one under way, endNow() does it. */
  private async switchMicrophone(slot: Slot): Promise<void> {
    if (!slot.recorder || slot.current || slot.microphone === slot.recorderMicrophone) return;
    await this.stopRecorder(slot);
    if (slot.settings.enabled && !this.closed) await this.startRecorder(slot);
    this.syncPublisher(slot);
  }

  private async stopRecorder(slot: Slot): Promise<void> {
    for (const u of slot.unsubscribe.splice(0)) u();
    const last = await slot.recorder?.close();
    if (last) await this.noteFinished(slot, last);
    slot.recorder = null;
  }

  async list(counter: number): Promise<{ files: LocalRecordingFile[]; current: string | null }> {
    const slot = this.slot(counter);
    const files: LocalRecordingFile[] = [];
    for (const f of await slot.files.list()) {
      if (f.id === slot.current?.recordingId) continue;
      let finished = await slot.files.finished(f.id);
      // A file without its note (the process died between the two): hashed now, so it can still be indexed.
      if (!finished) finished = await this.describeOrphan(slot, f);
      files.push({ recordingId: f.id, bytes: f.bytes, finished, held: await slot.files.isHeld(f.id) });
    }
    return { files, current: slot.current?.recordingId ?? null };
  }

  private async describeOrphan(slot: Slot, f: { id: string; bytes: number; modifiedAt: string }): Promise<FinishedRecordingView | null> {
    if (f.bytes === 0) return null;
    try {
      const sha256 = await sha256OfFile(slot.files.audioPath(f.id));
      // Without the recorder's note only the file is known: it counts as interrupted, ending when last written.
      const view: FinishedRecordingView = {
        recordingId: f.id,
        ticketId: null,
        ticketNumber: null,
        service: null,
        tellerId: 'unknown',
        counter: slot.counter,
        startedAt: f.modifiedAt,
        endedAt: f.modifiedAt,
        durationMs: 0,
        bytes: f.bytes,
        sha256,
        state: 'interrupted',
      };
      await slot.files.saveFinished(view);
      return view;
    } catch {
      return null;
    }
  }

  async upload(counter: number, recordingId: string, sha256: string, credentials: RecordingCredentials): Promise<{ state: 'verified' | 'uploading' | 'failed'; message?: string }> {
    const slot = this.slot(counter);
    if (slot.current?.recordingId === recordingId) return { state: 'failed', message: 'this recording is still being made' };
    const running = slot.uploads.get(recordingId);
    if (running) return { state: 'uploading' };
    const path = slot.files.audioPath(recordingId);
    let settled: { state: 'verified' | 'failed'; code?: UploadFailureCode; message?: string } | null = null;
    const job = (async () => {
      try {
        await uploadFile({
          endpoint: new URL(UPLOADS_PATH, this.opts.hubUrl()).href,
          token: credentials.token,
          filePath: path,
          recordId: recordingId,
          sha256,
          branchId: credentials.branchId,
          contentType: 'audio/ogg',
          urlStorageDir: join(slot.files.indexDir, 'upload-urls'),
          pin: this.opts.hubPin?.() ?? null,
          ...this.opts.upload,
        });
        settled = { state: 'verified' };
        slot.events.push({ type: 'uploaded', recordingId, sha256, at: this.now().toISOString() });
      } catch (err) {
        const e = err instanceof UploadError ? err : new UploadError('network', String((err as Error)?.message ?? err), true);
        const message = e.message.slice(0, 300);
        settled = { state: 'failed', code: e.code, message };
        slot.events.push({ type: 'upload_failed', recordingId, code: e.code, message, retryable: e.retryable });
      } finally {
        slot.uploads.delete(recordingId);
      }
    })();
    slot.uploads.set(recordingId, job);
    // A short file usually finishes at once: answer with the result if it comes quickly.
    await Promise.race([job, new Promise((r) => setTimeout(r, 1_500))]);
    return settled ?? { state: 'uploading' };
  }

  async remove(
    counter: number,
    recordingId: string,
    sha256: string,
    credentials: RecordingCredentials,
  ): Promise<{ deleted: boolean; reason: 'deleted' | 'held' | 'not_verified' | 'unreachable' | 'missing' }> {
    const slot = this.slot(counter);
    if (await slot.files.isHeld(recordingId)) return { deleted: false, reason: 'held' };
    if (!(await slot.files.list()).some((f) => f.id === recordingId)) return { deleted: false, reason: 'missing' };
    try {
      const { deleted } = await deleteAfterConfirm({
        endpoint: new URL(UPLOADS_PATH, this.opts.hubUrl()).href,
        token: credentials.token,
        recordId: recordingId,
        sha256,
        filePath: slot.files.audioPath(recordingId),
        pin: this.opts.hubPin?.() ?? null,
      });
      if (!deleted) return { deleted: false, reason: 'not_verified' };
      await slot.files.removeAudio(recordingId);
      return { deleted: true, reason: 'deleted' };
    } catch {
      return { deleted: false, reason: 'unreachable' };
    }
  }

  /** The machine goes to sleep: every service's recording is finished now (the counter begins a new one on the next call). */
  async suspend(): Promise<void> {
    await Promise.all([...this.slots.values()].map((slot) => this.serial(slot, () => this.endNow(slot)).catch(() => null)));
  }

  /** Ends every recording under way (so it is finished, not repaired later) and stops the capture. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      [...this.slots.values()].map(async (slot) => {
        if (slot.reopenTimer) clearTimeout(slot.reopenTimer);
        slot.publisher?.stop();
        await this.serial(slot, async () => {
          await this.endNow(slot).catch((err: unknown) => this.log(`counter ${slot.counter}: the last recording did not finish cleanly: ${String(err)}`));
          await this.stopRecorder(slot);
        });
        slot.events.wakeAll();
        await Promise.allSettled([...slot.uploads.values()]);
      }),
    );
  }
}

/** What the hub is told of the recorder (no diagnostics: only the displays' "recording or not"). */
function publisherState(s: RecorderStateView): { kind: RecorderStateView['kind']; since: string } {
  return { kind: s.kind, since: s.since };
}

function toView(s: RecorderState, now: Date): RecorderStateView {
  const since = Number.isFinite(Date.parse(s.since)) ? new Date(s.since).toISOString() : now.toISOString();
  return { kind: s.kind, ...(s.detail ? { detail: s.detail.slice(0, 500) } : {}), since };
}

function toFinishedView(f: FinishedRecording, counter: number): FinishedRecordingView {
  return {
    recordingId: f.meta.recordingId,
    ticketId: f.meta.ticketId,
    ticketNumber: f.meta.ticketNumber,
    service: f.meta.service,
    tellerId: f.meta.tellerId || 'unknown',
    counter,
    startedAt: new Date(f.startedAt).toISOString(),
    endedAt: new Date(f.endedAt).toISOString(),
    durationMs: f.durationMs,
    bytes: f.bytes,
    sha256: f.sha256,
    state: f.state,
    ...(f.silent === undefined ? {} : { silent: f.silent }),
  };
}
