import { useTranslation } from 'react-i18next';
import { LANGS } from '../../shared/i18n/localized.js';
import type { Lang } from '../../shared/i18n/localized.js';
import { applyDocumentLang, useLang } from '../i18n/index.js';
import { hrefForLang } from '../i18n/lang.js';

const LABELS: Record<Lang, string> = { 'zh-CN': '简体', 'zh-TW': '繁體', en: 'EN' };

/** 简体 / 繁體 / EN: switches at once and keeps the choice in the URL (?lang=). */
export function LangSwitcher({ tone = 'light' }: { tone?: 'light' | 'dark' }) {
  const { t, i18n } = useTranslation();
  const current = useLang();
  const choose = (lang: Lang) => {
    if (lang === current) return;
    window.history.replaceState(window.history.state, '', hrefForLang(window.location, lang));
    void i18n.changeLanguage(lang);
    applyDocumentLang(lang);
  };
  return (
    <div className={`lang-switcher lang-switcher--${tone}`} role="group" aria-label={t('common.language')} data-testid="lang-switcher">
      {LANGS.map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          className={lang === current ? 'is-active' : undefined}
          aria-pressed={lang === current}
          data-testid={`lang-${lang}`}
          onClick={() => choose(lang)}
        >
          {LABELS[lang]}
        </button>
      ))}
    </div>
  );
}
