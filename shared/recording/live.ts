import { z } from 'zod';
import { CounterNumber } from '../config/primitives.js';
import { RecorderStateKind } from './meta.js';

/**
 * Live listening (counter host -> hub -> listeners), over WebSockets:
 * - the counter's host opens `LIVE_PUBLISH_PATH?counter=N` with its device token, sends one
 *   `hello` text frame, then one binary frame per 20 ms Opus packet while the hub's last
 *   `listeners` text frame said someone listens;
 * - a listener opens `LIVE_LISTEN_PATH?counter=N&token=<listen token>`, gets a `hello` (or
 *   `publisher` online:false) text frame, then the same binary frames as they arrive.
 * The hub forwards the packet bytes untouched: they are decoded only in the listener's browser.
 */
export const LIVE_PUBLISH_PATH = '/api/v1/recordings/live/publish';
export const LIVE_LISTEN_PATH = '/api/v1/recordings/live/listen';

/** WebSocket close codes of the listen socket (4000 + HTTP status). */
export const LIVE_CLOSE = { unauthorized: 4401, forbidden: 4403, badRequest: 4400, replaced: 4409 } as const;

export const LiveStreamInfo = z.object({
  codec: z.literal('opus'),
  /** The rate the audio was captured and encoded at (Opus decodes at any of 8-48 kHz). */
  sampleRate: z.number().int().min(8000).max(48_000),
  channels: z.literal(1),
  /** Length of one packet. */
  frameMs: z.number().int().min(2).max(120),
});
export type LiveStreamInfo = z.infer<typeof LiveStreamInfo>;

export const LiveTextFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), counter: CounterNumber, stream: LiveStreamInfo }),
  z.object({ type: z.literal('publisher'), counter: CounterNumber, online: z.boolean() }),
]);
export type LiveTextFrame = z.infer<typeof LiveTextFrame>;

/**
 * Hub -> publisher: how many listen to this counter now, sent when the publisher attaches and
 * whenever it changes. The publisher sends packets only while someone listens.
 */
export const LivePublisherFrame = z.object({ type: z.literal('listeners'), counter: CounterNumber, count: z.number().int().min(0) });
export type LivePublisherFrame = z.infer<typeof LivePublisherFrame>;

/**
 * Publisher -> hub: the counter recorder's state, after `hello` and at every change (issue 13).
 * The hub tells the windows' displays (shared/recording/windowStatus.ts); a publisher that goes
 * away takes its window's state with it.
 */
export const PublisherStateFrame = z.object({
  type: z.literal('state'),
  counter: CounterNumber,
  state: z.object({ kind: RecorderStateKind, since: z.iso.datetime() }),
});
export type PublisherStateFrame = z.infer<typeof PublisherStateFrame>;

export interface LivePacketFrame {
  counter: number;
  seq: number;
  /** Wall-clock ms (epoch) on the counter's host when the encoded packet was handed to the publisher. */
  at: number;
  granule: number;
  data: Uint8Array;
}

/** version(1) counter(1) seq(u32) at(f64) granule(f64) = 22 bytes, then the Opus packet. */
export const LIVE_HEADER_BYTES = 22;
const VERSION = 1;

export function encodeLivePacket(p: LivePacketFrame): Uint8Array {
  const out = new Uint8Array(LIVE_HEADER_BYTES + p.data.byteLength);
  const view = new DataView(out.buffer);
  view.setUint8(0, VERSION);
  view.setUint8(1, p.counter);
  view.setUint32(2, p.seq >>> 0);
  view.setFloat64(6, p.at);
  view.setFloat64(14, p.granule);
  out.set(p.data, LIVE_HEADER_BYTES);
  return out;
}

/** The packet, or null when the bytes are not one (wrong version, too short, bad counter). */
export function decodeLivePacket(bytes: Uint8Array): LivePacketFrame | null {
  if (bytes.byteLength <= LIVE_HEADER_BYTES) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(0) !== VERSION) return null;
  const counter = view.getUint8(1);
  const at = view.getFloat64(6);
  const granule = view.getFloat64(14);
  if (counter < 1 || counter > 99 || !Number.isFinite(at) || !Number.isFinite(granule)) return null;
  return { counter, seq: view.getUint32(2), at, granule, data: bytes.subarray(LIVE_HEADER_BYTES) };
}
