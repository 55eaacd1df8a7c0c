// The government service hall (政务服务中心) phrase set: seed 003 section (4) 窗口语言规范 is a
// government hall's standard (its phone lines name the 政务中心), so it is the counter standard
// (counterStandard.ts) as the seed words it. The seed is Traditional Chinese with
// machine-translation damage ("妳", "壹", "我馬上為妳做它"): zh-TW keeps the seed's words where the
// line is intact, in Taiwan's standard characters; garbled lines are restored to their evident
// meaning. Replaceable by head office through sync (a higher version of "government").
import type { PhraseCatalogue } from '../schema.js';
import { counterStandardCatalogue } from './counterStandard.js';

export const governmentCatalogue: PhraseCatalogue = counterStandardCatalogue({
  id: 'government',
  version: 1,
  name: { 'zh-CN': '政务服务中心窗口服务用语', 'zh-TW': '政務服務中心窗口服務用語', en: 'Government service hall phrases' },
  place: {
    phoneAnswer: { 'zh-CN': '您好，政务中心××窗口。', 'zh-TW': '您好，政務中心××窗口。', en: 'Hello, Government Service Centre, Window XX.' },
    phoneOutgoing: { 'zh-CN': '您好，这里是政务中心××窗口。', 'zh-TW': '您好，這裡是政務中心××窗口。', en: 'Hello, this is Window XX of the Government Service Centre.' },
    referral: {
      'zh-CN': '对不起，因为××原因，我们这里不能满足您的要求。请您到政务中心××窗口办理，好吗？',
      'zh-TW': '對不起，因為××原因，我們這裡不能滿足您的要求。請您到政務中心××窗口辦理，好嗎？',
      en: "I'm sorry, because of XX we cannot help you with this here. Would you please go to Window XX of the Government Service Centre?",
    },
  },
});
