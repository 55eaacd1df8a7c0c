import type { BranchConfig } from '../../../shared/config/schema.js';
import { QueueError } from '../../../shared/api/errors.js';
import type { IssuedTicket, IssueTicketRequest, QueueSummary } from '../../../shared/api/queueApi.js';
import type { Localized } from '../../../shared/i18n/localized.js';
import { newId } from '../../../shared/ids.js';
import type { Change, CounterCommand } from '../../../shared/queue/commands.js';
import { decide, findCounter } from '../../../shared/queue/commands.js';
import type { QueueEvent, QueueSnapshot, RecentCall } from '../../../shared/queue/events.js';
import { applyEvent, counterStatusOf } from '../../../shared/queue/snapshot.js';
import type { Ticket } from '../../../shared/queue/ticket.js';
import { formatNumber } from '../../../shared/queue/ticket.js';
import { businessDayOf, checkInAppointment, expireStale, kioskState, queueStats } from '../../../shared/queue/rules/index.js';
import type { Db } from '../../db/openPglite.js';
import { createSerial } from './serial.js';
import type { Queryable } from './ticketRows.js';
import { insertTicket, loadActiveTickets, loadTicket, updateTicket } from './ticketRows.js';

export interface QueueHubDeps {
  db: Db;
  config: BranchConfig;
  now?: () => Date;
}

export interface CommandAnswer {
  status: 200 | 204;
  body: { ticket: Ticket } | null;
}

type Listener = (event: QueueEvent) => void;

/**
 * The branch's queue authority. Every command is decided from the in-memory state (rebuilt from
 * PGlite at start) and committed in one transaction with its events and idempotency record;
 * memory and subscribers are updated only after the commit, so a failed write changes nothing.
 */
export class QueueHub {
  private state: QueueSnapshot;
  private readonly consecutive = new Map<number, number>();
  private readonly listeners = new Set<Listener>();
  private readonly serial = createSerial();
  private readonly now: () => Date;

  private constructor(
    private readonly db: Db,
    private readonly config: BranchConfig,
    now: (() => Date) | undefined,
    state: QueueSnapshot,
  ) {
    this.now = now ?? (() => new Date());
    this.state = state;
  }

  static async open(deps: QueueHubDeps): Promise<QueueHub> {
    const { db, config } = deps;
    const now = deps.now?.() ?? new Date();
    const tickets = await loadActiveTickets(db);
    const seq = await db.query<{ value: string }>('select value from event_seq');
    const calls = await db.query<{ body: QueueEvent }>(
      `select body from queue_events where type in ('ticket.called', 'ticket.recalled') order by seq desc limit $1`,
      [config.announcement.hallHistory],
    );
    const recentCalls: RecentCall[] = calls.rows.map(({ body: e }) => ({
      ticketId: e.ticket.id,
      number: e.ticket.number,
      service: e.ticket.service,
      counter: e.counter ?? 0,
      at: e.at,
      recall: e.type === 'ticket.recalled',
    }));
    const hub = new QueueHub(db, config, deps.now, {
      branchId: config.branchId,
      businessDay: businessDayOf(now, config.hours.timezone),
      lastSeq: Number(seq.rows[0]?.value ?? 0),
      tickets,
      recentCalls,
    });
    const counters = await db.query<{ counter: number; consecutive_priority: number }>('select * from counter_state');
    for (const r of counters.rows) hub.consecutive.set(r.counter, r.consecutive_priority);
    await hub.serial(() => hub.rollOver());
    return hub;
  }

  get branchConfig(): BranchConfig {
    return this.config;
  }

