import type { CounterNumber, ServiceCode } from '../../config/schema.js';
import { QueueError } from '../../api/errors.js';
import type { Ticket, TicketStatus } from '../ticket.js';

export interface TransferTarget {
  toService?: ServiceCode;
  /** Pins the ticket to this window; only it may call the ticket. */
  toCounter?: CounterNumber;
}

// Only a ticket some window has taken can be handed on; a waiting ticket is still anyone's.
const TRANSFERABLE: ReadonlySet<TicketStatus> = new Set(['called', 'serving', 'held']);

/**
 * The ticket back in the queue of another service or window. issuedAt and the number are kept
 * so the customer keeps their place and their paper ticket stays valid; the call history is
 * reset because the next window calls the customer afresh.
 */
export function transferTicket(t: Ticket, to: TransferTarget, services: readonly ServiceCode[]): Ticket {
  if (!TRANSFERABLE.has(t.status)) {
    throw new QueueError('conflict', `ticket ${t.number} is ${t.status}; only a called, serving or held ticket can be transferred`);
  }
  const service = to.toService ?? t.service;
  if (!services.includes(service)) {
    throw new QueueError('unknown_service', `service ${service} does not exist at this branch`);
  }
  return {
    ...t,
    status: 'waiting',
    service,
    counter: null,
    targetCounter: to.toCounter ?? null,
    recalls: 0,
    calledAt: null,
    lastCalledAt: null,
    startedAt: null,
    transfers: t.transfers + 1,
  };
}
