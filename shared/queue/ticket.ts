import { z } from 'zod';
import { CounterNumber, IsoDate, Priority, ServiceCode } from '../config/primitives.js';

export const TicketStatus = z.enum([
  'waiting', // in the queue
  'called', // called to a window, customer not yet at the counter
  'serving', // service started
  'held', // parked by a counter, to be called back by it
  'done', // service finished
  'no_show', // 过号: called, recalled, never came
  'expired', // still waiting when its business day ended
]);
export type TicketStatus = z.infer<typeof TicketStatus>;

export const Outcome = z.enum(['completed', 'referred', 'documents_missing', 'customer_left', 'other']);
export type Outcome = z.infer<typeof Outcome>;

export const Ticket = z.object({
  id: z.string().min(1),
  businessDay: IsoDate,
  service: ServiceCode,
  /** Display number: prefix + three digits, e.g. "A012". Numbers restart each business day. */
  number: z.string().regex(/^[A-Z]\d{3,4}$/),
  priority: Priority,
  /** When the customer took the ticket; transfers keep it, so the customer keeps their place. */
  issuedAt: z.iso.datetime(),
  status: TicketStatus,
  /** Window the ticket is called to or served at. */
  counter: CounterNumber.nullable(),
  /** Set by a transfer to a specific window: only that window may call it. */
  targetCounter: CounterNumber.nullable(),
  calledAt: z.iso.datetime().nullable(),
  lastCalledAt: z.iso.datetime().nullable(),
  recalls: z.number().int().min(0),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  outcome: Outcome.nullable(),
  /** Services handled in this visit, in order (several services in one visit). */
  items: z.array(ServiceCode),
  transfers: z.number().int().min(0),
});
export type Ticket = z.infer<typeof Ticket>;

/** A ticket as the queue-ordering rules need it. */
export type QueuedTicket = Pick<Ticket, 'id' | 'service' | 'priority' | 'issuedAt' | 'targetCounter' | 'status'>;

export function formatNumber(service: string, seq: number): string {
  return `${service}${String(seq).padStart(3, '0')}`;
}

/** A ticket as the kiosk hands it out: waiting, not yet called anywhere. */
export function newTicket(t: Pick<Ticket, 'id' | 'businessDay' | 'service' | 'number' | 'priority' | 'issuedAt'>): Ticket {
  return {
    ...t,
    status: 'waiting',
    counter: null,
    targetCounter: null,
    calledAt: null,
    lastCalledAt: null,
    recalls: 0,
    startedAt: null,
    finishedAt: null,
    outcome: null,
    items: [],
    transfers: 0,
  };
}
