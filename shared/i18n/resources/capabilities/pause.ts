import { defineMessages } from './define.js';

export const pauseMessages = defineMessages(
  {
    title: '暂停服务',
  },
  {
    'zh-TW': { title: '暫停服務' },
    en: { title: 'Pause service' },
  },
);
