import { z } from 'zod';
import { CounterNumber, Priority, ServiceCode } from '../config/primitives.js';
import { Localized } from '../i18n/localized.js';
import { Ticket } from '../queue/ticket.js';

export const IssueTicketRequest = z
  .object({
    service: ServiceCode.optional(),
    priority: Priority.optional(),
    /** Appointment check-in: the service and priority come from the booking. */
    appointmentCode: z.string().regex(/^\d{6}$/).optional(),
  })
  .strict()
  .refine((b) => b.service !== undefined || b.appointmentCode !== undefined, 'give a service or an appointment code');
export type IssueTicketRequest = z.infer<typeof IssueTicketRequest>;

export const IssuedTicket = z.object({
  id: z.string(),
  number: z.string(),
  service: ServiceCode,
  serviceName: Localized,
  priority: Priority,
  waitingAhead: z.number().int().min(0),
  issuedAt: z.iso.datetime(),
  businessDay: z.string(),
});
export type IssuedTicket = z.infer<typeof IssuedTicket>;

export const CounterStatus = z.enum(['idle', 'calling', 'serving']);
export type CounterStatus = z.infer<typeof CounterStatus>;

/**
 * What a window is doing for the hall: its queue status, or 'paused' while its pause sign is up
 * (shared/pause), or 'closed' until its teller opens it for the business day.
 */
export const WindowStatus = z.enum([...CounterStatus.options, 'paused', 'closed']);
export type WindowStatus = z.infer<typeof WindowStatus>;

export const QueueSummary = z.object({
  businessDay: z.string(),
  services: z.array(z.object({ code: ServiceCode, waiting: z.number().int(), longestWaitSeconds: z.number().int() })),
  counters: z.array(
    z.object({
      number: CounterNumber,
      status: WindowStatus,
      serving: z.string().nullable(),
      /** While paused or closed: the window its sign sends customers to, or null when none serves them all (absent from older hubs). */
      redirectTo: CounterNumber.nullable().default(null),
    }),
  ),
});
export type QueueSummary = z.infer<typeof QueueSummary>;

export const TicketResult = z.object({ ticket: Ticket });
export type TicketResult = z.infer<typeof TicketResult>;

/** The body of a command that takes none: strict, so a stray field is refused rather than ignored. */
export const EmptyRequest = z.object({}).strict();
