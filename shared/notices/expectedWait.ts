/**
 * The minutes a customer reads for the forecast (kiosk ticket, printed ticket, hall): whole
 * minutes, at least 1 ("about 0 min" reads as a mistake). null stays null: no number is shown
 * when the forecast has none, never a made-up one.
 */
export function expectedWaitMinutes(seconds: number | null | undefined): number | null {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return null;
  return Math.max(1, Math.round(seconds / 60));
}
