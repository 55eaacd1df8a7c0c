// The capture program, started through node-record-lpcm16 (sox, rec or arecord), as a
// CaptureSource. Guards against the library's traps: it does not handle the child's 'error'
// event (a missing sox would crash the process), it reports exits as string 'error' events on the
// stream, and arecord exits 1 on every stop.
// 'arecord-period' is arecord with a chosen ALSA period (recorders/arecordPeriod.cjs): the
// library requires `path.resolve(its recorders dir, name)`, so an absolute path loads our module.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Recording, RecordOptions } from 'node-record-lpcm16';
import type { CaptureRequest, CaptureSource, SpawnCapture } from './captureSource.js';

export type RecorderProgram = 'sox' | 'rec' | 'arecord' | 'arecord-period';

/**
 * On Linux, arecord with a chosen period: long blocks for the all-day recording (few wake-ups,
 * little CPU), short ones for live listening (against sox's ~128 ms blocks plus its own buffering,
 * it halves the delay); docs/recording.md has the figures. Elsewhere sox, the package's default.
 */
export function defaultRecorderProgram(platform: NodeJS.Platform = process.platform): RecorderProgram {
  return platform === 'linux' ? 'arecord-period' : 'sox';
}

export const DEFAULT_RECORDER_PROGRAM: RecorderProgram = defaultRecorderProgram();

/**
 * arecord-period's ALSA period for the recording: 25 Opus frames per block. Each block wakes the
 * capture program, PulseAudio's client thread and Node; at 40 ms that was most of the recorder's
 * CPU. The block is also what a crash can lose, so it stays well under the 2 s allowed.
 */
export const RECORDING_PERIOD_MS = 500;
/** ...and for live listening, while someone listens: two Opus frames per block. */
export const LIVE_PERIOD_MS = 40;

/** Next to this file in the sources; scripts/build.mjs copies it next to the built file in dist/. */
const ARECORD_PERIOD_RECORDER = fileURLToPath(new URL('./recorders/arecordPeriod.cjs', import.meta.url));

export interface Lpcm16CaptureOptions {
  program?: RecorderProgram;
  /**
   * Absolute path of node-record-lpcm16's entry file. It finds its recorders with
   * `require(path.resolve(__dirname, name))`, which breaks once bundled: keep it external, and
   * point here at the unpacked copy when the app is packaged.
   */
  recorderModule?: string;
  /** 'arecord-period' only: ALSA period in ms (default RECORDING_PERIOD_MS). */
  periodMs?: number;
  /** 'arecord-period' only: absolute path of arecordPeriod.cjs when packaged (default: next to this file). */
  periodRecorderPath?: string;
}

type Lpcm16Module = { record(options?: RecordOptions): Recording };

const requireHere = createRequire(import.meta.url);

function loadModule(path: string | undefined): Lpcm16Module {
  return requireHere(path ?? 'node-record-lpcm16') as Lpcm16Module;
}

/** Runs `fn` with extra environment variables; the library spawns synchronously inside it. */
function withEnv<T>(env: NodeJS.ProcessEnv | undefined, fn: () => T): T {
  if (!env) return fn();
  const saved = new Map<string, string | undefined>();
  for (const [k, v] of Object.entries(env)) {
    saved.set(k, process.env[k]);
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return fn();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

export function lpcm16Capture(opts: Lpcm16CaptureOptions = {}): SpawnCapture {
  const program = opts.program ?? DEFAULT_RECORDER_PROGRAM;
  return (req: CaptureRequest): CaptureSource => {
    const onData: ((pcm: Buffer) => void)[] = [];
    const onError: ((message: string) => void)[] = [];
    const onExit: ((code: number | null) => void)[] = [];
    let exited = false;
    let stopped = false;
    let stderrTail = '';
    const error = (message: string) => {
      if (!stopped) for (const cb of onError) cb(message);
    };
    const exit = (code: number | null) => {
      if (exited) return;
      exited = true;
      for (const cb of onExit) cb(code);
    };
    let rec: Recording | null = null;
    try {
      const mod = loadModule(opts.recorderModule);
      rec = withEnv(req.env, () =>
        mod.record({
          sampleRate: req.sampleRate,
          channels: 1,
          audioType: 'raw',
          recorder: program === 'arecord-period' ? (opts.periodRecorderPath ?? ARECORD_PERIOD_RECORDER) : program,
          device: req.device ?? null,
          periodMs: opts.periodMs ?? RECORDING_PERIOD_MS,
        }),
      );
    } catch (err) {
      // A missing module or an unknown recorder name: report like an exit, asynchronously.
      const message = err instanceof Error ? err.message : String(err);
      setImmediate(() => {
        error(message);
        exit(null);
      });
    }
    if (rec) {
      const child = rec.process;
      const cmd = rec.cmd;
      // Spawn failures (ENOENT when the program is not installed) come here, not as exceptions.
      child.on('error', (err: NodeJS.ErrnoException) => {
        error(err.code === 'ENOENT' ? `${cmd} is not installed (not found on PATH)` : `${cmd}: ${err.message}`);
        if (child.pid === undefined) exit(null);
      });
      child.stderr?.on('data', (d: Buffer) => {
        stderrTail = (stderrTail + String(d)).slice(-2000);
      });
      const stream = rec.stream();
      // The library emits a string here when the program exits non-zero; our exit handler says more.
      stream.on('error', () => {});
      stream.on('data', (chunk: Buffer | string) => {
        const pcm = typeof chunk === 'string' ? Buffer.from(chunk, 'binary') : chunk;
        for (const cb of onData) cb(pcm);
      });
      child.on('close', (code) => {
        if (!stopped && code !== 0) {
          const lastLine = stderrTail.trim().split('\n').pop()?.trim();
          error(lastLine ? `${cmd}: ${lastLine}` : `${cmd} exited with code ${code}`);
        }
        exit(code);
      });
    }
    return {
      onData: (cb) => void onData.push(cb),
      onError: (cb) => void onError.push(cb),
      onExit: (cb) => void onExit.push(cb),
      stop() {
        if (stopped) return;
        stopped = true; // arecord exits 1 and sox dies by signal on every stop: not errors
        if (rec && !exited) rec.process.kill('SIGTERM');
      },
      describe: () => (rec ? `${rec.cmd} ${rec.args.join(' ')}` : program),
    };
  };
}

export type { CaptureRequest, CaptureSource, SpawnCapture };
