import { describe, expect, it } from 'vitest';
import { LANGS, type Localized } from '../../i18n/localized.js';
import { COUNTER_SITUATIONS, DayPart, Moment, OCCASIONS, PhraseCatalogue, type Phrase } from '../schema.js';
import { bankCatalogue, defaultCatalogues, tollCatalogue } from './index.js';

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
  '们这说请为时实发边过还样么问国电话该让对关门见车钱间长号务办书进气应业欢谢与现处证资规费驶驾灯维设备线脑尽联络宝贵码给乐节顺风错误权护员签续凭账询题释帮动开场换张满临吗马后导领没坏别钞将减雾预计数认';
const TRADITIONAL_ONLY =
  '們這說請為時實發邊過還樣麼問國電話該讓對關門見車錢間長號務辦書進氣應業歡謝與現處證資規費駛駕燈維設備線腦盡聯絡寶貴碼給樂節順風錯誤權護員簽續憑賬詢題釋幫動開場換張滿臨嗎馬後導領沒壞別鈔將減霧預計數認週裡';
const chars = (set: string) => new RegExp(`[${set}]`, 'u');
const placeholders = (s: string, mark: RegExp) => s.match(mark)?.length ?? 0;

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

  it('has unique ids', () => {
    const ids = texts(catalogue).map(([label]) => label);
    expect(new Set(ids).size).toBe(ids.length);
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

describe('the bank catalogue (seed 003 (4), seed 000)', () => {
  const first = (situation: string) => bankCatalogue.phrases.findIndex((p) => p.situation === situation);

  it('has all 22 situations of seed 003 (4), in the seed order', () => {
    const positions = COUNTER_SITUATIONS.map(first);
    expect(positions.filter((i) => i < 0)).toEqual([]);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('also covers busy and the apology for a long wait', () => {
    expect(first('busy')).toBeGreaterThanOrEqual(0);
    expect(bankCatalogue.phrases.find((p) => p.situation === 'sorry_for_wait')?.moments).toEqual(['wait_over_target']);
  });

  it('keeps the seed wording', () => {
    const zh = (id: string) => bankCatalogue.phrases.find((p) => p.id === id)?.text['zh-CN'];
    expect(zh('bank.greeting')).toBe('您好，您办理什么业务？');
    expect(zh('bank.finished')).toBe('您的业务已经完成，请保留相关凭证。');
    expect(zh('bank.farewell')).toBe('感谢您对我们工作的支持。欢迎再次光临。');
    expect(zh('bank.others_data_refused')).toBe('对不起，为了保护客户的权益，按照规定我不能为您查询。请原谅。');
    expect(zh('bank.greeting.housing_fund')).toBe('您好！请问您要办理什么业务？');
    expect(zh('bank.farewell.housing_fund')).toBe('请收好您的资料和证件，欢迎下次再来。');
  });

  it('forbids the closing-time phrases of seed 000 and offers to serve instead', () => {
    const closing = bankCatalogue.forbidden.find((f) => f.id === 'bank.forbidden.closing_time');
    expect(closing?.text['zh-CN']).toBe('快下班了，不办了，明天再来吧！');
    expect(closing?.instead).toEqual(bankCatalogue.phrases.find((p) => p.id === 'bank.please_wait')?.text);
    expect(bankCatalogue.forbidden.map((f) => f.text['zh-CN'])).toContain('怎么这么晚才来，明天再办吧！');
  });
});

describe('the toll catalogue (seed 004 part 3)', () => {
  const byId = new Map<string, Phrase>(tollCatalogue.phrases.map((p) => [p.id, p]));

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
    for (const [id, zh, en] of pairs) expect([byId.get(id!)?.text['zh-CN'], byId.get(id!)?.text.en]).toEqual([zh, en]);
  });

  it('has the special-situation prompts for the duty leader: weather, road, closure, seat belt', () => {
    const special = tollCatalogue.phrases.filter((p) => p.moments?.includes('special'));
    expect(new Set(special.map((p) => p.situation))).toEqual(new Set(['weather', 'road_incident', 'road_closed', 'seat_belt']));
    expect(byId.get('toll.weather.rain_fog')?.text['zh-CN']).toBe('雨雾天气，请您小心驾驶！');
    expect(byId.get('toll.road.closed')?.text['zh-CN']).toBe('对不起，因××原因已封道，预计××时重新开放，请您耐心等候！');
    expect(byId.get('toll.seat_belt')?.text['zh-CN']).toBe('师傅/先生，为了您的安全，请系好安全带，祝您一路平安！');
  });

  it('greets holidays with the seed wording', () => {
    const greeting = (occasion: string) => tollCatalogue.holidayGreetings.find((g) => g.occasion === occasion)?.text['zh-CN'];
    expect(greeting('spring_festival')).toBe('新年好！');
    expect(greeting('new_year')).toBe('元旦快乐！');
    expect(greeting('mid_autumn')).toBe('中秋快乐！');
    expect(greeting('national_day')).toBe('节日快乐，祝您旅途愉快！');
    expect(greeting('labour_day')).toBe('节日快乐，祝您旅途愉快！');
    expect(greeting('weekend')).toBe('周末愉快，祝您一路顺风！');
  });
});
