// The counter standard of seed 003 section (4) 窗口语言规范 (its 22 situations in the seed's order,
// and its busy line), with seed 000's taboos and what to say instead, the duty leader's weather
// prompts and the festival greetings: the phrase set that the bank, government-hall,
// housing-fund and telecom-hall catalogues share. What differs between them is how the window
// names itself (on the phone and in a referral), and each catalogue's own additions, applied with
// the edits below; ONE copy of the shared lines, so a correction reaches every branch kind.
// zh-TW keeps the seed's Traditional words where its line is intact. "××" marks what the clerk
// fills in. After a change, run scripts/make-phrase-clips.mjs (docs/phrases.md).
import type { Localized } from '../../i18n/localized.js';
import type { Phrase, PhraseCatalogue } from '../schema.js';

export interface CounterStandardOptions {
  id: string;
  version: number;
  name: Localized;
  /** How the window names itself: answering the phone (1), calling out (2), and referring a customer elsewhere (15). */
  place: { phoneAnswer: Localized; phoneOutgoing: Localized; referral: Localized };
  /** The English of (8), where "business" reads wrong (a bank completes a transaction). */
  finishedEn?: string;
}

export function counterStandardCatalogue(o: CounterStandardOptions): PhraseCatalogue {
  const { id } = o;
  return {
    id,
    version: o.version,
    name: o.name,
    phrases: [
      // (1)
      {
        id: `${id}.phone_answer`,
        situation: 'phone_answer',
        text: o.place.phoneAnswer,
      },
      {
        id: `${id}.phone_answer.goodbye`,
        situation: 'phone_answer',
        text: { 'zh-CN': '再见。', 'zh-TW': '再見。', en: 'Goodbye.' },
      },
      // (2)
      {
        id: `${id}.phone_outgoing`,
        situation: 'phone_outgoing',
        text: o.place.phoneOutgoing,
      },
      // (3)
      {
        id: `${id}.greeting`,
        situation: 'greeting',
        text: { 'zh-CN': '您好，您办理什么业务？', 'zh-TW': '您好，您辦理什麼業務？', en: 'Hello, which service do you need?' },
        moments: ['ticket_called'],
        key: 1,
      },
      {
        id: `${id}.greeting.help`,
        situation: 'greeting',
        text: { 'zh-CN': '您好，我能为您做什么？', 'zh-TW': '您好，我能為您做什麼？', en: 'Hello, what can I do for you?' },
        moments: ['ticket_called'],
        key: 2,
      },
      // (4): the seed's first sentence; its second is a garbled copy of the busy line below.
      {
        id: `${id}.please_wait`,
        situation: 'please_wait',
        text: { 'zh-CN': '请稍等。', 'zh-TW': '請稍等。', en: 'One moment, please.' },
        moments: ['serving'],
        key: 1,
      },
      // (5)
      {
        id: `${id}.documents_request`,
        situation: 'documents_request',
        text: {
          'zh-CN': '对不起，您能给我看看您的××资料（证件）吗？',
          'zh-TW': '對不起，您能給我看看您的××資料（證件）嗎？',
          en: 'Excuse me, may I see your XX documents (ID), please?',
        },
        moments: ['serving'],
        key: 2,
      },
      // (6)
      {
        id: `${id}.documents_incomplete`,
        situation: 'documents_incomplete',
        text: {
          'zh-CN': '不好意思，按照规定，办理这项业务需要提供××资料，真的很抱歉这次让您白跑一趟！',
          'zh-TW': '不好意思，按照規定，辦理這項業務需要提供××資料，真的很抱歉這次讓您白跑一趟！',
          en: "I'm sorry, but the rules require XX documents for this service. I really apologise that you made the trip for nothing!",
        },
      },
      // (7)
      {
        id: `${id}.signature_required`,
        situation: 'signature_required',
        text: {
          'zh-CN': '对不起，根据规定，这项业务需要××部门（人员）签字，请办理签字手续。',
          'zh-TW': '對不起，根據規定，這項業務需要××部門（人員）簽字，請辦理簽字手續。',
          en: "I'm sorry, but under the rules this service needs the signature of XX (department or person). Please have it signed first.",
        },
      },
      // (8)
      {
        id: `${id}.finished`,
        situation: 'finished',
        text: {
          'zh-CN': '您的业务已经完成，请保留相关凭证。',
          'zh-TW': '您的業務已經完成，請保留相關憑證。',
          en: o.finishedEn ?? 'Your business is complete. Please keep the receipts.',
        },
        moments: ['service_finished'],
        key: 1,
      },
      // (9)
      {
        id: `${id}.funds_not_arrived`,
        situation: 'funds_not_arrived',
        text: {
          'zh-CN': '对不起，您查询的款项暂时没有到账。请留下您的电话号码，钱一到我们就通知您。',
          'zh-TW': '對不起，您查詢的款項暫時沒有到賬。請留下您的電話號碼，錢一到我們就通知您。',
          en: "I'm sorry, the payment you are asking about has not arrived yet. Please leave your phone number and we will let you know as soon as it does.",
        },
      },
      // (10)
      {
        id: `${id}.others_data_refused`,
        situation: 'others_data_refused',
        text: {
          'zh-CN': '对不起，为了保护客户的权益，按照规定我不能为您查询。请原谅我。',
          'zh-TW': '對不起，為了保護客戶的權益，按照規定我不能為您查詢。請原諒我。',
          en: "I'm sorry, but to protect our customers' rights the rules do not allow me to look this up for you. Please excuse me.",
        },
      },
      // (11)
      {
        id: `${id}.consultation`,
        situation: 'consultation',
        text: { 'zh-CN': '您有什么问题要咨询吗？', 'zh-TW': '您有什麼問題要諮詢嗎？', en: 'Is there anything you would like to ask?' },
      },
      // (12)
      {
        id: `${id}.guide_customer`,
        situation: 'guide_customer',
        text: { 'zh-CN': '抱歉，请跟我去××。', 'zh-TW': '抱歉，請跟我去××。', en: 'Excuse me, please come with me to XX.' },
      },
      // (13)
      {
        id: `${id}.policy_refusal`,
        situation: 'policy_refusal',
        text: {
          'zh-CN': '非常抱歉，按照规定，我不能为您办理这项业务。希望您能理解。',
          'zh-TW': '非常抱歉，按照規定，我不能為您辦理這項業務。希望您能理解。',
          en: "I'm very sorry, but under the rules I cannot do this for you. I hope you understand.",
        },
      },
      // (14)
      {
        id: `${id}.correction_needed`,
        situation: 'correction_needed',
        text: {
          'zh-CN': '不好意思，您的××有错误，请重新处理。',
          'zh-TW': '不好意思，您的××有錯誤，請重新處理。',
          en: 'Sorry, there is a mistake in your XX. Please correct it and hand it in again.',
        },
      },
      // (15)
      {
        id: `${id}.referral`,
        situation: 'referral',
        text: o.place.referral,
      },
      // (16); its second sentence, said after the call, is the sorry_for_wait phrase below
      {
        id: `${id}.phone_during_service`,
        situation: 'phone_during_service',
        text: {
          'zh-CN': '对不起，我要接这个电话。请稍等片刻。',
          'zh-TW': '對不起，我要接這個電話。請稍等片刻。',
          en: 'Excuse me, I need to take this call. Please bear with me for a moment.',
        },
        moments: ['serving'],
        key: 3,
      },
      // (17)
      {
        id: `${id}.system_failure`,
        situation: 'system_failure',
        text: {
          'zh-CN': '请原谅，电脑线路暂时出现故障，我们正在尽快排除故障。请稍等片刻。',
          'zh-TW': '請原諒，電腦線路暫時出現故障，我們正在盡快排除故障。請稍等片刻。',
          en: 'Please excuse us: the computer line is down for the moment and we are fixing it as fast as we can. Please wait a moment.',
        },
        // Also a special prompt: the lead switches it on while the system is down, so every window
        // says it as each customer arrives.
        moments: ['serving', 'special'],
        key: 4,
      },
      // (18)
      {
        id: `${id}.in_person_required`,
        situation: 'in_person_required',
        text: {
          'zh-CN': '对不起，这件事应该由本人来办理。请通知本人来我们办公室办理。谢谢您的合作。',
          'zh-TW': '對不起，這件事應該由本人來辦理。請通知本人來我們辦公室辦理。謝謝您的合作。',
          en: "I'm sorry, this has to be done by the person concerned. Please ask them to come to our office themselves. Thank you for your cooperation.",
        },
      },
      // (19)
      {
        id: `${id}.complaint_received`,
        situation: 'complaint_received',
        text: {
          'zh-CN': '非常感谢您对我们工作的宝贵意见。请留下您的姓名和电话号码，我们将在处理后尽快与您联系。',
          'zh-TW': '非常感謝您對我們工作的寶貴意見。請留下您的姓名和電話號碼，我們將在處理後盡快與您聯繫。',
          en: 'Thank you very much for your valuable comments on our work. Please leave your name and phone number, and we will contact you as soon as we have looked into it.',
        },
      },
      // (20)
      {
        id: `${id}.thanks`,
        situation: 'thanks',
        text: { 'zh-CN': '没关系，这是我们应该做的。', 'zh-TW': '沒關係，這是我們應該做的。', en: "That's quite all right, it's what we are here for." },
      },
      // (21)
      {
        id: `${id}.farewell`,
        situation: 'farewell',
        text: {
          'zh-CN': '感谢您对我们工作的支持。欢迎再次光临。',
          'zh-TW': '感謝您對我們工作的支持。歡迎再次光臨。',
          en: 'Thank you for your support. We look forward to seeing you again.',
        },
        moments: ['service_finished'],
        key: 2,
      },
      // (22)
      {
        id: `${id}.voucher_question`,
        situation: 'voucher_question',
        text: { 'zh-CN': '您有什么问题吗？让我给您解释一下。', 'zh-TW': '您有什麼問題嗎？讓我給您解釋一下。', en: 'Do you have a question about it? Let me explain.' },
      },
      // The busy line closing the seed's list, verbatim; then (5) 2 (6), what to say to a newcomer
      // while serving someone else.
      {
        id: `${id}.busy`,
        situation: 'busy',
        text: { 'zh-CN': '请稍等，我马上为您办理。', 'zh-TW': '請稍等，我馬上為您辦理。', en: "One moment, please. I'll take care of it right away." },
        moments: ['serving'],
        key: 5,
      },
      {
        id: `${id}.busy.newcomer`,
        situation: 'busy',
        text: { 'zh-CN': '您好，请稍等。', 'zh-TW': '您好，請稍等。', en: 'Hello, please wait a moment.' },
        moments: ['serving'],
        key: 6,
      },
      // The second sentence of (16).
      {
        id: `${id}.sorry_for_wait`,
        situation: 'sorry_for_wait',
        text: { 'zh-CN': '抱歉让您久等了。', 'zh-TW': '抱歉讓您久等了。', en: 'Sorry to have kept you waiting.' },
        moments: ['wait_over_target'],
        key: 1,
      },
      // Special prompts the duty leader switches on for the day (seed 004 part 3 三, the toll
      // booth's weather prompts, worded for a visitor leaving on foot).
      {
        id: `${id}.weather.rain`,
        situation: 'weather',
        text: { 'zh-CN': '雨天路滑，请您出行注意安全！', 'zh-TW': '雨天路滑，請您出行注意安全！', en: "It's raining and the roads are slippery. Please take care on your way!" },
        moments: ['special'],
      },
      {
        id: `${id}.weather.ice_snow`,
        situation: 'weather',
        text: { 'zh-CN': '冰雪天气，路面湿滑，请您注意安全！', 'zh-TW': '冰雪天氣，路面濕滑，請您注意安全！', en: "It's icy and snowy. Please mind the slippery ground!" },
        moments: ['special'],
      },
    ],
    // Seed 004's festival greetings (a toll booth's), with the travel wishes left out for a counter.
    holidayGreetings: [
      { id: `${id}.holiday.spring_festival`, occasion: 'spring_festival', text: { 'zh-CN': '新年好！', 'zh-TW': '新年好！', en: 'Happy Chinese New Year!' } },
      { id: `${id}.holiday.new_year`, occasion: 'new_year', text: { 'zh-CN': '元旦快乐！', 'zh-TW': '元旦快樂！', en: 'Happy New Year!' } },
      { id: `${id}.holiday.mid_autumn`, occasion: 'mid_autumn', text: { 'zh-CN': '中秋快乐！', 'zh-TW': '中秋快樂！', en: 'Happy Mid-Autumn Festival!' } },
      { id: `${id}.holiday.national_day`, occasion: 'national_day', text: { 'zh-CN': '节日快乐！', 'zh-TW': '節日快樂！', en: 'Happy holidays!' } },
      { id: `${id}.holiday.labour_day`, occasion: 'labour_day', text: { 'zh-CN': '节日快乐！', 'zh-TW': '節日快樂！', en: 'Happy holidays!' } },
      { id: `${id}.holiday.weekend`, occasion: 'weekend', text: { 'zh-CN': '周末愉快！', 'zh-TW': '週末愉快！', en: 'Have a nice weekend!' } },
    ],
    forbidden: [
      // Seed 000's closing-time taboos (they hold at every window: seed 003 (5) 2 (7) serve late arrivals).
      {
        id: `${id}.forbidden.closing_time`,
        text: { 'zh-CN': '快下班了，不办了，明天再来吧！', 'zh-TW': '快下班了，不辦了，明天再來吧！', en: "We're closing soon, no more today. Come back tomorrow!" },
        instead: { 'zh-CN': '请稍等，我马上为您办理。', 'zh-TW': '請稍等，我馬上為您辦理。', en: "One moment, please. I'll take care of it right away." },
      },
      {
        id: `${id}.forbidden.late_arrival`,
        text: { 'zh-CN': '怎么这么晚才来，明天再办吧！', 'zh-TW': '怎麼這麼晚才來，明天再辦吧！', en: 'Why come so late? Do it tomorrow!' },
        instead: { 'zh-CN': '您好，您办理什么业务？', 'zh-TW': '您好，您辦理什麼業務？', en: 'Hello, which service do you need?' },
      },
      // The other taboo occasions seed 000 names (addressing, accepting business, system failure,
      // enquiries, criticism), each answered with the seed 003 phrase for that situation.
      {
        id: `${id}.forbidden.addressing`,
        text: { 'zh-CN': '喂！下一个！', 'zh-TW': '喂！下一個！', en: 'Hey! Next!' },
        instead: { 'zh-CN': '您好，我能为您做什么？', 'zh-TW': '您好，我能為您做什麼？', en: 'Hello, what can I do for you?' },
      },
      {
        id: `${id}.forbidden.not_my_job`,
        text: { 'zh-CN': '这不归我管。', 'zh-TW': '這不歸我管。', en: 'Not my job.' },
        instead: o.place.referral,
      },
      {
        id: `${id}.forbidden.system_down`,
        text: { 'zh-CN': '电脑坏了，我也没办法。', 'zh-TW': '電腦壞了，我也沒辦法。', en: "The computer's broken, nothing I can do." },
        instead: {
          'zh-CN': '请原谅，电脑线路暂时出现故障，我们正在尽快排除故障。请稍等片刻。',
          'zh-TW': '請原諒，電腦線路暫時出現故障，我們正在盡快排除故障。請稍等片刻。',
          en: 'Please excuse us: the computer line is down for the moment and we are fixing it as fast as we can. Please wait a moment.',
        },
      },
      // Seed 003 (5) 4 (2): never fob off a question; ask a colleague, then answer.
      {
        id: `${id}.forbidden.dont_know`,
        text: { 'zh-CN': '不知道，问别人去。', 'zh-TW': '不知道，問別人去。', en: "Don't know. Ask someone else." },
        instead: { 'zh-CN': '请稍等，我帮您问一下。', 'zh-TW': '請稍等，我幫您問一下。', en: "One moment, please. I'll find out for you." },
      },
      // Seed 003 (8) 5: thank the critic, never argue.
      {
        id: `${id}.forbidden.complaint`,
        text: { 'zh-CN': '有意见找领导去！', 'zh-TW': '有意見找主管去！', en: "If you don't like it, go and tell my boss!" },
        instead: {
          'zh-CN': '非常感谢您对我们工作的宝贵意见。请留下您的姓名和电话号码，我们将在处理后尽快与您联系。',
          'zh-TW': '非常感謝您對我們工作的寶貴意見。請留下您的姓名和電話號碼，我們將在處理後盡快與您聯繫。',
          en: 'Thank you very much for your valuable comments on our work. Please leave your name and phone number, and we will contact you as soon as we have looked into it.',
        },
      },
    ],
  };
}

