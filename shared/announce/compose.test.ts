import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ClipManifest } from './compose.js';
import { CHIME_CLIP, LONG_PAUSE_CLIP, SHORT_PAUSE_CLIP, announcementClips, announcementText } from './compose.js';

const audioDir = new URL('../../assets/audio/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', audioDir), 'utf8')) as ClipManifest;
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');

describe('announcementText', () => {
  it('gives the exact Chinese and English sentences', () => {
    expect(announcementText('A012', 3)).toEqual({
      zh: '请 A012 号到 3 号窗口办理',
      en: 'Number A012, please go to window 3',
    });
    expect(announcementText('Z1234', 99)).toEqual({
      zh: '请 Z1234 号到 99 号窗口办理',
      en: 'Number Z1234, please go to window 99',
    });
  });
});

describe('announcementClips', () => {
  it('composes A012 at window 3: chime, Chinese, pause, English', () => {
    expect(announcementClips('A012', 3)).toEqual([
      '/audio/chime.ogg',
      '/audio/zh/qing.ogg',
      '/audio/zh/letter-a.ogg',
      '/audio/zh/digit-0.ogg',
      '/audio/zh/digit-1.ogg',
      '/audio/zh/digit-2.ogg',
      '/audio/zh/hao.ogg',
      '/audio/zh/dao.ogg',
      '/audio/zh/digit-3.ogg',
      '/audio/zh/hao-chuangkou-banli.ogg',
      '/audio/pause-long.ogg',
      '/audio/en/number.ogg',
      '/audio/en/letter-a.ogg',
      '/audio/en/digit-0.ogg',
      '/audio/en/digit-1.ogg',
      '/audio/en/digit-2.ogg',
      '/audio/pause-short.ogg',
      '/audio/en/please-go-to-window.ogg',
      '/audio/en/digit-3.ogg',
    ]);
  });

  it('reads four-digit numbers digit by digit', () => {
    const clips = announcementClips('B1000', 1, ['en']);
    expect(clips.slice(1, 7)).toEqual([
      '/audio/en/number.ogg',
      '/audio/en/letter-b.ogg',
      '/audio/en/digit-1.ogg',
      '/audio/en/digit-0.ogg',
      '/audio/en/digit-0.ogg',
      '/audio/en/digit-0.ogg',
    ]);
  });

  const windowTail = (window: number, lang: 'zh' | 'en'): string[] => {
    const clips = announcementClips('A001', window, [lang]);
    const marker = lang === 'zh' ? '/audio/zh/dao.ogg' : '/audio/en/please-go-to-window.ogg';
    const tail = clips.slice(clips.indexOf(marker) + 1);
    return (lang === 'zh' ? tail.slice(0, -1) : tail).map((c) => c.replace(/^\/audio\/(zh|en)\/(.*)\.ogg$/, '$2'));
  };

  it.each([
    [1, ['digit-1']],
    [9, ['digit-9']],
    [10, ['shi']],
    [12, ['shi', 'digit-2']],
    [20, ['digit-2', 'shi']],
    [23, ['digit-2', 'shi', 'digit-3']],
    [99, ['digit-9', 'shi', 'digit-9']],
  ])('says window %i in Chinese as %j', (window, expected) => {
    expect(windowTail(window, 'zh')).toEqual(expected);
  });

  it.each([
    [1, ['digit-1']],
    [9, ['digit-9']],
    [10, ['num-10']],
    [12, ['num-12']],
    [19, ['num-19']],
    [20, ['num-20']],
    [23, ['num-20', 'digit-3']],
    [99, ['num-90', 'digit-9']],
  ])('says window %i in English as %j', (window, expected) => {
    expect(windowTail(window, 'en')).toEqual(expected);
  });

  it('follows the requested languages and order', () => {
    const enOnly = announcementClips('C345', 7, ['en']);
    expect(enOnly[0]).toBe(CHIME_CLIP);
    expect(enOnly.some((c) => c.includes('/zh/'))).toBe(false);
    expect(enOnly).not.toContain(LONG_PAUSE_CLIP);

    const enZh = announcementClips('C345', 7, ['en', 'zh']);
    expect(enZh[1]).toBe('/audio/en/number.ogg');
    expect(enZh.at(-1)).toBe('/audio/zh/hao-chuangkou-banli.ogg');
    expect(enZh.filter((c) => c === LONG_PAUSE_CLIP)).toHaveLength(1);
    expect(enZh).toContain(SHORT_PAUSE_CLIP);
  });

  it.each([
    ['a012', 3],
    ['A12', 3],
    ['A12345', 3],
    ['AB12', 3],
    [' A012', 3],
    ['', 3],
    ['A012', 0],
    ['A012', 100],
    ['A012', 2.5],
    ['A012', Number.NaN],
  ])('rejects number %j at window %s with a RangeError', (number, window) => {
    expect(() => announcementClips(number, window)).toThrow(RangeError);
    expect(() => announcementText(number, window)).toThrow(RangeError);
  });

  it('explains what is wrong', () => {
    expect(() => announcementClips('a012', 3)).toThrow(/ticket number .*"a012"/);
    expect(() => announcementClips('A012', 100)).toThrow(/window must be an integer from 1 to 99; got 100/);
    expect(() => announcementClips('A012', 3, ['fr' as 'en'])).toThrow(RangeError);
  });
});

describe('clips on disk', () => {
  it('has every clip that any letter, digit and window 1..99 needs, in the manifest and as a file', () => {
    const needed = new Set<string>();
    for (const letter of LETTERS) {
      for (let window = 1; window <= 99; window++) {
        for (const clip of announcementClips(`${letter}0123`, window)) needed.add(clip);
      }
    }
    for (const clip of announcementClips('A4567', 1)) needed.add(clip);
    for (const clip of announcementClips('A8901', 1)) needed.add(clip);

    const missingFromManifest = [...needed].filter((clip) => !(clip in manifest.clips));
    expect(missingFromManifest).toEqual([]);
    const missingFiles = [...needed].filter((clip) => !existsSync(new URL(clip.replace(/^\/audio\//, ''), audioDir)));
    expect(missingFiles).toEqual([]);
    // Nothing in the manifest that no announcement uses.
    expect(Object.keys(manifest.clips).filter((clip) => !needed.has(clip))).toEqual([]);
  });

  it('lists a positive duration for every clip', () => {
    for (const [clip, info] of Object.entries(manifest.clips)) {
      expect(info.durationMs, clip).toBeGreaterThan(0);
    }
  });
});
