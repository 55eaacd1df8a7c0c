// What the phrase screens hear from the hub's live stream: the special prompts the lead switched
// on, the phrase each window's display shows, and the ticket each window finished last (the
// farewell moment lasts until that window calls again).
import { create } from 'zustand';
import type { PhraseShownMessage, PromptsState } from '../../shared/phrases/usage.js';
import { subscribeQueueEvents, subscribeStreamMessages } from '../queue/store.js';

export interface PhraseFeedState {
  /** Null until the stream has told. */
  prompts: PromptsState | null;
  /** The last phrase shown per window, with when this screen received it (ms). */
  shown: Record<number, { message: PhraseShownMessage; receivedAt: number }>;
  /** Per window: the ticket it finished last, while it has called nobody since. */
  lastFinished: Record<number, { ticketId: string; number: string; at: string }>;
}

export const usePhraseFeed = create<PhraseFeedState>(() => ({ prompts: null, shown: {}, lastFinished: {} }));

let unhook: (() => void) | null = null;
let users = 0;

/** Starts listening to the stream (reference counted, like the stream itself); returns the stop. */
export function retainPhraseFeed(): () => void {
  users++;
  if (!unhook) {
    const offMessages = subscribeStreamMessages((m) => {
      if (m.type === 'phrases.prompts') usePhraseFeed.setState({ prompts: { prompts: m.prompts, changedAt: m.changedAt } });
      if (m.type === 'phrases.shown') usePhraseFeed.setState((s) => ({ shown: { ...s.shown, [m.counter]: { message: m, receivedAt: Date.now() } } }));
    });
    const offEvents = subscribeQueueEvents((event) => {
      const n = event.counter;
      if (n === null) return;
      if (event.type === 'service.finished') {
        usePhraseFeed.setState((s) => ({ lastFinished: { ...s.lastFinished, [n]: { ticketId: event.ticket.id, number: event.ticket.number, at: event.at } } }));
      } else if (event.type === 'ticket.called') {
        usePhraseFeed.setState((s) => {
          const { [n]: _gone, ...rest } = s.lastFinished;
          return { lastFinished: rest };
        });
      }
    });
    unhook = () => {
      offMessages();
      offEvents();
    };
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    users--;
    if (users === 0 && unhook) {
      unhook();
      unhook = null;
    }
  };
}
