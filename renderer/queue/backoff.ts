/** Reconnect delay: exponential from `baseMs`, capped, with full jitter in the upper half. */
export function backoffDelay(attempt: number, baseMs = 500, capMs = 10_000, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
