import 'i18next';
import type { Messages } from '../../shared/i18n/resources/index.js';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}
