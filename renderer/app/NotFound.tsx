import { useTranslation } from 'react-i18next';
import { useLang } from '../i18n/index.js';
import { withLang } from '../i18n/lang.js';
import { LangSwitcher } from '../ui/LangSwitcher.js';
import './app.css';

export function NotFound({ path }: { path: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <main className="not-found" data-testid="not-found">
      <div className="not-found__lang">
        <LangSwitcher />
      </div>
      <div className="not-found__card">
        <p className="not-found__code" aria-hidden="true">404</p>
        <h1>{t('notFound.title')}</h1>
        <p>{t('notFound.body', { path })}</p>
        <a className="button button--primary" href={withLang('/', lang)} data-testid="not-found-home">
          {t('notFound.home')}
        </a>
      </div>
    </main>
  );
}
