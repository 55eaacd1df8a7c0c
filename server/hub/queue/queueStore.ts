import { Ticket } from '../../../shared/queue/ticket.js';
import type { QueueEvent } from '../../../shared/queue/events.js';
import { ENDED_STATUSES } from '../../../shared/queue/dayTickets.js';
import type { DayTicketsQuery } from '../../../shared/queue/dayTickets.js';

/** Anything that runs parameterised SQL: the PGlite instance or one of its transactions. */
export interface Queryable {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

/** An event before the store has given it its sequence number, with the hub's clock stamp. */
export type UnsequencedEvent = Omit<QueueEvent, 'seq'> & { hlc: string };

export interface CommitExtras {
  /** Only for a newly issued ticket: its appointment, so one booking is checked in once a day. */
  appointmentCode?: string;
  idempotency?: { key: string; scope: string; status: number; response: unknown };
  counterState?: { counter: number; consecutivePriority: number };
}

/**
 * Stores a command's events, the tickets they leave behind, its idempotency answer and the
 * window's priority streak in ONE statement: it is atomic without a transaction, and one round
 * trip instead of six is what keeps call-next fast. Sequence numbers come from the one-row
 * counter inside the statement, so sequence order is commit order.
 */
export async function commitEvents(db: Queryable, events: readonly UnsequencedEvent[], extras: CommitExtras = {}): Promise<QueueEvent[]> {
  if (events.length === 0 && !extras.idempotency && !extras.counterState) return [];
  const { rows } = await db.query<{ last: string }>(
    `with
       s as (update event_seq set value = value + $2 returning value),
       e as (select x.doc, x.ord, (select value from s) - $2 + x.ord as seq
             from jsonb_array_elements($1::jsonb) with ordinality as x(doc, ord)),
       ins as (insert into queue_events (seq, id, type, at, counter, ticket_id, hlc, body)
               select seq, doc->>'id', doc->>'type', (doc->>'at')::timestamptz, (doc->>'counter')::int,
                      doc->'ticket'->>'id', doc->>'hlc', jsonb_set(doc - 'hlc', '{seq}', to_jsonb(seq))
               from e),
       t as (select distinct on (doc->'ticket'->>'id') doc->'ticket' as doc
             from e order by doc->'ticket'->>'id', ord desc),
       up as (insert into tickets (id, business_day, number, service, status, appointment_code, doc)
              select doc->>'id', doc->>'businessDay', doc->>'number', doc->>'service', doc->>'status', $3, doc from t
              on conflict (id) do update set service = excluded.service, status = excluded.status, doc = excluded.doc),
       idem as (insert into idempotency (key, scope, status, response)
                select $4::text, $5::text, $6::int, $7::jsonb where $4::text is not null),
       cs as (insert into counter_state (counter, consecutive_priority)
              select $8::int, $9::int where $8::int is not null
              on conflict (counter) do update set consecutive_priority = excluded.consecutive_priority)
     select value as last from s`,
    [
      JSON.stringify(events),
      events.length,
      extras.appointmentCode ?? null,
      extras.idempotency?.key ?? null,
      extras.idempotency?.scope ?? null,
      extras.idempotency?.status ?? null,
      extras.idempotency ? JSON.stringify(extras.idempotency.response) : null,
      extras.counterState?.counter ?? null,
      extras.counterState?.consecutivePriority ?? null,
    ],
  );
  const last = Number(rows[0]!.last);
  return events.map(({ hlc: _hlc, ...e }, i) => ({ ...e, seq: last - events.length + 1 + i }));
}

/** The next number of a service on a business day (numbers restart each day). */
export async function nextNumber(db: Queryable, businessDay: string, service: string): Promise<number> {
  const { rows } = await db.query<{ last_seq: number }>(
    `insert into daily_numbers (business_day, service, last_seq) values ($1, $2, 1)
     on conflict (business_day, service) do update set last_seq = daily_numbers.last_seq + 1
     returning last_seq`,
    [businessDay, service],
  );
  return rows[0]!.last_seq;
}

export async function loadActiveTickets(db: Queryable): Promise<Ticket[]> {
  const { rows } = await db.query<{ doc: unknown }>(
    `select doc from tickets where status in ('waiting', 'called', 'serving', 'held') order by doc->>'issuedAt', id`,
  );
  return rows.map((r) => Ticket.parse(r.doc));
}

export async function loadTicket(db: Queryable, id: string): Promise<Ticket | null> {
  const { rows } = await db.query<{ doc: unknown }>('select doc from tickets where id = $1', [id]);
  return rows[0] ? Ticket.parse(rows[0].doc) : null;
}

export async function lastSeq(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ value: string }>('select value from event_seq');
  return Number(rows[0]?.value ?? 0);
}