  snapshot(): QueueSnapshot {
    return this.state;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  kiosk(): ReturnType<typeof kioskState> {
    return kioskState(this.config.hours, this.now());
  }

  summary(): QueueSummary {
    const now = this.now();
    return {
      businessDay: this.state.businessDay,
      services: queueStats([...this.state.tickets], this.config.services.map((s) => s.code), now),
      counters: this.config.counters.map((c) => {
        const s = counterStatusOf(this.state, c.number);
        return { number: c.number, status: s.status, serving: s.ticket?.number ?? null };
      }),
    };
  }

  serviceName(code: string): Localized {
    const service = this.config.services.find((s) => s.code === code);
    if (!service) throw new QueueError('unknown_service', `unknown service ${code}`);
    return service.name;
  }

  /** How many of the same service were waiting before this ticket. */
  waitingAhead(t: Ticket): number {
    return this.state.tickets.filter(
      (o) => o.status === 'waiting' && o.service === t.service && o.id !== t.id && (o.issuedAt < t.issuedAt || (o.issuedAt === t.issuedAt && o.id < t.id)),
    ).length;
  }

  async ticket(id: string): Promise<Ticket> {
    const t = this.state.tickets.find((x) => x.id === id) ?? (await loadTicket(this.db, id));
    if (!t) throw new QueueError('not_found', 'no such ticket');
    return t;
  }

  issue(req: IssueTicketRequest): Promise<IssuedTicket> {
    return this.serial(async () => {
      const now = this.now();
      await this.rollOver();
      const kiosk = kioskState(this.config.hours, now);
      if (!kiosk.open) throw new QueueError('kiosk_closed', 'the branch is closed: tickets are issued during opening hours only');
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
      const name = this.serviceName(service);
      const day = this.state.businessDay;
      const issued = await this.db.transaction(async (tx) => {
        if (req.appointmentCode !== undefined) {
          const dup = await tx.query('select 1 from tickets where business_day = $1 and appointment_code = $2', [day, req.appointmentCode]);
          if (dup.rows.length > 0) throw new QueueError('conflict', 'this appointment has already been checked in today');
        }
        const { rows } = await tx.query<{ last_seq: number }>(
          `insert into daily_numbers (business_day, service, last_seq) values ($1, $2, 1)
           on conflict (business_day, service) do update set last_seq = daily_numbers.last_seq + 1
           returning last_seq`,
          [day, service],
        );
        const seq = rows[0]!.last_seq;
        const ticket: Ticket = {
          id: newId(),
          businessDay: day,
          service,
          number: formatNumber(service, seq),
          priority,
          issuedAt: now.toISOString(),
          status: 'waiting',
          counter: null,
          targetCounter: null,
          calledAt: null,
          lastCalledAt: null,
          recalls: 0,
          startedAt: null,
          finishedAt: null,
          outcome: null,
          items: [],
          transfers: 0,
        };
        await insertTicket(tx, ticket, seq, req.appointmentCode);
        const events = await this.storeEvents(tx, [{ type: 'ticket.issued', ticket, detail: {} }], null, now);
        return { ticket, events };
      });
      this.publish(issued.events);
      return {
        id: issued.ticket.id,
        number: issued.ticket.number,
        service,
        serviceName: name,
        priority,
        waitingAhead: this.waitingAhead(issued.ticket),
        issuedAt: issued.ticket.issuedAt,
        businessDay: day,
      };
    });
  }

  /**
   * Runs a teller's command. With an idempotency key, a command that was already committed
   * returns its first answer again and changes nothing (a retried key press never calls twice).
   */
  command(n: number, cmd: CounterCommand, idempotencyKey?: string): Promise<CommandAnswer> {
    return this.serial(async () => {
      findCounter(this.config, n);
      const scope = `${n}:${cmd.kind}`;
      if (idempotencyKey !== undefined) {
        const seen = await this.db.query<{ scope: string; status: number; response: CommandAnswer['body'] }>(
          'select scope, status, response from idempotency where key = $1',
          [idempotencyKey],
        );
        const prior = seen.rows[0];
        if (prior) {
          if (prior.scope !== scope) throw new QueueError('bad_request', 'this Idempotency-Key was already used for another command');
          return { status: prior.status as 200 | 204, body: prior.response };
        }
      }
      const now = this.now();
      await this.rollOver();
      const decision = decide(
        { config: this.config, tickets: this.state.tickets, consecutivePriority: this.consecutive.get(n) ?? 0 },
        n,
        cmd,
        now,
      );
      const answer: CommandAnswer = decision.result ? { status: 200, body: { ticket: decision.result } } : { status: 204, body: null };
      const events = await this.db.transaction(async (tx) => {
        const stored = await this.storeEvents(tx, decision.changes, n, now);
        for (const c of decision.changes) await updateTicket(tx, c.ticket);
        if (decision.consecutivePriority !== (this.consecutive.get(n) ?? 0)) {
          await tx.query(
            `insert into counter_state (counter, consecutive_priority) values ($1, $2)
             on conflict (counter) do update set consecutive_priority = excluded.consecutive_priority`,
            [n, decision.consecutivePriority],
          );
        }
        if (idempotencyKey !== undefined) {
          await tx.query('insert into idempotency (key, scope, status, response) values ($1, $2, $3, $4)', [
            idempotencyKey,
            scope,
            answer.status,
            answer.body === null ? null : JSON.stringify(answer.body),
          ]);
        }
        return stored;
      });
      this.consecutive.set(n, decision.consecutivePriority);
      this.publish(events);
      return answer;
    });
  }

  /** Takes each event's sequence number inside the storing transaction: sequence order is commit order. */
  private async storeEvents(tx: Queryable, changes: readonly Change[], counter: number | null, now: Date): Promise<QueueEvent[]> {
    if (changes.length === 0) return [];
    const { rows } = await tx.query<{ value: string }>('update event_seq set value = value + $1 returning value', [changes.length]);
    const last = Number(rows[0]!.value);
    const events = changes.map((c, i): QueueEvent => ({
      id: newId(),
      seq: last - changes.length + 1 + i,
      type: c.type,
      at: now.toISOString(),
      branchId: this.config.branchId,
      counter,
      ticket: c.ticket,
      detail: c.detail,
    }));
    for (const e of events) {
      await tx.query('insert into queue_events (seq, id, type, at, counter, ticket_id, body) values ($1,$2,$3,$4,$5,$6,$7)', [
        e.seq, e.id, e.type, e.at, e.counter, e.ticket.id, JSON.stringify(e),
      ]);
    }
    return events;
  }

  private publish(events: readonly QueueEvent[]): void {
    for (const e of events) {
      this.state = applyEvent(this.state, e, this.config.announcement.hallHistory);
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
    const today = businessDayOf(this.now(), this.config.hours.timezone);
    const stale = expireStale([...this.state.tickets], today);
    if (today === this.state.businessDay && stale.length === 0) return;
    const now = this.now();
    const changes: Change[] = stale.map((t) => ({ type: 'ticket.expired', ticket: { ...t, status: 'expired' }, detail: {} }));
    const events = await this.db.transaction(async (tx) => {
      const stored = await this.storeEvents(tx, changes, null, now);
      for (const c of changes) await updateTicket(tx, c.ticket);
      await tx.query('update counter_state set consecutive_priority = 0');
      return stored;
    });
    this.consecutive.clear();
    this.state = { ...this.state, businessDay: today, recentCalls: today === this.state.businessDay ? this.state.recentCalls : [] };
    this.publish(events);
  }
}
