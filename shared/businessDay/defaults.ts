import { BusinessDayTemplates } from './templates.js';

/*
 * Default templates. What the seeds say:
 * - 002 5.1.2: the morning meeting runs before opening, chaired by the branch head (or someone
 *   named by them), with every teller on duty; 10 to 15 minutes; its steps are the mutual
 *   appearance check (仪容仪表互检), the results (业绩通报: yesterday's figures), praise
 *   (表扬鼓励) and today's work (工作安排, with a service drill), plus new policies and short
 *   training; afterwards it is written down on the meeting-log template (晨会日志模板).
 * - 003 (8) 3: windows are ready 10 minutes before opening (the readiness rule, readiness.ts).
 * - 004 part 4 (三): "统一着装，挂牌上岗 ... 临柜人员必须提前到岗整理内务": uniform, badge
 *   shown, the counter put in order before opening.
 * - 001 2.2: the queue system's caller, the rating keypad (评价器) and the window intercom
 *   (窗口对讲) are the counter's devices; the ticket printer prints queue tickets and receipts.
 * - 004 part 4 二 (三), (十): before handing over, the outgoing teller cleans the booth, checks
 *   every device, settles the cash box, and hands over cash and cards against a written record;
 *   (四) the shift leader checks the booth is clean and nothing is damaged.
 */
export const DEFAULT_BUSINESS_DAY_TEMPLATES: BusinessDayTemplates = BusinessDayTemplates.parse({
  openingChecklist: {
    version: 1,
    groups: [
      {
        id: 'devices',
        label: { 'zh-CN': '设备', 'zh-TW': '設備', en: 'Devices' },
        items: [
          { id: 'computer', label: { 'zh-CN': '电脑及业务系统正常', 'zh-TW': '電腦及業務系統正常', en: 'Computer and business system working' } },
          { id: 'caller_keypad', label: { 'zh-CN': '呼叫器正常', 'zh-TW': '呼叫器正常', en: 'Caller keypad working' } },
          { id: 'rating_keypad', label: { 'zh-CN': '评价器正常', 'zh-TW': '評價器正常', en: 'Rating keypad working' } },
          { id: 'printer', label: { 'zh-CN': '打印机正常、纸张充足', 'zh-TW': '印表機正常、紙張充足', en: 'Printer working, paper loaded' } },
          { id: 'intercom', label: { 'zh-CN': '对讲扬声器、麦克风正常', 'zh-TW': '對講揚聲器、麥克風正常', en: 'Speaker and microphone working' } },
        ],
      },
      {
        id: 'cash',
        label: { 'zh-CN': '现金', 'zh-TW': '現金', en: 'Cash' },
        items: [{ id: 'cash_float', label: { 'zh-CN': '尾箱现金已清点、账实相符', 'zh-TW': '尾箱現金已清點、帳實相符', en: 'Cash float counted, matches the books' } }],
      },
      {
        id: 'identity',
        label: { 'zh-CN': '挂牌上岗', 'zh-TW': '掛牌上崗', en: 'Name and badge' },
        items: [{ id: 'name_plate', label: { 'zh-CN': '工号牌摆放、胸牌佩戴', 'zh-TW': '工號牌擺放、胸牌佩戴', en: 'Name plate on the counter, badge worn' } }],
      },
      {
        id: 'tidy',
        label: { 'zh-CN': '台面', 'zh-TW': '檯面', en: 'Counter' },
        items: [{ id: 'counter_tidy', label: { 'zh-CN': '台面整洁、物品定位摆放', 'zh-TW': '檯面整潔、物品定位擺放', en: 'Counter tidy, everything in its place' } }],
      },
    ],
  },
  morningMeeting: {
    version: 1,
    appearance: [
      { id: 'uniform', label: { 'zh-CN': '统一着装', 'zh-TW': '統一著裝', en: 'Uniform' } },
      { id: 'badge', label: { 'zh-CN': '佩戴工号牌', 'zh-TW': '佩戴工號牌', en: 'Badge worn' } },
      { id: 'grooming', label: { 'zh-CN': '仪容整洁', 'zh-TW': '儀容整潔', en: 'Neat appearance' } },
    ],
    sections: [
      { id: 'results', label: { 'zh-CN': '业绩通报', 'zh-TW': '業績通報', en: 'Results' }, required: false },
      { id: 'praise', label: { 'zh-CN': '表扬鼓励', 'zh-TW': '表揚鼓勵', en: 'Praise' }, required: true },
      { id: 'policy', label: { 'zh-CN': '政策传导与业务培训', 'zh-TW': '政策傳導與業務培訓', en: 'Policies and training' }, required: false },
      { id: 'plan', label: { 'zh-CN': '今日工作安排（服务演练）', 'zh-TW': '今日工作安排（服務演練）', en: "Today's plan (service drill)" }, required: true },
    ],
    minutes: { min: 10, max: 15 },
  },
  handover: {
    version: 1,
    handedOver: [
      { id: 'cash', label: { 'zh-CN': '现金（尾箱）金额', 'zh-TW': '現金（尾箱）金額', en: 'Cash (float) amount' } },
      { id: 'vouchers', label: { 'zh-CN': '重要空白凭证', 'zh-TW': '重要空白憑證', en: 'Blank vouchers' } },
      { id: 'seals_keys', label: { 'zh-CN': '印章、钥匙', 'zh-TW': '印章、鑰匙', en: 'Seals and keys' } },
    ],
    checks: [
      { id: 'counter_clean', label: { 'zh-CN': '台面卫生整洁', 'zh-TW': '檯面衛生整潔', en: 'Counter clean and tidy' } },
      { id: 'devices_ok', label: { 'zh-CN': '设施设备完好', 'zh-TW': '設施設備完好', en: 'Devices checked, nothing damaged' } },
    ],
  },
});
