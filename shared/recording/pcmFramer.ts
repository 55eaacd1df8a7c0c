// Turns the capture program's byte chunks (any length, even odd) into whole 20 ms frames of
// 16-bit little-endian samples, the unit the encoder takes.
import { FRAME_MS, FRAME_SAMPLES } from './oggOpus.js';

const FRAME_BYTES = FRAME_SAMPLES * 2;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export class PcmFramer {
  private carry = new Uint8Array(0);
  /** Frames handed out so far: the index of the next frame. */
  frames = 0;

  /**
   * Appends a chunk; returns the whole frames it completes, concatenated (length a multiple of
   * 320), and the index of the first of them.
   */
  push(chunk: Uint8Array): { first: number; samples: Int16Array } {
    const total = this.carry.length + chunk.length;
    const whole = Math.floor(total / FRAME_BYTES) * FRAME_BYTES;
    const out = new Uint8Array(whole);
    const fromCarry = Math.min(this.carry.length, whole);
    out.set(this.carry.subarray(0, fromCarry), 0);
    out.set(chunk.subarray(0, whole - fromCarry), fromCarry);
    const rest = new Uint8Array(total - whole);
    rest.set(this.carry.subarray(fromCarry), 0);
    rest.set(chunk.subarray(whole - fromCarry), this.carry.length - fromCarry);
    this.carry = rest;
    let samples: Int16Array;
    if (LITTLE_ENDIAN) {
      samples = new Int16Array(out.buffer); // `out` is a fresh, aligned copy: view it as is
    } else {
      samples = new Int16Array(whole / 2);
      const view = new DataView(out.buffer);
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(i * 2, true);
    }
    const first = this.frames;
    this.frames += whole / FRAME_BYTES;
    return { first, samples };
  }

  /** `count` frames of silence (a gap while the capture program was restarting). */
  silence(count: number): { first: number; samples: Int16Array } {
    const first = this.frames;
    this.frames += count;
    return { first, samples: new Int16Array(count * FRAME_SAMPLES) };
  }

  /** Drops a partial frame (the capture program restarted: its bytes do not join the next). */
  reset(): void {
    this.carry = new Uint8Array(0);
  }
}

/**
 * Wall-clock end (ms) of `frames` more frames that arrived at `now`, after audio that ended at
 * `previousEnd` (null: the first). Capture blocks arrive in bursts, so the audio's clock never
 * runs backwards, nor ahead of its own length.
 */
export function audioEndAt(previousEnd: number | null, now: number, frames: number): number {
  return previousEnd === null ? now : Math.max(now, previousEnd + frames * FRAME_MS);
}
