import { defineMessages } from './define.js';

export const businessDayMessages = defineMessages(
  {
    title: '营业准备',
  },
  {
    'zh-TW': { title: '營業準備' },
    en: { title: 'Business day' },
  },
);
