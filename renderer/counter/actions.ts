import { QueueError } from '../../shared/api/errors.js';
import type { CounterCommandBody, CounterRoute } from '../../shared/queue/counterCommands.js';
import type { Ticket } from '../../shared/queue/ticket.js';
import { counterCommand } from '../api/hub.js';
import { notifyRecording } from '../recording/serviceHooks.js';
import { recordEvent } from '../device/db.js';
import type { CounterDb, LocalEvent } from '../device/db.js';
import type { CommandResultPayload } from '../device/localEvents.js';

export type SendCommand = <R extends CounterRoute>(
  counter: number,
  command: R,
  body: CounterCommandBody<R>,
  idempotencyKey: string,
) => Promise<Ticket | null>;

export type CommandOutcome =
  | { ok: true; event: LocalEvent; ticket: Ticket | null }
  | { ok: false; event: LocalEvent; error: QueueError };

/** What the command is about, kept with the local record for the teller's own log. */
export interface CommandContext {
  ticketId?: string;
  number?: string;
}

/**
 * One teller action, local first: the command is recorded (event + outbox row, one
 * transaction) before the hub is asked; the local event id is the idempotency key, so a
 * retried request never acts twice. The hub's answer, or its failure, is recorded as well.
 * A failure to reach the hub never removes the local record.
 */
export async function runTellerCommand<R extends CounterRoute>(
  db: CounterDb,
  command: R,
  body: CounterCommandBody<R>,
  context: CommandContext = {},
  send: SendCommand = counterCommand,
): Promise<CommandOutcome> {
  const event = await recordEvent(db, 'teller.command', { command, body, ...context });
  try {
    const ticket = await send(db.counter, command, body, event.id);
    await recordResult(db, {
      eventId: event.id,
      ok: true,
      ...(ticket ? { ticketId: ticket.id, number: ticket.number, status: ticket.status } : { nothingWaiting: true }),
    });
    // A call begins the service's recording, the end of service ends it (renderer/recording/).
    notifyRecording(db.counter, command, ticket);
    return { ok: true, event, ticket };
  } catch (err) {
    const error = err instanceof QueueError ? err : new QueueError('internal', String((err as Error)?.message ?? err));
    await recordResult(db, { eventId: event.id, ok: false, code: error.code, message: error.message });
    return { ok: false, event, error };
  }
}

async function recordResult(db: CounterDb, payload: CommandResultPayload): Promise<void> {
  try {
    await recordEvent(db, 'teller.command_result', payload);
  } catch {
    // The command itself is recorded; losing the note of its answer must not hide the answer.
  }
}
