import { QueueError } from '../../shared/api/errors.js';
import { newId } from '../../shared/ids.js';
import { recordEvent } from '../device/db.js';
import type { CounterDb } from '../device/db.js';
import type { CommandResultPayload } from '../device/localEvents.js';

/** The window commands of the pause desk, as the teller's local log names them. */
export type WindowCommand = 'pause' | 'resume' | 'open' | 'close';

export type WindowOutcome<T> = { ok: true; value: T } | { ok: false; error: QueueError };

/**
 * One window command from the counter, local first like the queue commands (counter/actions.ts):
 * recorded on this device (event + outbox) before the hub is asked, the local event id being the
 * idempotency key, and the hub's answer recorded too. It needs the hub: a pause decided offline
 * could not hand the window's tickets on nor tell the hall, so the screen offers none offline.
 */
export async function runWindowCommand<T>(
  db: CounterDb | null,
  command: WindowCommand,
  body: Record<string, unknown>,
  send: (idempotencyKey: string) => Promise<T>,
): Promise<WindowOutcome<T>> {
  const event = db ? await recordEvent(db, 'teller.command', { command, body }) : null;
  try {
    const value = await send(event?.id ?? newId());
    if (db && event) await note(db, { eventId: event.id, ok: true });
    return { ok: true, value };
  } catch (err) {
    const error = err instanceof QueueError ? err : new QueueError('internal', String((err as Error)?.message ?? err));
    if (db && event) await note(db, { eventId: event.id, ok: false, code: error.code, ...(error.reason ? { reason: error.reason } : {}), message: error.message });
    return { ok: false, error };
  }
}

async function note(db: CounterDb, payload: CommandResultPayload): Promise<void> {
  try {
    await recordEvent(db, 'teller.command_result', payload);
  } catch {
    // The command itself is recorded; losing the note of its answer must not hide the answer.
  }
}
