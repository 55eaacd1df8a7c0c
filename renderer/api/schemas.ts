import { z } from 'zod';
import { Localized } from '../../shared/i18n/localized.js';
import { Ticket } from '../../shared/queue/ticket.js';

/** GET /api/v1/kiosk */
export const KioskStatus = z.discriminatedUnion('open', [
  z.object({ open: z.literal(true), closesAt: z.string().nullable().optional() }),
  z.object({ open: z.literal(false), opensAt: z.string().nullable() }),
]);
export type KioskStatus = z.infer<typeof KioskStatus>;

/** GET /api/v1/tickets/{id}: what the printable ticket needs. */
export const TicketView = z.object({
  ticket: Ticket,
  serviceName: Localized,
  waitingAhead: z.number().int().min(0),
});
export type TicketView = z.infer<typeof TicketView>;
