import { describe, expect, it } from 'vitest';
import { OGG_BOS, OGG_EOS, oggCrc32, readOggPage, scanOggPages, withPageFlags, writeOggPage } from './ogg.js';

const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

describe('Ogg pages', () => {
  it('uses Ogg\'s CRC-32 (poly 0x04C11DB7, no reflection, no initial or final xor)', () => {
    // CRC-32/CKSUM of "123456789" is 0x765E7680 with a final xor of all ones; Ogg has none.
    expect(oggCrc32(new TextEncoder().encode('123456789'))).toBe((0x765e7680 ^ 0xffffffff) >>> 0); // 0x89a1897f
  });

  it('writes a page that reads back: header fields, lacing and packets', () => {
    const packets = [bytes(40), bytes(255, 2), bytes(600, 3), bytes(0)];
    const page = writeOggPage({ flags: OGG_BOS, granule: 123456789012n, serial: 0xdeadbeef, sequence: 7, packets });
    // 27-byte header + lacing: 1 + 2 (255, 0) + 3 (255, 255, 90) + 1 (0)
    expect(page[26]).toBe(7);
    expect(Array.from(page.subarray(27, 34))).toEqual([40, 255, 0, 255, 255, 90, 0]);
    const read = readOggPage(page, 0)!;
    expect(read).toMatchObject({ flags: OGG_BOS, granule: 123456789012n, serial: 0xdeadbeef, sequence: 7, length: page.length });
    const scan = scanOggPages(page);
    expect(scan.pages[0]!.packets.map((p) => Array.from(p))).toEqual(packets.map((p) => Array.from(p)));
  });

  it('reads pages from a view into a larger buffer (as Node Buffers are)', () => {
    const page = writeOggPage({ flags: 0, granule: 960n, serial: 3, sequence: 0, packets: [bytes(70)] });
    const backing = new Uint8Array(page.length + 13);
    backing.set(page, 9);
    const view = backing.subarray(9, 9 + page.length);
    expect(readOggPage(view, 0)).toMatchObject({ granule: 960n, serial: 3, length: page.length });
    expect(readOggPage(withPageFlags(view, OGG_EOS), 0)?.flags).toBe(OGG_EOS);
    expect(Array.from(view)).toEqual(Array.from(page)); // reading does not write into the caller's bytes
  });

  it('refuses more than 255 segments on one page', () => {
    expect(() => writeOggPage({ flags: 0, granule: 0n, serial: 1, sequence: 0, packets: Array.from({ length: 256 }, () => bytes(3)) })).toThrow(RangeError);
  });

  it('rejects a page whose body or header was altered (CRC) and a truncated page', () => {
    const page = writeOggPage({ flags: 0, granule: 960n, serial: 5, sequence: 2, packets: [bytes(50)] });
    for (const at of [5, 10, 30, page.length - 1]) {
      const bad = page.slice();
      bad[at]! ^= 0x01;
      expect(readOggPage(bad, 0)).toBeNull();
    }
    expect(readOggPage(page.subarray(0, page.length - 1), 0)).toBeNull();
    expect(readOggPage(page.subarray(0, 20), 0)).toBeNull();
  });

  it('re-flags a page with a valid CRC', () => {
    const page = writeOggPage({ flags: 0, granule: 960n, serial: 5, sequence: 2, packets: [bytes(50)] });
    const eos = withPageFlags(page, OGG_EOS);
    expect(readOggPage(eos, 0)?.flags).toBe(OGG_EOS);
    expect(page[5]).toBe(0); // the original is untouched
  });

  it('scans pages in sequence and stops at the first bad one', () => {
    const p = (seq: number, flags = 0) => writeOggPage({ flags, granule: BigInt(seq * 960), serial: 9, sequence: seq, packets: [bytes(30, seq)] });
    const good = [p(0, OGG_BOS), p(1), p(2)];
    const all = new Uint8Array([...good[0]!, ...good[1]!, ...good[2]!, ...p(4)]); // page 3 missing
    const scan = scanOggPages(all);
    expect(scan.pages.map((x) => x.sequence)).toEqual([0, 1, 2]);
    expect(scan.goodLength).toBe(good.reduce((n, x) => n + x.length, 0));
  });
});
