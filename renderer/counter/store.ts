import { liveQuery } from 'dexie';
import { create } from 'zustand';
import type { ApiErrorCode } from '../../shared/api/errors.js';
import type { CounterCommandBody, CounterRoute } from '../../shared/queue/counterCommands.js';
import type { Ticket } from '../../shared/queue/ticket.js';
import { notifyRecording, WALK_IN_FINISHED, WALK_IN_STARTED } from '../recording/serviceHooks.js';
import { runTellerCommand } from './actions.js';
import type { CommandContext } from './actions.js';
import { activeWalkIn, counterDb, finishWalkIn, localCounts, startWalkIn } from '../device/db.js';
import type { ActiveWalkIn, CounterDb } from '../device/db.js';

/** What the teller is told after an action; rendered through i18n. */
export type Notice =
  | { kind: 'ok'; what: SuccessKind; number?: string }
  | { kind: 'error'; code: ApiErrorCode | 'local_store'; message: string; reason?: string }
  | { kind: 'info'; what: 'nothingWaiting' | 'walkInStarted' | 'walkInFinished' };

export type SuccessKind = 'called' | 'recalled' | 'noShow' | 'started' | 'finished' | 'held' | 'transferred' | 'itemAdded';

const SUCCESS: Record<CounterRoute, SuccessKind> = {
  'call-next': 'called',
  call: 'called',
  'call-held': 'called',
  recall: 'recalled',
  'no-show': 'noShow',
  start: 'started',
  finish: 'finished',
  hold: 'held',
  transfer: 'transferred',
  items: 'itemAdded',
};

export interface CounterState {
  counter: number | null;
  db: CounterDb | null;
  /** The command in flight (buttons are disabled meanwhile), or null. */
  busy: CounterRoute | 'walk-in' | null;
  notice: (Notice & { id: number }) | null;
  /** Local records on this device, and those not yet synced. */
  counts: { events: number; outbox: number };
  walkIn: ActiveWalkIn | null;
  open(counter: number): () => void;
  run<R extends CounterRoute>(command: R, body: CounterCommandBody<R>, context?: CommandContext): Promise<Ticket | null | undefined>;
  startWalkIn(service: string | null): Promise<void>;
  finishWalkIn(outcome: string): Promise<void>;
  dismiss(): void;
}

let noticeId = 0;

export const useCounterStore = create<CounterState>((set, get) => {
  const tell = (notice: Notice) => set({ notice: { ...notice, id: ++noticeId } });
  const localFailure = (err: unknown) =>
    tell({ kind: 'error', code: 'local_store', message: String((err as Error)?.message ?? err) });

  return {
    counter: null,
    db: null,
    busy: null,
    notice: null,
    counts: { events: 0, outbox: 0 },
    walkIn: null,

    open(counter) {
      const db = counterDb(counter);
      set({ counter, db, busy: null, notice: null, walkIn: null });
      const sub = liveQuery(() => localCounts(db)).subscribe({
        next: (counts) => set({ counts }),
        error: () => undefined,
      });
      const walk = liveQuery(() => activeWalkIn(db)).subscribe({
        next: (walkIn) => set({ walkIn }),
        error: () => undefined,
      });
      return () => {
        sub.unsubscribe();
        walk.unsubscribe();
      };
    },

    async run(command, body, context = {}) {
      const { db, busy } = get();
      if (!db || busy) return undefined;
      set({ busy: command });
      try {
        const outcome = await runTellerCommand(db, command, body, context);
        if (!outcome.ok) {
          tell({ kind: 'error', code: outcome.error.code, message: outcome.error.message, ...(outcome.error.reason !== undefined ? { reason: outcome.error.reason } : {}) });
          return undefined;
        }
        if (outcome.ticket === null) tell({ kind: 'info', what: 'nothingWaiting' });
        else tell({ kind: 'ok', what: SUCCESS[command], number: outcome.ticket.number });
        return outcome.ticket;
      } catch (err) {
        // The local record could not be written: nothing was sent to the hub.
        localFailure(err);
        return undefined;
      } finally {
        set({ busy: null });
      }
    },

    async startWalkIn(service) {
      const { db, busy } = get();
      if (!db || busy) return;
      set({ busy: 'walk-in' });
      try {
        await startWalkIn(db, service);
        notifyRecording(db.counter, WALK_IN_STARTED, null, { service });
        tell({ kind: 'info', what: 'walkInStarted' });
      } catch (err) {
        localFailure(err);
      } finally {
        set({ busy: null });
      }
    },

    async finishWalkIn(outcome) {
      const { db, busy } = get();
      if (!db || busy) return;
      set({ busy: 'walk-in' });
      try {
        await finishWalkIn(db, outcome);
        notifyRecording(db.counter, WALK_IN_FINISHED, null);
        tell({ kind: 'info', what: 'walkInFinished' });
      } catch (err) {
        localFailure(err);
      } finally {
        set({ busy: null });
      }
    },

    dismiss: () => set({ notice: null }),
  };
});
