import type { QueuePolicy } from '../../config/schema.js';
import type { Ticket } from '../ticket.js';

export type NoShowCheck =
  | { ok: true }
  | { ok: false; reason: 'not_called' | 'needs_recalls' | 'too_soon'; recallsNeeded?: number; secondsLeft?: number };

export type RecallCheck = { ok: true } | { ok: false; reason: 'not_called' };

/**
 * Whether the teller may mark the ticket as a no-show (过号). The customer must have been
 * called, recalled often enough, and given time to walk to the window since the last call,
 * so a ticket is never dropped while its holder is on the way.
 */
export function noShowCheck(
  t: Pick<Ticket, 'status' | 'recalls' | 'lastCalledAt'>,
  policy: Pick<QueuePolicy, 'recallsBeforeNoShow' | 'minSecondsBetweenCalls'>,
  now: Date,
): NoShowCheck {
  // A called ticket always has lastCalledAt; without it there is no call to measure from.
  if (t.status !== 'called' || t.lastCalledAt === null) return { ok: false, reason: 'not_called' };
  if (t.recalls < policy.recallsBeforeNoShow) {
    return { ok: false, reason: 'needs_recalls', recallsNeeded: policy.recallsBeforeNoShow - t.recalls };
  }
  const elapsedMs = now.getTime() - Date.parse(t.lastCalledAt);
  const leftMs = policy.minSecondsBetweenCalls * 1000 - elapsedMs;
  if (leftMs > 0) return { ok: false, reason: 'too_soon', secondsLeft: Math.ceil(leftMs / 1000) };
  return { ok: true };
}

/**
 * Whether the teller may recall (repeat the announcement). There is no minimum interval: the
 * teller may repeat at once, e.g. when the hall was noisy. Only a ticket that is currently
 * called can be recalled; a held ticket is brought back with a call, not a recall.
 */
export function recallCheck(t: Pick<Ticket, 'status'>): RecallCheck {
  return t.status === 'called' ? { ok: true } : { ok: false, reason: 'not_called' };
}
