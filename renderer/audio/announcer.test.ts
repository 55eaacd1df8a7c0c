import { afterEach, describe, expect, it, vi } from 'vitest';
import { announcementClips } from '../../shared/announce/compose.js';
import type { AudioLike, PlayedAnnouncement } from './announcer.js';
import { Announcer, createHtmlAudioPlayer } from './announcer.js';

/** A fake player whose clips end when the test says so. */
function manualPlayer() {
  const started: string[] = [];
  const waiting: { src: string; end: () => void; fail: (e: Error) => void }[] = [];
  let active = 0;
  let maxActive = 0;
  const play = (src: string): Promise<void> => {
    started.push(src);
    active++;
    maxActive = Math.max(maxActive, active);
    return new Promise<void>((resolve, reject) => {
      waiting.push({
        src,
        end: () => {
          active--;
          resolve();
        },
        fail: (e) => {
          active--;
          reject(e);
        },
      });
    });
  };
  const flush = () => new Promise<void>((r) => setTimeout(r, 0));
  /** Ends the clip playing now and lets the announcer start the next one. */
  const endCurrent = async () => {
    const clip = waiting.shift();
    if (!clip) throw new Error('nothing is playing');
    clip.end();
    await flush();
    return clip.src;
  };
  const endAll = async () => {
    while (waiting.length > 0) await endCurrent();
  };
  return { play, started, waiting, endCurrent, endAll, get maxActive() { return maxActive; } };
}

