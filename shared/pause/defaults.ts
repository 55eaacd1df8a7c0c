import type { Localized } from '../i18n/localized.js';
import { PausePolicies } from './schema.js';

/*
 * Default pause policies. What the seeds say:
 * - 003 (8) 4: no stopping in the middle of the day without approval (未经批准不得中途停止服务);
 *   a teller who leaves the counter during opening hours must put up the pause sign and direct
 *   customers to another counter so nobody waits at an empty window.
 * - 003 (8) 6: putting the sign up casually, to dodge work or to do internal chores, is
 *   forbidden; in special cases the leader's consent is needed.
 * - 000: windows may not be closed arbitrarily; internal meetings, study or inspections never
 *   stop service, not even at some windows.
 * - 004 part 4 二 (九): during shift handover each booth shows a sign with an apology such as
 *   "交接班中，请稍候".
 * So consent is the rule. It is waived only where the pause is a sanctioned procedure (handover)
 * or forced on the teller (a device that does not work). No seed gives a length for any pause;
 * the minutes below are our choice, kept short because the seeds count in minutes (private
 * calls <= 2 min, 003 (8) 11) and a branch can change them in its configuration.
 */

// Customer-facing: the sign never says why beyond what the customer needs (no "cash" on a sign).
const PAUSED: Localized = { 'zh-CN': '暂停服务', 'zh-TW': '暫停服務', en: 'Service paused' };

export const DEFAULT_PAUSE_POLICIES: PausePolicies = PausePolicies.parse({
  // A personal break is exactly the casual pause 003 (8) 6 forbids without consent: approval
  // needed. 15 min covers a rest-room visit or a glass of water, not a meal.
  break: {
    allowedMinutes: 15,
    needsApproval: true,
    sign: PAUSED,
    label: { 'zh-CN': '休息', 'zh-TW': '休息', en: 'Break' },
  },
  // Handover is the shift leaders' own procedure (004 part 4 二), so it is sanctioned already:
  // no separate approval. The seed's sign text (the 004 original writes 稍后; 稍候 is the
  // standard form of "please wait a moment"). 10 min: the seed's steps are a line-up, a salute
  // and a count at each booth.
  shift_handover: {
    allowedMinutes: 10,
    needsApproval: false,
    sign: { 'zh-CN': '交接班中，请稍候', 'zh-TW': '交接班中，請稍候', en: 'Shift handover in progress, please wait' },
    label: { 'zh-CN': '交接班', 'zh-TW': '交接班', en: 'Shift handover' },
  },
  // Forced: the window cannot serve, and waiting for a consent would leave customers in front of
  // a broken window, so no approval (the lead still sees it on the board). After 30 min the lead
  // is alerted to act: get it repaired or move the teller to a spare window. The sign follows the
  // standard device-failure phrase (003 (4) 17).
  device_failure: {
    allowedMinutes: 30,
    needsApproval: false,
    sign: { 'zh-CN': '设备故障，暂停服务', 'zh-TW': '設備故障，暫停服務', en: 'Equipment failure, service paused' },
    label: { 'zh-CN': '设备故障', 'zh-TW': '設備故障', en: 'Equipment failure' },
  },
  // An internal chore, which 003 (8) 6 names as no reason to stop casually: approval needed.
  // 10 min for a cash box top-up or hand-in.
  cash_replenishment: {
    allowedMinutes: 10,
    needsApproval: true,
    sign: PAUSED,
    label: { 'zh-CN': '现金调拨', 'zh-TW': '現金調撥', en: 'Cash replenishment' },
  },
  // The lead asked for the teller, but the consent must still be on record by the lead (one tap
  // on the board), or this reason becomes the way round the rule. It is for customer matters
  // (a dispute, a complaint taken over); 000 says meetings and inspections never stop service.
  called_by_lead: {
    allowedMinutes: 15,
    needsApproval: true,
    sign: PAUSED,
    label: { 'zh-CN': '领导召唤', 'zh-TW': '領導召喚', en: 'Called by the lead' },
  },
  // Anything not listed is a special case by definition (003 (8) 6): approval needed.
  other: {
    allowedMinutes: 10,
    needsApproval: true,
    sign: PAUSED,
    label: { 'zh-CN': '其他', 'zh-TW': '其他', en: 'Other' },
  },
});
