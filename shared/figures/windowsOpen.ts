import { SLOT_MINUTES, slotName } from './definitions.js';

/** A slot in which a window had a customer ('HH:MM', the slot's local start). */
export interface WorkedSlot {
  counter: number;
  slot: string;
}

/** A pause sign of a window that day, in local minutes since midnight (toMinute: when it came down, or the day's end or now). */
export interface PausedSpan {
  counter: number;
  fromMinute: number;
  toMinute: number;
}

const minuteOf = (slot: string): number => Number(slot.slice(0, 2)) * 60 + Number(slot.slice(3, 5));

/**
 * "Windows open" per 15-minute slot of a day. A window counts from the first slot in which it
 * had a customer to the last, the slots between included: a window open with nobody to call is
 * still a window open (it is what a lead weighs against the arrivals). A slot its pause sign
 * covered from start to end does not count. The hub keeps no history of the open sign itself,
 * so before its first customer and after its last a window does not count.
 */
export function windowsOpenPerSlot(worked: readonly WorkedSlot[], pauses: readonly PausedSpan[]): Map<string, number> {
  const spans = new Map<number, { first: number; last: number }>();
  for (const w of worked) {
    const m = minuteOf(w.slot);
    const s = spans.get(w.counter);
    if (!s) spans.set(w.counter, { first: m, last: m });
    else {
      s.first = Math.min(s.first, m);
      s.last = Math.max(s.last, m);
    }
  }
  const open = new Map<string, number>();
  for (const [counter, { first, last }] of spans) {
    const own = pauses.filter((p) => p.counter === counter);
    for (let m = first; m <= last; m += SLOT_MINUTES) {
      const paused = own.some((p) => p.fromMinute <= m && p.toMinute >= m + SLOT_MINUTES);
      if (paused) continue;
      const name = slotName(m);
      open.set(name, (open.get(name) ?? 0) + 1);
    }
  }
  return open;
}
