import { z } from 'zod';
import { ApiErrorCode } from '../../shared/api/errors.js';
import { CounterNumber, ServiceCode, StaffRole } from '../../shared/config/primitives.js';
import { PHRASE_USED, PhraseUsedPayload } from '../../shared/phrases/usage.js';
import { TicketStatus } from '../../shared/queue/ticket.js';
import { RatingSource } from '../../shared/ratings/schema.js';
import { RECORDING_EVENT, RecordingDeletedPayload, RecordingFinishedPayload, RecordingHoldPayload } from '../../shared/recording/indexRecord.js';

/**
 * What a counter records on its own device: the one list of its local event kinds and their
 * payloads. Every teller action is a fact here first, before the hub hears of it, so nothing the
 * teller did is lost when the hub or the network is down; each event travels as the body of a
 * counter.event sync record (shared/sync/kinds.ts CounterEventBody), so this list is also what
 * head office receives from counters. Payloads the hub or head office read themselves
 * (phrase.used, recording.*) are the shared schemas those readers parse with, never a copy.
 *
 * Only writes are checked: rows written by older versions are read as they are.
 */

const Iso = z.iso.datetime();

/** A queue or window command sent (or tried) to the hub; its event id is the idempotency key. */
export const TellerCommandPayload = z.object({
  /** The command's route (renderer/counter/actions.ts) or window command (renderer/pause/actions.ts). */
  command: z.string().min(1).max(32),
  body: z.record(z.string(), z.unknown()),
  /** The ticket the command is about, for the teller's own log. */
  ticketId: z.string().min(1).optional(),
  number: z.string().min(1).optional(),
});
export type TellerCommandPayload = z.infer<typeof TellerCommandPayload>;

/** The hub's answer to a teller.command (`eventId`), or why there was none. */
export const CommandResultPayload = z.discriminatedUnion('ok', [
  z.object({
    eventId: z.string().min(1),
    ok: z.literal(true),
    ticketId: z.string().min(1).optional(),
    number: z.string().min(1).optional(),
    status: TicketStatus.optional(),
    /** call-next with nobody waiting. */
    nothingWaiting: z.literal(true).optional(),
  }),
  z.object({
    eventId: z.string().min(1),
    ok: z.literal(false),
    code: ApiErrorCode,
    message: z.string(),
    reason: z.string().optional(),
  }),
]);
export type CommandResultPayload = z.infer<typeof CommandResultPayload>;

/** Service to a customer without a ticket: recorded only here. */
export const WalkInStartedPayload = z.object({
  walkInId: z.string().min(1),
  service: ServiceCode.nullable(),
});
export type WalkInStartedPayload = z.infer<typeof WalkInStartedPayload>;

export const WalkInFinishedPayload = WalkInStartedPayload.extend({
  startedAt: Iso,
  outcome: z.string().min(1).max(64),
  handlingSeconds: z.number().int().min(0),
});
export type WalkInFinishedPayload = z.infer<typeof WalkInFinishedPayload>;

/** The customer's answer to a service of this window, as the hub's ratings stream told it. */
export const RatingReceivedPayload = z.object({
  ticketId: z.string().min(1),
  value: z.number().int(),
  source: RatingSource.exclude(['teller_keyboard']),
  followUpId: z.string().nullable(),
});
export type RatingReceivedPayload = z.infer<typeof RatingReceivedPayload>;

/**
 * A teller signed in on this counter while the hub was unreachable, checked against the PIN
 * verifiers the counter keeps (renderer/device/offlineSignIn.ts). Head office receives it as
 * the audit's `sign_in_offline`; the hub never saw that sign-in.
 */
export const StaffSignedInOfflinePayload = z.object({
  staffId: z.string().min(1).max(64),
  role: StaffRole,
  /** How they named themselves: staff id typed, or badge (a card reader types it). */
  method: z.enum(['id', 'badge']),
});
export type StaffSignedInOfflinePayload = z.infer<typeof StaffSignedInOfflinePayload>;

/** The hub, reachable again, accepted or refused that offline sign-in's PIN (a real sign-in). */
export const StaffOfflineCheckedPayload = z.object({
  staffId: z.string().min(1).max(64),
  accepted: z.boolean(),
  /** The hub's refusal (`reason`, else `code`) when not accepted, e.g. bad_credentials, locked_out. */
  refusal: z.string().max(64).optional(),
});
export type StaffOfflineCheckedPayload = z.infer<typeof StaffOfflineCheckedPayload>;

/** One member of the union: the stored row of one kind, its payload that kind's schema. */
function kind<T extends string, P extends z.ZodType<Record<string, unknown>>>(type: T, payload: P) {
  return z.object({
    /** ULID made on this device (shared/ids.ts); also the sync record's id. */
    id: z.string().min(1),
    type: z.literal(type),
    /** ISO time on this device's clock. */
    at: Iso,
    counter: CounterNumber,
    /** The teller signed in at this counter when it happened (online or offline); absent when nobody was. */
    staffId: z.string().min(1).max(64).optional(),
    payload,
  });
}

export const LocalEvent = z.discriminatedUnion('type', [
  kind('teller.command', TellerCommandPayload),
  kind('teller.command_result', CommandResultPayload),
  kind('walkin.started', WalkInStartedPayload),
  kind('walkin.finished', WalkInFinishedPayload),
  kind(PHRASE_USED, PhraseUsedPayload),
  kind('rating.received', RatingReceivedPayload),
  kind(RECORDING_EVENT.finished, RecordingFinishedPayload),
  kind(RECORDING_EVENT.held, RecordingHoldPayload),
  kind(RECORDING_EVENT.released, RecordingHoldPayload),
  kind(RECORDING_EVENT.deleted, RecordingDeletedPayload),
  kind('staff.signed_in_offline', StaffSignedInOfflinePayload),
  kind('staff.offline_checked', StaffOfflineCheckedPayload),
]);
export type LocalEvent = z.infer<typeof LocalEvent>;
export type LocalEventType = LocalEvent['type'];

/** The stored event of one kind. */
export type LocalEventOf<T extends LocalEventType> = Extract<LocalEvent, { type: T }>;
/** What a writer hands over for one kind (before defaults are filled). */
export type LocalEventPayloadInput<T extends LocalEventType> = Extract<z.input<typeof LocalEvent>, { type: T }>['payload'];

/** A write refused because the event does not fit its kind's schema; nothing was stored. */
export class MalformedLocalEventError extends Error {
  override readonly name = 'MalformedLocalEventError';
  constructor(
    readonly type: string,
    readonly issues: readonly z.core.$ZodIssue[],
  ) {
    super(`malformed ${type} event: ${z.prettifyError(new z.ZodError([...issues]))}`);
  }
}

/** The event as it will be stored, or MalformedLocalEventError. */
export function parseLocalEvent(candidate: { type: string } & Record<string, unknown>): LocalEvent {
  const parsed = LocalEvent.safeParse(candidate);
  if (!parsed.success) throw new MalformedLocalEventError(candidate.type, parsed.error.issues);
  return parsed.data;
}
