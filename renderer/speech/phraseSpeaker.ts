// Speaks a standard phrase to the customer through the counter's speaker, offline:
//   1. the pre-made espeak-ng clips of assets/audio/phrases/ (zh then en, like the hall), when
//      the manifest has a clip saying exactly the phrase's current text in every language;
//   2. otherwise the browser's speechSynthesis, when it has a voice for every language;
//   3. otherwise nothing: the phrase can only be shown (or said by the teller).
// Phrases play one after another, never over each other.

import { LONG_PAUSE_CLIP } from '../../shared/announce/compose.js';
import type { Phrase } from '../../shared/phrases/schema.js';
import { PHRASE_CLIP_MANIFEST, PhraseClipManifest, SPEECH_BCP47, SPEECH_LANGS, SPOKEN_TEXT, hasFillIn, phraseClips } from '../../shared/phrases/speech.js';
import type { SpeechLang } from '../../shared/phrases/speech.js';
import { createHtmlAudioPlayer } from '../audio/announcer.js';
import type { HtmlAudioPlayer } from '../audio/announcer.js';

/** How a phrase can be spoken here. */
export type SpeechRoute = 'clips' | 'speechSynthesis' | 'none';

/** One phrase spoken, as kept in `PhraseSpeaker.history` and `window.__guichetPhraseSpeech`. */
export interface SpokenPhrase {
  phraseId: string;
  route: SpeechRoute;
  /** The clips played, in order (empty for speechSynthesis). */
  clips: string[];
  /** Clips (or languages, for speechSynthesis) that failed. */
  failed: string[];
}

declare global {
  interface Window {
    /** The counter's spoken phrases, for end-to-end tests. */
    __guichetPhraseSpeech?: SpokenPhrase[];
  }
}

/** The parts of the Web Speech API used (tests pass a fake). */
export interface SynthesisLike {
  getVoices(): { lang: string }[];
  speak(utterance: SpeechSynthesisUtterance): void;
}

export interface PhraseSpeakerOptions {
  /** Plays one clip to its end (default: HTMLAudioElement with the manifest's durations). */
  play?: (src: string) => Promise<void>;
  /** Default: fetched from /audio/phrases/manifest.json; null when there is none (offline, or a build without clips). */
  manifest?: PhraseClipManifest | null;
  /** Default: window.speechSynthesis when the browser has it. */
  synthesis?: SynthesisLike | null;
  /** Builds an utterance (default: new SpeechSynthesisUtterance). */
  utterance?: (text: string, lang: string) => SpeechSynthesisUtterance;
  langs?: readonly SpeechLang[];
  /** Give up on one utterance after this long (a voice that never ends); default 20 s. */
  utteranceTimeoutMs?: number;
}

async function loadManifest(): Promise<PhraseClipManifest | null> {
  try {
    const response = await fetch(PHRASE_CLIP_MANIFEST);
    if (!response.ok) return null;
    const parsed = PhraseClipManifest.safeParse(await response.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export class PhraseSpeaker {
  readonly history: SpokenPhrase[] = [];
  private manifest: PhraseClipManifest | null = null;
  private readonly ready: Promise<void>;
  private tail: Promise<unknown> = Promise.resolve();
  private player: HtmlAudioPlayer | null = null;
  private readonly langs: readonly SpeechLang[];

  constructor(private readonly options: PhraseSpeakerOptions = {}) {
    this.langs = options.langs ?? SPEECH_LANGS;
    this.ready = ('manifest' in options ? Promise.resolve(options.manifest ?? null) : loadManifest()).then((m) => {
      this.manifest = m;
    });
    if (typeof window !== 'undefined') window.__guichetPhraseSpeech = this.history;
  }

  /** Resolves once the clip manifest is loaded (or known to be missing). */
  whenReady(): Promise<void> {
    return this.ready;
  }

  /** How `phrase` would be spoken now (a phrase with a fill-in slot is never spoken). */
  routeFor(phrase: Pick<Phrase, 'id' | 'text'>): SpeechRoute {
    if (hasFillIn(phrase.text)) return 'none';
    if (this.manifest && phraseClips(this.manifest, phrase, this.langs)) return 'clips';
    const synthesis = this.synthesis();
    if (synthesis) {
      const voices = synthesis.getVoices();
      if (this.langs.every((lang) => voices.some((v) => v.lang.toLowerCase().startsWith(lang)))) return 'speechSynthesis';
    }
    return 'none';
  }

  /** Queues the phrase; resolves when it has been spoken (or could not be). */
  speak(phrase: Pick<Phrase, 'id' | 'text'>): Promise<SpokenPhrase> {
    const run = this.tail.then(async () => {
      await this.ready;
      const route = this.routeFor(phrase);
      const spoken: SpokenPhrase = { phraseId: phrase.id, route, clips: [], failed: [] };
      if (route === 'clips') {
        const clips = phraseClips(this.manifest!, phrase, this.langs) ?? [];
        const play = this.playClip();
        for (const src of clips) {
          try {
            await play(src);
          } catch (error) {
            spoken.failed.push(src);
            console.warn(`phrase clip skipped: ${String((error as Error)?.message ?? error)}`);
          }
        }
        spoken.clips = clips;
      } else if (route === 'speechSynthesis') {
        for (const lang of this.langs) {
          const ok = await this.say(phrase.text[SPOKEN_TEXT[lang]], SPEECH_BCP47[lang]);
          if (!ok) spoken.failed.push(lang);
        }
      }
      this.history.push(spoken);
      return spoken;
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  private playClip(): (src: string) => Promise<void> {
    if (this.options.play) return this.options.play;
    if (!this.player) {
      const durations: Record<string, number> = { [LONG_PAUSE_CLIP]: 600 };
      for (const [src, info] of Object.entries(this.manifest?.clips ?? {})) durations[src] = info.durationMs;
      // A generous margin: a busy counter PC may start a clip late, and a clip given up is a
      // sentence the customer does not hear; the limit is only for a clip that never ends.
      this.player = createHtmlAudioPlayer({ durations, marginMs: 5000 });
    }
    return this.player.play;
  }

  private synthesis(): SynthesisLike | null {
    if ('synthesis' in this.options) return this.options.synthesis ?? null;
    return typeof window !== 'undefined' && 'speechSynthesis' in window ? window.speechSynthesis : null;
  }

  private say(text: string, lang: string): Promise<boolean> {
    const synthesis = this.synthesis();
    if (!synthesis) return Promise.resolve(false);
    return new Promise((resolve) => {
      const u = this.options.utterance ? this.options.utterance(text, lang) : new SpeechSynthesisUtterance(text);
      u.lang = lang;
      const timer = setTimeout(() => resolve(false), this.options.utteranceTimeoutMs ?? 20_000);
      u.onend = () => {
        clearTimeout(timer);
        resolve(true);
      };
      u.onerror = () => {
        clearTimeout(timer);
        resolve(false);
      };
      synthesis.speak(u);
    });
  }
}

let shared: PhraseSpeaker | null = null;
/** The page's one speaker (so phrases never talk over each other). */
export function phraseSpeaker(): PhraseSpeaker {
  shared ??= new PhraseSpeaker();
  return shared;
}
