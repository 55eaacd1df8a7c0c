import { z } from 'zod';
import { CounterNumber, ServiceCode } from '../config/primitives.js';
import { Outcome, Ticket } from './ticket.js';
import { PhraseShownMessage, PromptsMessage } from '../phrases/usage.js';
import { WindowsMessage } from '../pause/wire.js';
import { WindowStaffMessage } from '../access/session.js';
import { ComplaintReminderMessage } from '../complaints/api.js';
import { RecordingWindowsMessage } from '../recording/windowStatus.js';
import { AlertsMessage } from '../alerts/schema.js';

export const QueueEventType = z.enum([
  'ticket.issued',
  'ticket.called',
  'ticket.recalled',
  'ticket.no_show',
  'ticket.held',
  'ticket.transferred',
  'service.started',
  'service.item_added',
  'service.finished',
  'ticket.expired',
]);
export type QueueEventType = z.infer<typeof QueueEventType>;

export const QueueEventDetail = z.object({
  /** Why a ticket was called out of order (recorded for the lead). */
  reason: z.string().max(200).optional(),
  outOfOrder: z.boolean().optional(),
  fromService: ServiceCode.optional(),
  toService: ServiceCode.optional(),
  fromCounter: CounterNumber.optional(),
  toCounter: CounterNumber.optional(),
  item: ServiceCode.optional(),
  outcome: Outcome.optional(),
  handlingSeconds: z.number().int().min(0).optional(),
  waitSeconds: z.number().int().min(0).optional(),
  /** The teller signed in at the window who gave the command (its session, never the configuration). */
  staffId: z.string().min(1).max(64).optional(),
});
export type QueueEventDetail = z.infer<typeof QueueEventDetail>;

/** An immutable fact recorded by the hub, in the order the hub committed it (`seq`). */
export const QueueEvent = z.object({
  id: z.string().min(1),
  seq: z.number().int().positive(),
  type: QueueEventType,
  at: z.iso.datetime(),
  branchId: z.string().min(1),
  counter: CounterNumber.nullable(),
  /** The ticket's state right after this event. */
  ticket: Ticket,
  detail: QueueEventDetail,
});
export type QueueEvent = z.infer<typeof QueueEvent>;

export const RecentCall = z.object({
  ticketId: z.string(),
  number: z.string(),
  service: ServiceCode,
  counter: CounterNumber,
  at: z.iso.datetime(),
  recall: z.boolean(),
});
export type RecentCall = z.infer<typeof RecentCall>;

/** What a display or counter needs to draw the queue; kept current by applying events. */
export const QueueSnapshot = z.object({
  branchId: z.string(),
  businessDay: z.string(),
  lastSeq: z.number().int().min(0),
  /** Tickets still in play today: waiting, called, serving or held. */
  tickets: z.array(Ticket),
  recentCalls: z.array(RecentCall),
});
export type QueueSnapshot = z.infer<typeof QueueSnapshot>;

export const StreamMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), snapshot: QueueSnapshot }),
  z.object({ type: z.literal('event'), event: QueueEvent }),
  // Standard phrases: the lead's special prompts, and a phrase shown on a window's display.
  PromptsMessage,
  PhraseShownMessage,
  // Every window's open/closed state and pause sign (shared/pause).
  WindowsMessage,
  // Who is signed in at each window (shared/access/session.ts).
  WindowStaffMessage,
  // Which windows record right now, as their recorders say (shared/recording/windowStatus.ts).
  RecordingWindowsMessage,
  // A complaint's supervision reminder (督办), to lead stations and the owner's counter only (shared/complaints/api.ts).
  ComplaintReminderMessage,
  // The lead's alert records as they change (shared/alerts/schema.ts), to lead stations only.
  AlertsMessage,
]);
export type StreamMessage = z.infer<typeof StreamMessage>;
