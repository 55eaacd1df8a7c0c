import { describe, expect, it } from 'vitest';
import { LANGS, type Localized } from '../../i18n/localized.js';
import { COUNTER_SITUATIONS, DayPart, Moment, OCCASIONS, PhraseCatalogue, type Phrase } from '../schema.js';
import { bankCatalogue, defaultCatalogues, governmentCatalogue, housingFundCatalogue, telecomCatalogue, tollCatalogue } from './index.js';

/** Every localized text of a catalogue, labelled. */
function texts(c: PhraseCatalogue): [string, Localized][] {
  return [
    [`${c.id}.name`, c.name],
    ...c.phrases.map((p): [string, Localized] => [p.id, p.text]),
    ...c.holidayGreetings.map((g): [string, Localized] => [g.id, g.text]),
    ...c.forbidden.flatMap((f): [string, Localized][] => [
      [f.id, f.text],
      [`${f.id} (instead)`, f.instead],
    ]),
  ];
}

// Characters whose Simplified and Traditional forms differ, as used in these catalogues: a
// Traditional text must not contain the first list, a Simplified text not the second.
const SIMPLIFIED_ONLY =
  '们这说请为时实发边过还样么问国电话该让对关门见车钱间长号务办书进气应业欢谢与现处证资规费驶驾灯维设备线脑尽联络宝贵码给乐节顺风错误权护员签续凭账询题释帮动开场换张满临吗马后导领没坏别钞将减雾预计数认银监厅积谅';
const TRADITIONAL_ONLY =
  '們這說請為時實發邊過還樣麼問國電話該讓對關門見車錢間長號務辦書進氣應業歡謝與現處證資規費駛駕燈維設備線腦盡聯絡寶貴碼給樂節順風錯誤權護員簽續憑賬詢題釋幫動開場換張滿臨嗎馬後導領沒壞別鈔將減霧預計數認週裡銀監廳積諒';
const chars = (set: string) => new RegExp(`[${set}]`, 'u');
const placeholders = (s: string, mark: RegExp) => s.match(mark)?.length ?? 0;

/** Work left undone in a text: a to-do marker, a template brace, a run of question marks or of slots. */
const UNFINISHED = /TODO|TBD|FIXME|lorem|待定|待补|\{\{|\}\}|\?\?|？？|XXX|×××|\.\.\.|…/iu;

