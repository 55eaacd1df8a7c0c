/** A running capture program: 16 kHz mono signed 16-bit little-endian raw PCM on its stdout. */
export interface CaptureSource {
  onData(cb: (pcm: Buffer) => void): void;
  /** Problems, as plain strings (the program's own last words, "sox is not installed", ...). */
  onError(cb: (message: string) => void): void;
  /** The program ended, by itself or after stop(). Called once. */
  onExit(cb: (code: number | null) => void): void;
  stop(): void;
  /** The command line, for diagnostics. */
  describe?(): string;
}

export interface CaptureRequest {
  /** Device name as the program knows it (sox: AUDIODEV, e.g. a PulseAudio source; arecord: -D). */
  device?: string;
  sampleRate: number;
  /**
   * 'recording': the all-day capture, read in long blocks (cheap); 'live': a second capture while
   * someone listens, in short blocks (prompt). Same microphone, same environment.
   */
  purpose: 'recording' | 'live';
  /** Extra environment for the program (PULSE_SERVER, PULSE_LATENCY_MSEC, ...). */
  env?: NodeJS.ProcessEnv;
}

/** Starts one capture program. The seam for tests and for other platforms (ffmpeg on Windows). */
export type SpawnCapture = (req: CaptureRequest) => CaptureSource;
