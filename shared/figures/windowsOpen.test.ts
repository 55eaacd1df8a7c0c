import { describe, expect, it } from 'vitest';
import { windowsOpenPerSlot } from './windowsOpen.js';

const asObject = (m: Map<string, number>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)));

describe('windows open per slot', () => {
  it('counts a window from its first customer to its last, idle slots between included', () => {
    const open = windowsOpenPerSlot(
      [
        { counter: 1, slot: '09:00' },
        { counter: 1, slot: '09:45' },
        { counter: 2, slot: '09:15' },
      ],
      [],
    );
    expect(asObject(open)).toEqual({ '09:00': 1, '09:15': 2, '09:30': 1, '09:45': 1 });
  });

  it('leaves out a slot the pause sign covered whole, not one it covered in part', () => {
    const open = windowsOpenPerSlot(
      [
        { counter: 1, slot: '10:00' },
        { counter: 1, slot: '11:00' },
      ],
      // 10:10-10:45: covers 10:15 and 10:30 whole, 10:00 and 10:45 in part.
      [{ counter: 1, fromMinute: 10 * 60 + 10, toMinute: 10 * 60 + 45 }],
    );
    expect(asObject(open)).toEqual({ '10:00': 1, '10:45': 1, '11:00': 1 });
  });

  it('takes no other window\'s pause, and counts nothing for a window without customers', () => {
    const open = windowsOpenPerSlot([{ counter: 3, slot: '14:30' }], [{ counter: 4, fromMinute: 0, toMinute: 24 * 60 }, { counter: 5, fromMinute: 0, toMinute: 24 * 60 }]);
    expect(asObject(open)).toEqual({ '14:30': 1 });
    expect(windowsOpenPerSlot([], [{ counter: 1, fromMinute: 0, toMinute: 60 }]).size).toBe(0);
  });
});
