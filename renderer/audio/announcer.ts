// Hall-screen announcements: a chime, then "请 A012 号到 3 号窗口办理" and "Number A012, please go to
// window 3", made of the committed clips in assets/audio/ (served at /audio/). Works with no network
// and no OS voices. Announcements never overlap: a call arriving while one plays waits its turn.
// In audio/ rather than hall/ because its clip player also speaks the counter's phrases (speech/).

import type { AnnounceLang } from '../../shared/announce/compose.js';
import { DEFAULT_ANNOUNCE_LANGS, announcementClips } from '../../shared/announce/compose.js';

/** What was announced: the ticket, the window and the clips of one repetition, in order. */
export interface AnnouncementEntry {
  number: string;
  window: number;
  clips: string[];
}

/** One finished announcement, as kept in `Announcer.history` and `window.__guichetAnnouncements`. */
export interface PlayedAnnouncement extends AnnouncementEntry {
  /** How many times `clips` was played. */
  repeat: number;
  /** Clips that failed or timed out and were skipped, in playing order (one per failure). */
  failed: string[];
}

/** Plays one clip; resolves when it has ended, rejects if it cannot be played. */
export type PlayClip = (src: string) => Promise<void>;

export interface AnnouncerOptions {
  play: PlayClip;
  /** Called after each announcement has finished playing (all its repetitions). */
  onPlayed?: (entry: PlayedAnnouncement) => void;
  /** Called for each clip that failed; the announcement goes on with the next clip. */
  onClipError?: (src: string, error: unknown) => void;
  /** Times each announcement is spoken (branch config `announcement.repeat`); default 1. */
  repeat?: number;
  /** Languages, in speaking order; default Chinese then English. */
  langs?: readonly AnnounceLang[];
  /** Oldest history entries are dropped beyond this many; default 1000. */
  historyLimit?: number;
  /** Set `window.__guichetAnnouncements` to `history` (read by end-to-end tests); default true in a browser. */
  exposeGlobal?: boolean;
}

declare global {
  interface Window {
    /** The hall announcer's history, for end-to-end tests. */
    __guichetAnnouncements?: PlayedAnnouncement[];
  }
}

interface Job {
  entry: AnnouncementEntry;
  repeat: number;
  resolve: (played: PlayedAnnouncement | null) => void;
}

function checkRepeat(repeat: number): number {
  if (!Number.isInteger(repeat) || repeat < 1) throw new RangeError(`repeat must be a whole number of at least 1; got ${String(repeat)}`);
  return repeat;
}

export class Announcer {
  /** Finished announcements, oldest first. The same array for the announcer's whole life. */
  readonly history: PlayedAnnouncement[] = [];
  langs: readonly AnnounceLang[];
  private repeatCount: number;
  private readonly queue: Job[] = [];
  private playing: Job | null = null;
  private disposed = false;
  private idleWaiters: (() => void)[] = [];
  private readonly options: AnnouncerOptions;

  constructor(options: AnnouncerOptions) {
    this.options = options;
    this.repeatCount = checkRepeat(options.repeat ?? 1);
    this.langs = options.langs ?? DEFAULT_ANNOUNCE_LANGS;
    if ((options.exposeGlobal ?? true) && typeof window !== 'undefined') window.__guichetAnnouncements = this.history;
  }

  get repeat(): number {
    return this.repeatCount;
  }

  /** Applies to announcements queued from now on. */
  set repeat(value: number) {
    this.repeatCount = checkRepeat(value);
  }

  /** Announcements waiting, not counting the one playing. */
  get pending(): number {
    return this.queue.length;
  }

  get busy(): boolean {
    return this.playing !== null;
  }

