// Which capture programs the recording benches compare. BENCH_RECORDERS (comma-separated) narrows
// the list; BENCH_PERIOD_MS sets arecord-lowlatency's ALSA period (default 40 ms).
import type { RecorderProgram } from '../../server/recording/lpcm16Capture.js';

export type BenchRecorder = Exclude<RecorderProgram, 'rec'>;

const ALL: BenchRecorder[] = ['sox', 'arecord', 'arecord-lowlatency'];

export const BENCH_PERIOD_MS = process.env.BENCH_PERIOD_MS ? Number(process.env.BENCH_PERIOD_MS) : undefined;

export function benchRecorders(): BenchRecorder[] {
  const wanted = process.env.BENCH_RECORDERS?.split(',').map((s) => s.trim());
  return wanted ? ALL.filter((p) => wanted.includes(p)) : ALL;
}

/** arecord (both variants) reads through ALSA's pulse plugin; sox talks to PulseAudio itself. */
export function benchDevice(program: BenchRecorder): string | undefined {
  return program.startsWith('arecord') ? 'pulse' : undefined;
}
