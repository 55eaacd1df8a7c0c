import { z } from 'zod';

/** The three UI languages; zh-CN is the default everywhere. */
export const LANGS = ['zh-CN', 'zh-TW', 'en'] as const;
export const Lang = z.enum(LANGS);
export type Lang = z.infer<typeof Lang>;
export const DEFAULT_LANG: Lang = 'zh-CN';

/** A user-facing text given in every UI language (configuration data, not code strings). */
export const Localized = z.object({
  'zh-CN': z.string().min(1),
  'zh-TW': z.string().min(1),
  en: z.string().min(1),
});
export type Localized = z.infer<typeof Localized>;

export function pick(text: Localized, lang: Lang): string {
  return text[lang];
}

export function parseLang(value: string | null | undefined): Lang {
  const parsed = Lang.safeParse(value);
  return parsed.success ? parsed.data : DEFAULT_LANG;
}
