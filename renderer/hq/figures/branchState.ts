import type { HqSummary } from '../../../shared/hq/summary.js';

/*
 * One plain-language state per branch on head office's console, from what the summary already
 * says (last contact, records on the way, records refused). The worst thing wins: an operator
 * reads one line per branch, so it names what needs doing first.
 */

/** A hub pushes within seconds when online; two hours without a word is more than a closed night's quiet hour. */
export const SILENT_AFTER_MS = 2 * 3600_000;

export type BranchState =
  | { level: 'alert'; key: 'never' }
  | { level: 'alert'; key: 'deadLetters'; count: number }
  | { level: 'warn'; key: 'silent'; hours: number }
  | { level: 'warn'; key: 'backlog'; count: number }
  | { level: 'ok'; key: 'ok' };

export function branchState(b: HqSummary['branches'][number], now: Date): BranchState {
  if (b.lastSeenAt === null) return { level: 'alert', key: 'never' };
  if (b.deadLetters > 0) return { level: 'alert', key: 'deadLetters', count: b.deadLetters };
  const silentMs = now.getTime() - new Date(b.lastSeenAt).getTime();
  if (silentMs > SILENT_AFTER_MS) return { level: 'warn', key: 'silent', hours: Math.floor(silentMs / 3600_000) };
  if (b.pending > 0) return { level: 'warn', key: 'backlog', count: b.pending };
  return { level: 'ok', key: 'ok' };
}

const KNOWN_ROLES = ['hub', 'counter', 'counter-display', 'kiosk', 'hall', 'lead'] as const;

/** The key of a device's role; a device head office knows only from its records enrolled at its branch's hub. */
export function roleKey(role: string | null): (typeof KNOWN_ROLES)[number] | 'unknown' {
  return KNOWN_ROLES.find((r) => r === role) ?? 'unknown';
}
