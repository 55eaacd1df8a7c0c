import type { BranchConfig } from '../../../shared/config/schema.js';
import { QueueError } from '../../../shared/api/errors.js';
import type { CounterStatus, IssuedTicket, IssueTicketRequest, QueueSummary, WindowStatus } from '../../../shared/api/queueApi.js';
import type { Localized } from '../../../shared/i18n/localized.js';
import { newId } from '../../../shared/ids.js';
import type { Change, CounterCommand } from '../../../shared/queue/commands.js';
import { decide, findCounter } from '../../../shared/queue/commands.js';
import type { DayTicketsQuery } from '../../../shared/queue/dayTickets.js';
import type { QueueEvent, QueueSnapshot } from '../../../shared/queue/events.js';
import { applyEvent, counterStatusOf, recentCallsOf } from '../../../shared/queue/snapshot.js';
import type { Ticket } from '../../../shared/queue/ticket.js';
import { formatNumber, newTicket } from '../../../shared/queue/ticket.js';
import { businessDayOf, checkInAppointment, expireStale, kioskState, queueStats, waitingAhead as waitingAheadOf } from '../../../shared/queue/rules/index.js';
import type { SqlDb, SqlTx } from '../../db/sqlDb.js';
import { HybridClock } from '../../../shared/time/hlc.js';
import { createSerial } from './serial.js';
import type { CommitExtras } from './queueStore.js';
import {
  commitEvents,
  dayTickets,
  hubDeviceId,
  isUniqueViolation,
  lastEventHlc,
  lastSeq,
  loadActiveTickets,
  loadTicket,
  nextNumber,
  priorityStreaks,
  recentCallEvents,
  resetPriorityStreaks,
  storedAnswer,
} from './queueStore.js';

/** The hall's history and its "now calling" row, which may be older than the newest call (shared/queue/snapshot.ts hallCalls). */
const recentCallsKept = (config: BranchConfig): number => config.announcement.hallHistory + 1;
/** Call and recall events read at start to rebuild the recent calls: recalls fold into their ticket's row. */
const RECENT_CALL_EVENTS = 500;

export interface QueueHubDeps {
  db: SqlDb;
  config: BranchConfig;
  now?: () => Date;
}

export interface CommandAnswer {
  status: 200 | 204;
  body: { ticket: Ticket } | null;
}

type Listener = (event: QueueEvent) => void;

/**
 * Another desk's say in the tellers' commands (the pause desk, server/hub/pause/): it refuses a
 * command at a window that takes nobody (a paused one), may store its own rows in the same
 * commit (a window opened by its first call), passes on a ticket a command would leave waiting
 * for a paused window, and tells the summary what each window is doing.
 */
export interface CounterGate {
  /** Before the command is decided; throws a QueueError to refuse it. `staffId`: the teller giving it. */
  admit(n: number, cmd: CounterCommand, now: Date, staffId?: string | null): GatePass | null;
  reroute(changes: readonly Change[], n: number): Change[];
  describe(n: number, queue: CounterStatus): { status: WindowStatus; redirectTo: number | null };
}

export interface GatePass {
  /** The desk's rows, stored in the command's transaction before its queue events. */
  write(tx: SqlTx): Promise<void>;
  /** After the commit: the desk updates its memory and tells its subscribers. */
  committed(): void;
}

/** Another desk's command in the hub's one-at-a-time order (see turn()). */
export interface HubTurn {
  now: Date;
  snapshot: QueueSnapshot;
  /** Stores queue changes made at window `counter` and the desk's own rows in one transaction. */
  commit(changes: readonly Change[], counter: number, write: (tx: SqlTx) => Promise<void>): Promise<void>;
}

/**
 * The branch's queue authority. Every command is decided from the in-memory state (rebuilt from
 * PGlite at start) and committed atomically with its events and idempotency record; memory and
 * subscribers are updated only after the commit, so a failed write changes nothing. Commands run
 * one at a time, so each decision sees every earlier commit.
 */
export class QueueHub {
  private readonly listeners = new Set<Listener>();
  private readonly serial = createSerial();
  private gate: CounterGate | null = null;

  private constructor(
    private readonly db: SqlDb,
    private config: BranchConfig,
    private readonly now: () => Date,
    private state: QueueSnapshot,
    private readonly streaks: Map<number, number>,
    /** Stamps every event, so this hub's records keep their order whatever its wall clock does. */
    private readonly clock: HybridClock,
    readonly deviceId: string,
  ) {}

  static async open(deps: QueueHubDeps): Promise<QueueHub> {
    const { db, config } = deps;
    const now = deps.now ?? (() => new Date());
    const state: QueueSnapshot = {
      branchId: config.branchId,
      businessDay: businessDayOf(now(), config.hours.timezone),
      lastSeq: await lastSeq(db),
      tickets: await loadActiveTickets(db),
      // One row per ticket, as applyEvent keeps them: folded from the latest calls, oldest first.
      recentCalls: recentCallsOf((await recentCallEvents(db, RECENT_CALL_EVENTS)).reverse(), recentCallsKept(config)),
    };
    const deviceId = await hubDeviceId(db, () => `hub-${newId()}`);
    const clock = new HybridClock(deviceId, () => now().getTime(), await lastEventHlc(db));
    const hub = new QueueHub(db, config, now, state, await priorityStreaks(db), clock, deviceId);
    await hub.serial(() => hub.rollOver());
    return hub;
  }