/** A fake player that ends every clip on its own, after a tick, failing the listed ones. */
function autoPlayer(failing: string[] = []) {
  const started: string[] = [];
  let active = 0;
  let maxActive = 0;
  const play = async (src: string): Promise<void> => {
    started.push(src);
    active++;
    maxActive = Math.max(maxActive, active);
    await new Promise((r) => setTimeout(r, 0));
    active--;
    if (failing.includes(src)) throw new Error(`broken clip ${src}`);
  };
  return { play, started, get maxActive() { return maxActive; } };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('Announcer', () => {
  it('plays the clips of an announcement in order and records it', async () => {
    const player = autoPlayer();
    const onPlayed = vi.fn();
    const announcer = new Announcer({ play: player.play, onPlayed });
    const played = await announcer.announce('A012', 3);
    const clips = announcementClips('A012', 3);
    expect(player.started).toEqual(clips);
    const entry: PlayedAnnouncement = { number: 'A012', window: 3, clips, repeat: 1, failed: [] };
    expect(played).toEqual(entry);
    expect(announcer.history).toEqual([entry]);
    expect(onPlayed).toHaveBeenCalledExactlyOnceWith(entry);
  });

  it('queues a call arriving while another plays, and never overlaps clips', async () => {
    const player = manualPlayer();
    const announcer = new Announcer({ play: player.play, langs: ['en'] });
    const first = announcer.announce('A001', 1);
    expect(player.started).toEqual(['/audio/chime.ogg']);
    await player.endCurrent(); // chime
    const second = announcer.announce('B002', 2);
    const third = announcer.announce('C003', 3);
    expect(announcer.pending).toBe(2);
    expect(announcer.busy).toBe(true);
    // Only the first announcement's next clip has started.
    expect(player.started).toEqual(['/audio/chime.ogg', '/audio/en/number.ogg']);
    await player.endAll();
    await Promise.all([first, second, third]);
    expect(player.maxActive).toBe(1);
    expect(player.started).toEqual([...announcementClips('A001', 1, ['en']), ...announcementClips('B002', 2, ['en']), ...announcementClips('C003', 3, ['en'])]);
    expect(announcer.history.map((h) => h.number)).toEqual(['A001', 'B002', 'C003']);
    expect(announcer.pending).toBe(0);
    expect(announcer.busy).toBe(false);
  });

  it('keeps order and no overlap under a burst of calls', async () => {
    const player = autoPlayer();
    const announcer = new Announcer({ play: player.play });
    const numbers = ['A001', 'B002', 'A003', 'C004', 'D005', 'A006'];
    numbers.forEach((n, i) => void announcer.announce(n, i + 1));
    await announcer.idle();
    expect(player.maxActive).toBe(1);
    expect(player.started).toEqual(numbers.flatMap((n, i) => announcementClips(n, i + 1)));
    expect(announcer.history.map((h) => [h.number, h.window])).toEqual(numbers.map((n, i) => [n, i + 1]));
  });

  it('repeats each announcement `repeat` times', async () => {
    const player = autoPlayer();
    const announcer = new Announcer({ play: player.play, repeat: 2 });
    const clips = announcementClips('A012', 3);
    await announcer.announce('A012', 3);
    expect(player.started).toEqual([...clips, ...clips]);
    expect(announcer.history[0]?.repeat).toBe(2);

    player.started.length = 0;
    announcer.repeat = 3;
    await announcer.announce('A013', 4);
    expect(player.started).toHaveLength(3 * announcementClips('A013', 4).length);

    player.started.length = 0;
    await announcer.announce('A014', 5, { repeat: 1 });
    expect(player.started).toEqual(announcementClips('A014', 5));
  });

  it('skips a failing clip and still plays the rest and the next announcement', async () => {
    const broken = '/audio/zh/letter-b.ogg';
    const player = autoPlayer([broken]);
    const onClipError = vi.fn();
    const announcer = new Announcer({ play: player.play, onClipError, repeat: 2 });
    const first = announcer.announce('B001', 1);
    const second = announcer.announce('A002', 2);
    expect((await first)?.failed).toEqual([broken, broken]);
    expect((await second)?.failed).toEqual([]);
    const all = [...announcementClips('B001', 1), ...announcementClips('B001', 1), ...announcementClips('A002', 2), ...announcementClips('A002', 2)];
    expect(player.started).toEqual(all);
    expect(onClipError).toHaveBeenCalledTimes(2);
    expect(onClipError.mock.calls[0]?.[0]).toBe(broken);
    expect(announcer.history.map((h) => h.number)).toEqual(['B001', 'A002']);
  });

  it('survives a play function that throws synchronously and a throwing listener', async () => {
    let calls = 0;
    const announcer = new Announcer({
      play: () => {
        calls++;
        if (calls === 1) throw new Error('sync failure');
        return Promise.resolve();
      },
      onPlayed: () => {
        throw new Error('listener bug');
      },
    });
    await announcer.announce('A001', 1);
    await announcer.announce('A002', 2);
    expect(announcer.history.map((h) => h.failed)).toEqual([['/audio/chime.ogg'], []]);
  });

  it('rejects an invalid call at once without queueing it', () => {
    const player = manualPlayer();
    const announcer = new Announcer({ play: player.play });
    expect(() => announcer.announce('a012', 3)).toThrow(RangeError);
    expect(() => announcer.announce('A012', 0)).toThrow(RangeError);
    expect(() => announcer.announce('A012', 3, { repeat: 0 })).toThrow(RangeError);
    expect(() => new Announcer({ play: player.play, repeat: 1.5 })).toThrow(RangeError);
    expect(player.started).toEqual([]);
    expect(announcer.pending).toBe(0);
  });

  it('drops queued announcements on dispose', async () => {
    const player = manualPlayer();
    const announcer = new Announcer({ play: player.play });
    const first = announcer.announce('A001', 1);
    const second = announcer.announce('A002', 2);
    announcer.dispose();
    await player.endCurrent();
    expect(await second).toBeNull();
    expect((await first)?.number).toBe('A001');
    expect(player.started).toEqual(['/audio/chime.ogg']);
    expect(await announcer.announce('A003', 3)).toBeNull();
  });

  it('keeps history bounded, in the same array', async () => {
    const announcer = new Announcer({ play: () => Promise.resolve(), historyLimit: 2 });
    const history = announcer.history;
    for (const n of ['A001', 'A002', 'A003']) await announcer.announce(n, 1);
    expect(announcer.history).toBe(history);
    expect(history.map((h) => h.number)).toEqual(['A002', 'A003']);
  });

  it('exposes its history as window.__guichetAnnouncements in a browser', async () => {
    const fakeWindow: { __guichetAnnouncements?: PlayedAnnouncement[] } = {};
    vi.stubGlobal('window', fakeWindow);
    const announcer = new Announcer({ play: () => Promise.resolve() });
    await announcer.announce('A012', 3);
    expect(fakeWindow.__guichetAnnouncements).toBe(announcer.history);
    expect(fakeWindow.__guichetAnnouncements?.[0]?.clips).toEqual(announcementClips('A012', 3));

    const fakeWindow2: { __guichetAnnouncements?: PlayedAnnouncement[] } = {};
    vi.stubGlobal('window', fakeWindow2);
    new Announcer({ play: () => Promise.resolve(), exposeGlobal: false });
    expect(fakeWindow2.__guichetAnnouncements).toBeUndefined();
  });
});

/** A fake HTMLAudioElement: the test fires 'ended' / 'error' and decides what play() does. */
class FakeAudio implements AudioLike {
  static made: FakeAudio[] = [];
  static nextPlay: (() => Promise<void>)[] = [];
  /** When set, every clip whose play() succeeds is logged in `started` and ends on the next tick. */
  static autoEnd = false;
  static started: string[] = [];
  listeners = new Map<string, Set<() => void>>();
  plays = 0;
  paused = false;
  constructor(readonly src: string) {
    FakeAudio.made.push(this);
  }
  play(): Promise<void> {
    this.plays++;
    const next = FakeAudio.nextPlay.shift();
    const result = next ? next() : Promise.resolve();
    if (FakeAudio.autoEnd) {
      void result.then(() => {
        FakeAudio.started.push(this.src);
        setTimeout(() => this.fire('ended'), 0);
      }, () => undefined);
    }
    return result;
  }
  pause(): void {
    this.paused = true;
  }
  addEventListener(type: string, listener: () => void): void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)?.add(listener);
  }
  removeEventListener(type: string, listener: () => void): void {
    this.listeners.get(type)?.delete(listener);
  }
  fire(type: 'ended' | 'error'): void {
    for (const l of [...(this.listeners.get(type) ?? [])]) l();
  }
}

