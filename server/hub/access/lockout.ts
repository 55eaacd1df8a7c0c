import { keyOf } from '../../sync/attemptLimiter.js';

export interface LockoutPolicy {
  /** Wrong PINs per key within `windowMs` that lock the key. */
  maxFailures: number;
  windowMs: number;
}

/** A PIN check in flight: settle it exactly once, as a failure or a success. */
export interface Reservation {
  /** A wrong PIN (or unknown person): counted on every key. Returns the keys this failure locked. */
  failed(): string[];
  /** The right PIN: the in-flight count drops; the keys in `reset` forget their failures. */
  succeeded(reset?: readonly string[]): void;
}

export type Reserve = { ok: true; reservation: Reservation } | { ok: false; retryAfterMs: number; key: string };

interface Entry {
  /** Times of wrong PINs, oldest first, within the window. */
  failures: number[];
  /** Checks reserved and not settled yet. */
  inFlight: number;
}

/** Keys tracked at once; beyond it (an attack from very many addresses or logins) new ones wait. */
const MAX_TRACKED = 20_000;
/** A key at its limit only because of checks in flight is free again in about a PIN check's time. */
const IN_FLIGHT_RETRY_MS = 1_000;

export const staffKey = (staffId: string): string => `staff:${staffId}`;
export const loginKey = (login: string): string => `login:${login.toLowerCase()}`;
export const addressKey = (ip: string): string => `addr:${keyOf(ip)}`;

/**
 * Counts wrong PINs per key (a staff member, a client address) and locks a key that reaches
 * `maxFailures` within the window. A check RESERVES its place synchronously, before the async
 * scrypt, and the reservation counts like a failure until it settles: with 5 allowed, 200 wrong
 * PINs and the right one sent at once get at most 5 checks, and once 5 are wrong the right PIN
 * is refused too, until the window has passed. The counts live in memory for the synchronous
 * reservation; the hub also writes each failure to its database and restores them at start
 * (restore()), so a restart keeps every lockout.
 */
export class Lockout {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly policy: () => LockoutPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reserves a check on every key, or none when one of them is locked or full of checks in flight. */
  reserve(keys: readonly string[]): Reserve {
    const t = this.now();
    const { maxFailures, windowMs } = this.policy();
    let refused: { retryAfterMs: number; key: string } | null = null;
    for (const key of keys) {
      const e = this.entry(key, t, windowMs);
      if (e === null) {
        refused = worse(refused, { retryAfterMs: windowMs, key });
        continue;
      }
      if (e.failures.length + e.inFlight < maxFailures) continue;
      const retryAfterMs = e.failures.length >= maxFailures ? e.failures[e.failures.length - maxFailures]! + windowMs - t : IN_FLIGHT_RETRY_MS;
      refused = worse(refused, { retryAfterMs: Math.max(1, retryAfterMs), key });
    }
    if (refused) return { ok: false, ...refused };
    const held = keys.map((k) => this.entries.get(k)!);
    for (const e of held) e.inFlight += 1;
    let settled = false;
    const settle = (): void => {
      if (settled) throw new Error('a PIN check is settled once');
      settled = true;
      for (const e of held) e.inFlight -= 1;
    };
    return {
      ok: true,
      reservation: {
        failed: () => {
          settle();
          const at = this.now();
          const locked: string[] = [];
          keys.forEach((key, i) => {
            const e = held[i]!;
            e.failures.push(at);
            if (e.failures.length === this.policy().maxFailures) locked.push(key);
            // A swept entry is put back: its failure must count.
            if (!this.entries.has(key)) this.entries.set(key, e);
          });
          return locked;
        },
        succeeded: (reset = []) => {
          settle();
          for (const key of reset) {
            const e = this.entries.get(key);
            if (e) e.failures = [];
          }
        },
      },
    };
  }

  /**
   * Puts back the wrong PINs of a key kept from before (the hub's database at start,
   * staffSessions.ts): they count and lock exactly like new ones, so a restart does not hand an
   * attacker a fresh allowance. Failures older than the window are dropped on the next check.
   */
  restore(key: string, failures: readonly number[]): void {
    if (failures.length === 0) return;
    const e = this.entries.get(key) ?? { failures: [], inFlight: 0 };
    e.failures = [...e.failures, ...failures].sort((a, b) => a - b);
    this.entries.set(key, e);
  }

  /** Wrong PINs counted and checks in flight for a key (diagnostics and tests). */
  state(key: string): { failures: number; inFlight: number } {
    const e = this.entries.get(key);
    const t = this.now();
    const { windowMs } = this.policy();
    return { failures: e ? e.failures.filter((f) => f > t - windowMs).length : 0, inFlight: e?.inFlight ?? 0 };
  }

  /** Milliseconds until `key` may try again (0: now), ignoring checks in flight. */
  lockedFor(key: string): number {
    const t = this.now();
    const { maxFailures, windowMs } = this.policy();
    const e = this.entries.get(key);
    if (!e) return 0;
    const recent = e.failures.filter((f) => f > t - windowMs);
    return recent.length >= maxFailures ? recent[recent.length - maxFailures]! + windowMs - t : 0;
  }

  /** The key's entry with failures older than the window dropped; null when no more keys fit. */
  private entry(key: string, t: number, windowMs: number): Entry | null {
    let e = this.entries.get(key);
    if (e) {
      const from = e.failures.findIndex((f) => f > t - windowMs);
      if (from !== 0) e.failures = from < 0 ? [] : e.failures.slice(from);
      return e;
    }
    if (this.entries.size >= MAX_TRACKED) {
      this.sweep(t, windowMs);
      if (this.entries.size >= MAX_TRACKED) return null;
    }
    e = { failures: [], inFlight: 0 };
    this.entries.set(key, e);
    return e;
  }

  private sweep(t: number, windowMs: number): void {
    for (const [k, e] of this.entries) {
      if (e.inFlight === 0 && (e.failures.length === 0 || e.failures[e.failures.length - 1]! <= t - windowMs)) this.entries.delete(k);
    }
  }
}

function worse<T extends { retryAfterMs: number }>(a: T | null, b: T): T {
  return a === null || b.retryAfterMs > a.retryAfterMs ? b : a;
}
