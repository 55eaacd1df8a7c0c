import { defineMessages } from './define.js';

export const phrasesMessages = defineMessages(
  {
    title: '服务用语',
  },
  {
    'zh-TW': { title: '服務用語' },
    en: { title: 'Service phrases' },
  },
);
