import { describe, expect, it } from 'vitest';
import { decodeLivePacket, encodeLivePacket, LIVE_HEADER_BYTES } from './live.js';

describe('live packet frames', () => {
  it('carry the packet and its timing unchanged', () => {
    const p = { counter: 7, seq: 4_000_000_001, at: 1_780_000_000_123.5, granule: 960 * 12345, data: new Uint8Array([1, 2, 3, 250]) };
    const decoded = decodeLivePacket(encodeLivePacket(p));
    expect(decoded).toEqual(p);
  });

  it('decode from a view into a larger buffer (as a WebSocket message may be)', () => {
    const frame = encodeLivePacket({ counter: 2, seq: 1, at: 1, granule: 960, data: new Uint8Array([9, 9]) });
    const big = new Uint8Array(frame.byteLength + 10);
    big.set(frame, 5);
    expect(decodeLivePacket(big.subarray(5, 5 + frame.byteLength))?.data).toEqual(new Uint8Array([9, 9]));
  });

  it('refuse what is not a packet', () => {
    expect(decodeLivePacket(new Uint8Array(LIVE_HEADER_BYTES))).toBeNull();
    const frame = encodeLivePacket({ counter: 2, seq: 1, at: 1, granule: 960, data: new Uint8Array([1]) });
    frame[0] = 9;
    expect(decodeLivePacket(frame)).toBeNull();
    const zero = encodeLivePacket({ counter: 2, seq: 1, at: 1, granule: 960, data: new Uint8Array([1]) });
    zero[1] = 0;
    expect(decodeLivePacket(zero)).toBeNull();
  });
});
