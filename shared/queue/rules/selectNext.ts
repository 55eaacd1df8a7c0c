import type { Counter, Priority, QueuePolicy } from '../../config/schema.js';
import type { QueuedTicket } from '../ticket.js';
import { byIssueOrder, mayCall } from './eligibility.js';

export type SelectReason = 'overdue' | 'priority' | 'order';

export interface SelectContext {
  counter: Counter;
  policy: QueuePolicy;
  now: Date;
  /** Priority tickets this window called in a row just before; see nextConsecutivePriority. */
  consecutivePriority: number;
}

export interface Selection {
  ticket: QueuedTicket;
  why: SelectReason;
}

// Appointment holders booked a time, so they come first; elderly before VIP because VIP
// customers also have a dedicated service (V) and can wait a little.
const PRIORITY_RANK: Record<Exclude<Priority, 'none'>, number> = { appointment: 0, elderly: 1, vip: 2 };

function rank(p: Priority): number {
  return p === 'none' ? Number.POSITIVE_INFINITY : PRIORITY_RANK[p];
}

/**
 * The ticket this window should call next, or null when nobody it may serve is waiting.
 *
 * Opening hours are deliberately not consulted: the kiosk stops issuing at closing time, but
 * everyone already holding a ticket is still served, so the hub keeps calling after closing.
 */
export function selectNext(tickets: readonly QueuedTicket[], ctx: SelectContext): Selection | null {
  const candidates = tickets.filter((t) => mayCall(ctx.counter, t));
  if (candidates.length === 0) return null;

  // Anyone past the maximum wait goes first, whatever their class, so no one starves behind
  // a steady stream of priority customers or a busy service.
  const overdueBefore = ctx.now.getTime() - ctx.policy.maxWaitMinutes * 60_000;
  const overdue = candidates.filter((t) => Date.parse(t.issuedAt) < overdueBefore);
  if (overdue.length > 0) return { ticket: overdue.sort(byIssueOrder)[0]!, why: 'overdue' };

  const priority = candidates.filter((t) => t.priority !== 'none');
  const normal = candidates.filter((t) => t.priority === 'none');
  // The cap exists to let normal customers through; with none of them waiting it would only
  // leave the window idle, so priority tickets are then called past it.
  const capReached = ctx.consecutivePriority >= ctx.policy.maxConsecutivePriority;
  if (priority.length > 0 && (!capReached || normal.length === 0)) {
    const first = priority.sort((a, b) => rank(a.priority) - rank(b.priority) || byIssueOrder(a, b))[0]!;
    return { ticket: first, why: 'priority' };
  }

  // Only normal tickets here: after the cap, an older priority ticket must not take the turn
  // the cap reserved for a normal customer.
  return { ticket: normal.sort(byIssueOrder)[0]!, why: 'order' };
}

/** The counter to pass as `consecutivePriority` on the window's next call. */
export function nextConsecutivePriority(prev: number, called: Pick<QueuedTicket, 'priority'>): number {
  return called.priority === 'none' ? 0 : prev + 1;
}