/** The catalogue with `added` phrases right after the phrase `after` (an id suffix, e.g. "greeting"). */
export function withPhrasesAfter(catalogue: PhraseCatalogue, after: string, added: readonly Phrase[]): PhraseCatalogue {
  const at = indexOf(catalogue, after) + 1;
  return { ...catalogue, phrases: [...catalogue.phrases.slice(0, at), ...added, ...catalogue.phrases.slice(at)] };
}

/** The catalogue with the phrase `suffix` changed (its text, key, ...); the id stays. */
export function withPhrase(catalogue: PhraseCatalogue, suffix: string, change: Partial<Omit<Phrase, 'id'>>): PhraseCatalogue {
  const at = indexOf(catalogue, suffix);
  return { ...catalogue, phrases: catalogue.phrases.map((p, i) => (i === at ? { ...p, ...change } : p)) };
}

/** The catalogue with the taboo `suffix` (after "forbidden.") answered by another phrase. */
export function withForbiddenInstead(catalogue: PhraseCatalogue, suffix: string, instead: Localized): PhraseCatalogue {
  const id = `${catalogue.id}.forbidden.${suffix}`;
  if (!catalogue.forbidden.some((f) => f.id === id)) throw new Error(`no taboo ${id} in the counter standard`);
  return { ...catalogue, forbidden: catalogue.forbidden.map((f) => (f.id === id ? { ...f, instead } : f)) };
}

function indexOf(catalogue: PhraseCatalogue, suffix: string): number {
  const at = catalogue.phrases.findIndex((p) => p.id === `${catalogue.id}.${suffix}`);
  if (at < 0) throw new Error(`no phrase ${catalogue.id}.${suffix} in the counter standard`);
  return at;
}
