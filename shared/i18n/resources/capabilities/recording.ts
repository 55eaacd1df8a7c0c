import { defineMessages } from './define.js';

export const recordingMessages = defineMessages(
  {
    title: '柜台录音',
  },
  {
    'zh-TW': { title: '櫃檯錄音' },
    en: { title: 'Counter recording' },
  },
);
