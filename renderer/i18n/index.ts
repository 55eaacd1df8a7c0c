import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { parseLang } from '../../shared/i18n/localized.js';
import type { Lang, Localized } from '../../shared/i18n/localized.js';
import { resources } from '../../shared/i18n/resources/index.js';
import { htmlLang } from './lang.js';

export const i18n = i18next.createInstance();

export function initI18n(lang: Lang): typeof i18n {
  if (!i18n.isInitialized) {
    void i18n.use(initReactI18next).init({
      resources,
      lng: lang,
      fallbackLng: 'zh-CN',
      defaultNS: 'translation',
      interpolation: { escapeValue: false }, // React escapes
      returnNull: false,
      initAsync: false,
    });
  } else {
    void i18n.changeLanguage(lang);
  }
  applyDocumentLang(lang);
  return i18n;
}

export function applyDocumentLang(lang: Lang): void {
  if (typeof document !== 'undefined') document.documentElement.lang = htmlLang(lang);
}

/** The current UI language, re-rendering on change. */
export function useLang(): Lang {
  const { i18n: instance } = useTranslation();
  return parseLang(instance.resolvedLanguage ?? instance.language);
}

/** A configured text (service, staff, branch name) in the current language. */
export function useLocalized(): (text: Localized) => string {
  const lang = useLang();
  return (text) => text[lang];
}

/** A translation function for English, for bilingual customer-facing screens. */
export function useEnglish() {
  return i18n.getFixedT('en');
}
