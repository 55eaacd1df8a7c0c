import { defineMessages } from './define.js';

export const keypadMessages = defineMessages(
  {
    title: '键盘设置',
  },
  {
    'zh-TW': { title: '鍵盤設定' },
    en: { title: 'Keypad setup' },
  },
);
