import type { QueueEvent, QueueEventType } from '../queue/events.js';

/** How a ticket's time at one window ended. */
export type VisitEnd = Extract<QueueEventType, 'service.finished' | 'ticket.no_show' | 'ticket.held' | 'ticket.transferred' | 'ticket.expired'>;

/**
 * One stay of a ticket at one window: from its call (or, for a service started without one, its
 * start) to the event that let it go. A ticket transferred from window 1 to window 2 has two; one
 * held and called back has two at the same window.
 */
export interface Visit {
  counter: number;
  calledAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  endedBy: VisitEnd | null;
  recalls: number;
  /** The tellers who gave the commands of this visit (their sessions), in order, once each. */
  staffIds: string[];
}

const ENDS: ReadonlySet<QueueEventType> = new Set<VisitEnd>(['service.finished', 'ticket.no_show', 'ticket.held', 'ticket.transferred', 'ticket.expired']);

/** The visits of one ticket from its queue events (any order: they are sorted by seq here). */
export function visitsOf(events: readonly Pick<QueueEvent, 'seq' | 'type' | 'at' | 'counter' | 'detail'>[]): Visit[] {
  const out: Visit[] = [];
  let open: Visit | null = null;
  const note = (v: Visit, staffId: string | undefined) => {
    if (staffId && !v.staffIds.includes(staffId)) v.staffIds.push(staffId);
  };
  const begin = (counter: number, at: string, called: boolean): Visit => {
    const v: Visit = { counter, calledAt: called ? at : null, startedAt: null, endedAt: null, endedBy: null, recalls: 0, staffIds: [] };
    out.push(v);
    return v;
  };
  for (const e of [...events].sort((a, b) => a.seq - b.seq)) {
    const counter = e.counter ?? e.detail.fromCounter ?? null;
    switch (e.type) {
      case 'ticket.called':
        if (counter === null) break;
        // A call while still at a window (it cannot happen through decide(); an old log might) ends the stay there.
        if (open && open.endedAt === null) open.endedAt = e.at;
        open = begin(counter, e.at, true);
        note(open, e.detail.staffId);
        break;
      case 'ticket.recalled':
        if (open && open.endedAt === null) {
          open.recalls++;
          note(open, e.detail.staffId);
        }
        break;
      case 'service.started':
        if (counter === null) break;
        if (!open || open.endedAt !== null || open.counter !== counter) open = begin(counter, e.at, false);
        open.startedAt = e.at;
        note(open, e.detail.staffId);
        break;
      case 'service.item_added':
        if (open && open.endedAt === null) note(open, e.detail.staffId);
        break;
      default:
        if (ENDS.has(e.type) && open && open.endedAt === null) {
          open.endedAt = e.at;
          open.endedBy = e.type as VisitEnd;
          note(open, e.detail.staffId);
          open = null;
        }
    }
  }
  return out;
}

/** A visit as the span its recording should cover. */
export function spanOfVisit(v: Visit): { start: string; end: string | null } | null {
  const start = v.calledAt ?? v.startedAt;
  return start === null ? null : { start, end: v.endedAt };
}
