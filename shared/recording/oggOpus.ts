// Ogg Opus (RFC 7845) as the recorder writes it: one mono stream, 20 ms packets, pages of whole
// packets, granule positions counted at 48 kHz whatever the input rate.
import { OGG_BOS, OGG_EOS, OGG_MAX_SEGMENTS, concat, scanOggPages, segmentCount, withPageFlags, writeOggPage } from './ogg.js';

/** Opus always counts time at 48 kHz in Ogg, whatever rate was encoded. */
export const OPUS_GRANULE_RATE = 48_000;
/** The capture and encoder rate: wideband speech. */
export const CAPTURE_SAMPLE_RATE = 16_000;
export const FRAME_MS = 20;
export const FRAME_SAMPLES = (CAPTURE_SAMPLE_RATE * FRAME_MS) / 1000; // 320
export const FRAME_GRANULES = (OPUS_GRANULE_RATE * FRAME_MS) / 1000; // 960
/** libopus' encoder look-ahead at 16 kHz (104 samples), as 48 kHz samples to skip at the start. */
export const OPUS_PRE_SKIP = 312;

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const utf8 = new TextEncoder();
const utf8Decode = new TextDecoder();

export function opusHead(inputSampleRate = CAPTURE_SAMPLE_RATE, preSkip = OPUS_PRE_SKIP): Uint8Array {
  const out = new Uint8Array(19);
  const view = new DataView(out.buffer);
  out.set(ascii('OpusHead'), 0);
  out[8] = 1; // version
  out[9] = 1; // channels
  view.setUint16(10, preSkip, true);
  view.setUint32(12, inputSampleRate, true);
  view.setInt16(16, 0, true); // output gain
  out[18] = 0; // mapping family 0: mono/stereo, no table
  return out;
}

export function opusTags(vendor: string, comments: readonly string[]): Uint8Array {
  const parts: Uint8Array[] = [ascii('OpusTags')];
  const u32 = (n: number) => {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n, true);
    return b;
  };
  const v = utf8.encode(vendor);
  parts.push(u32(v.length), v, u32(comments.length));
  for (const c of comments) {
    const e = utf8.encode(c);
    parts.push(u32(e.length), e);
  }
  return concat(parts);
}

export interface OpusHeadInfo {
  channels: number;
  preSkip: number;
  inputSampleRate: number;
}

export function parseOpusHead(packet: Uint8Array): OpusHeadInfo | null {
  if (packet.length < 19 || utf8Decode.decode(packet.subarray(0, 8)) !== 'OpusHead') return null;
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  return { channels: packet[9]!, preSkip: view.getUint16(10, true), inputSampleRate: view.getUint32(12, true) };
}

export function parseOpusTags(packet: Uint8Array): { vendor: string; comments: string[] } | null {
  if (packet.length < 16 || utf8Decode.decode(packet.subarray(0, 8)) !== 'OpusTags') return null;
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  let at = 8;
  const str = (): string | null => {
    if (at + 4 > packet.length) return null;
    const n = view.getUint32(at, true);
    at += 4;
    if (at + n > packet.length) return null;
    const s = utf8Decode.decode(packet.subarray(at, at + n));
    at += n;
    return s;
  };
  const vendor = str();
  if (vendor === null || at + 4 > packet.length) return null;
  const count = view.getUint32(at, true);
  at += 4;
  const comments: string[] = [];
  for (let i = 0; i < count; i++) {
    const c = str();
    if (c === null) return null;
    comments.push(c);
  }
  return { vendor, comments };
}

export const OPUS_VENDOR = 'guichet (libopus via opusscript)';

/** TOC byte alone (RFC 6716 3.1): SILK wideband, 20 ms, mono, one empty frame; decodes to 20 ms of silence. */
export const OPUS_SILENT_PACKET = Uint8Array.of(9 << 3);

/**
 * Builds the pages of one recording as its packets arrive. Pure: the caller writes the bytes out.
 * The last packet is always held back until the next flush or finish, so the final page (the one
 * flagged end-of-stream) always carries audio and a real granule position.
 */
export class OggOpusWriter {
  private sequence = 0;
  private granule = 0n;
  private pending: Uint8Array[] = [];
  private pendingSegments = 0;

  constructor(
    readonly serial: number,
    private readonly comments: readonly string[],
    private readonly preSkip = OPUS_PRE_SKIP,
  ) {}

  /** OpusHead on the first page (beginning of stream), OpusTags on the second. */
  header(): Uint8Array {
    const head = writeOggPage({ flags: OGG_BOS, granule: 0n, serial: this.serial, sequence: this.sequence++, packets: [opusHead(CAPTURE_SAMPLE_RATE, this.preSkip)] });
    const tags = writeOggPage({ flags: 0, granule: 0n, serial: this.serial, sequence: this.sequence++, packets: [opusTags(OPUS_VENDOR, this.comments)] });
    return concat([head, tags]);
  }