describe.each(defaultCatalogues.map((c) => [c.id, c] as const))('the %s catalogue', (_id, catalogue) => {
  it('parses, and is already in its parsed form', () => {
    expect(PhraseCatalogue.parse(catalogue)).toEqual(catalogue);
  });

  it('has every text in all three languages, non-empty and trimmed', () => {
    for (const [label, text] of texts(catalogue)) {
      for (const lang of LANGS) {
        expect(text[lang].trim(), `${label} ${lang}`).not.toBe('');
        expect(text[lang], `${label} ${lang}`).toBe(text[lang].trim());
      }
    }
  });

  it('has no placeholder text left: no to-do marks, no untranslated line, slots only in their own form', () => {
    for (const [label, text] of texts(catalogue)) {
      for (const lang of LANGS) expect(text[lang], `${label} ${lang}`).not.toMatch(UNFINISHED);
      // The English is a translation, not the Chinese again; the Chinese slot is ××, never XX.
      expect(text.en, label).not.toBe(text['zh-CN']);
      for (const lang of ['zh-CN', 'zh-TW'] as const) expect(text[lang], `${label} ${lang}`).not.toMatch(/XX|[A-Za-z]/u);
      expect(text.en, label).not.toMatch(/×/u);
    }
  });

  it('writes zh-CN in Simplified and zh-TW in Traditional characters, and en without Chinese', () => {
    for (const [label, text] of texts(catalogue)) {
      expect(text['zh-CN'], label).not.toMatch(chars(TRADITIONAL_ONLY));
      expect(text['zh-TW'], label).not.toMatch(chars(SIMPLIFIED_ONLY));
      expect(text.en, label).not.toMatch(/[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/u);
    }
  });

  it('uses Chinese punctuation in Chinese', () => {
    for (const [label, text] of texts(catalogue)) {
      for (const lang of ['zh-CN', 'zh-TW'] as const) expect(text[lang], `${label} ${lang}`).not.toMatch(/[,.?!:;()]/);
    }
  });

  it('has the same fill-in slots (×× in Chinese, XX in English) in every language', () => {
    for (const [label, text] of texts(catalogue)) {
      const n = placeholders(text['zh-CN'], /××/g);
      expect(placeholders(text['zh-TW'], /××/g), label).toBe(n);
      expect(placeholders(text.en, /XX/g), label).toBe(n);
    }
  });

  it('has unique ids, all under the catalogue id', () => {
    const ids = texts(catalogue).map(([label]) => label);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id.startsWith(`${catalogue.id}.`), id).toBe(true);
  });

  it('has unique hotkeys within each moment and part of the day', () => {
    for (const moment of Moment.options) {
      for (const part of DayPart.options) {
        const keyed = catalogue.phrases.filter(
          (p) => p.key !== undefined && (p.moments ?? []).includes(moment) && (p.dayPart === undefined || p.dayPart === part),
        );
        const keys = keyed.map((p) => p.key);
        expect(new Set(keys).size, `${moment} ${part}`).toBe(keys.length);
      }
    }
  });

  it('has a greeting for every occasion', () => {
    for (const occasion of OCCASIONS) expect(catalogue.holidayGreetings.some((g) => g.occasion === occasion), occasion).toBe(true);
  });

  it('offers a greeting when a customer is called and something to say at the end', () => {
    const at = (m: string) => catalogue.phrases.filter((p) => (p.moments as string[] | undefined)?.includes(m));
    expect(at('ticket_called').length).toBeGreaterThan(0);
    expect(at('service_finished').length).toBeGreaterThan(0);
  });

  it('has forbidden phrases, each with a different alternative', () => {
    expect(catalogue.forbidden.length).toBeGreaterThan(0);
    for (const f of catalogue.forbidden) for (const lang of LANGS) expect(f.instead[lang], f.id).not.toBe(f.text[lang]);
  });
});

