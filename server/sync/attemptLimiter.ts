import { isIPv6 } from 'node:net';

export interface AttemptLimit {
  /** Failed attempts one address may make in a window; the next ones are refused until it ends. */
  max: number;
  windowMs: number;
}

/** Enrolment: 10 failed attempts a minute per address. */
export const DEFAULT_ENROL_LIMIT: AttemptLimit = { max: 10, windowMs: 60_000 };

/** Addresses tracked at once; beyond it (an attack from very many addresses) new ones wait too. */
const MAX_TRACKED = 10_000;

/**
 * Counts failed attempts per remote address in fixed windows. Only failures count: a device
 * with a good code is never slowed down, while whoever guesses codes gets `max` guesses per
 * window. Once an address is over its limit, every attempt from it waits for the window's end,
 * right code or not, so guessing cannot go on between refusals.
 *
 * An IPv6 address counts by its /64 (one machine can take a whole /64). In memory: a restart
 * forgets the counts, which costs a guesser nothing worth having (a code has 60 random bits).
 */
export class AttemptLimiter {
  private readonly windows = new Map<string, { failures: number; endsAt: number }>();

  constructor(
    private readonly limit: AttemptLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `address` may try again; 0 when it may now. */
  waitFor(address: string): number {
    const t = this.now();
    const w = this.windows.get(keyOf(address));
    if (w && w.endsAt > t) return w.failures >= this.limit.max ? w.endsAt - t : 0;
    if (this.windows.size >= MAX_TRACKED) {
      this.sweep(t);
      if (this.windows.size >= MAX_TRACKED) return this.limit.windowMs;
    }
    return 0;
  }

  failed(address: string): void {
    const t = this.now();
    const key = keyOf(address);
    const w = this.windows.get(key);
    if (w && w.endsAt > t) {
      w.failures += 1;
      return;
    }
    if (this.windows.size >= MAX_TRACKED) this.sweep(t);
    this.windows.set(key, { failures: 1, endsAt: t + this.limit.windowMs });
  }

  private sweep(t: number): void {
    for (const [k, w] of this.windows) if (w.endsAt <= t) this.windows.delete(k);
  }
}

/** The address an attempt is counted under: IPv4 as is, IPv6 by its first four groups (/64). */
export function keyOf(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const front = head ? head.split(':') : [];
  const back = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back] : front;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
