import type { BranchConfig, Counter } from '../config/schema.js';
import { QueueError } from '../api/errors.js';
import type { CounterCommand } from './counterCommands.js';
import type { QueueEventDetail, QueueEventType } from './events.js';
import type { Outcome, Ticket } from './ticket.js';
import { nextConsecutivePriority, noShowCheck, selectNext, transferTicket } from './rules/index.js';

export type { CounterCommand } from './counterCommands.js';

export interface Change {
  type: QueueEventType;
  ticket: Ticket;
  detail: QueueEventDetail;
}

export interface Decision {
  changes: Change[];
  /** The ticket the teller now has (or just released); null when nothing was waiting. */
  result: Ticket | null;
  consecutivePriority: number;
}

export interface CounterView {
  config: BranchConfig;
  /** Today's tickets in play: waiting, called, serving, held. */
  tickets: readonly Ticket[];
  consecutivePriority: number;
}

const seconds = (from: string, to: Date): number => Math.max(0, Math.round((to.getTime() - Date.parse(from)) / 1000));

export function findCounter(config: BranchConfig, n: number): Counter {
  const counter = config.counters.find((c) => c.number === n);
  if (!counter) throw new QueueError('not_found', `window ${n} does not exist in this branch`);
  return counter;
}

/** The ticket window N is dealing with now (called or being served), if any. */
export function currentTicket(tickets: readonly Ticket[], n: number): Ticket | undefined {
  return tickets.find((t) => t.counter === n && (t.status === 'called' || t.status === 'serving'));
}

function finishChange(t: Ticket, now: Date, outcome: Outcome): Change {
  const startedAt = t.startedAt ?? now.toISOString();
  const items = t.items.length > 0 ? t.items : [t.service];
  return {
    type: 'service.finished',
    ticket: { ...t, status: 'done', startedAt, finishedAt: now.toISOString(), outcome, items },
    detail: { outcome, handlingSeconds: seconds(startedAt, now) },
  };
}

/**
 * Before a new call the window must be free: a ticket being served is finished (the teller
 * moved on), but a ticket still only called is a customer who may be walking up, so the
 * teller must recall, mark no-show or start first.
 */
function freeWindow(tickets: readonly Ticket[], n: number, now: Date): Change[] {
  const cur = currentTicket(tickets, n);
  if (!cur) return [];
  if (cur.status === 'serving') return [finishChange(cur, now, 'completed')];
  throw new QueueError('conflict', `${cur.number} is still called at window ${n}: recall it, mark it no-show or start service first`);
}

function callChange(t: Ticket, n: number, now: Date, detail: QueueEventDetail): Change {
  const at = now.toISOString();
  return {
    type: 'ticket.called',
    ticket: { ...t, status: 'called', counter: n, targetCounter: null, calledAt: at, lastCalledAt: at, recalls: 0 },
    detail: { ...detail, waitSeconds: seconds(t.issuedAt, now) },
  };
}

function requireCurrent(tickets: readonly Ticket[], n: number, allowed: Ticket['status'][], what: string): Ticket {
  const cur = currentTicket(tickets, n);
  if (!cur) throw new QueueError('conflict', `window ${n} has no ticket to ${what}`);
  if (!allowed.includes(cur.status)) throw new QueueError('conflict', `${cur.number} cannot be ${what} now (it is ${cur.status})`);
  return cur;
}

