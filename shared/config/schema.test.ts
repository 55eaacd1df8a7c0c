import { describe, expect, it } from 'vitest';
import { demoBranch } from './demoBranch.js';
import { BranchConfig, QueuePolicy, Service, targetHandlingSecondsOf, targetWaitSecondsOf } from './schema.js';

const name = { 'zh-CN': '发卡', 'zh-TW': '發卡', en: 'Card issue' };

describe('Service targets: minutes or seconds (issue 14, seed 004: a card in 5 s, a vehicle charged in 20 s)', () => {
  it('still reads a configuration written with whole minutes', () => {
    const s = Service.parse({ code: 'A', name, targetWaitMinutes: 15, targetHandlingMinutes: 8 });
    expect(targetWaitSecondsOf(s)).toBe(900);
    expect(targetHandlingSecondsOf(s)).toBe(480);
    for (const service of demoBranch('2026-01-05').services) expect(targetHandlingSecondsOf(service)).toBeGreaterThan(0);
  });

  it('takes targets of a few seconds', () => {
    const card = Service.parse({ code: 'K', name, targetWaitSeconds: 30, targetHandlingSeconds: 5 });
    const charge = Service.parse({ code: 'C', name, targetWaitMinutes: 2, targetHandlingSeconds: 20 });
    expect([targetWaitSecondsOf(card), targetHandlingSecondsOf(card)]).toEqual([30, 5]);
    expect([targetWaitSecondsOf(charge), targetHandlingSecondsOf(charge)]).toEqual([120, 20]);
  });

  it('wants each target given one way: not both, not neither, whole and positive', () => {
    expect(Service.safeParse({ code: 'A', name, targetWaitMinutes: 1, targetWaitSeconds: 60, targetHandlingMinutes: 8 }).success).toBe(false);
    expect(Service.safeParse({ code: 'A', name, targetWaitMinutes: 1 }).success).toBe(false);
    expect(Service.safeParse({ code: 'A', name, targetWaitMinutes: 1, targetHandlingSeconds: 0 }).success).toBe(false);
    expect(Service.safeParse({ code: 'A', name, targetWaitMinutes: 1, targetHandlingSeconds: 2.5 }).success).toBe(false);
  });
});

describe('QueuePolicy defaults', () => {
  it('alerts the duty leader at 20 waiting unless the branch says otherwise (seed 004), not only in the demo', () => {
    const policy = { maxConsecutivePriority: 3, maxWaitMinutes: 45, recallsBeforeNoShow: 2, minSecondsBetweenCalls: 30, appointmentEarlyMinutes: 30, appointmentLateMinutes: 15 };
    expect(QueuePolicy.parse(policy).alertWaitingCount).toBe(20);
    expect(QueuePolicy.parse({ ...policy, alertWaitingCount: 8 }).alertWaitingCount).toBe(8);
    const { alertWaitingCount: _dropped, ...rest } = demoBranch('2026-01-05').policy;
    expect(BranchConfig.parse({ ...demoBranch('2026-01-05'), policy: rest }).policy.alertWaitingCount).toBe(20);
  });
});
