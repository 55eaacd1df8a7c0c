import type { Ticket } from '../ticket.js';

export interface ServiceQueueStats {
  code: string;
  waiting: number;
  longestWaitSeconds: number;
}

/**
 * Waiting count and longest current wait per service, in the order of `serviceCodes` so every
 * configured service shows up, even with nobody waiting.
 */
export function queueStats(
  tickets: readonly Pick<Ticket, 'service' | 'status' | 'issuedAt'>[],
  serviceCodes: readonly string[],
  now: Date,
): ServiceQueueStats[] {
  return serviceCodes.map((code) => {
    const waiting = tickets.filter((t) => t.service === code && t.status === 'waiting');
    const longestMs = waiting.reduce((max, t) => Math.max(max, now.getTime() - Date.parse(t.issuedAt)), 0);
    // Clock skew between a kiosk and the hub can put issuedAt slightly in the future.
    return { code, waiting: waiting.length, longestWaitSeconds: Math.max(0, Math.floor(longestMs / 1000)) };
  });
}