/** What a command at window N does to the queue: pure, so the hub only has to store it. */
export function decide(view: CounterView, n: number, cmd: CounterCommand, now: Date): Decision {
  const { config, tickets } = view;
  const counter = findCounter(config, n);
  const keep = view.consecutivePriority;
  const one = (c: Change, consecutivePriority = keep): Decision => ({ changes: [c], result: c.ticket, consecutivePriority });

  switch (cmd.kind) {
    case 'call-next': {
      const freed = freeWindow(tickets, n, now);
      const picked = selectNext(tickets, { counter, policy: config.policy, now, consecutivePriority: keep });
      if (!picked) return { changes: freed, result: null, consecutivePriority: keep };
      const ticket = tickets.find((t) => t.id === picked.ticket.id) as Ticket;
      const call = callChange(ticket, n, now, picked.why === 'order' ? {} : { reason: picked.why });
      return { changes: [...freed, call], result: call.ticket, consecutivePriority: nextConsecutivePriority(keep, ticket) };
    }
    case 'call': {
      const ticket = tickets.find((t) => t.id === cmd.ticketId);
      if (!ticket || ticket.status !== 'waiting') throw new QueueError('conflict', 'that ticket is no longer waiting');
      const freed = freeWindow(tickets, n, now);
      const call = callChange(ticket, n, now, { outOfOrder: true, reason: cmd.reason });
      return { changes: [...freed, call], result: call.ticket, consecutivePriority: keep };
    }
    case 'recall': {
      const cur = requireCurrent(tickets, n, ['called'], 'recalled');
      const at = now.toISOString();
      return one({ type: 'ticket.recalled', ticket: { ...cur, recalls: cur.recalls + 1, lastCalledAt: at }, detail: {} });
    }
    case 'no-show': {
      const cur = requireCurrent(tickets, n, ['called'], 'marked no-show');
      const check = noShowCheck(cur, config.policy, now);
      if (!check.ok) {
        const why =
          check.reason === 'needs_recalls'
            ? `recall ${cur.number} ${check.recallsNeeded ?? 1} more time(s) first`
            : `wait ${check.secondsLeft ?? 0} s more after the last call`;
        throw new QueueError('no_show_too_soon', `no-show not allowed yet: ${why}`);
      }
      return one({ type: 'ticket.no_show', ticket: { ...cur, status: 'no_show', finishedAt: now.toISOString() }, detail: {} });
    }
    case 'hold': {
      const cur = requireCurrent(tickets, n, ['called', 'serving'], 'held');
      return one({ type: 'ticket.held', ticket: { ...cur, status: 'held' }, detail: {} });
    }
    case 'call-held': {
      const held = tickets.find((t) => t.id === cmd.ticketId && t.status === 'held' && t.counter === n);
      if (!held) throw new QueueError('conflict', `that ticket is not held at window ${n}`);
      const freed = freeWindow(tickets, n, now);
      const call = callChange(held, n, now, { reason: 'held' });
      return { changes: [...freed, call], result: call.ticket, consecutivePriority: keep };
    }
    case 'transfer': {
      const cur =
        currentTicket(tickets, n) ??
        (() => {
          throw new QueueError('conflict', `window ${n} has no ticket to transfer`);
        })();
      if (cmd.toCounter !== undefined) findCounter(config, cmd.toCounter);
      if (cmd.toCounter === n) throw new QueueError('conflict', 'a ticket cannot be transferred to its own window');
      const moved = transferTicket(cur, { toService: cmd.toService, toCounter: cmd.toCounter }, config.services.map((s) => s.code));
      return one({
        type: 'ticket.transferred',
        ticket: moved,
        detail: { fromService: cur.service, toService: moved.service, fromCounter: n, ...(cmd.toCounter ? { toCounter: cmd.toCounter } : {}) },
      });
    }
    case 'start': {
      const cur = requireCurrent(tickets, n, ['called'], 'started');
      const items = cur.items.length > 0 ? cur.items : [cur.service];
      return one({
        type: 'service.started',
        ticket: { ...cur, status: 'serving', startedAt: now.toISOString(), items },
        detail: { waitSeconds: seconds(cur.issuedAt, now) },
      });
    }
    case 'add-item': {
      if (!config.services.some((s) => s.code === cmd.service)) throw new QueueError('unknown_service', `unknown service ${cmd.service}`);
      const cur = requireCurrent(tickets, n, ['serving'], 'given another service');
      return one({ type: 'service.item_added', ticket: { ...cur, items: [...cur.items, cmd.service] }, detail: { item: cmd.service } });
    }
    case 'finish': {
      const cur = requireCurrent(tickets, n, ['called', 'serving'], 'finished');
      return one(finishChange(cur, now, cmd.outcome));
    }
  }
}
