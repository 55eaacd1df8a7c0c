import { describe, expect, it } from 'vitest';
import { PcmFramer, audioEndAt } from './pcmFramer.js';

/** Little-endian bytes of samples 0, 1, 2, ... n-1 (negative every third, to check the sign). */
function pcm(n: number, from = 0): Uint8Array {
  const out = new Uint8Array(n * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < n; i++) view.setInt16(i * 2, (from + i) % 3 === 0 ? -(from + i) : from + i, true);
  return out;
}

describe('audio end time', () => {
  it('follows the wall clock, but a burst of blocks never ends later than its own length allows', () => {
    expect(audioEndAt(null, 1000, 25)).toBe(1000);
    expect(audioEndAt(1000, 1500, 25)).toBe(1500); // on time
    expect(audioEndAt(1500, 1700, 25)).toBe(2000); // arrived early (a burst): 500 ms of audio after 1500
    expect(audioEndAt(2000, 3000, 2)).toBe(3000); // after a stall, the clock catches up
  });
});

describe('PCM framer', () => {
  it('cuts chunks of any size, odd byte counts included, into whole 320-sample frames in order', () => {
    const all = pcm(1000);
    const f = new PcmFramer();
    const got: number[] = [];
    const firsts: number[] = [];
    for (const [a, b] of [[0, 1], [1, 401], [401, 641], [641, 1999], [1999, 2000]] as const) {
      const { first, samples } = f.push(all.subarray(a, b));
      if (samples.length) firsts.push(first);
      got.push(...samples);
    }
    expect(got.length).toBe(960); // 3 whole frames; 40 samples wait for the next chunk
    expect(got).toEqual(Array.from({ length: 960 }, (_, i) => (i % 3 === 0 && i > 0 ? -i : i)));
    expect(firsts).toEqual([0, 1]); // frame 0 completes with the 3rd chunk, frames 1-2 with the 4th
    expect(f.frames).toBe(3);
  });

  it('counts silence frames and drops a partial frame on reset', () => {
    const f = new PcmFramer();
    f.push(pcm(100));
    f.reset();
    expect(f.silence(2)).toMatchObject({ first: 0 });
    const { first, samples } = f.push(pcm(320, 5));
    expect(first).toBe(2);
    expect(samples[0]).toBe(5);
  });
});
