export type TimerLevel = 'ok' | 'warn' | 'over';

/** Share of the target at which the handling timer turns amber; red from the target on. */
export const WARN_SHARE = 0.8;

/** Colour level of a handling time against the service's target in seconds (targetHandlingSecondsOf). */
export function timerLevel(elapsedSeconds: number, targetSeconds: number): TimerLevel {
  const target = targetSeconds;
  if (!(target > 0) || !Number.isFinite(target)) return 'ok';
  if (elapsedSeconds >= target) return 'over';
  if (elapsedSeconds >= target * WARN_SHARE) return 'warn';
  return 'ok';
}
