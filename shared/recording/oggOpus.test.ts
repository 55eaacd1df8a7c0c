import { describe, expect, it } from 'vitest';
import { OGG_BOS, OGG_EOS, scanOggPages } from './ogg.js';
import { FRAME_GRANULES, OPUS_PRE_SKIP, OggOpusWriter, emptyOggOpus, inspectOggOpus, parseOpusHead, parseOpusTags, repairOggOpus } from './oggOpus.js';

/** Stand-in packets: the page layer does not look inside them. */
const packet = (i: number) => Uint8Array.from({ length: 30 + (i % 50) }, (_, j) => (i * 7 + j) & 0xff);

/** A stream of `n` packets flushed every `perPage` packets, as the recorder does once a second. */
function stream(n: number, perPage: number, finish = true): { bytes: Uint8Array; pageEnds: number[] } {
  const w = new OggOpusWriter(0x1234, ['GUICHET_TEST=1']);
  const header = w.header();
  const headPage = 27 + 1 + 19; // OpusHead alone on the first page
  const parts: Uint8Array[] = [header.subarray(0, headPage), header.subarray(headPage)];
  for (let i = 0; i < n; i++) {
    parts.push(w.add(packet(i)));
    if ((i + 1) % perPage === 0) parts.push(w.flush());
  }
  if (finish) parts.push(w.finish());
  const bytes = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  const pageEnds: number[] = [];
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
    if (p.length) pageEnds.push(at);
  }
  return { bytes, pageEnds };
}

describe('Ogg Opus writer', () => {
  it('starts with OpusHead (beginning of stream) and OpusTags, each alone on its page at granule 0', () => {
    const { pages } = scanOggPages(stream(10, 5).bytes);
    expect(pages[0]!.flags).toBe(OGG_BOS);
    expect(parseOpusHead(pages[0]!.packets[0]!)).toEqual({ channels: 1, preSkip: OPUS_PRE_SKIP, inputSampleRate: 16000 });
    expect(pages[1]!.granule).toBe(0n);
    expect(parseOpusTags(pages[1]!.packets[0]!)?.comments).toEqual(['GUICHET_TEST=1']);
  });

  it('keeps every packet in order, counts granules at 48 kHz and flags only the last page end-of-stream', () => {
    const { bytes } = stream(257, 50);
    const { pages } = scanOggPages(bytes);
    const audio = pages.slice(2);
    expect(audio.flatMap((p) => p.packets).map((p) => Array.from(p))).toEqual(Array.from({ length: 257 }, (_, i) => Array.from(packet(i))));
    let total = 0;
    for (const p of audio) {
      total += p.packets.length;
      expect(p.granule).toBe(BigInt(total * FRAME_GRANULES));
    }
    expect(audio.map((p) => (p.flags & OGG_EOS) !== 0)).toEqual(audio.map((_, i) => i === audio.length - 1));
    expect(inspectOggOpus(bytes)).toMatchObject({ complete: true, lastGranule: BigInt(257 * 960), durationMs: Math.round((257 * 960 - OPUS_PRE_SKIP) / 48) });
  });

  it('finishes a stream that got no audio as a complete, empty one', () => {
    const w = new OggOpusWriter(5, []);
    const bytes = Uint8Array.from([...w.header(), ...w.finish()]);
    // One silent 20 ms packet, so that players accept the stream: 20 ms less the pre-skip.
    expect(inspectOggOpus(bytes)).toMatchObject({ complete: true, lastGranule: 960n, durationMs: 14 });
    expect(repairOggOpus(bytes)?.droppedBytes).toBe(0);
  });

  it('never puts more than 255 segments on a page, even with large packets and no flush', () => {
    const w = new OggOpusWriter(1, []);
    const parts = [w.header()];
    for (let i = 0; i < 400; i++) parts.push(w.add(new Uint8Array(300 + i)));
    parts.push(w.finish());
    const bytes = Uint8Array.from(parts.flatMap((p) => Array.from(p)));
    const { pages } = scanOggPages(bytes);
    expect(pages.slice(2).reduce((n, p) => n + p.packets.length, 0)).toBe(400);
  });
});

describe('repair after a crash', () => {
  it('cuts a file torn inside a page back to the last whole page and flags it end-of-stream', () => {
    const { bytes, pageEnds } = stream(300, 50, false); // never finished: the crash
    const tornAt = pageEnds[4]! + 17; // a few bytes into the next page
    const repaired = repairOggOpus(bytes.subarray(0, tornAt))!;
    expect(repaired.bytes.length).toBe(pageEnds[4]);
    expect(repaired.droppedBytes).toBe(17);
    const { pages } = scanOggPages(repaired.bytes);
    expect(pages[pages.length - 1]!.flags & OGG_EOS).toBe(OGG_EOS);
    expect(pages.slice(0, -1).every((p) => (p.flags & OGG_EOS) === 0)).toBe(true);
    // Pages after the header hold 49, 50, 50 packets (one is held back at each flush).
    expect(repaired.info.lastGranule).toBe(BigInt(149 * 960));
    expect(inspectOggOpus(repaired.bytes)).toMatchObject({ complete: true, comments: ['GUICHET_TEST=1'] });
  });

  it('drops a corrupted page and everything after it', () => {
    const { bytes, pageEnds } = stream(300, 50, false);
    const bad = bytes.slice();
    bad[pageEnds[3]! + 40]! ^= 0xff; // inside the 5th page's body
    const repaired = repairOggOpus(bad)!;
    expect(repaired.bytes.length).toBe(pageEnds[3]);
    expect(repaired.droppedBytes).toBe(bytes.length - pageEnds[3]!);
  });

  it('leaves a finished file as it is', () => {
    const { bytes } = stream(120, 50);
    const repaired = repairOggOpus(bytes)!;
    expect(Array.from(repaired.bytes)).toEqual(Array.from(bytes));
    expect(repaired.droppedBytes).toBe(0);
  });

  it('keeps the headers of a file cut before any audio page, as an empty finished stream', () => {
    const { bytes, pageEnds } = stream(100, 50, false);
    const repaired = repairOggOpus(bytes.subarray(0, pageEnds[1]! + 5))!;
    expect(repaired.info.durationMs).toBe(0);
    expect(repaired.bytes.length).toBe(pageEnds[1]);
    expect(inspectOggOpus(repaired.bytes)?.complete).toBe(true);
  });

  it('gives up (null) when the header pages themselves are damaged', () => {
    const { bytes, pageEnds } = stream(100, 50, false);
    expect(repairOggOpus(bytes.subarray(0, pageEnds[0]! + 10))).toBeNull();
    expect(repairOggOpus(new Uint8Array(0))).toBeNull();
    const bad = bytes.slice();
    bad[3] = 0;
    expect(repairOggOpus(bad)).toBeNull();
  });

  it('repairs a cut at every byte of the file to a readable stream with whole pages only', () => {
    const { bytes, pageEnds } = stream(120, 20, false);
    for (let cut = pageEnds[1]!; cut <= bytes.length; cut += 7) {
      const repaired = repairOggOpus(bytes.subarray(0, cut))!;
      const expectedEnd = Math.max(...pageEnds.filter((e) => e <= cut));
      expect(repaired.bytes.length).toBe(expectedEnd);
      expect(inspectOggOpus(repaired.bytes)?.complete).toBe(true);
    }
  });

  it('writes a fresh, near-empty stream when nothing can be saved', () => {
    const empty = emptyOggOpus(77, ['A=b']);
    expect(inspectOggOpus(empty)).toEqual({ comments: ['A=b'], lastGranule: 960n, durationMs: 14, complete: true });
  });
});
