import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import './styles/base.css';
import { App } from './app/App.js';
import { parseRoute } from './app/routes.js';
import { i18n, initI18n } from './i18n/index.js';
import { langFromSearch } from './i18n/lang.js';

initI18n(langFromSearch(window.location.search));
const route = parseRoute(window.location.pathname);
document.body.dataset.screen = route.name;

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App route={route} />
    </I18nextProvider>
  </StrictMode>,
);