export async function recentCallEvents(db: Queryable, limit: number): Promise<QueueEvent[]> {
  const { rows } = await db.query<{ body: QueueEvent }>(
    `select body from queue_events where type in ('ticket.called', 'ticket.recalled') order by seq desc limit $1`,
    [limit],
  );
  return rows.map((r) => r.body);
}

export async function priorityStreaks(db: Queryable): Promise<Map<number, number>> {
  const { rows } = await db.query<{ counter: number; consecutive_priority: number }>('select * from counter_state');
  return new Map(rows.map((r) => [r.counter, r.consecutive_priority]));
}

export async function storedAnswer(db: Queryable, key: string): Promise<{ scope: string; status: number; response: unknown } | null> {
  const { rows } = await db.query<{ scope: string; status: number; response: unknown }>(
    'select scope, status, response from idempotency where key = $1',
    [key],
  );
  return rows[0] ?? null;
}

export async function resetPriorityStreaks(db: Queryable): Promise<void> {
  await db.query('update counter_state set consecutive_priority = 0');
}

export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';
}

/** The hub's own device id (made once, kept): the node of its clock and the device of its records. */
export async function hubDeviceId(db: Queryable, make: () => string): Promise<string> {
  await db.query('insert into hub_identity (device_id) values ($1) on conflict do nothing', [make()]);
  const { rows } = await db.query<{ device_id: string }>('select device_id from hub_identity');
  return rows[0]!.device_id;
}

export async function lastEventHlc(db: Queryable): Promise<string | undefined> {
  const { rows } = await db.query<{ hlc: string | null }>('select max(hlc) as hlc from queue_events');
  return rows[0]?.hlc ?? undefined;
}

/** Committed queue events after a sequence number, in order, with their clock stamps. */
export async function eventsAfter(db: Queryable, seq: number, limit: number): Promise<Array<{ event: QueueEvent; hlc: string }>> {
  const { rows } = await db.query<{ body: QueueEvent; hlc: string | null; at: Date }>(
    'select body, hlc, at from queue_events where seq > $1 order by seq limit $2',
    [seq, limit],
  );
  // Events stored before hub clocks existed carry no stamp: their wall time is the best there is.
  return rows.map((r) => ({ event: r.body, hlc: r.hlc ?? `${String(new Date(r.at).getTime()).padStart(15, '0')}:00000:legacy` }));
}

/**
 * A business day's tickets, latest activity first (finished, else last called, else issued),
 * filtered by number prefix and state. Reads the stored tickets, which keep every ticket of
 * every day (the hub's own table, indexed by day and number).
 */
export async function dayTickets(db: Queryable, q: DayTicketsQuery): Promise<{ tickets: Ticket[]; total: number }> {
  const where = ['business_day = $1'];
  const params: unknown[] = [q.day];
  if (q.number) {
    params.push(`${q.number}%`);
    where.push(`number like $${params.length}`);
  }
  if (q.state !== 'all') {
    params.push([...ENDED_STATUSES]);
    where.push(`${q.state === 'ended' ? '' : 'not '}(status = any($${params.length}::text[]))`);
  }
  params.push(q.limit, q.offset);
  const { rows } = await db.query<{ doc: unknown; total: string | number }>(
    `select doc, count(*) over () as total from tickets where ${where.join(' and ')}
     order by coalesce(doc->>'finishedAt', doc->>'lastCalledAt', doc->>'issuedAt') desc, number desc
     limit $${params.length - 1} offset $${params.length}`,
    params,
  );
  return { tickets: rows.map((r) => Ticket.parse(r.doc)), total: rows.length > 0 ? Number(rows[0]!.total) : 0 };
}
