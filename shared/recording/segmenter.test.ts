import { describe, expect, it } from 'vitest';
import { FrameRing, Segmenter } from './segmenter.js';
import type { EncodedFrame, SegmentEvent } from './segmenter.js';

const frame = (index: number): EncodedFrame => ({ index, at: 1_000_000 + (index + 1) * 20, data: Uint8Array.of(index & 0xff) });

/** Collects what each recording received, by key, and which were closed. */
function recorder() {
  const frames = new Map<number, number[]>();
  const meta = new Map<number, string>();
  const closed: number[] = [];
  const apply = (events: SegmentEvent<string>[]) => {
    for (const e of events) {
      if (e.kind === 'open') {
        meta.set(e.key, e.meta);
        frames.set(e.key, e.frames.map((f) => f.index));
      } else if (e.kind === 'append') frames.get(e.key)!.push(e.frame.index);
      else closed.push(e.key);
    }
  };
  return { frames, meta, closed, apply };
}

describe('frame ring', () => {
  it('keeps only the newest frames, oldest first', () => {
    const ring = new FrameRing(3);
    for (let i = 0; i < 5; i++) ring.push(frame(i));
    expect(ring.since(0).map((f) => f.index)).toEqual([2, 3, 4]);
    expect(ring.since(4).map((f) => f.index)).toEqual([4]);
    expect(new FrameRing(0).since(0)).toEqual([]);
  });
});

describe('segmenter', () => {
  it('starts a recording with the pre-roll before the call and ends it at the end of service', () => {
    const s = new Segmenter<string>(100); // 2 s of 20 ms frames
    const r = recorder();
    for (let i = 0; i < 500; i++) r.apply(s.push(frame(i)));
    const { key, events } = s.begin('A001', 500);
    r.apply(events);
    expect(r.frames.get(key)).toEqual(Array.from({ length: 100 }, (_, i) => 400 + i));
    for (let i = 500; i < 800; i++) r.apply(s.push(frame(i)));
    r.apply(s.end(key, 800));
    expect(r.closed).toEqual([key]);
    expect(r.frames.get(key)).toEqual(Array.from({ length: 400 }, (_, i) => 400 + i));
    for (let i = 800; i < 900; i++) r.apply(s.push(frame(i)));
    expect(r.frames.get(key)!.length).toBe(400); // nothing after the end
  });

  it('gives what the ring holds when the capture began less than a pre-roll ago', () => {
    const s = new Segmenter<string>(100);
    const r = recorder();
    for (let i = 0; i < 30; i++) r.apply(s.push(frame(i)));
    const { key, events } = s.begin('A002', 30);
    r.apply(events);
    expect(r.frames.get(key)![0]).toBe(0);
    expect(r.frames.get(key)!.length).toBe(30);
  });

  it('waits for frames still being encoded before closing', () => {
    const s = new Segmenter<string>(50);
    const r = recorder();
    for (let i = 0; i < 100; i++) r.apply(s.push(frame(i)));
    const { key, events } = s.begin('A003', 105); // the capture is ahead of the encoder
    r.apply(events);
    r.apply(s.end(key, 200));
    expect(r.closed).toEqual([]);
    for (let i = 100; i < 199; i++) r.apply(s.push(frame(i)));
    expect(r.closed).toEqual([]);
    r.apply(s.push(frame(199)));
    expect(r.closed).toEqual([key]);
    expect(r.frames.get(key)).toEqual(Array.from({ length: 145 }, (_, i) => 55 + i));
  });

  it('a call while another service runs cuts it there; the next one re-uses its tail as pre-roll', () => {
    const s = new Segmenter<string>(100);
    const r = recorder();
    const first = s.begin('A004', 0);
    r.apply(first.events);
    for (let i = 0; i < 300; i++) r.apply(s.push(frame(i)));
    const second = s.begin('A005', 300);
    r.apply(second.events);
    expect(r.closed).toEqual([first.key]);
    expect(r.frames.get(first.key)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(r.frames.get(second.key)![0]).toBe(200);
    for (let i = 300; i < 350; i++) r.apply(s.push(frame(i)));
    r.apply(s.end(second.key, 350));
    expect(r.frames.get(second.key)).toEqual(Array.from({ length: 150 }, (_, i) => 200 + i));
    expect(r.meta.get(second.key)).toBe('A005');
  });

  it('overlapping recordings: a call while the previous one waits for its last frames', () => {
    const s = new Segmenter<string>(10);
    const r = recorder();
    for (let i = 0; i < 20; i++) r.apply(s.push(frame(i)));
    const a = s.begin('A', 20);
    r.apply(a.events);
    r.apply(s.end(a.key, 40));
    const b = s.begin('B', 41);
    r.apply(b.events);
    for (let i = 20; i < 60; i++) r.apply(s.push(frame(i)));
    r.apply(s.end(b.key, 60));
    expect(r.frames.get(a.key)).toEqual(Array.from({ length: 30 }, (_, i) => 10 + i));
    expect(r.frames.get(b.key)).toEqual(Array.from({ length: 29 }, (_, i) => 31 + i));
    expect(r.closed).toEqual([a.key, b.key]);
  });

  it('closes on demand when the frames will never come, and ignores unknown or repeated ends', () => {
    const s = new Segmenter<string>(10);
    const r = recorder();
    const a = s.begin('A', 0);
    r.apply(a.events);
    r.apply(s.end(a.key, 100));
    expect(s.openKeys).toEqual([a.key]);
    r.apply(s.forceClose(a.key));
    expect(r.closed).toEqual([a.key]);
    expect(s.end(a.key, 200)).toEqual([]);
    expect(s.forceClose(a.key)).toEqual([]);
    expect(s.end(999, 5)).toEqual([]);
  });

  it('ignores a frame seen twice or out of order', () => {
    const s = new Segmenter<string>(10);
    const r = recorder();
    const a = s.begin('A', 0);
    r.apply(a.events);
    for (const i of [0, 1, 1, 0, 2]) r.apply(s.push(frame(i)));
    expect(r.frames.get(a.key)).toEqual([0, 1, 2]);
  });
});
