import type { QueuePolicy } from '../../config/schema.js';
import type { QueuedTicket } from '../ticket.js';
import { nextConsecutivePriority, selectNext } from './selectNext.js';

export interface AheadContext {
  policy: QueuePolicy;
  now: Date;
  /**
   * Priority calls in a row so far at the best-placed window for the ticket (the lowest streak
   * among the windows that serve its service): the window most likely to call a priority ticket next.
   */
  consecutivePriority: number;
}

/**
 * How many waiting tickets will be called before `t`, in the order selectNext calls them: a
 * window serving the ticket's service (or the window it was transferred to) calls again and again
 * until `t` comes up. So an elderly ticket behind normal ones has nobody ahead while the priority
 * cap allows, an overdue ticket goes before it, and a normal ticket counts the priority tickets
 * that will pass it. Tickets of other services are not counted, nor tickets pinned to other windows.
 */
export function waitingAhead(t: QueuedTicket, tickets: readonly QueuedTicket[], ctx: AheadContext): number {
  if (t.status !== 'waiting') return 0;
  const counter = { number: t.targetCounter ?? 0, services: [t.service], staffId: '-' };
  let rest = [t, ...tickets.filter((o) => o.id !== t.id && o.status === 'waiting')];
  let streak = ctx.consecutivePriority;
  let ahead = 0;
  for (;;) {
    const next = selectNext(rest, { counter, policy: ctx.policy, now: ctx.now, consecutivePriority: streak });
    if (!next || next.ticket.id === t.id) return ahead;
    ahead++;
    streak = nextConsecutivePriority(streak, next.ticket);
    rest = rest.filter((o) => o.id !== next.ticket.id);
  }
}