  get branchConfig(): BranchConfig {
    return this.config;
  }

  /**
   * New configuration from head office (services, windows, hours, policy). Tickets in play keep
   * going; the next decision uses the new rules. The branch id never changes under a running hub.
   */
  reconfigure(config: BranchConfig): Promise<void> {
    return this.serial(async () => {
      if (config.branchId !== this.config.branchId) throw new QueueError('conflict', 'configuration for another branch');
      this.config = config;
    });
  }

  snapshot(): QueueSnapshot {
    return this.state;
  }

  /** Installs the desk that may refuse or extend tellers' commands (one; see CounterGate). */
  setGate(gate: CounterGate): void {
    this.gate = gate;
  }

  /**
   * Runs another desk's command (a pause, a window opened) in the hub's one-at-a-time order, so
   * it decides from the queue as committed and no teller's command runs in between; its queue
   * changes and its own rows are committed together.
   */
  turn<T>(job: (turn: HubTurn) => Promise<T>): Promise<T> {
    return this.serial(async () => {
      await this.rollOver();
      const now = this.now();
      return job({ now, snapshot: this.state, commit: (changes, counter, write) => this.commit(changes, counter, now, {}, write) });
    });
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  kiosk(): ReturnType<typeof kioskState> {
    return kioskState(this.config.hours, this.now());
  }

  summary(): QueueSummary {
    return {
      businessDay: this.state.businessDay,
      services: queueStats(this.state.tickets, this.config.services.map((s) => s.code), this.now()),
      counters: this.config.counters.map((c) => {
        const s = counterStatusOf(this.state, c.number);
        const w = this.gate?.describe(c.number, s.status) ?? { status: s.status, redirectTo: null };
        return { number: c.number, status: w.status, serving: s.ticket?.number ?? null, redirectTo: w.redirectTo };
      }),
    };
  }

  serviceName(code: string): Localized {
    const service = this.config.services.find((s) => s.code === code);
    if (!service) throw new QueueError('unknown_service', `unknown service ${code}`);
    return service.name;
  }

  /**
   * How many waiting tickets will be called before this one, in the order selectNext calls them
   * (priority classes, the cap, overdue tickets): from the window serving it that is best placed
   * to call a priority ticket (the lowest streak of priority calls).
   */
  waitingAhead(t: Ticket): number {
    // Replaying the call order costs a selectNext per ticket ahead (quadratic in the queue): past a
    // few hundred waiting it slowed every ticket issued (syncCrash's 3,000-ticket day), so a queue
    // that long gets the plain count of the same service issued earlier.
    const waiting = this.state.tickets.filter((o) => o.status === 'waiting');
    if (waiting.length > 200) {
      return waiting.filter((o) => o.service === t.service && o.id !== t.id && (o.issuedAt < t.issuedAt || (o.issuedAt === t.issuedAt && o.id < t.id))).length;
    }
    const windows = this.config.counters.filter((c) => (t.targetCounter !== null ? c.number === t.targetCounter : c.services.includes(t.service)));
    const streak = windows.length > 0 ? Math.min(...windows.map((c) => this.streaks.get(c.number) ?? 0)) : 0;
    return waitingAheadOf(t, this.state.tickets, { policy: this.config.policy, now: this.now(), consecutivePriority: streak });
  }

  /** A business day's stored tickets (the lead's ticket list), any day. */
  dayTickets(q: DayTicketsQuery): Promise<{ tickets: Ticket[]; total: number }> {
    return dayTickets(this.db, q);
  }

  async ticket(id: string): Promise<Ticket> {
    const t = this.state.tickets.find((x) => x.id === id) ?? (await loadTicket(this.db, id));
    if (!t) throw new QueueError('not_found', 'no such ticket');
    return t;
  }

  issue(req: IssueTicketRequest): Promise<IssuedTicket> {
    return this.serial(async () => {
      await this.rollOver();
      const now = this.now();
      if (!kioskState(this.config.hours, now).open) {
        throw new QueueError('kiosk_closed', 'the branch is closed: tickets are issued during opening hours only');
      }
      let service = req.service;
      let priority = req.priority ?? 'none';
      if (req.appointmentCode !== undefined) {
        const found = checkInAppointment(this.config.appointments, req.appointmentCode, now, this.config.policy, this.config.hours.timezone);
        if (!found.ok) {
          throw new QueueError('unknown_appointment', found.reason === 'other_day' ? 'that appointment is for another day' : 'no appointment with that code');
        }
        service = found.service;
        priority = found.priority;
      }
      if (service === undefined) throw new QueueError('bad_request', 'give a service or an appointment code');
      const serviceName = this.serviceName(service);
      const businessDay = this.state.businessDay;
      // A crash between taking the number and storing the ticket skips a number; it never repeats one.
      const seq = await nextNumber(this.db, businessDay, service);
      const ticket = newTicket({ id: newId(), businessDay, service, number: formatNumber(service, seq), priority, issuedAt: now.toISOString() });
      try {
        await this.commit([{ type: 'ticket.issued', ticket, detail: {} }], null, now, req.appointmentCode ? { appointmentCode: req.appointmentCode } : {});
      } catch (err) {
        if (isUniqueViolation(err)) throw new QueueError('conflict', 'this appointment has already been checked in today');
        throw err;
      }
      return { id: ticket.id, number: ticket.number, service, serviceName, priority, waitingAhead: this.waitingAhead(ticket), issuedAt: ticket.issuedAt, businessDay };
    });
  }

  /**
   * Runs a teller's command. With an idempotency key, a command that was already committed
   * returns its first answer again and changes nothing (a retried key press never calls twice,
   * even when the first answer was lost after the commit). `staffId`: the teller signed in at the
   * window (the request's session), written on the command's events; never a configured default.
   */
  command(n: number, cmd: CounterCommand, idempotencyKey?: string, staffId: string | null = null): Promise<CommandAnswer> {
    return this.serial(async () => {
      findCounter(this.config, n);
      const scope = `${n}:${cmd.kind}`;
      if (idempotencyKey !== undefined) {
        const prior = await storedAnswer(this.db, idempotencyKey);
        if (prior) {
          if (prior.scope !== scope) throw new QueueError('bad_request', 'this Idempotency-Key was already used for another command');
          return { status: prior.status as 200 | 204, body: prior.response as CommandAnswer['body'] };
        }
      }
      await this.rollOver();
      const now = this.now();
      const streak = this.streaks.get(n) ?? 0;
      const pass = this.gate?.admit(n, cmd, now, staffId) ?? null;
      const decision = decide({ config: this.config, tickets: this.state.tickets, consecutivePriority: streak }, n, cmd, now);
      const rerouted = this.gate ? this.gate.reroute(decision.changes, n) : decision.changes;
      const changes = staffId === null ? rerouted : rerouted.map((c) => ({ ...c, detail: { ...c.detail, staffId } }));
      const result = decision.result ? ([...changes].reverse().find((c) => c.ticket.id === decision.result!.id)?.ticket ?? decision.result) : null;
      const answer: CommandAnswer = result ? { status: 200, body: { ticket: result } } : { status: 204, body: null };
      await this.commit(
        changes,
        n,
        now,
        {
          ...(idempotencyKey !== undefined ? { idempotency: { key: idempotencyKey, scope, status: answer.status, response: answer.body } } : {}),
          ...(decision.consecutivePriority !== streak ? { counterState: { counter: n, consecutivePriority: decision.consecutivePriority } } : {}),
        },
        pass?.write,
      );
      this.streaks.set(n, decision.consecutivePriority);
      pass?.committed();
      return answer;
    });
  }

  /** `write`: another desk's rows (CounterGate, turn()), stored first in the same transaction. */
  private async commit(changes: readonly Change[], counter: number | null, now: Date, extras: CommitExtras, write?: (tx: SqlTx) => Promise<void>): Promise<void> {
    const at = now.toISOString();
    const stamped = changes.map((c) => ({ id: newId(), type: c.type, at, branchId: this.config.branchId, counter, ticket: c.ticket, detail: c.detail, hlc: this.clock.tick() }));
    const events = write
      ? await this.db.transaction(async (tx) => {
          await write(tx);
          return commitEvents(tx, stamped, extras);
        })
      : await commitEvents(this.db, stamped, extras);
    for (const e of events) {
      this.state = applyEvent(this.state, e, recentCallsKept(this.config));
      for (const l of this.listeners) {
        try {
          l(e);
        } catch {
          // A broken subscriber must never undo or block a committed command.
        }
      }
    }
  }

  /**
   * At the start of a new business day numbers restart (daily_numbers is keyed by day) and
   * tickets left waiting, called or held from earlier days are closed as expired; they stay in
   * the history. A ticket being served carries on.
   */
  private async rollOver(): Promise<void> {
    const now = this.now();
    const today = businessDayOf(now, this.config.hours.timezone);
    if (today === this.state.businessDay && !this.state.tickets.some((t) => t.businessDay !== today)) return;
    const stale = expireStale(this.state.tickets, today);
    await this.commit(stale.map((t) => ({ type: 'ticket.expired', ticket: { ...t, status: 'expired' }, detail: {} })), null, now, {});
    if (today !== this.state.businessDay) {
      await resetPriorityStreaks(this.db);
      this.streaks.clear();
      this.state = { ...this.state, businessDay: today, recentCalls: [] };
    }
  }
}
