// Types for node-record-lpcm16 1.0.x (CommonJS, ships none). Only what its source does:
// `record()` spawns the recorder program at once; `stream()` is the child's stdout, which emits
// 'error' with a STRING (not an Error) when the program exits with a non-zero code.
declare module 'node-record-lpcm16' {
  import type { ChildProcess, SpawnOptions } from 'node:child_process';
  import type { Readable } from 'node:stream';

  export interface RecordOptions {
    sampleRate?: number;
    channels?: number;
    compress?: boolean;
    threshold?: number;
    thresholdStart?: number | null;
    thresholdEnd?: number | null;
    silence?: string;
    /**
     * Resolved against the package's recorders/ folder and required: a built-in name, or an
     * absolute path to our own recorder module (it is called with these options, extras included).
     */
    recorder?: string;
    endOnSilence?: boolean;
    /** Passed to the program's type flag; 'raw' for headerless PCM. Default 'wav'. */
    audioType?: 'wav' | 'raw';
    /** arecord: -D device; sox: the AUDIODEV environment variable; rec: ignored. */
    device?: string | null;
    /** Our arecordPeriod.cjs recorder: ALSA period in milliseconds. */
    periodMs?: number;
  }

  export interface Recording {
    readonly process: ChildProcess;
    readonly cmd: string;
    readonly args: string[];
    readonly cmdOptions: SpawnOptions;
    stream(): Readable;
    stop(): void;
    pause(): void;
    resume(): void;
    isPaused(): boolean;
  }

  export function record(options?: RecordOptions): Recording;
}
