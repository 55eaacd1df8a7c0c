import { Ticket } from '../../../shared/queue/ticket.js';

/** Anything that runs parameterised SQL: the PGlite instance or one of its transactions. */
export interface Queryable {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

interface TicketRow {
  id: string;
  business_day: string;
  service: string;
  number: string;
  priority: string;
  issued_at: Date;
  status: string;
  counter: number | null;
  target_counter: number | null;
  called_at: Date | null;
  last_called_at: Date | null;
  recalls: number;
  started_at: Date | null;
  finished_at: Date | null;
  outcome: string | null;
  items: string[];
  transfers: number;
}

const iso = (d: Date | null): string | null => (d === null ? null : new Date(d).toISOString());

export function ticketFromRow(r: TicketRow): Ticket {
  return Ticket.parse({
    id: r.id,
    businessDay: r.business_day,
    service: r.service,
    number: r.number,
    priority: r.priority,
    issuedAt: iso(r.issued_at),
    status: r.status,
    counter: r.counter,
    targetCounter: r.target_counter,
    calledAt: iso(r.called_at),
    lastCalledAt: iso(r.last_called_at),
    recalls: r.recalls,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    outcome: r.outcome,
    items: r.items,
    transfers: r.transfers,
  });
}

/** A new ticket; `seq` is its number within its service and business day. */
export async function insertTicket(db: Queryable, t: Ticket, seq: number, appointmentCode?: string): Promise<void> {
  await db.query(
    `insert into tickets (id, business_day, service, seq, number, priority, issued_at, status, counter,
       target_counter, called_at, last_called_at, recalls, started_at, finished_at, outcome, items, transfers,
       appointment_code)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19)`,
    [
      t.id, t.businessDay, t.service, seq, t.number, t.priority, t.issuedAt, t.status, t.counter,
      t.targetCounter, t.calledAt, t.lastCalledAt, t.recalls, t.startedAt, t.finishedAt, t.outcome,
      JSON.stringify(t.items), t.transfers, appointmentCode ?? null,
    ],
  );
}

/** Writes a ticket's whole mutable state: a ticket row always equals its last event's ticket. */
export async function updateTicket(db: Queryable, t: Ticket): Promise<void> {
  await db.query(
    `update tickets set service = $2, status = $3, counter = $4, target_counter = $5, called_at = $6,
       last_called_at = $7, recalls = $8, started_at = $9, finished_at = $10, outcome = $11, items = $12,
       transfers = $13
     where id = $1`,
    [
      t.id, t.service, t.status, t.counter, t.targetCounter, t.calledAt, t.lastCalledAt, t.recalls,
      t.startedAt, t.finishedAt, t.outcome, JSON.stringify(t.items), t.transfers,
    ],
  );
}

export async function loadActiveTickets(db: Queryable): Promise<Ticket[]> {
  const { rows } = await db.query<TicketRow>(
    `select * from tickets where status in ('waiting', 'called', 'serving', 'held') order by issued_at, id`,
  );
  return rows.map(ticketFromRow);
}

export async function loadTicket(db: Queryable, id: string): Promise<Ticket | null> {
  const { rows } = await db.query<TicketRow>('select * from tickets where id = $1', [id]);
  return rows[0] ? ticketFromRow(rows[0]) : null;
}
