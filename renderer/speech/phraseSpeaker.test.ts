import { describe, expect, it } from 'vitest';
import { LONG_PAUSE_CLIP } from '../../shared/announce/compose.js';
import type { PhraseClipManifest } from '../../shared/phrases/speech.js';
import { PhraseSpeaker } from './phraseSpeaker.js';

const greeting = { id: 'bank.greeting', text: { 'zh-CN': '您好，您办理什么业务？', 'zh-TW': '您好，您辦理什麼業務？', en: 'Hello, which service do you need?' } };
const manifest: PhraseClipManifest = {
  totalBytes: 2,
  clips: {
    '/audio/phrases/zh/bank.greeting.ogg': { durationMs: 1500, bytes: 1, text: greeting.text['zh-CN'] },
    '/audio/phrases/en/bank.greeting.ogg': { durationMs: 1500, bytes: 1, text: greeting.text.en },
  },
  phrases: { 'bank.greeting': { zh: '/audio/phrases/zh/bank.greeting.ogg', en: '/audio/phrases/en/bank.greeting.ogg' } },
};

/** A Web Speech API stand-in whose utterances end at once. */
function fakeSynthesis(langs: string[]) {
  const said: { text: string; lang: string }[] = [];
  return {
    said,
    synthesis: {
      getVoices: () => langs.map((lang) => ({ lang })),
      speak: (u: SpeechSynthesisUtterance) => {
        said.push({ text: u.text, lang: u.lang });
        setTimeout(() => u.onend?.(new Event('end') as SpeechSynthesisEvent), 0);
      },
    },
    utterance: (text: string) => ({ text, lang: '', onend: null, onerror: null }) as unknown as SpeechSynthesisUtterance,
  };
}

describe('PhraseSpeaker', () => {
  it('plays the clips zh, pause, en, one phrase after another', async () => {
    const played: string[] = [];
    const speaker = new PhraseSpeaker({ manifest, synthesis: null, play: async (src) => void played.push(src) });
    await speaker.whenReady();
    expect(speaker.routeFor(greeting)).toBe('clips');
    const [a, b] = await Promise.all([speaker.speak(greeting), speaker.speak(greeting)]);
    const clips = ['/audio/phrases/zh/bank.greeting.ogg', LONG_PAUSE_CLIP, '/audio/phrases/en/bank.greeting.ogg'];
    expect(a).toEqual({ phraseId: 'bank.greeting', route: 'clips', clips, failed: [] });
    expect(b?.clips).toEqual(clips);
    expect(played).toEqual([...clips, ...clips]);
    expect(speaker.history).toHaveLength(2);
  });

  it('goes on past a clip that fails, and says which', async () => {
    const speaker = new PhraseSpeaker({ manifest, synthesis: null, play: async (src) => (src.includes('/zh/') ? Promise.reject(new Error('decode')) : undefined) });
    expect((await speaker.speak(greeting)).failed).toEqual(['/audio/phrases/zh/bank.greeting.ogg']);
  });

  it('falls back to speechSynthesis for a text without a clip, when it has a voice for each language', async () => {
    const changed = { ...greeting, text: { ...greeting.text, en: 'Good day, how can I help?' } };
    const fake = fakeSynthesis(['zh-CN', 'en-US']);
    const speaker = new PhraseSpeaker({ manifest, synthesis: fake.synthesis, utterance: fake.utterance, play: async () => undefined });
    expect(speaker.routeFor(changed)).toBe('speechSynthesis');
    expect(await speaker.speak(changed)).toEqual({ phraseId: 'bank.greeting', route: 'speechSynthesis', clips: [], failed: [] });
    expect(fake.said).toEqual([
      { text: greeting.text['zh-CN'], lang: 'zh-CN' },
      { text: 'Good day, how can I help?', lang: 'en-US' },
    ]);
  });

  it('cannot speak without clips and without a voice for every language, nor a phrase with a fill-in slot', async () => {
    const changed = { ...greeting, id: 'hq.new' };
    expect(new PhraseSpeaker({ manifest, synthesis: fakeSynthesis(['en-US']).synthesis }).routeFor(changed)).toBe('none');
    expect(new PhraseSpeaker({ manifest: null, synthesis: null }).routeFor(greeting)).toBe('none');
    const fillIn = { id: 'bank.guide', text: { 'zh-CN': '请跟我去××。', 'zh-TW': '請跟我到××。', en: 'Please come with me to XX.' } };
    expect(new PhraseSpeaker({ manifest, synthesis: fakeSynthesis(['zh-CN', 'en-US']).synthesis }).routeFor(fillIn)).toBe('none');
    const silent = new PhraseSpeaker({ manifest: null, synthesis: null });
    expect(await silent.speak(greeting)).toEqual({ phraseId: 'bank.greeting', route: 'none', clips: [], failed: [] });
  });
});
