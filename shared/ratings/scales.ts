import { RatingScale, RatingSettings } from './schema.js';

/**
 * The bank's four answers (seed 001, 2.2 (3): 非常满意、满意、一般、不满意). Only 不满意 is low:
 * 一般 ("average") is a neutral answer, not a complaint, and a follow-up for every one of them
 * would bury the lead; it still counts against the satisfaction rate (see dayScore).
 */
export const BANK_SCALE: RatingScale = RatingScale.parse({
  id: 'bank-4',
  levels: [
    { value: 4, low: false, label: { 'zh-CN': '非常满意', 'zh-TW': '非常滿意', en: 'Very satisfied' } },
    { value: 3, low: false, label: { 'zh-CN': '满意', 'zh-TW': '滿意', en: 'Satisfied' } },
    { value: 2, low: false, label: { 'zh-CN': '一般', 'zh-TW': '一般', en: 'Average' } },
    { value: 1, low: true, label: { 'zh-CN': '不满意', 'zh-TW': '不滿意', en: 'Dissatisfied' } },
  ],
});

/**
 * The government service hall's five answers (政务服务"好差评"). 不满意 and 非常不满意 are the
 * bad reviews (差评), each of which is followed up; 基本满意 is not.
 */
export const GOV_SCALE: RatingScale = RatingScale.parse({
  id: 'gov-5',
  levels: [
    { value: 5, low: false, label: { 'zh-CN': '非常满意', 'zh-TW': '非常滿意', en: 'Very satisfied' } },
    { value: 4, low: false, label: { 'zh-CN': '满意', 'zh-TW': '滿意', en: 'Satisfied' } },
    { value: 3, low: false, label: { 'zh-CN': '基本满意', 'zh-TW': '基本滿意', en: 'Basically satisfied' } },
    { value: 2, low: true, label: { 'zh-CN': '不满意', 'zh-TW': '不滿意', en: 'Dissatisfied' } },
    { value: 1, low: true, label: { 'zh-CN': '非常不满意', 'zh-TW': '非常不滿意', en: 'Very dissatisfied' } },
  ],
});

/**
 * How long the customer has to answer after the service finishes. No seed gives a figure; 30 s
 * lets the customer put documents away and press a key, and is short enough that the prompt is
 * gone before the next customer normally reaches the window.
 */
export const DEFAULT_RATING_TIMEOUT_SECONDS = 30;

export const DEFAULT_RATING_SETTINGS: RatingSettings = RatingSettings.parse({
  scale: BANK_SCALE,
  timeoutSeconds: DEFAULT_RATING_TIMEOUT_SECONDS,
});
