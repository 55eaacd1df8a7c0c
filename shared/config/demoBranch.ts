import { BranchConfig } from './schema.js';
import type { StaffRole } from './schema.js';
import type { Localized } from '../i18n/localized.js';

/**
 * DEMO ONLY: who can sign in to the embedded demo branch, with their PINs, for the launcher's
 * hint (shown in demo mode only). A real branch's PINs are known only to their holders; the
 * configuration keeps their scrypt hashes.
 */
export const DEMO_SIGN_INS: ReadonlyArray<{ staffId: string; badge: string; name: Localized; pin: string; role: StaffRole }> = [
  { staffId: 's-1001', badge: '1001', name: { 'zh-CN': '王丽', 'zh-TW': '王麗', en: 'Wang Li' }, pin: '100111', role: 'teller' },
  { staffId: 's-1002', badge: '1002', name: { 'zh-CN': '李强', 'zh-TW': '李強', en: 'Li Qiang' }, pin: '100222', role: 'teller' },
  { staffId: 's-1003', badge: '1003', name: { 'zh-CN': '张敏', 'zh-TW': '張敏', en: 'Zhang Min' }, pin: '100333', role: 'teller' },
  { staffId: 's-1004', badge: '1004', name: { 'zh-CN': '陈静', 'zh-TW': '陳靜', en: 'Chen Jing' }, pin: '100444', role: 'teller' },
  { staffId: 's-9001', badge: '9001', name: { 'zh-CN': '赵刚', 'zh-TW': '趙剛', en: 'Zhao Gang' }, pin: '246810', role: 'lead' },
  { staffId: 's-9002', badge: '9002', name: { 'zh-CN': '周洁', 'zh-TW': '周潔', en: 'Zhou Jie' }, pin: '135790', role: 'auditor' },
];

const allDay = [{ open: '00:00', close: '24:00' }];

/**
 * The embedded demo branch: three services, four windows, four tellers, a lead and an auditor.
 * It is open round the clock so the demo works whenever someone runs it; a real branch's
 * hours (see docs/configuration.md) come from head office. Appointments are made for `today`
 * so the kiosk's check-in by code can be tried at once.
 */
export function demoBranch(today: string): BranchConfig {
  return BranchConfig.parse({
    branchId: 'demo-001',
    name: { 'zh-CN': '演示支行', 'zh-TW': '示範支行', en: 'Demo Branch' },
    // Head office files it under a region (figures per region, network -> region -> branch).
    region: { id: 'east', name: { 'zh-CN': '华东区', 'zh-TW': '華東區', en: 'East China' } },
    services: [
      {
        code: 'A',
        name: { 'zh-CN': '个人业务', 'zh-TW': '個人業務', en: 'Personal Banking' },
        targetWaitMinutes: 15,
        targetHandlingMinutes: 8,
      },
      {
        code: 'B',
        name: { 'zh-CN': '对公业务', 'zh-TW': '對公業務', en: 'Corporate Banking' },
        targetWaitMinutes: 20,
        targetHandlingMinutes: 15,
      },
      {
        code: 'V',
        name: { 'zh-CN': '财富贵宾', 'zh-TW': '財富貴賓', en: 'Wealth & VIP' },
        targetWaitMinutes: 10,
        targetHandlingMinutes: 20,
      },
    ],
    counters: [
      { number: 1, services: ['A'], staffId: 's-1001' },
      { number: 2, services: ['A', 'B'], staffId: 's-1002' },
      { number: 3, services: ['B', 'A'], staffId: 's-1003' },
      { number: 4, services: ['V', 'A'], staffId: 's-1004' },
    ],
    // DEMO ONLY: every person has a 6-digit PIN (DEMO_SIGN_INS below); a real branch's staff and
    // PINs come from head office. The lead and the auditor may also listen to counter recordings.
    staff: [
      { id: 's-1001', name: { 'zh-CN': '王丽', 'zh-TW': '王麗', en: 'Wang Li' }, badge: '1001', stars: 3, pinHash: 'scrypt$16384$8$1$DDJLQ7Pwo44YpfT_Fq7W2g$lnj3A4nsZSXGMtA273mKwDYKi1GSCCk-Wa4aoNQ8VzY' },
      { id: 's-1002', name: { 'zh-CN': '李强', 'zh-TW': '李強', en: 'Li Qiang' }, badge: '1002', stars: 2, pinHash: 'scrypt$16384$8$1$OHKR4f7PDTNfc-XzYCmTVw$hzFUmEsoUd9c8z8W3JN3QevKS1hlP5MESm1qv6sgw5Q' },
      { id: 's-1003', name: { 'zh-CN': '张敏', 'zh-TW': '張敏', en: 'Zhang Min' }, badge: '1003', stars: 2, pinHash: 'scrypt$16384$8$1$upjPBZpsVv59SSOOBm9_rw$_uuagjI6kxQvft0kUh9c634DZKG4jkB25MllQ-kt5Dc' },
      { id: 's-1004', name: { 'zh-CN': '陈静', 'zh-TW': '陳靜', en: 'Chen Jing' }, badge: '1004', stars: 1, pinHash: 'scrypt$16384$8$1$yDCSxIw_2ByMnRtLXSdvLg$09diduWiTeAFtkEMWPzu176dqLrEZaQ7hj9l8VcmmP0' },
      { id: 's-9001', name: { 'zh-CN': '赵刚', 'zh-TW': '趙剛', en: 'Zhao Gang' }, badge: '9001', stars: 3, role: 'lead', pinHash: 'scrypt$16384$8$1$79aB0vWteso1oh7LrCqH1g$1aF-hah1FogQxJFaw2ULlQU6tPjlkkiakldDwE-6SRA' },
      { id: 's-9002', name: { 'zh-CN': '周洁', 'zh-TW': '周潔', en: 'Zhou Jie' }, badge: '9002', stars: 3, role: 'auditor', pinHash: 'scrypt$16384$8$1$9jQ34gyok2UMckuU0Nwrtg$S1KW7SAuXU5W3NIGRrRNtP0ecx-RxrVffpeR_iXX4no' },
    ],
    hours: {
      timezone: 'Asia/Shanghai',
      weekly: [allDay, allDay, allDay, allDay, allDay, allDay, allDay],
      closedDates: [],
      extraOpenDates: [],
    },
    policy: {
      maxConsecutivePriority: 3,
      maxWaitMinutes: 45,
      recallsBeforeNoShow: 2,
      minSecondsBetweenCalls: 30,
      appointmentEarlyMinutes: 30,
      appointmentLateMinutes: 15,
      alertWaitingCount: 20,
    },
    announcement: { repeat: 1, hallHistory: 6 },
    appointments: ['09', '10', '11', '14', '15', '16'].map((hour, i) => ({
      code: String(100001 + i),
      service: i % 2 === 0 ? 'A' : 'V',
      slot: `${today}T${hour}:00`,
    })),
  });
}
