import { DEFAULT_LANG, parseLang } from '../../shared/i18n/localized.js';
import type { Lang } from '../../shared/i18n/localized.js';

/** The UI language chosen in the URL (?lang=zh-CN|zh-TW|en), zh-CN when absent or unknown. */
export function langFromSearch(search: string): Lang {
  return parseLang(new URLSearchParams(search).get('lang'));
}

/** `path` (which may carry its own query) with the language kept, so links keep the choice. */
export function withLang(path: string, lang: Lang): string {
  const url = new URL(path, 'http://x');
  if (lang === DEFAULT_LANG) url.searchParams.delete('lang');
  else url.searchParams.set('lang', lang);
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The current location's path and query with another language. */
export function hrefForLang(location: Pick<Location, 'pathname' | 'search' | 'hash'>, lang: Lang): string {
  return withLang(`${location.pathname}${location.search}${location.hash}`, lang);
}

/** BCP 47 tag for Intl formatting and <html lang>. */
export function htmlLang(lang: Lang): string {
  return lang === 'zh-CN' ? 'zh-Hans-CN' : lang === 'zh-TW' ? 'zh-Hant-TW' : 'en';
}
