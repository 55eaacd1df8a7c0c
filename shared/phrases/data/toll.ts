// The toll station phrase set: seed 004, 第三篇 (收费窗口规范化服务操作手册), part 3 语言行为规范
// (basic phrases with the seed's English, holiday greetings, special-situation prompts), the
// spoken lines of its part 4 收费工作流程 (唱收唱付, counterfeit notes, crowding, route enquiries)
// and the monitoring room's phone lines (part 4 六 监控员日常工作服务标准). The seed is Traditional
// Chinese: zh-TW keeps its words (早上好, 請交通行費, 師傅/先生 ...), not a Taiwanese rewording, in
// Taiwan's standard characters (繫, 什麼, 週末 for the seed's 系, 什么, 周末); the seed has no English
// for its prompts and part 4, so that English is ours. "××" marks what the toll collector fills
// in. Replaceable by head office (a higher version of "toll").
import type { PhraseCatalogue } from '../schema.js';

export const tollCatalogue: PhraseCatalogue = {
  id: 'toll',
  version: 2,
  name: { 'zh-CN': '收费窗口服务用语', 'zh-TW': '收費窗口服務用語', en: 'Toll booth phrases' },
  phrases: [
    // Part 3 一 基本文明用语, with the seed's English.
    {
      id: 'toll.greeting.morning',
      situation: 'greeting',
      text: { 'zh-CN': '早上好！', 'zh-TW': '早上好！', en: 'Good morning.' },
      moments: ['ticket_called'],
      key: 1,
      dayPart: 'morning',
    },
    {
      id: 'toll.greeting.afternoon',
      situation: 'greeting',
      text: { 'zh-CN': '下午好！', 'zh-TW': '下午好！', en: 'Good afternoon.' },
      moments: ['ticket_called'],
      key: 1,
      dayPart: 'afternoon',
    },
    {
      id: 'toll.greeting.evening',
      situation: 'greeting',
      text: { 'zh-CN': '晚上好！', 'zh-TW': '晚上好！', en: 'Good evening.' },
      moments: ['ticket_called'],
      key: 1,
      dayPart: 'evening',
    },
    {
      id: 'toll.pass_card',
      situation: 'pass_card',
      text: { 'zh-CN': '请拿好通行卡（票）。', 'zh-TW': '請拿好通行卡（票）。', en: 'Take your pass card/note carefully, please.' },
      moments: ['service_finished'],
      key: 1,
    },
    {
      id: 'toll.pay',
      situation: 'toll_payment',
      text: { 'zh-CN': '请交通行费。', 'zh-TW': '請交通行費。', en: 'Pay the toll, please.' },
      moments: ['serving'],
      key: 1,
    },
    {
      id: 'toll.please_wait',
      situation: 'please_wait',
      text: { 'zh-CN': '请稍等。', 'zh-TW': '請稍等。', en: 'Wait a minute, please.' },
      moments: ['serving'],
      key: 2,
    },
    {
      id: 'toll.offer_help',
      situation: 'offer_help',
      text: { 'zh-CN': '能帮你做什么？', 'zh-TW': '能幫你做什麼？', en: 'May I help you?' },
      moments: ['ticket_called'],
      key: 3,
    },
    {
      id: 'toll.excuse_me',
      situation: 'excuse_me',
      text: { 'zh-CN': '对不起，打扰一下。', 'zh-TW': '對不起，打擾一下。', en: 'Excuse me.' },
    },
    {
      id: 'toll.thanks_cooperation',
      situation: 'thank_customer',
      text: { 'zh-CN': '谢谢你的合作。', 'zh-TW': '謝謝你的合作。', en: 'Thank you for your attention.' },
    },
    {
      id: 'toll.good_trip',
      situation: 'farewell',
      text: { 'zh-CN': '一路平安。', 'zh-TW': '一路平安。', en: 'Have a good trip.' },
      moments: ['service_finished'],
      key: 2,
    },
    {
      id: 'toll.goodbye',
      situation: 'farewell',
      text: { 'zh-CN': '再见。', 'zh-TW': '再見。', en: 'Good-bye.' },
      moments: ['service_finished'],
      key: 3,
    },
    // Part 4 一 收费工作流程标准: greeting a vehicle, 唱收唱付, seeing it off.
    {
      id: 'toll.hello',
      situation: 'greeting',
      text: { 'zh-CN': '您好！', 'zh-TW': '您好！', en: 'Hello!' },
      moments: ['ticket_called'],
      key: 2,
    },
    {
      id: 'toll.received',
      situation: 'toll_payment',
      text: { 'zh-CN': '收您××元。', 'zh-TW': '收您××元。', en: "I've received XX yuan." },
      moments: ['serving'],
      key: 3,
    },
    {
      id: 'toll.change',
      situation: 'toll_payment',
      text: { 'zh-CN': '找您××元。', 'zh-TW': '找您××元。', en: 'Your change is XX yuan.' },
      moments: ['serving'],
      key: 4,
    },
    {
      id: 'toll.thanks',
      situation: 'thank_customer',
      text: { 'zh-CN': '谢谢！', 'zh-TW': '謝謝！', en: 'Thank you!' },
      moments: ['service_finished'],
      key: 4,
    },
    {
      id: 'toll.see_off',
      situation: 'farewell',
      text: { 'zh-CN': '请走好！', 'zh-TW': '請走好！', en: 'Take care!' },
      moments: ['service_finished'],
      key: 5,
    },
    // Part 4 五 收费员日常工作服务标准 (七)(九)(十), and 为您服务 3 (2) for route enquiries.
    {
      id: 'toll.slow_processing',
      situation: 'please_wait',
      text: { 'zh-CN': '对不起！请稍等。', 'zh-TW': '對不起！請稍等。', en: 'Sorry! One moment, please.' },
      moments: ['serving'],
      key: 5,
    },
    {
      id: 'toll.counterfeit_note',
      situation: 'counterfeit_note',
      text: { 'zh-CN': '对不起，请更换一张。', 'zh-TW': '對不起，請更換一張。', en: 'Sorry, could you give me another note, please?' },
    },
    {
      id: 'toll.crowding',
      situation: 'crowding',
      text: {
        'zh-CN': '为了大家的安全，请各自回到自己的车上。',
        'zh-TW': '為了大家的安全，請各自回到自己的車上。',
        en: "For everyone's safety, please go back to your own vehicles.",
      },
    },
    {
      id: 'toll.route_enquiry',
      situation: 'route_enquiry',
      text: {
        'zh-CN': '请您先把车开到前面广场稍候，我帮您问一下。',
        'zh-TW': '請您先把車開到前面廣場稍候，我幫您問一下。',
        en: "Please pull forward into the plaza and wait a moment. I'll find out for you.",
      },
    },
    // Part 3 三 特殊情况提示语: the duty leader switches these on (moment "special").
    {
      id: 'toll.weather.rain_fog',
      situation: 'weather',
      text: { 'zh-CN': '雨雾天气，请您小心驾驶！', 'zh-TW': '雨霧天氣，請您小心駕駛！', en: "It's rainy and foggy. Please drive carefully!" },
      moments: ['special'],
    },
    {
      id: 'toll.weather.fog_lights',
      situation: 'weather',
      text: {
        'zh-CN': '请您打开防雾灯，注意行车安全！',
        'zh-TW': '請您打開防霧燈，注意行車安全！',
        en: 'Please turn on your fog lights and drive safely!',
      },
      moments: ['special'],
    },
    {
      id: 'toll.weather.ice_snow',
      situation: 'weather',
      text: { 'zh-CN': '冰雪天气，请您小心路滑！', 'zh-TW': '冰雪天氣，請您小心路滑！', en: "It's icy and snowy. Please watch out for slippery roads!" },
      moments: ['special'],
    },
    // The seed's one template "××方向塌方（施工、排障）" as its three cases.
    {
      id: 'toll.road.landslide',
      situation: 'road_incident',
      text: {
        'zh-CN': '××方向塌方，请您减速慢行，注意安全！',
        'zh-TW': '××方向塌方，請您減速慢行，注意安全！',
        en: 'There is a landslide towards XX. Please slow down and drive safely!',
      },
      moments: ['special'],
    },
    {
      id: 'toll.road.works',
      situation: 'road_incident',
      text: {
        'zh-CN': '××方向施工，请您减速慢行，注意安全！',
        'zh-TW': '××方向施工，請您減速慢行，注意安全！',
        en: 'There are road works towards XX. Please slow down and drive safely!',
      },
      moments: ['special'],
    },
    {
      id: 'toll.road.clearing',
      situation: 'road_incident',
      text: {
        'zh-CN': '××方向排障，请您减速慢行，注意安全！',
        'zh-TW': '××方向排障，請您減速慢行，注意安全！',
        en: 'The road towards XX is being cleared. Please slow down and drive safely!',
      },
      moments: ['special'],
    },
    {
      id: 'toll.road.closed',
      situation: 'road_closed',
      text: {
        'zh-CN': '对不起，因××原因已封道，预计××时重新开放，请您耐心等候！',
        'zh-TW': '對不起，因××原因已封道，預計××時重新開放，請您耐心等候！',
        en: 'Sorry, the road is closed because of XX and should reopen at XX. Please wait patiently!',
      },
      moments: ['special'],
    },
    {
      id: 'toll.seat_belt',
      situation: 'seat_belt',
      text: {
        'zh-CN': '师傅/先生，为了您的安全，请系好安全带，祝您一路平安！',
        'zh-TW': '師傅/先生，為了您的安全，請繫好安全帶，祝您一路平安！',
        en: 'Sir/Madam, for your safety please fasten your seat belt. Have a safe trip!',
      },
      moments: ['special'],
    },
    // Part 3 三 4-6: said when the case arises, not switched on for the day.
    {
      id: 'toll.assist.tools',
      situation: 'roadside_assistance',
      text: {
        'zh-CN': '请您将车停好，注意安全，我们马上为您提供修车工具（开水等）。',
        'zh-TW': '請您將車停好，注意安全，我們馬上為您提供修車工具（開水等）。',
        en: 'Please park your vehicle and mind your safety. We will bring you repair tools (hot water, etc.) right away.',
      },
    },
    {
      id: 'toll.assist.help',
      situation: 'offer_help',
      text: { 'zh-CN': '您好，请问您需要什么帮助吗？', 'zh-TW': '您好，請問您需要什麼幫助嗎？', en: 'Hello, do you need any help?' },
    },
    {
      id: 'toll.bystanders',
      situation: 'bystanders',
      text: {
        'zh-CN': '您好，这是收费场所，请您在二十米以外等候。',
        'zh-TW': '您好，這是收費場所，請您在二十米以外等候。',
        en: 'Hello, this is a toll area. Please wait at least twenty metres away.',
      },
    },
    // Part 4 六 (五): the monitoring room (监控室) answers within three rings and names itself,
    // names itself first when it calls, and thanks the caller at the end.
    {
      id: 'toll.monitoring_room.phone',
      situation: 'monitoring_room_phone',
      text: { 'zh-CN': '您好，××监控室。', 'zh-TW': '您好，××監控室。', en: 'Hello, XX Monitoring Room.' },
    },
    {
      id: 'toll.monitoring_room.goodbye',
      situation: 'monitoring_room_phone',
      text: { 'zh-CN': '谢谢，再见。', 'zh-TW': '謝謝，再見。', en: 'Thank you, goodbye.' },
    },
  ],
  // Part 3 二 节日问候语.
  holidayGreetings: [
    { id: 'toll.holiday.spring_festival', occasion: 'spring_festival', text: { 'zh-CN': '新年好！', 'zh-TW': '新年好！', en: 'Happy Chinese New Year!' } },
    { id: 'toll.holiday.new_year', occasion: 'new_year', text: { 'zh-CN': '元旦快乐！', 'zh-TW': '元旦快樂！', en: 'Happy New Year!' } },
    { id: 'toll.holiday.mid_autumn', occasion: 'mid_autumn', text: { 'zh-CN': '中秋快乐！', 'zh-TW': '中秋快樂！', en: 'Happy Mid-Autumn Festival!' } },
    {
      id: 'toll.holiday.national_day',
      occasion: 'national_day',
      text: { 'zh-CN': '节日快乐，祝您旅途愉快！', 'zh-TW': '節日快樂，祝您旅途愉快！', en: 'Happy holidays, and have a pleasant journey!' },
    },
    {
      id: 'toll.holiday.labour_day',
      occasion: 'labour_day',
      text: { 'zh-CN': '节日快乐，祝您旅途愉快！', 'zh-TW': '節日快樂，祝您旅途愉快！', en: 'Happy holidays, and have a pleasant journey!' },
    },
    {
      id: 'toll.holiday.weekend',
      occasion: 'weekend',
      text: { 'zh-CN': '周末愉快，祝您一路顺风！', 'zh-TW': '週末愉快，祝您一路順風！', en: 'Have a nice weekend and a safe journey!' },
    },
  ],
  forbidden: [
    // Part 4 五 (九): a suspect note is answered with a polite request for another.
    {
      id: 'toll.forbidden.counterfeit',
      text: { 'zh-CN': '你这是假钱！', 'zh-TW': '你這是假鈔！', en: 'This is fake money!' },
      instead: { 'zh-CN': '对不起，请更换一张。', 'zh-TW': '對不起，請更換一張。', en: 'Sorry, could you give me another note, please?' },
    },
    // Part 1 七: never confront a driver; when explaining does not settle it, the shift leader comes.
    {
      id: 'toll.forbidden.argue',
      text: { 'zh-CN': '你跟我吵也没用！', 'zh-TW': '你跟我吵也沒用！', en: "Arguing with me won't get you anywhere!" },
      instead: {
        'zh-CN': '对不起，我马上请班长来为您处理。',
        'zh-TW': '對不起，我馬上請班長來為您處理。',
        en: "I'm sorry. I'll ask the shift leader to come and sort this out for you right away.",
      },
    },
    // Part 4 四 (五) and 为您服务 3: answer enquiries patiently; find out what you do not know.
    {
      id: 'toll.forbidden.dont_know',
      text: { 'zh-CN': '不知道，问别人去。', 'zh-TW': '不知道，問別人去。', en: "Don't know. Ask someone else." },
      instead: {
        'zh-CN': '请您先把车开到前面广场稍候，我帮您问一下。',
        'zh-TW': '請您先把車開到前面廣場稍候，我幫您問一下。',
        en: "Please pull forward into the plaza and wait a moment. I'll find out for you.",
      },
    },
  ],
};
