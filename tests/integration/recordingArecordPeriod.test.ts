// arecord-period: our own node-record-lpcm16 recorder module, loaded by absolute path. On a real
// (virtual) PulseAudio microphone it must deliver audio in blocks of the period asked for: long
// ones for the recording (CPU), short ones for live listening (delay); and a missing arecord is
// reported, not thrown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_PERIOD_MS, RECORDING_PERIOD_MS, lpcm16Capture } from '../../server/recording/lpcm16Capture.js';
import type { CaptureSource } from '../../server/recording/lpcm16Capture.js';
import { PulseAudio, audioToolsMissing } from '../support/pulseAudio.js';

const BYTES_PER_MS = 32; // 16 kHz, 16-bit mono

function chunksOf(source: CaptureSource, count: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const sizes: number[] = [];
    source.onData((pcm) => {
      sizes.push(pcm.length);
      if (sizes.length === count) resolve(sizes);
    });
    source.onExit((code) => reject(new Error(`capture exited (${code}) after ${sizes.length} chunks`)));
  });
}

describe.skipIf(audioToolsMissing().length > 0)('arecord with a chosen ALSA period', () => {
  let pulse: PulseAudio;
  beforeAll(async () => {
    pulse = await PulseAudio.start();
  });
  afterAll(async () => {
    await pulse?.stop();
  });

  it('hands over audio in blocks of about the period, not arecord’s default ~128 ms', async () => {
    for (const [periodMs, purpose, count] of [[LIVE_PERIOD_MS, 'live', 40], [RECORDING_PERIOD_MS, 'recording', 8]] as const) {
      const source = lpcm16Capture({ program: 'arecord-period', periodMs })({ sampleRate: 16000, device: 'pulse', env: pulse.env, purpose });
      try {
        expect(source.describe?.()).toContain(`--period-time=${periodMs * 1000}`);
        const sizes = (await chunksOf(source, count)).slice(count / 4).sort((a, b) => a - b);
        const median = sizes[Math.floor(sizes.length / 2)]!;
        expect(median).toBeLessThanOrEqual(periodMs * BYTES_PER_MS);
        expect(median).toBeGreaterThanOrEqual((periodMs * BYTES_PER_MS) / 2);
      } finally {
        source.stop();
      }
    }
  }, 30_000);
});

describe('arecord-period without arecord', () => {
  it('reports that arecord is missing and exits', async () => {
    const source = lpcm16Capture({ program: 'arecord-period' })({ sampleRate: 16000, env: { PATH: '/nonexistent' }, purpose: 'recording' });
    const errors: string[] = [];
    source.onError((m) => errors.push(m));
    await new Promise<void>((r) => source.onExit(() => r()));
    expect(errors.join('\n')).toMatch(/arecord is not installed/);
  });
});
