/**
 * The one retry delay of the project (sync loops, uploads, the pages' hub streams, live links,
 * capture restarts): exponential backoff with "full jitter" (AWS architecture blog,
 * "Exponential Backoff And Jitter"): the delay is drawn uniformly from
 * [0, min(maxMs, baseMs * 2^attempt)), so many counters that lost the hub at the same moment do
 * not all come back at the same moment. Callers differ only in base and cap, never in jitter
 * style, so that one tested function decides how the branch behaves when the hub comes back.
 * Pure: the random source is injected.
 */
export interface BackoffOptions {
  /** Ceiling of the first retry (attempt 0). */
  baseMs: number;
  /** No delay is ever longer than this. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, maxMs: 60_000 };

/** The ceiling of the delay for this attempt (0-based): baseMs * 2^attempt, capped at maxMs. */
export function backoffCeiling(attempt: number, { baseMs, maxMs }: BackoffOptions): number {
  const n = Number.isFinite(attempt) ? Math.max(0, Math.floor(attempt)) : 0;
  const base = Math.max(0, baseMs);
  const max = Math.max(0, maxMs);
  // 2^n overflows to Infinity for large n; Math.min keeps the cap.
  return Math.min(max, base * 2 ** Math.min(n, 1024));
}

/**
 * The delay before retry number `attempt` (0 = the first retry): a whole number of
 * milliseconds in [0, ceiling), or 0 when the ceiling is 0.
 */
export function nextDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = backoffCeiling(attempt, options);
  const r = random();
  // A random source outside [0, 1) (a bad stub) must not break the bounds.
  const u = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1 - Number.EPSILON) : 0;
  return Math.floor(u * ceiling);
}
