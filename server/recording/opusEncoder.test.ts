import { describe, expect, it } from 'vitest';
import { OpusWorkerEncoder } from './opusEncoder.js';
import type { EncodedBatch } from './opusEncoder.js';

describe('Opus worker encoder', () => {
  it('encodes whole 20 ms frames in order and reports when it has caught up', async () => {
    const enc = new OpusWorkerEncoder();
    const batches: EncodedBatch[] = [];
    enc.onPackets((b) => batches.push(b));
    for (let k = 0; k < 5; k++) {
      const pcm = new Int16Array(320 * 10);
      for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(6000 * Math.sin((2 * Math.PI * 300 * (k * pcm.length + i)) / 16000));
      enc.encode(k * 10, pcm, 1000 + k);
    }
    await enc.drained();
    await enc.close();
    expect(batches.map((b) => [b.first, b.lastAt, b.packets.length])).toEqual([0, 1, 2, 3, 4].map((k) => [k * 10, 1000 + k, 10]));
    // Every packet's TOC byte (RFC 6716 3.1): one 20 ms mono frame.
    const is20ms = (config: number) => (config < 12 ? config % 4 === 1 : config < 16 ? config % 2 === 1 : config % 4 === 3);
    for (const p of batches.flatMap((b) => b.packets)) {
      expect(is20ms(p[0]! >> 3)).toBe(true);
      expect(p[0]! & 0x04).toBe(0); // mono
      expect(p[0]! & 0x03).toBe(0); // one frame in the packet
    }
  });

  it('measures each frame\'s loudest sample before encoding it (the silence check)', async () => {
    const enc = new OpusWorkerEncoder();
    const batches: EncodedBatch[] = [];
    enc.onPackets((b) => batches.push(b));
    // Frame 0 silent, frame 1 a -40 dBFS hum, frame 2 a single click, frame 3 speech-loud.
    const pcm = new Int16Array(320 * 4);
    for (let i = 0; i < 320; i++) pcm[320 + i] = Math.round(300 * Math.sin((2 * Math.PI * 50 * i) / 16000));
    pcm[640 + 100] = -20_000;
    for (let i = 0; i < 320; i++) pcm[960 + i] = Math.round(12_000 * Math.sin((2 * Math.PI * 300 * i) / 16000));
    enc.encode(0, pcm, 1000);
    await enc.drained();
    await enc.close();
    const peaks = [...batches[0]!.peaks];
    expect(peaks).toHaveLength(4);
    expect(peaks[0]).toBe(0);
    expect(peaks[1]).toBeLessThan(301);
    expect(peaks[2]).toBe(20_000);
    expect(peaks[3]).toBeGreaterThan(11_900);
  });
});