describe('ids across the shipped catalogues', () => {
  it('never repeat, so phrases stay addressable once several catalogues are loaded', () => {
    const ids = defaultCatalogues.flatMap((c) => [c.id, ...texts(c).map(([label]) => label)]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

// ---- Against the seeds -------------------------------------------------------------------------

/**
 * A seed line as the catalogues write it: the seed's half-width punctuation in full width, its
 * "XX" slots as "××", its machine-translation artefacts (妳 for 您, 壹 for 一) undone and its
 * characters in Taiwan's standard forms where the seed has another form (什么/什麽 什麼, 系好 繫好,
 * 這裏 這裡, 咨詢 諮詢, 聯系 聯繫, 周末 週末). For Simplified seed lines only the first two apply.
 */
function asCatalogue(seedLine: string, traditional = true): string {
  const FULL: Record<string, string> = { ',': '，', '!': '！', '?': '？', ':': '：', ';': '；', '(': '（', ')': '）' };
  let s = seedLine.replace(/\s+/gu, '').replace(/[,!?:;()]/gu, (c) => FULL[c]!).replace(/X+/gu, '××');
  if (!traditional) return s;
  const FORMS: [string, string][] = [
    ['妳', '您'],
    ['壹', '一'],
    ['什么', '什麼'],
    ['什麽', '什麼'],
    ['系好', '繫好'],
    ['這裏', '這裡'],
    ['咨詢', '諮詢'],
    ['聯系', '聯繫'],
    ['周末', '週末'],
  ];
  for (const [from, to] of FORMS) s = s.split(from).join(to);
  return s;
}

const phraseOf = (catalogue: PhraseCatalogue, id: string): Phrase => {
  const phrase = catalogue.phrases.find((p) => p.id === id);
  if (!phrase) throw new Error(`no phrase ${id} in ${catalogue.id}`);
  return phrase;
};
const counterCatalogues = [bankCatalogue, governmentCatalogue, housingFundCatalogue, telecomCatalogue];

/** Seed 003 section (4): intact lines, as the seed has them (Traditional, half-width punctuation). */
const SEED_003: [suffix: string, seedLine: string][] = [
  ['finished', '您的業務已經完成,請保留相關憑證。'],
  ['funds_not_arrived', '對不起,您查詢的款項暫時沒有到賬。請留下妳的電話號碼,錢壹到我們就通知妳。'],
  ['others_data_refused', '對不起,為了保護客戶的權益,按照規定我不能為您查詢。請原諒我。'],
  ['consultation', '妳有什麽問題要咨詢嗎?'],
  ['policy_refusal', '非常抱歉,按照規定,我不能為您辦理這項業務。希望妳能理解。'],
  ['phone_during_service', '對不起,我要接這個電話。請稍等片刻。'],
  ['system_failure', '請原諒,電腦線路暫時出現故障,我們正在盡快排除故障。請稍等片刻。'],
  ['complaint_received', '非常感謝您對我們工作的寶貴意見。請留下您的姓名和電話號碼,我們將在處理後盡快與您聯系。'],
  ['thanks', '沒關係,這是我們應該做的。'],
  ['voucher_question', '妳有什麽問題嗎?讓我給妳解釋壹下。'],
  ['busy', '請稍等,我馬上為您辦理。'],
  ['busy.newcomer', '妳好,請稍等。'],
  ['sorry_for_wait', '抱歉讓妳久等了。'],
];
/** The seed's busy line (003, after (22)): "业务忙的时候，应该说". */
const SEED_BUSY = '請稍等,我馬上為您辦理。';

describe.each(counterCatalogues.map((c) => [c.id, c] as const))('the %s counter catalogue, against seed 003 (4)', (id, catalogue) => {
  const first = (situation: string) => catalogue.phrases.findIndex((p) => p.situation === situation);

  it('has all 22 situations of seed 003 (4), in the seed order', () => {
    const positions = COUNTER_SITUATIONS.map(first);
    expect(positions.filter((i) => i < 0)).toEqual([]);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("says the seed's busy line, verbatim with full-width punctuation, while serving", () => {
    const busy = phraseOf(catalogue, `${id}.busy`);
    expect(busy.situation).toBe('busy');
    expect(busy.text['zh-TW']).toBe(asCatalogue(SEED_BUSY));
    expect(busy.text['zh-TW']).toBe('請稍等，我馬上為您辦理。');
    expect(busy.text['zh-CN']).toBe('请稍等，我马上为您办理。');
    expect(busy.moments).toContain('serving');
    expect(catalogue.forbidden.find((f) => f.id === `${id}.forbidden.closing_time`)?.instead).toEqual(busy.text);
  });

  it("writes zh-TW with the seed's Traditional text where the seed line is intact", () => {
    for (const [suffix, seedLine] of SEED_003) expect(phraseOf(catalogue, `${id}.${suffix}`).text['zh-TW'], suffix).toBe(asCatalogue(seedLine));
    expect(phraseOf(catalogue, `${id}.others_data_refused`).text['zh-TW'].endsWith('請原諒我。')).toBe(true);
    expect(phraseOf(catalogue, `${id}.others_data_refused`).text['zh-CN']).toBe('对不起，为了保护客户的权益，按照规定我不能为您查询。请原谅我。');
  });

  it('keeps the seed wording in Simplified too', () => {
    expect(phraseOf(catalogue, `${id}.finished`).text['zh-CN']).toBe('您的业务已经完成，请保留相关凭证。');
    expect(phraseOf(catalogue, `${id}.system_failure`).text['zh-CN']).toBe('请原谅，电脑线路暂时出现故障，我们正在尽快排除故障。请稍等片刻。');
  });

  it('apologises for a long wait', () => {
    expect(catalogue.phrases.find((p) => p.situation === 'sorry_for_wait')?.moments).toEqual(['wait_over_target']);
  });

  it("forbids seed 000's closing-time phrases", () => {
    expect(catalogue.forbidden.map((f) => f.text['zh-CN'])).toEqual(
      expect.arrayContaining([asCatalogue('快下班了,不办了,明天再来吧!', false), asCatalogue('怎么这么晚才来,明天再办吧!', false)]),
    );
  });
});

/** Every text of a catalogue in one string per language, to look for a wording anywhere in it. */
const allText = (c: PhraseCatalogue) => texts(c).flatMap(([, t]) => LANGS.map((l) => t[l]));

describe('the bank catalogue', () => {
  it("never says the government hall's 政务中心, in any language", () => {
    for (const text of allText(bankCatalogue)) expect(text).not.toMatch(/政务中心|政務中心|政务|政務|Government/u);
  });

  it('answers and makes calls as the bank and its sub-branch, and refers customers to a sub-branch window', () => {
    expect(phraseOf(bankCatalogue, 'bank.phone_answer').text).toEqual({
      'zh-CN': '您好，××银行××支行××号窗口。',
      'zh-TW': '您好，××銀行××支行××號窗口。',
      en: 'Hello, XX Bank, XX Sub-branch, Window XX.',
    });
    expect(phraseOf(bankCatalogue, 'bank.phone_outgoing').text['zh-CN']).toBe('您好，这里是××银行××支行××号窗口。');
    expect(phraseOf(bankCatalogue, 'bank.referral').text['zh-CN']).toMatch(/请您到××支行××号窗口办理，好吗？$/u);
  });

  it("keeps seed 003's greeting and farewell on keys 1 and 2, and no housing-fund lines", () => {
    expect(phraseOf(bankCatalogue, 'bank.greeting')).toMatchObject({ key: 1, text: { 'zh-CN': '您好，您办理什么业务？' } });
    expect(phraseOf(bankCatalogue, 'bank.farewell')).toMatchObject({ key: 2, text: { 'zh-CN': '感谢您对我们工作的支持。欢迎再次光临。' } });
    expect(bankCatalogue.phrases.filter((p) => p.id.includes('housing_fund'))).toEqual([]);
  });
});

describe('the government hall catalogue (seed 003 (4))', () => {
  it('answers the phone, calls and refers customers as the 政务中心 window, as the seed says', () => {
    expect(phraseOf(governmentCatalogue, 'government.phone_answer').text['zh-CN']).toBe('您好，政务中心××窗口。');
    expect(phraseOf(governmentCatalogue, 'government.phone_answer').text['zh-TW']).toBe(`${asCatalogue('妳好,政務中心XX窗口')}。`);
    expect(phraseOf(governmentCatalogue, 'government.phone_outgoing').text['zh-CN']).toContain('政务中心');
    expect(phraseOf(governmentCatalogue, 'government.referral').text['zh-CN']).toContain('请您到政务中心××窗口办理');
  });
});

describe('the housing fund catalogue (seed 000, the rest from seed 003)', () => {
  it("greets and says goodbye with seed 000's lines, on keys 1 and 2", () => {
    expect(phraseOf(housingFundCatalogue, 'housing_fund.greeting')).toMatchObject({
      key: 1,
      text: { 'zh-CN': asCatalogue('您好!请问您要办理什么业务?', false), 'zh-TW': '您好！請問您要辦理什麼業務？' },
    });
    expect(phraseOf(housingFundCatalogue, 'housing_fund.farewell')).toMatchObject({
      key: 2,
      text: { 'zh-CN': asCatalogue('请收好您的资料和证件,欢迎下次再来 。', false) },
    });
  });

  it('names the centre on the phone, never the 政务中心', () => {
    expect(phraseOf(housingFundCatalogue, 'housing_fund.phone_answer').text['zh-CN']).toBe('您好，××住房公积金管理中心××号窗口。');
    for (const text of allText(housingFundCatalogue)) expect(text).not.toMatch(/政务中心|政務中心/u);
  });
});

describe('the telecom hall catalogue (derived: seed 003 with seed 000 courtesy lines)', () => {
  it('names the business hall on the phone, never the 政务中心', () => {
    expect(phraseOf(telecomCatalogue, 'telecom.phone_answer').text['zh-CN']).toBe('您好，××营业厅××号窗口。');
    for (const text of allText(telecomCatalogue)) expect(text).not.toMatch(/政务中心|政務中心/u);
  });

  it("has seed 000's 欢迎光临, 祝您愉快 and 不用谢", () => {
    expect(phraseOf(telecomCatalogue, 'telecom.greeting.welcome').text['zh-CN']).toBe('欢迎光临！');
    expect(phraseOf(telecomCatalogue, 'telecom.farewell.pleasant').text['zh-CN']).toBe('祝您愉快！');
    expect(phraseOf(telecomCatalogue, 'telecom.thanks.welcome').text['zh-CN']).toBe('不用谢。');
  });
});

describe('the toll catalogue (seed 004 part 3 and part 4)', () => {
  const byId = (id: string) => phraseOf(tollCatalogue, id);

  it("keeps the seed's English for the basic phrases", () => {
    const pairs = [
      ['toll.greeting.morning', '早上好！', 'Good morning.'],
      ['toll.greeting.afternoon', '下午好！', 'Good afternoon.'],
      ['toll.greeting.evening', '晚上好！', 'Good evening.'],
      ['toll.pass_card', '请拿好通行卡（票）。', 'Take your pass card/note carefully, please.'],
      ['toll.pay', '请交通行费。', 'Pay the toll, please.'],
      ['toll.please_wait', '请稍等。', 'Wait a minute, please.'],
      ['toll.offer_help', '能帮你做什么？', 'May I help you?'],
      ['toll.excuse_me', '对不起，打扰一下。', 'Excuse me.'],
      ['toll.thanks_cooperation', '谢谢你的合作。', 'Thank you for your attention.'],
      ['toll.good_trip', '一路平安。', 'Have a good trip.'],
      ['toll.goodbye', '再见。', 'Good-bye.'],
    ];
    for (const [id, zh, en] of pairs) expect([byId(id!).text['zh-CN'], byId(id!).text.en]).toEqual([zh, en]);
  });

  it("writes zh-TW with the seed's Traditional words (早上好, 請交通行費, 師傅/先生 ...), not a Taiwanese rewording", () => {
    // The greetings: the seed's "早上好/下午好/晚上好。", one per part of the day.
    expect(['morning', 'afternoon', 'evening'].map((part) => byId(`toll.greeting.${part}`).text['zh-TW'])).toEqual(['早上好！', '下午好！', '晚上好！']);
    const lines: [string, string][] = [
      ['toll.pay', '請交通行費。'],
      ['toll.seat_belt', '師傅/先生,為了您的安全,請系好安全帶,祝您一路平安!'],
      ['toll.pass_card', '請拿好通行卡(票)。'],
      ['toll.please_wait', '請稍等。'],
      ['toll.thanks_cooperation', '謝謝你的合作。'],
      ['toll.good_trip', '一路平安。'],
      ['toll.goodbye', '再見。'],
      ['toll.see_off', '請走好!'],
      ['toll.counterfeit_note', '對不起,請更換一張。'],
      ['toll.route_enquiry', '請您先把車開到前面廣場稍候,我幫您問一下。'],
      ['toll.weather.rain_fog', '雨霧天氣,請您小心駕駛!'],
      ['toll.weather.fog_lights', '請您打開防霧燈,注意行車安全!'],
      ['toll.weather.ice_snow', '冰雪天氣,請您小心路滑!'],
      ['toll.road.closed', '對不起,因××原因已封道,預計××時重新開放,請您耐心等候!'],
      ['toll.assist.tools', '請您將車停好,注意安全,我們馬上為您提供修車工具(開水等)。'],
      ['toll.assist.help', '您好,請問您需要什么幫助嗎?'],
      ['toll.bystanders', '您好,這是收費場所,請您在二十米以外等候。'],
    ];
    for (const [id, seedLine] of lines) expect(byId(id).text['zh-TW'], id).toBe(asCatalogue(seedLine));
    // Part 4 五 (七) quotes it without a full stop.
    expect(byId('toll.slow_processing').text['zh-TW']).toBe(`${asCatalogue('對不起!請稍等')}。`);
    expect(byId('toll.seat_belt').text['zh-TW'].startsWith('師傅/先生，')).toBe(true);
    expect(byId('toll.seat_belt').text['zh-CN']).toBe('师傅/先生，为了您的安全，请系好安全带，祝您一路平安！');
  });

  it('has the special-situation prompts for the duty leader: weather, road, closure, seat belt', () => {
    const special = tollCatalogue.phrases.filter((p) => p.moments?.includes('special'));
    expect(new Set(special.map((p) => p.situation))).toEqual(new Set(['weather', 'road_incident', 'road_closed', 'seat_belt']));
    expect(byId('toll.weather.rain_fog').text['zh-CN']).toBe('雨雾天气，请您小心驾驶！');
    expect(byId('toll.road.closed').text['zh-CN']).toBe('对不起，因××原因已封道，预计××时重新开放，请您耐心等候！');
  });

  it("has the monitoring room's phone lines (part 4 六 (五)) in all three languages", () => {
    const lines = tollCatalogue.phrases.filter((p) => p.situation === 'monitoring_room_phone');
    expect(lines.map((p) => p.id)).toEqual(['toll.monitoring_room.phone', 'toll.monitoring_room.goodbye']);
    expect(byId('toll.monitoring_room.phone').text).toEqual({ 'zh-CN': '您好，××监控室。', 'zh-TW': '您好，××監控室。', en: 'Hello, XX Monitoring Room.' });
    expect(byId('toll.monitoring_room.phone').text['zh-TW']).toBe(`${asCatalogue('您好,XX監控室')}。`);
    expect(byId('toll.monitoring_room.goodbye').text).toEqual({ 'zh-CN': '谢谢，再见。', 'zh-TW': asCatalogue('謝謝,再見。'), en: 'Thank you, goodbye.' });
    // Not counter moments: found under their situation in the full list.
    for (const p of lines) expect(p.moments, p.id).toBeUndefined();
  });

  it('greets holidays with the seed wording', () => {
    const greeting = (occasion: string) => tollCatalogue.holidayGreetings.find((g) => g.occasion === occasion)?.text;
    expect(greeting('spring_festival')?.['zh-CN']).toBe('新年好！');
    expect(greeting('new_year')?.['zh-CN']).toBe('元旦快乐！');
    expect(greeting('mid_autumn')?.['zh-CN']).toBe('中秋快乐！');
    expect(greeting('national_day')?.['zh-CN']).toBe('节日快乐，祝您旅途愉快！');
    expect(greeting('labour_day')?.['zh-CN']).toBe('节日快乐，祝您旅途愉快！');
    expect(greeting('weekend')?.['zh-CN']).toBe('周末愉快，祝您一路顺风！');
    expect(greeting('national_day')?.['zh-TW']).toBe(asCatalogue('節日快樂,祝您旅途愉快!'));
    expect(greeting('weekend')?.['zh-TW']).toBe(asCatalogue('周末愉快,祝您一路順風!'));
  });
});
