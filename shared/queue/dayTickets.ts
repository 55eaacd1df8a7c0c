import { z } from 'zod';
import { wholeNumberText } from '../api/params.js';
import { IsoDate } from '../config/primitives.js';
import { Ticket } from './ticket.js';

/**
 * GET /api/v1/tickets?day=: the tickets of one business day as the hub stored them, for the
 * lead's ticket list (issue 14): the live snapshot holds only tickets still in play, and a
 * served ticket must still be found, on any day, to open its service record.
 */
export const DAY_TICKETS_PATH = '/api/v1/tickets';

/** How far a ticket got: still in play, or ended (served, no-show, expired). */
export const DayTicketsState = z.enum(['all', 'in_play', 'ended']);

export const DayTicketsQuery = z
  .object({
    day: IsoDate,
    /** The number, or its start, as typed ("a01", " A012 "): matched on the printed number. */
    number: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]\d{0,4}$/, 'a ticket number is a letter and up to four digits, e.g. A012')
      .optional(),
    state: DayTicketsState.default('all'),
    limit: wholeNumberText(1, 500).default(200),
    offset: wholeNumberText(0, 100_000).default(0),
  })
  .strict();
export type DayTicketsQuery = z.output<typeof DayTicketsQuery>;

export const DayTicketsResponse = z.object({
  day: IsoDate,
  /** Latest activity first: the ticket the lead is most likely asking about. */
  tickets: z.array(Ticket),
  total: z.number().int().min(0),
});
export type DayTicketsResponse = z.infer<typeof DayTicketsResponse>;

export const ENDED_STATUSES = ['done', 'no_show', 'expired'] as const;
