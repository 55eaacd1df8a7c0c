// The housing provident fund centre (住房公积金管理中心) phrase set. Seed 000 is the one seed about
// a housing-fund window: it gives the greeting, the farewell with the documents handed back and
// the closing-time taboos, kept verbatim here. It has no list for the other situations, so those
// come from the nearest standard, the government hall's (seed 003 section (4),
// counterStandard.ts), with the window named as the centre's (××住房公积金管理中心××号窗口) on the
// phone and in a referral. Replaceable by head office through sync (a higher version of
// "housing_fund").
import type { Localized } from '../../i18n/localized.js';
import type { PhraseCatalogue } from '../schema.js';
import { counterStandardCatalogue, withForbiddenInstead, withPhrase, withPhrasesAfter } from './counterStandard.js';

const standard = counterStandardCatalogue({
  id: 'housing_fund',
  version: 1,
  name: { 'zh-CN': '住房公积金窗口服务用语', 'zh-TW': '住房公積金窗口服務用語', en: 'Housing provident fund counter phrases' },
  place: {
    phoneAnswer: { 'zh-CN': '您好，××住房公积金管理中心××号窗口。', 'zh-TW': '您好，××住房公積金管理中心××號窗口。', en: 'Hello, XX Housing Provident Fund Centre, Window XX.' },
    phoneOutgoing: {
      'zh-CN': '您好，这里是××住房公积金管理中心××号窗口。',
      'zh-TW': '您好，這裡是××住房公積金管理中心××號窗口。',
      en: 'Hello, this is XX Housing Provident Fund Centre, Window XX.',
    },
    referral: {
      'zh-CN': '对不起，因为××原因，我们这里不能满足您的要求。请您到××住房公积金管理中心××号窗口办理，好吗？',
      'zh-TW': '對不起，因為××原因，我們這裡不能滿足您的要求。請您到××住房公積金管理中心××號窗口辦理，好嗎？',
      en: "I'm sorry, because of XX we cannot help you with this here. Would you please go to Window XX of the XX Housing Provident Fund Centre?",
    },
  },
});

/** Seed 000's greeting, verbatim (seed 003's first greeting says the same). */
const SEED000_GREETING: Localized = { 'zh-CN': '您好！请问您要办理什么业务？', 'zh-TW': '您好！請問您要辦理什麼業務？', en: 'Hello! What would you like to take care of today?' };

const standardFarewell = standard.phrases.find((p) => p.id === 'housing_fund.farewell')!;

export const housingFundCatalogue: PhraseCatalogue = withForbiddenInstead(
  // Seed 000's farewell, said as the documents are handed back, comes first; seed 003 (21) after it.
  withPhrasesAfter(
    withPhrase(withPhrase(standard, 'greeting', { text: SEED000_GREETING }), 'farewell', {
      text: { 'zh-CN': '请收好您的资料和证件，欢迎下次再来。', 'zh-TW': '請收好您的資料和證件，歡迎下次再來。', en: 'Please take your documents and ID with you. See you next time.' },
    }),
    'farewell',
    [{ ...standardFarewell, id: 'housing_fund.farewell.thanks', key: 3 }],
  ),
  'late_arrival',
  SEED000_GREETING,
);
