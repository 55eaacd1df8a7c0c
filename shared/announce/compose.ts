// Composes a hall announcement ("请 A012 号到 3 号窗口办理" / "Number A012, please go to window 3")
// from the short clips that scripts/make-clips.mjs generates into assets/audio/ (served at /audio/).
// Pure: no I/O. See assets/audio/manifest.json for every clip and its duration.

export type AnnounceLang = 'zh' | 'en';

export const DEFAULT_ANNOUNCE_LANGS: readonly AnnounceLang[] = ['zh', 'en'];

/** Site path of the clips folder (assets/audio/ is served at /audio/). */
export const CLIP_BASE = '/audio';
export const CHIME_CLIP = `${CLIP_BASE}/chime.ogg`;
/** 0.25 s of silence: the comma in "Number A012, please go to window 3". */
export const SHORT_PAUSE_CLIP = `${CLIP_BASE}/pause-short.ogg`;
/** 0.6 s of silence between the sentences of two languages. */
export const LONG_PAUSE_CLIP = `${CLIP_BASE}/pause-long.ogg`;

/** Shape of assets/audio/manifest.json (written by scripts/make-clips.mjs). */
export interface ClipManifest {
  totalBytes: number;
  /** Keyed by site path, e.g. "/audio/zh/qing.ogg". */
  clips: Record<string, { durationMs: number; bytes: number; text: string; voice?: string }>;
}

const NUMBER_PATTERN = /^[A-Z]\d{3,4}$/;

function validate(number: string, window: number): void {
  if (typeof number !== 'string' || !NUMBER_PATTERN.test(number)) {
    throw new RangeError(`ticket number must be a capital letter and 3 or 4 digits, like "A012"; got ${JSON.stringify(number)}`);
  }
  if (!Number.isInteger(window) || window < 1 || window > 99) {
    throw new RangeError(`window must be an integer from 1 to 99; got ${String(window)}`);
  }
}

const zh = (name: string): string => `${CLIP_BASE}/zh/${name}.ogg`;
const en = (name: string): string => `${CLIP_BASE}/en/${name}.ogg`;

/** The letter and digits of a ticket number, one clip each ("A012" = A 零 一 二 / A zero one two). */
function ticketClips(number: string, clip: (name: string) => string): string[] {
  const [letter = '', ...digits] = number.split('');
  return [clip(`letter-${letter.toLowerCase()}`), ...digits.map((d) => clip(`digit-${d}`))];
}

/** 3 = 三, 10 = 十, 12 = 十二, 20 = 二十, 23 = 二十三. */
function zhWindowClips(window: number): string[] {
  const tens = Math.floor(window / 10);
  const units = window % 10;
  if (tens === 0) return [zh(`digit-${units}`)];
  return [...(tens > 1 ? [zh(`digit-${tens}`)] : []), zh('shi'), ...(units > 0 ? [zh(`digit-${units}`)] : [])];
}

/** 3 = three, 12 = twelve, 20 = twenty, 23 = twenty three. */
function enWindowClips(window: number): string[] {
  if (window < 10) return [en(`digit-${window}`)];
  if (window < 20) return [en(`num-${window}`)];
  const units = window % 10;
  return [en(`num-${window - units}`), ...(units > 0 ? [en(`digit-${units}`)] : [])];
}

function sentenceClips(lang: AnnounceLang, number: string, window: number): string[] {
  if (lang === 'zh') {
    // 请 A012 号到 3 号窗口办理
    return [zh('qing'), ...ticketClips(number, zh), zh('hao'), zh('dao'), ...zhWindowClips(window), zh('hao-chuangkou-banli')];
  }
  // Number A012, please go to window 3
  return [en('number'), ...ticketClips(number, en), SHORT_PAUSE_CLIP, en('please-go-to-window'), ...enWindowClips(window)];
}

/**
 * The clips of one announcement, in playing order, as site paths: the chime, then one sentence per
 * language with a long pause between languages. Throws a RangeError for an invalid number or window.
 */
export function announcementClips(number: string, window: number, langs: readonly AnnounceLang[] = DEFAULT_ANNOUNCE_LANGS): string[] {
  validate(number, window);
  const clips = [CHIME_CLIP];
  langs.forEach((lang, i) => {
    if (lang !== 'zh' && lang !== 'en') throw new RangeError(`announcement language must be "zh" or "en"; got ${JSON.stringify(lang)}`);
    if (i > 0) clips.push(LONG_PAUSE_CLIP);
    clips.push(...sentenceClips(lang, number, window));
  });
  return clips;
}

/** The spoken text, for captions and logs. Throws a RangeError for an invalid number or window. */
export function announcementText(number: string, window: number): { zh: string; en: string } {
  validate(number, window);
  return {
    zh: `请 ${number} 号到 ${window} 号窗口办理`,
    en: `Number ${number}, please go to window ${window}`,
  };
}
