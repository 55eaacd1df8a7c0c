// Which capture programs the recording benches compare. BENCH_RECORDERS (comma-separated) narrows
// the list; BENCH_RECORDING_PERIOD_MS and BENCH_LIVE_PERIOD_MS set arecord-period's ALSA periods
// (defaults: RECORDING_PERIOD_MS and LIVE_PERIOD_MS in lpcm16Capture.ts).
import type { RecorderProgram } from '../../server/recording/lpcm16Capture.js';

export type BenchRecorder = Exclude<RecorderProgram, 'rec'>;

const ALL: BenchRecorder[] = ['sox', 'arecord', 'arecord-period'];

const ms = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);

/** CounterRecorder's period options for the benches. */
export const BENCH_PERIODS = { recorderPeriodMs: ms('BENCH_RECORDING_PERIOD_MS'), livePeriodMs: ms('BENCH_LIVE_PERIOD_MS') };

export function benchRecorders(): BenchRecorder[] {
  const wanted = process.env.BENCH_RECORDERS?.split(',').map((s) => s.trim());
  return wanted ? ALL.filter((p) => wanted.includes(p)) : ALL;
}

/** arecord (both variants) reads through ALSA's pulse plugin; sox talks to PulseAudio itself. */
export function benchDevice(program: BenchRecorder): string | undefined {
  return program.startsWith('arecord') ? 'pulse' : undefined;
}