  /** Adds one 20 ms packet; returns a full page when 255 segments are reached. */
  add(packet: Uint8Array): Uint8Array {
    this.pending.push(packet);
    this.pendingSegments += segmentCount([packet]);
    // A packet of at most 1275 bytes (Opus' largest frame) takes 6 segments: stop before 255.
    if (this.pendingSegments >= OGG_MAX_SEGMENTS - 6) return this.flush();
    return new Uint8Array(0);
  }

  /** Pages for everything buffered except the last packet (kept for the end-of-stream page). */
  flush(): Uint8Array {
    if (this.pending.length <= 1) return new Uint8Array(0);
    const last = this.pending.pop()!;
    const page = this.page(this.pending, 0);
    this.pending = [last];
    this.pendingSegments = segmentCount(this.pending);
    return page;
  }

  /**
   * The final page, flagged end-of-stream. A stream that never got audio gets one silent packet:
   * players (ffmpeg among them) refuse an Opus stream without any.
   */
  finish(): Uint8Array {
    if (this.granule === 0n && this.pending.length === 0) this.pending.push(OPUS_SILENT_PACKET);
    const page = this.page(this.pending, OGG_EOS);
    this.pending = [];
    this.pendingSegments = 0;
    return page;
  }

  /** 48 kHz samples in all packets handed out in pages so far (pre-skip included). */
  get writtenGranule(): bigint {
    return this.granule;
  }

  private page(packets: Uint8Array[], flags: number): Uint8Array {
    this.granule += BigInt(packets.length * FRAME_GRANULES);
    return writeOggPage({ flags, granule: this.granule, serial: this.serial, sequence: this.sequence++, packets });
  }
}

/** Playing time of a stream whose last page has this granule position. */
export function opusDurationMs(lastGranule: bigint, preSkip = OPUS_PRE_SKIP): number {
  const samples = Number(lastGranule) - preSkip;
  return samples <= 0 ? 0 : Math.round((samples * 1000) / OPUS_GRANULE_RATE);
}

export interface OggOpusInfo {
  comments: string[];
  lastGranule: bigint;
  durationMs: number;
  /** The stream ends with an end-of-stream page. */
  complete: boolean;
}

export interface OggOpusRepair {
  /** The file's new content: every good page up to the last one that ends audio, flagged end-of-stream. */
  bytes: Uint8Array;
  info: OggOpusInfo;
  /** Bytes dropped from the end (a torn or corrupt tail). */
  droppedBytes: number;
}

/**
 * Cuts a recording left behind by a crash to its last good page (CRC-checked, in sequence), and
 * flags that page end-of-stream so players see a finished file. Null when not even the two header
 * pages survived: the caller then rebuilds the headers from what it knows.
 */
export function repairOggOpus(bytes: Uint8Array): OggOpusRepair | null {
  const { pages } = scanOggPages(bytes);
  const head = pages[0];
  const tags = pages[1];
  const headInfo = head?.packets.length === 1 ? parseOpusHead(head.packets[0]!) : null;
  const tagInfo = tags?.packets.length === 1 && !tags.openPacket ? parseOpusTags(tags.packets[0]!) : null;
  if (!head || !tags || !headInfo || !tagInfo) return null;
  // Keep pages up to the last one on which a packet ends with nothing left open.
  let keep = 2;
  for (let i = 2; i < pages.length; i++) {
    const p = pages[i]!;
    if (p.openPacket || p.granule < 0n) break;
    keep = i + 1;
  }
  const kept = pages.slice(0, keep);
  const last = kept[kept.length - 1]!;
  const end = last.offset + last.length;
  const lastPage = withPageFlags(bytes.subarray(last.offset, end), last.flags | OGG_EOS);
  const out = concat([bytes.subarray(0, last.offset), lastPage]);
  const lastGranule = keep > 2 ? last.granule : 0n;
  return {
    bytes: out,
    info: { comments: tagInfo.comments, lastGranule, durationMs: opusDurationMs(lastGranule, headInfo.preSkip), complete: true },
    droppedBytes: bytes.length - end,
  };
}

/** Reads what a finished (or half-written) recording holds, without changing it. */
export function inspectOggOpus(bytes: Uint8Array): OggOpusInfo | null {
  const { pages } = scanOggPages(bytes);
  const head = pages[0]?.packets.length === 1 ? parseOpusHead(pages[0].packets[0]!) : null;
  const tags = pages[1]?.packets.length === 1 ? parseOpusTags(pages[1].packets[0]!) : null;
  if (!head || !tags) return null;
  let lastGranule = 0n;
  for (const p of pages.slice(2)) if (p.granule >= 0n) lastGranule = p.granule;
  const final = pages[pages.length - 1]!;
  return { comments: tags.comments, lastGranule, durationMs: opusDurationMs(lastGranule, head.preSkip), complete: (final.flags & OGG_EOS) !== 0 };
}

/** A stream for a recording whose own pages were lost: headers and one silent packet. */
export function emptyOggOpus(serial: number, comments: readonly string[]): Uint8Array {
  const w = new OggOpusWriter(serial, comments);
  return concat([w.header(), w.finish()]);
}
