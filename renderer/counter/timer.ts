export type TimerLevel = 'ok' | 'warn' | 'over';

/** Share of the target at which the handling timer turns amber; red from the target on. */
export const WARN_SHARE = 0.8;

/** Colour level of a handling time against the service's target (targetHandlingMinutes). */
export function timerLevel(elapsedSeconds: number, targetMinutes: number): TimerLevel {
  const target = targetMinutes * 60;
  if (target <= 0) return 'ok';
  if (elapsedSeconds >= target) return 'over';
  if (elapsedSeconds >= target * WARN_SHARE) return 'warn';
  return 'ok';
}
