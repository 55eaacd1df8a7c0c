// The bank branch (银行网点) phrase set. The seeds give no phrase list of a bank's own: seed 002
// (bank branch standards) and seed 004 第四篇 (a bank's 规范化服务) ask for 文明用语 without wording,
// so this is the counter standard of seed 003 section (4) (counterStandard.ts) with the window
// named as the bank's: the phone lines and the referral say the bank and sub-branch
// (××银行××支行××号窗口), never the 政务中心 of the seed's government hall (that wording is
// governmentCatalogue's). Replaceable by head office through sync (a higher version of "bank").
import type { PhraseCatalogue } from '../schema.js';
import { counterStandardCatalogue } from './counterStandard.js';

export const bankCatalogue: PhraseCatalogue = counterStandardCatalogue({
  id: 'bank',
  version: 2,
  name: { 'zh-CN': '银行网点窗口服务用语', 'zh-TW': '銀行網點窗口服務用語', en: 'Bank counter phrases' },
  place: {
    phoneAnswer: { 'zh-CN': '您好，××银行××支行××号窗口。', 'zh-TW': '您好，××銀行××支行××號窗口。', en: 'Hello, XX Bank, XX Sub-branch, Window XX.' },
    phoneOutgoing: { 'zh-CN': '您好，这里是××银行××支行××号窗口。', 'zh-TW': '您好，這裡是××銀行××支行××號窗口。', en: 'Hello, this is XX Bank, XX Sub-branch, Window XX.' },
    referral: {
      'zh-CN': '对不起，因为××原因，我们这里不能满足您的要求。请您到××支行××号窗口办理，好吗？',
      'zh-TW': '對不起，因為××原因，我們這裡不能滿足您的要求。請您到××支行××號窗口辦理，好嗎？',
      en: "I'm sorry, because of XX we cannot help you with this here. Would you please go to Window XX of the XX Sub-branch?",
    },
  },
  finishedEn: 'Your transaction is complete. Please keep the receipts.',
});
