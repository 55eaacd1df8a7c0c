import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LONG_PAUSE_CLIP } from '../announce/compose.js';
import { bankCatalogue } from './data/index.js';
import { hasFillIn, PhraseClipManifest, phraseClipPath, phraseClips } from './speech.js';

const assets = resolve(import.meta.dirname, '../../assets');
const manifest = PhraseClipManifest.parse(JSON.parse(readFileSync(join(assets, 'audio/phrases/manifest.json'), 'utf8')));
const greeting = bankCatalogue.phrases.find((p) => p.id === 'bank.greeting')!;

describe('phraseClips', () => {
  it('plays the Mandarin clip, the long pause, then the English clip', () => {
    expect(phraseClips(manifest, greeting)).toEqual([phraseClipPath('bank.greeting', 'zh'), LONG_PAUSE_CLIP, phraseClipPath('bank.greeting', 'en')]);
    expect(phraseClips(manifest, greeting, ['en'])).toEqual(['/audio/phrases/en/bank.greeting.ogg']);
  });

  it('has no clips for a phrase whose text head office changed, or for an unknown phrase', () => {
    expect(phraseClips(manifest, { ...greeting, text: { ...greeting.text, en: 'Hi there, what brings you here?' } })).toBeNull();
    expect(phraseClips(manifest, { ...greeting, text: { ...greeting.text, 'zh-CN': '您好！' } })).toBeNull();
    expect(phraseClips(manifest, { ...greeting, id: 'hq.greeting.new' })).toBeNull();
    // zh-TW is not spoken: a Traditional wording change keeps the clips.
    expect(phraseClips(manifest, { ...greeting, text: { ...greeting.text, 'zh-TW': '您好！' } })).not.toBeNull();
  });
});

describe('hasFillIn', () => {
  it('finds the teller fill-in slots in any language', () => {
    expect(hasFillIn(greeting.text)).toBe(false);
    expect(hasFillIn({ 'zh-CN': '请跟我去××。', 'zh-TW': '請跟我到××。', en: 'Please come with me to XX.' })).toBe(true);
    expect(hasFillIn({ 'zh-CN': '好', 'zh-TW': '好', en: 'XXL size' })).toBe(false);
  });
});

describe('the committed clips (assets/audio/phrases, scripts/make-phrase-clips.mjs)', () => {
  const spoken = [...bankCatalogue.phrases, ...bankCatalogue.holidayGreetings].filter((p) => !hasFillIn(p.text));

  it('speak every bank phrase without a fill-in slot, with its current text, from files that exist', () => {
    expect(spoken.length).toBeGreaterThan(20);
    for (const phrase of spoken) {
      const clips = phraseClips(manifest, phrase);
      expect(clips, phrase.id).not.toBeNull();
      for (const clip of clips!.filter((c) => c !== LONG_PAUSE_CLIP)) {
        const file = join(assets, clip);
        expect(existsSync(file), clip).toBe(true);
        expect(statSync(file).size, clip).toBe(manifest.clips[clip]!.bytes);
        expect(manifest.clips[clip]!.durationMs, clip).toBeGreaterThan(300);
      }
    }
  });

  it('have nothing for phrases with a fill-in slot, and add up to the stated size', () => {
    for (const phrase of bankCatalogue.phrases.filter((p) => hasFillIn(p.text))) expect(manifest.phrases[phrase.id], phrase.id).toBeUndefined();
    expect(Object.values(manifest.clips).reduce((n, c) => n + c.bytes, 0)).toBe(manifest.totalBytes);
  });
});