  /**
   * Queues a call or recall. Throws a RangeError at once for an invalid number or window (nothing
   * is queued). The promise resolves with the history entry once it has been played, or with null
   * if the announcer was disposed before its turn.
   */
  announce(number: string, window: number, options: { repeat?: number } = {}): Promise<PlayedAnnouncement | null> {
    const clips = announcementClips(number, window, this.langs);
    const repeat = options.repeat === undefined ? this.repeatCount : checkRepeat(options.repeat);
    if (this.disposed) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.queue.push({ entry: { number, window, clips }, repeat, resolve });
      if (!this.playing) void this.drain();
    });
  }

  /** Resolves when nothing is playing or queued. */
  idle(): Promise<void> {
    if (!this.playing && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops the queued announcements (their promises resolve with null); the one playing finishes its current clip and stops. */
  dispose(): void {
    this.disposed = true;
    for (const job of this.queue.splice(0)) job.resolve(null);
  }

  private async drain(): Promise<void> {
    while (!this.playing) {
      const job = this.queue.shift();
      if (!job) break;
      this.playing = job;
      try {
        const played = await this.playJob(job);
        this.record(played);
        job.resolve(played);
      } finally {
        this.playing = null;
      }
    }
    if (!this.playing && this.queue.length === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async playJob(job: Job): Promise<PlayedAnnouncement> {
    const failed: string[] = [];
    for (let round = 0; round < job.repeat && !this.disposed; round++) {
      for (const src of job.entry.clips) {
        if (this.disposed) break;
        try {
          await this.options.play(src);
        } catch (error) {
          failed.push(src);
          try {
            this.options.onClipError?.(src, error);
          } catch {
            // a broken listener must not stop the announcements
          }
        }
      }
    }
    return { ...job.entry, clips: [...job.entry.clips], repeat: job.repeat, failed };
  }

  private record(played: PlayedAnnouncement): void {
    this.history.push(played);
    const limit = this.options.historyLimit ?? 1000;
    if (this.history.length > limit) this.history.splice(0, this.history.length - limit);
    try {
      this.options.onPlayed?.(played);
    } catch {
      // a broken listener must not stop the announcements
    }
  }
}

/** The bits of HTMLAudioElement the player uses (tests pass a fake). */
export interface AudioLike {
  play(): Promise<void> | void;
  pause(): void;
  addEventListener(type: 'ended' | 'error', listener: () => void): void;
  removeEventListener(type: 'ended' | 'error', listener: () => void): void;
}

export interface HtmlAudioPlayerOptions {
  /** Clip durations in ms by site path. Default: loaded from `manifestUrl`. */
  durations?: Record<string, number>;
  /** Default '/audio/manifest.json' (written by scripts/make-clips.mjs). */
  manifestUrl?: string;
  /** Added to a clip's duration before it is given up; default 2000 ms. */
  marginMs?: number;
  /** Time limit for a clip whose duration is not known; default 15000 ms. */
  unknownDurationTimeoutMs?: number;
  /** Default: `new Audio(src)`. */
  createAudio?: (src: string) => AudioLike;
}

export interface HtmlAudioPlayer {
  /** Plays one clip; resolves on 'ended', rejects on 'error' or when it runs past its duration + margin. */
  play: PlayClip;
  /** True while the browser refuses to play sound until the user interacts (autoplay policy). */
  readonly blocked: boolean;
  /** Call from a user gesture (the "click to enable sound" button): resumes the clip that was refused. */
  unlock(): void;
  /** Notified whenever `blocked` changes; returns an unsubscribe function (fits React's useSyncExternalStore). */
  subscribe(listener: (blocked: boolean) => void): () => void;
  /** Resolves once the clip durations are known (or could not be loaded: a fixed time limit is used then). */
  readonly ready: Promise<void>;
}

function isAutoplayRefusal(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'NotAllowedError';
}

async function loadDurations(url: string, into: Map<string, number>): Promise<void> {
  try {
    const response = await fetch(url);
    if (!response.ok) return;
    const manifest = (await response.json()) as { clips?: Record<string, { durationMs?: unknown }> };
    for (const [src, info] of Object.entries(manifest.clips ?? {})) {
      if (typeof info.durationMs === 'number') into.set(src, info.durationMs);
    }
  } catch {
    // offline without the manifest: every clip gets the fixed time limit
  }
}

/** Plays clips with HTMLAudioElement, one element per clip. */
export function createHtmlAudioPlayer(options: HtmlAudioPlayerOptions = {}): HtmlAudioPlayer {
  const marginMs = options.marginMs ?? 2000;
  const unknownTimeoutMs = options.unknownDurationTimeoutMs ?? 15_000;
  const createAudio = options.createAudio ?? ((src: string): AudioLike => new Audio(src));
  const durations = new Map<string, number>(Object.entries(options.durations ?? {}));
  const ready = options.durations ? Promise.resolve() : loadDurations(options.manifestUrl ?? '/audio/manifest.json', durations);
  const listeners = new Set<(blocked: boolean) => void>();
  /** Clips refused by the autoplay policy, retried by unlock(). */
  const refused: (() => void)[] = [];
  let blocked = false;

  const setBlocked = (value: boolean): void => {
    if (blocked === value) return;
    blocked = value;
    for (const listener of [...listeners]) listener(value);
  };

  const timeoutFor = (src: string): number => {
    const duration = durations.get(src);
    return duration === undefined ? unknownTimeoutMs : duration + marginMs;
  };

  const play = (src: string): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const audio = createAudio(src);
      let timer: ReturnType<typeof setTimeout> | undefined;
      let done = false;
      const stopTimer = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        timer = undefined;
      };
      const finish = (error?: Error): void => {
        if (done) return;
        done = true;
        stopTimer();
        audio.removeEventListener('ended', onEnded);
        audio.removeEventListener('error', onError);
        const i = refused.indexOf(attempt);
        if (i >= 0) refused.splice(i, 1);
        if (!error) return resolve();
        try {
          audio.pause();
        } catch {
          // already unusable
        }
        reject(error);
      };
      const onEnded = (): void => finish();
      const onError = (): void => finish(new Error(`audio clip could not be played: ${src}`));
      const attempt = (): void => {
        if (done) return;
        const limit = timeoutFor(src);
        stopTimer();
        timer = setTimeout(() => finish(new Error(`audio clip did not end within ${limit} ms: ${src}`)), limit);
        let started: Promise<void> | void;
        try {
          started = audio.play();
        } catch (error) {
          started = Promise.reject(error);
        }
        Promise.resolve(started).catch((error: unknown) => {
          if (done) return;
          if (isAutoplayRefusal(error)) {
            // Not the clip's fault: wait (without a time limit) for unlock() from a user gesture.
            stopTimer();
            refused.push(attempt);
            setBlocked(true);
            return;
          }
          finish(error instanceof Error ? error : new Error(`audio clip could not be played: ${src} (${String(error)})`));
        });
      };
      audio.addEventListener('ended', onEnded);
      audio.addEventListener('error', onError);
      if (blocked) refused.push(attempt);
      else attempt();
    });

  return {
    play,
    get blocked() {
      return blocked;
    },
    unlock() {
      setBlocked(false);
      // Retried synchronously, inside the user's gesture.
      for (const attempt of refused.splice(0)) attempt();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ready,
  };
}
