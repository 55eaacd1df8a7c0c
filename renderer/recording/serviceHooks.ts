import type { Ticket } from '../../shared/queue/ticket.js';

/**
 * The counter's teller actions tell the recording when a service begins and ends
 * (renderer/counter/actions.ts calls `notifyRecording` after the hub accepted a command). The
 * counter's recording controller listens; with none running, nothing happens.
 */
export type RecordedCommand = string;
/** A walk-in service (no ticket): its service code, if the teller chose one. */
export interface WalkInService {
  service: string | null;
}
type Listener = (command: RecordedCommand, ticket: Ticket | null, walkIn?: WalkInService) => void;

const listeners = new Map<number, Listener>();

export function onTellerCommand(counter: number, listener: Listener): () => void {
  listeners.set(counter, listener);
  return () => {
    if (listeners.get(counter) === listener) listeners.delete(counter);
  };
}

/** Never throws and never waits: recording must not slow down or break a teller's action. */
export function notifyRecording(counter: number, command: RecordedCommand, ticket: Ticket | null, walkIn?: WalkInService): void {
  try {
    listeners.get(counter)?.(command, ticket, walkIn);
  } catch {
    // the controller reports its own failures on the counter's recording status
  }
}

/** The walk-in service's own steps (renderer/counter/store.ts), told like the teller commands. */
export const WALK_IN_STARTED = 'walkin.started';
export const WALK_IN_FINISHED = 'walkin.finished';

/** Which teller commands begin and end a service's recording. */
export function serviceStep(command: RecordedCommand, ticket: Ticket | null): 'begin' | 'end' | null {
  if ((command === 'call-next' || command === 'call' || command === 'call-held') && ticket) return 'begin';
  if (command === WALK_IN_STARTED) return 'begin';
  if (command === 'finish' || command === 'no-show' || command === 'transfer' || command === 'hold' || command === WALK_IN_FINISHED) return 'end';
  return null;
}
