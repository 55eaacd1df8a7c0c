// arecord-lowlatency: our own node-record-lpcm16 recorder module, loaded by absolute path. On a real
// (virtual) PulseAudio microphone it must deliver audio in small blocks, which is the point of it;
// and a missing arecord is reported, not thrown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lpcm16Capture } from '../../server/recording/lpcm16Capture.js';
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

describe.skipIf(audioToolsMissing().length > 0)('arecord with a short ALSA period', () => {
  let pulse: PulseAudio;
  beforeAll(async () => {
    pulse = await PulseAudio.start();
  });
  afterAll(async () => {
    await pulse?.stop();
  });

  it('hands over audio in blocks of about the period, not arecord’s default ~128 ms', async () => {
    for (const periodMs of [20, 40]) {
      const source = lpcm16Capture({ program: 'arecord-lowlatency', periodMs })({ sampleRate: 16000, device: 'pulse', env: pulse.env });
      try {
        expect(source.describe?.()).toContain(`--period-time=${periodMs * 1000}`);
        const sizes = (await chunksOf(source, 40)).slice(10).sort((a, b) => a - b);
        const median = sizes[Math.floor(sizes.length / 2)]!;
        expect(median).toBeLessThanOrEqual(periodMs * BYTES_PER_MS);
      } finally {
        source.stop();
      }
    }
  });
});

describe('arecord-lowlatency without arecord', () => {
  it('reports that arecord is missing and exits', async () => {
    const source = lpcm16Capture({ program: 'arecord-lowlatency' })({ sampleRate: 16000, env: { PATH: '/nonexistent' } });
    const errors: string[] = [];
    source.onError((m) => errors.push(m));
    await new Promise<void>((r) => source.onExit(() => r()));
    expect(errors.join('\n')).toMatch(/arecord is not installed/);
  });
});
