import { BranchConfig } from './schema.js';

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
    staff: [
      { id: 's-1001', name: { 'zh-CN': '王丽', 'zh-TW': '王麗', en: 'Wang Li' }, badge: '1001', stars: 3 },
      { id: 's-1002', name: { 'zh-CN': '李强', 'zh-TW': '李強', en: 'Li Qiang' }, badge: '1002', stars: 2 },
      { id: 's-1003', name: { 'zh-CN': '张敏', 'zh-TW': '張敏', en: 'Zhang Min' }, badge: '1003', stars: 2 },
      { id: 's-1004', name: { 'zh-CN': '陈静', 'zh-TW': '陳靜', en: 'Chen Jing' }, badge: '1004', stars: 1 },
      // DEMO ONLY: a lead (PIN 2468) and an auditor (PIN 1357) who may listen to counter
      // recordings (docs/recording-api.md). A real branch's staff and PINs come from head office.
      { id: 's-9001', name: { 'zh-CN': '赵刚', 'zh-TW': '趙剛', en: 'Zhao Gang' }, badge: '9001', stars: 3, role: 'lead', pinHash: 'scrypt$16384$8$1$ONyJEY1tjyok2iTpjTRPCQ$-_SpbLMTnvUHuQEhZxenXwKum0VmDcK7toC_pXr1gbk' },
      { id: 's-9002', name: { 'zh-CN': '周洁', 'zh-TW': '周潔', en: 'Zhou Jie' }, badge: '9002', stars: 3, role: 'auditor', pinHash: 'scrypt$16384$8$1$y8Lht_Cp8dMmeSSQ32vQAA$qwnbHY1YduCaQnwbcCBt_U_pEd7HTlKTdr-Ux3OZ0uM' },
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
