// Which moment a counter is in, from what its screen already knows: the ticket at the window,
// the ticket it finished last, and the special prompts the lead switched on. Pure.
import type { Service } from '../config/schema.js';
import { targetWaitSecondsOf } from '../config/schema.js';
import type { Ticket } from '../queue/ticket.js';
import type { Moment } from './schema.js';
import type { MomentContext } from './select.js';

export interface CounterMomentInput {
  /** The ticket called to or served at this window, if any. */
  current: Pick<Ticket, 'id' | 'status' | 'service' | 'issuedAt' | 'calledAt'> | null;
  /** The ticket this window finished last, while no other has been called since. */
  lastFinished: { ticketId: string } | null;
  services: readonly Pick<Service, 'code' | 'targetWaitMinutes' | 'targetWaitSeconds'>[];
  /** Special prompts switched on (ids). */
  specialPrompts: readonly string[];
}

export interface CounterMoment {
  moment: Moment;
  /** The ticket the phrases are for (the one at the window, or the one just finished). */
  ticketId: string | null;
  /** How long the customer at the window waited between taking the ticket and its first call. */
  waitedSeconds?: number;
  targetWaitSeconds?: number;
  /** The customer waited longer than the service's target: the apology for the wait is offered. */
  overdue: boolean;
}

/**
 * - a ticket is called to the window: ticket_called (with the wait, so the apology is offered
 *   when it was over the service's target wait, targetWaitSecondsOf);
 * - the customer is being served: serving;
 * - the window finished a ticket and has called nobody since: service_finished;
 * - nobody at the window: special when the lead switched a prompt on, else holiday (the
 *   holiday greeting of the day, if any).
 */
export function counterMoment(input: CounterMomentInput): CounterMoment {
  const { current } = input;
  if (current && (current.status === 'called' || current.status === 'serving')) {
    if (current.status === 'serving') return { moment: 'serving', ticketId: current.id, overdue: false };
    const service = input.services.find((s) => s.code === current.service);
    const waitedSeconds = current.calledAt ? Math.max(0, Math.floor((Date.parse(current.calledAt) - Date.parse(current.issuedAt)) / 1000)) : undefined;
    const target = service ? targetWaitSecondsOf(service) : Number.POSITIVE_INFINITY;
    const targetWaitSeconds = Number.isFinite(target) ? target : undefined;
    const overdue = waitedSeconds !== undefined && targetWaitSeconds !== undefined && waitedSeconds > targetWaitSeconds;
    return {
      moment: 'ticket_called',
      ticketId: current.id,
      ...(waitedSeconds !== undefined ? { waitedSeconds } : {}),
      ...(targetWaitSeconds !== undefined ? { targetWaitSeconds } : {}),
      overdue,
    };
  }
  if (input.lastFinished) return { moment: 'service_finished', ticketId: input.lastFinished.ticketId, overdue: false };
  return { moment: input.specialPrompts.length > 0 ? 'special' : 'holiday', ticketId: null, overdue: false };
}

/** The selection context (select.ts) for a counter's moment. */
export function momentContext(moment: CounterMoment, at: { date: Date; timezone: string; specialPrompts: readonly string[] }): MomentContext {
  return {
    date: at.date,
    timezone: at.timezone,
    specialPrompts: at.specialPrompts,
    ...(moment.waitedSeconds !== undefined ? { waitedSeconds: moment.waitedSeconds } : {}),
    ...(moment.targetWaitSeconds !== undefined ? { targetWaitSeconds: moment.targetWaitSeconds } : {}),
  };
}
