import { defineMessages } from './define.js';

export const ratingsMessages = defineMessages(
  {
    title: '服务评价',
  },
  {
    'zh-TW': { title: '服務評價' },
    en: { title: 'Service rating' },
  },
);
