// The telecom business hall (营业厅) phrase set. The seeds have a telecom hall (seed 002, a China
// Mobile hall's improvement plan) but none of its wording: it asks for friendly service and for
// telling customers what the online hall, the SMS hall and the hotline can do, without phrases.
// So this is the nearest standard, seed 003 section (4) (counterStandard.ts), with the window
// named as the hall's (××营业厅××号窗口) on the phone and in a referral, and seed 000's basic
// courtesy lines of a shop floor (欢迎光临, 祝您愉快, 不用谢). Replaceable by head office through sync
// (a higher version of "telecom").
import type { PhraseCatalogue } from '../schema.js';
import { counterStandardCatalogue, withPhrasesAfter } from './counterStandard.js';

const standard = counterStandardCatalogue({
  id: 'telecom',
  version: 1,
  name: { 'zh-CN': '营业厅窗口服务用语', 'zh-TW': '營業廳窗口服務用語', en: 'Telecom business hall phrases' },
  place: {
    phoneAnswer: { 'zh-CN': '您好，××营业厅××号窗口。', 'zh-TW': '您好，××營業廳××號窗口。', en: 'Hello, XX Business Hall, Window XX.' },
    phoneOutgoing: { 'zh-CN': '您好，这里是××营业厅××号窗口。', 'zh-TW': '您好，這裡是××營業廳××號窗口。', en: 'Hello, this is XX Business Hall, Window XX.' },
    referral: {
      'zh-CN': '对不起，因为××原因，我们这里不能满足您的要求。请您到××营业厅××号窗口办理，好吗？',
      'zh-TW': '對不起，因為××原因，我們這裡不能滿足您的要求。請您到××營業廳××號窗口辦理，好嗎？',
      en: "I'm sorry, because of XX we cannot help you with this here. Would you please go to Window XX of the XX Business Hall?",
    },
  },
});

// Seed 000's courtesy lines (语言标准化), each beside the standard's line for the same moment:
// 欢迎光临 when a customer comes, 不用谢 to a thank-you, 祝您愉快 as they leave.
export const telecomCatalogue: PhraseCatalogue = [
  (c: PhraseCatalogue) =>
    withPhrasesAfter(c, 'greeting.help', [
      { id: 'telecom.greeting.welcome', situation: 'greeting', text: { 'zh-CN': '欢迎光临！', 'zh-TW': '歡迎光臨！', en: 'Welcome!' }, moments: ['ticket_called'], key: 3 },
    ]),
  (c: PhraseCatalogue) => withPhrasesAfter(c, 'thanks', [{ id: 'telecom.thanks.welcome', situation: 'thanks', text: { 'zh-CN': '不用谢。', 'zh-TW': '不用謝。', en: "You're welcome." } }]),
  (c: PhraseCatalogue) =>
    withPhrasesAfter(c, 'farewell', [
      { id: 'telecom.farewell.pleasant', situation: 'farewell', text: { 'zh-CN': '祝您愉快！', 'zh-TW': '祝您愉快！', en: 'Have a nice day!' }, moments: ['service_finished'], key: 3 },
    ]),
].reduce((c, edit) => edit(c), standard);
