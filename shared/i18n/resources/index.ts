import type { Lang } from '../localized.js';
import { en } from './en.js';
import { zhCN } from './zh-CN.js';
import type { Messages } from './zh-CN.js';
import { zhTW } from './zh-TW.js';

export type { Messages } from './zh-CN.js';

/** Every UI string, per language, in i18next's resource shape (one namespace: translation). */
export const messages: Record<Lang, Messages> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };

export const resources = {
  'zh-CN': { translation: zhCN },
  'zh-TW': { translation: zhTW },
  en: { translation: en },
} as const;
