// Speaking a phrase offline: the clips scripts/make-phrase-clips.mjs makes with espeak-ng for the
// shipped bank catalogue (assets/audio/phrases/, served at /audio/phrases/). A clip is used only
// while its text is the phrase's text: a catalogue head office replaced (new wording, new
// phrases) has no clip for what changed, and the counter falls back (renderer/speech/). Pure.
import { z } from 'zod';
import { LONG_PAUSE_CLIP } from '../announce/compose.js';
import type { Lang, Localized } from '../i18n/localized.js';
import type { Phrase } from './schema.js';

/** Spoken languages, in speaking order: Mandarin then English, as the hall announcements. */
export type SpeechLang = 'zh' | 'en';
export const SPEECH_LANGS: readonly SpeechLang[] = ['zh', 'en'];
/** Which text of a phrase each spoken language reads (zh-TW is the same Mandarin sentence). */
export const SPOKEN_TEXT: Record<SpeechLang, Lang> = { zh: 'zh-CN', en: 'en' };
/** BCP 47 tags for speechSynthesis, the fallback voice. */
export const SPEECH_BCP47: Record<SpeechLang, string> = { zh: 'zh-CN', en: 'en-US' };

export const PHRASE_CLIP_BASE = '/audio/phrases';
export const PHRASE_CLIP_MANIFEST = `${PHRASE_CLIP_BASE}/manifest.json`;

/** Site path of a phrase's clip in one language (scripts/make-phrase-clips.mjs writes the same). */
export function phraseClipPath(phraseId: string, lang: SpeechLang): string {
  return `${PHRASE_CLIP_BASE}/${lang}/${phraseId}.ogg`;
}

/** assets/audio/phrases/manifest.json; `clips` has the shape of the announcement manifest. */
export const PhraseClipManifest = z.object({
  totalBytes: z.number().int().min(0),
  clips: z.record(z.string(), z.object({ durationMs: z.number().min(0), bytes: z.number().int().min(0), text: z.string(), voice: z.string().optional() })),
  /** Phrase id -> its clip per language (site paths, keys of `clips`). */
  phrases: z.record(z.string(), z.object({ zh: z.string().optional(), en: z.string().optional() })),
});
export type PhraseClipManifest = z.infer<typeof PhraseClipManifest>;

/** "××" (Chinese) or "XX" (English): a slot the teller fills in; such a phrase is said, never played or shown. */
export function hasFillIn(text: Localized): boolean {
  return text['zh-CN'].includes('××') || text['zh-TW'].includes('××') || /\bXX\b/.test(text.en);
}

/**
 * The clips that speak `phrase`, in playing order, languages separated by the long pause of the
 * announcements; null when a language has no clip saying exactly the phrase's current text.
 */
export function phraseClips(manifest: PhraseClipManifest, phrase: Pick<Phrase, 'id' | 'text'>, langs: readonly SpeechLang[] = SPEECH_LANGS): string[] | null {
  const clips: string[] = [];
  for (const [i, lang] of langs.entries()) {
    const path = manifest.phrases[phrase.id]?.[lang];
    const clip = path === undefined ? undefined : manifest.clips[path];
    if (path === undefined || clip === undefined || clip.text !== phrase.text[SPOKEN_TEXT[lang]]) return null;
    if (i > 0) clips.push(LONG_PAUSE_CLIP);
    clips.push(path);
  }
  return clips.length > 0 ? clips : null;
}