const notAllowed = () => Promise.reject(Object.assign(new Error('play() failed because the user did not interact'), { name: 'NotAllowedError' }));
const tick = () => new Promise<void>((r) => setTimeout(r, 0));

describe('createHtmlAudioPlayer', () => {
  afterEach(() => {
    FakeAudio.made = [];
    FakeAudio.nextPlay = [];
    FakeAudio.autoEnd = false;
    FakeAudio.started = [];
  });
  const make = (durations: Record<string, number> = { '/audio/chime.ogg': 1200 }) =>
    createHtmlAudioPlayer({ durations, createAudio: (src) => new FakeAudio(src) });

  it("resolves on 'ended' and rejects on 'error'", async () => {
    const player = make();
    const ok = player.play('/audio/chime.ogg');
    await tick();
    FakeAudio.made[0]?.fire('ended');
    await expect(ok).resolves.toBeUndefined();

    const bad = player.play('/audio/zh/missing.ogg');
    await tick();
    FakeAudio.made[1]?.fire('error');
    await expect(bad).rejects.toThrow('/audio/zh/missing.ogg');
    // Listeners are removed once settled.
    expect(FakeAudio.made.every((a) => [...a.listeners.values()].every((s) => s.size === 0))).toBe(true);
  });

  it('rejects when play() itself fails for another reason', async () => {
    const player = make();
    FakeAudio.nextPlay.push(() => Promise.reject(Object.assign(new Error('no decoder'), { name: 'NotSupportedError' })));
    await expect(player.play('/audio/chime.ogg')).rejects.toThrow('no decoder');
    expect(player.blocked).toBe(false);
  });

  it('gives up on a clip after its manifest duration + 2 s, so the queue moves on', async () => {
    vi.useFakeTimers();
    const player = make();
    const stuck = player.play('/audio/chime.ogg');
    const result = stuck.then(
      () => 'ended',
      (e: Error) => e.message,
    );
    await vi.advanceTimersByTimeAsync(3199);
    expect(FakeAudio.made[0]?.paused).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await result).toMatch(/did not end within 3200 ms/);
    expect(FakeAudio.made[0]?.paused).toBe(true);

    // Unknown duration: the fixed limit.
    const unknown = player.play('/audio/other.ogg').catch((e: Error) => e.message);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(await unknown).toMatch(/within 15000 ms/);
  });

  it('reports autoplay refusal as blocked, waits without timing out, and resumes on unlock()', async () => {
    vi.useFakeTimers();
    const player = make();
    const changes: boolean[] = [];
    const unsubscribe = player.subscribe((b) => changes.push(b));
    FakeAudio.nextPlay.push(notAllowed);
    let settled = false;
    const pending = player.play('/audio/chime.ogg').then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(player.blocked).toBe(true);
    expect(changes).toEqual([true]);

    // Blocked for a long time: not given up, not played.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(settled).toBe(false);
    const audio = FakeAudio.made[0];
    expect(audio?.plays).toBe(1);

    player.unlock();
    expect(player.blocked).toBe(false);
    expect(changes).toEqual([true, false]);
    expect(audio?.plays).toBe(2); // retried synchronously, inside the click
    audio?.fire('ended');
    await pending;
    expect(settled).toBe(true);
    unsubscribe();
    player.unlock();
    expect(changes).toEqual([true, false]);
  });

  it('lets a blocked hall catch up in order after unlock()', async () => {
    FakeAudio.autoEnd = true;
    const player = make();
    const announcer = new Announcer({ langs: ['en'], play: player.play });
    FakeAudio.nextPlay.push(notAllowed); // the first clip is refused: no user gesture yet
    void announcer.announce('A001', 1);
    void announcer.announce('A002', 2);
    await tick();
    await tick();
    expect(player.blocked).toBe(true);
    expect(FakeAudio.started).toEqual([]);
    expect(announcer.pending).toBe(1);
    player.unlock();
    await announcer.idle();
    expect(announcer.history.map((h) => [h.number, h.failed])).toEqual([
      ['A001', []],
      ['A002', []],
    ]);
    expect(FakeAudio.started).toEqual([...announcementClips('A001', 1, ['en']), ...announcementClips('A002', 2, ['en'])]);
  });
});
