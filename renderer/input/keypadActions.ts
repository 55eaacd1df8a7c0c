import type { KeypadAction, KeypadDevice } from '../../shared/keypad/schema.js';

export type { KeypadAction } from '../../shared/keypad/schema.js';
export { phraseNumber, ratePosition } from '../../shared/keypad/mapping.js';

/** One learned key pressed on a USB keypad, in the window that listens to that keypad. */
export interface KeypadEvent {
  action: KeypadAction;
  device: KeypadDevice;
  /** The window (counter number) whose screen heard the key. */
  counter: number;
}

type Listener = (event: KeypadEvent) => void;
const listeners = new Set<Listener>();

/**
 * Listens to keypad actions of this window. The counter screen emits the caller keypad's
 * actions ('callNext', 'recall', 'noShow', 'finish', 'pause', 'phrase:1'...'phrase:9'); the
 * customer display emits the rating keypad's ('rate:1' = best answer...). Returns the unsubscribe.
 *
 *   useEffect(() => subscribeKeypad((e) => { const n = phraseNumber(e.action); if (n) speak(n); }), []);
 */
export function subscribeKeypad(listener: Listener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Tells every listener; one that throws does not stop the others. */
export function emitKeypad(event: KeypadEvent): void {
  for (const l of [...listeners]) {
    try {
      l(event);
    } catch (err) {
      console.error('keypad listener failed', err);
    }
  }
}
