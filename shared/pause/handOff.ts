import type { CounterNumber } from '../config/schema.js';
import type { Change } from '../queue/commands.js';
import type { Ticket } from '../queue/ticket.js';
import { handBack } from './rules.js';
import type { HandBack, PauseWindow } from './schema.js';

/** Why a ticket left a window without being served there (QueueEventDetail.reason). */
export type HandOffWhy = 'window_paused' | 'window_closed';

/**
 * The queue changes that carry out a hand-back (handBack in rules.ts): every ticket goes back to
 * waiting with its issue time kept, so its place, either unpinned or pinned to the named window.
 * Stored as 'ticket.transferred' events from the window, with the reason, so the hall, the lead
 * and head office see where each ticket went. A hand-back is not a referral of the customer:
 * the ticket's transfer count stays as it was.
 */
export function handBackChanges(backs: readonly HandBack[], tickets: readonly Ticket[], from: CounterNumber, why: HandOffWhy): Change[] {
  return backs.flatMap((b): Change[] => {
    const t = tickets.find((x) => x.id === b.ticketId);
    if (!t) return [];
    const moved: Ticket = {
      ...t,
      status: 'waiting',
      counter: null,
      targetCounter: b.toCounter,
      // A called or served ticket is called afresh by its next window.
      ...(t.status === 'waiting' ? {} : { recalls: 0, calledAt: null, lastCalledAt: null, startedAt: null }),
    };
    return [
      {
        type: 'ticket.transferred',
        ticket: moved,
        detail: { fromService: t.service, toService: t.service, fromCounter: from, ...(b.toCounter === null ? {} : { toCounter: b.toCounter }), reason: why },
      },
    ];
  });
}

/**
 * A command that would leave a ticket waiting for a paused window (a colleague's transfer to it)
 * sends the ticket where that window's sign sends its customers, as handBack decides for a
 * ticket pinned there: the window on the sign or the nearest open one serving the service, else
 * back to its service's queue. Never back to the window that sent it (`sender`): that teller
 * meant to pass it on, so it goes to the service's queue instead. Other changes pass unchanged.
 */
export function rerouteFromPaused(changes: readonly Change[], windows: readonly PauseWindow[], sender: CounterNumber): Change[] {
  const paused = new Set(windows.filter((w) => w.status === 'paused').map((w) => w.number));
  return changes.map((c) => {
    const t = c.ticket;
    if (t.status !== 'waiting' || t.targetCounter === null || !paused.has(t.targetCounter)) return c;
    const back = handBack(t.targetCounter, [t], windows)[0];
    const to = back?.action === 'transfer' && back.toCounter !== sender ? back.toCounter : null;
    const { toCounter: _was, ...detail } = c.detail;
    return {
      ...c,
      ticket: { ...t, targetCounter: to },
      detail: { ...detail, ...(to === null ? {} : { toCounter: to }), reason: 'window_paused' },
    };
  });
}
