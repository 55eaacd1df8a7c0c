// Ogg pages (RFC 3533), written and read without any library: the recorder writes them as the
// service goes on and start-up repair reads them back after a crash.

/** Ogg's CRC-32: polynomial 0x04C11DB7, not reflected, initial value 0, no final xor. */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

export function oggCrc32(bytes: Uint8Array): number {
  let crc = 0;
  for (let i = 0; i < bytes.length; i++) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ bytes[i]!) & 0xff]!) >>> 0;
  return crc >>> 0;
}

export const OGG_CONTINUED = 0x01;
export const OGG_BOS = 0x02;
export const OGG_EOS = 0x04;
/** 27-byte fixed header + up to 255 lacing values. */
export const OGG_HEADER_BYTES = 27;
export const OGG_MAX_SEGMENTS = 255;

export interface OggPageInput {
  flags: number;
  /** Granule position; -1 when no packet ends on the page. */
  granule: bigint;
  serial: number;
  sequence: number;
  /** Whole packets only (the recorder never splits a packet across pages). */
  packets: readonly Uint8Array[];
}

/** Lacing values of one packet: 255s then the remainder (a multiple of 255 ends with a 0). */
function lacing(length: number): number[] {
  const out: number[] = [];
  let rest = length;
  while (rest >= 255) {
    out.push(255);
    rest -= 255;
  }
  out.push(rest);
  return out;
}

export function segmentCount(packets: readonly Uint8Array[]): number {
  return packets.reduce((n, p) => n + Math.floor(p.length / 255) + 1, 0);
}

export function writeOggPage(page: OggPageInput): Uint8Array {
  const segments = page.packets.flatMap((p) => lacing(p.length));
  if (segments.length > OGG_MAX_SEGMENTS) throw new RangeError(`an Ogg page holds at most 255 segments, not ${segments.length}`);
  const bodyLength = page.packets.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(OGG_HEADER_BYTES + segments.length + bodyLength);
  const view = new DataView(out.buffer);
  out.set([0x4f, 0x67, 0x67, 0x53], 0); // "OggS"
  out[4] = 0; // stream structure version
  out[5] = page.flags;
  view.setBigInt64(6, page.granule, true);
  view.setUint32(14, page.serial >>> 0, true);
  view.setUint32(18, page.sequence >>> 0, true);
  // bytes 22..25: CRC, computed with the field zeroed
  out[26] = segments.length;
  out.set(segments, OGG_HEADER_BYTES);
  let at = OGG_HEADER_BYTES + segments.length;
  for (const p of page.packets) {
    out.set(p, at);
    at += p.length;
  }
  view.setUint32(22, oggCrc32(out), true);
  return out;
}

export interface OggPage {
  offset: number;
  length: number;
  flags: number;
  granule: bigint;
  serial: number;
  sequence: number;
  /** Complete packets that end on this page (a packet continued from the previous page is joined). */
  packets: Uint8Array[];
  /** True when the last packet on the page continues on the next one. */
  openPacket: boolean;
}

function isCapturePattern(bytes: Uint8Array, at: number): boolean {
  return bytes[at] === 0x4f && bytes[at + 1] === 0x67 && bytes[at + 2] === 0x67 && bytes[at + 3] === 0x53;
}

/** Parses one page at `offset`; null when it is truncated, malformed or fails its CRC. */
export function readOggPage(bytes: Uint8Array, offset: number): Omit<OggPage, 'packets' | 'openPacket'> & { segments: number[]; bodyOffset: number } | null {
  if (offset + OGG_HEADER_BYTES > bytes.length || !isCapturePattern(bytes, offset) || bytes[offset + 4] !== 0) return null;
  const count = bytes[offset + 26]!;
  if (offset + OGG_HEADER_BYTES + count > bytes.length) return null;
  const segments = Array.from(bytes.subarray(offset + OGG_HEADER_BYTES, offset + OGG_HEADER_BYTES + count));
  const bodyOffset = offset + OGG_HEADER_BYTES + count;
  const length = OGG_HEADER_BYTES + count + segments.reduce((a, b) => a + b, 0);
  if (offset + length > bytes.length) return null;
  // A copy (not slice(): on a Node Buffer that is a view into a shared pool), CRC field zeroed.
  const page = new Uint8Array(bytes.subarray(offset, offset + length));
  const view = new DataView(page.buffer);
  const stored = view.getUint32(22, true);
  view.setUint32(22, 0, true);
  if (oggCrc32(page) !== stored) return null;
  return {
    offset,
    length,
    flags: page[5]!,
    granule: view.getBigInt64(6, true),
    serial: view.getUint32(14, true),
    sequence: view.getUint32(18, true),
    segments,
    bodyOffset,
  };
}

export interface OggScan {
  pages: OggPage[];
  /** Bytes from the start that form whole, CRC-valid, in-sequence pages of one stream. */
  goodLength: number;
}

/**
 * Reads pages from the start until the first one that is truncated, corrupt, out of sequence or
 * of another stream. Everything after it is ignored: after a power cut only the tail is suspect.
 */
export function scanOggPages(bytes: Uint8Array): OggScan {
  const pages: OggPage[] = [];
  let offset = 0;
  let pending: Uint8Array[] = [];
  while (offset < bytes.length) {
    const page = readOggPage(bytes, offset);
    if (!page) break;
    const previous = pages[pages.length - 1];
    if (previous && (page.serial !== previous.serial || page.sequence !== previous.sequence + 1)) break;
    if (!previous && !(page.flags & OGG_BOS)) break;
    const packets: Uint8Array[] = [];
    let at = page.bodyOffset;
    for (const lace of page.segments) {
      pending.push(bytes.subarray(at, at + lace));
      at += lace;
      if (lace < 255) {
        packets.push(concat(pending));
        pending = [];
      }
    }
    const { segments: _s, bodyOffset: _b, ...header } = page;
    pages.push({ ...header, packets, openPacket: pending.length > 0 });
    offset += page.length;
    if (page.flags & OGG_EOS) break;
  }
  return { pages, goodLength: offset };
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A copy of a page with other flags, CRC recomputed (repair sets end-of-stream on the last page). */
export function withPageFlags(page: Uint8Array, flags: number): Uint8Array {
  const out = new Uint8Array(page);
  const view = new DataView(out.buffer);
  out[5] = flags;
  view.setUint32(22, 0, true);
  view.setUint32(22, oggCrc32(out), true);
  return out;
}
