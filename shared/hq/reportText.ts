import type { Lang, Localized } from '../i18n/localized.js';

/**
 * The words of head office's monthly report (PDF and XLSX are made on the server, in the
 * language asked for; the screens' own strings live in shared/i18n/resources).
 */
const T = {
  title: { 'zh-CN': '月度服务报告', 'zh-TW': '月度服務報告', en: 'Monthly service report' },
  month: { 'zh-CN': '月份', 'zh-TW': '月份', en: 'Month' },
  generatedAt: { 'zh-CN': '生成时间', 'zh-TW': '生成時間', en: 'Generated' },
  timeZone: { 'zh-CN': '时区', 'zh-TW': '時區', en: 'Time zone' },
  region: { 'zh-CN': '片区', 'zh-TW': '片區', en: 'Region' },
  summary: { 'zh-CN': '业务概况', 'zh-TW': '業務概況', en: 'Summary' },
  figure: { 'zh-CN': '指标', 'zh-TW': '指標', en: 'Figure' },
  value: { 'zh-CN': '数值', 'zh-TW': '數值', en: 'Value' },
  arrivals: { 'zh-CN': '取号数', 'zh-TW': '取號數', en: 'Tickets' },
  served: { 'zh-CN': '办结笔数', 'zh-TW': '辦結筆數', en: 'Served' },
  noShows: { 'zh-CN': '过号', 'zh-TW': '過號', en: 'No-shows' },
  averageWait: { 'zh-CN': '平均等候(分)', 'zh-TW': '平均等候(分)', en: 'Average wait (min)' },
  waitWithinTarget: { 'zh-CN': '等候达标率', 'zh-TW': '等候達標率', en: 'Waits within target' },
  averageHandling: { 'zh-CN': '平均办理(分)', 'zh-TW': '平均辦理(分)', en: 'Average handling (min)' },
  handlingWithinTarget: { 'zh-CN': '办理达标率', 'zh-TW': '辦理達標率', en: 'Handling within target' },
  satisfaction: { 'zh-CN': '满意率', 'zh-TW': '滿意率', en: 'Satisfaction' },
  rated: { 'zh-CN': '评价数', 'zh-TW': '評價數', en: 'Ratings' },
  greetingRate: { 'zh-CN': '迎客用语率', 'zh-TW': '迎客用語率', en: 'Greeting rate' },
  farewellRate: { 'zh-CN': '送客用语率', 'zh-TW': '送客用語率', en: 'Farewell rate' },
  pauses: { 'zh-CN': '暂停次数', 'zh-TW': '暫停次數', en: 'Pauses' },
  pauseMinutes: { 'zh-CN': '暂停时长(分)', 'zh-TW': '暫停時長(分)', en: 'Pause time (min)' },
  complaintsReceived: { 'zh-CN': '受理投诉', 'zh-TW': '受理投訴', en: 'Complaints received' },
  complaintsUpheld: { 'zh-CN': '有责投诉', 'zh-TW': '有責投訴', en: 'Complaints upheld' },
  complaintsOverdue: { 'zh-CN': '超时未复', 'zh-TW': '超時未覆', en: 'Answers overdue' },
  callbackRate: { 'zh-CN': '回访率', 'zh-TW': '回訪率', en: 'Call-back rate' },
  score: { 'zh-CN': '考评得分', 'zh-TW': '考評得分', en: 'Score' },
  passMark: { 'zh-CN': '达标线', 'zh-TW': '達標線', en: 'Pass mark' },
  passed: { 'zh-CN': '达标', 'zh-TW': '達標', en: 'Passed' },
  result: { 'zh-CN': '结果', 'zh-TW': '結果', en: 'Result' },
  failed: { 'zh-CN': '未达标', 'zh-TW': '未達標', en: 'Below the mark' },
  rank: { 'zh-CN': '排名', 'zh-TW': '排名', en: 'Rank' },
  rankOf: { 'zh-CN': '第 {rank} 名 / 共 {of} 个网点', 'zh-TW': '第 {rank} 名 / 共 {of} 個網點', en: '{rank} of {of} branches' },
  tellers: { 'zh-CN': '柜员', 'zh-TW': '櫃員', en: 'Tellers' },
  teller: { 'zh-CN': '柜员', 'zh-TW': '櫃員', en: 'Teller' },
  stars: { 'zh-CN': '星级', 'zh-TW': '星級', en: 'Stars' },
  branches: { 'zh-CN': '网点', 'zh-TW': '網點', en: 'Branches' },
  branch: { 'zh-CN': '网点', 'zh-TW': '網點', en: 'Branch' },
  days: { 'zh-CN': '逐日', 'zh-TW': '逐日', en: 'By day' },
  day: { 'zh-CN': '日期', 'zh-TW': '日期', en: 'Day' },
  reasons: { 'zh-CN': '主要失分', 'zh-TW': '主要失分', en: 'Points lost on' },
  starShares: { 'zh-CN': '星级柜员占比(目标)', 'zh-TW': '星級櫃員佔比(目標)', en: 'Star tellers (target)' },
  none: { 'zh-CN': '无', 'zh-TW': '無', en: 'none' },
  noData: { 'zh-CN': '本月无数据', 'zh-TW': '本月無數據', en: 'No figures this month' },
} satisfies Record<string, Localized>;

export type ReportWord = keyof typeof T;

/** The score parts, as the report names them. */
export const PART_TEXT: Record<string, Localized> = {
  satisfaction: T.satisfaction,
  waitWithinTarget: T.waitWithinTarget,
  handlingWithinTarget: T.handlingWithinTarget,
  phrases: { 'zh-CN': '服务用语', 'zh-TW': '服務用語', en: 'Standard phrases' },
  complaints: { 'zh-CN': '投诉', 'zh-TW': '投訴', en: 'Complaints' },
  inspection: { 'zh-CN': '现场检查', 'zh-TW': '現場檢查', en: 'Inspection' },
  review: { 'zh-CN': '录音抽查', 'zh-TW': '錄音抽查', en: 'Recording review' },
};

export function reportWord(word: ReportWord, lang: Lang, vars: Record<string, string | number> = {}): string {
  return T[word][lang].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

export const STAR_MARKS = ['—', '★', '★★', '★★★'] as const;
