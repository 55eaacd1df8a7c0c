import type { SyncRecord } from '../../../shared/sync/protocol.js';
import type { SqlTx } from '../../db/sqlDb.js';
import { lockSeq } from '../../sync/recordStore.js';
import { appendOwnRecords } from '../../sync/ownRecords.js';
import type { OwnDevice } from '../../sync/ownRecords.js';

type Queryable = Pick<SqlTx, 'query'>;

/** One row of rating_services, as the hub works with it. */
export interface ServiceRow {
  serviceId: string;
  ticketId: string;
  ticketNumber: string;
  serviceCode: string;
  counter: number;
  tellerId: string;
  businessDay: string;
  finishedAt: string;
  scaleId: string;
  timeoutSeconds: number;
  status: 'awaiting' | 'rated' | 'not_rated';
  value: number | null;
  source: 'customer_display' | 'rating_keypad' | null;
  ratedAt: string | null;
  followUpId: string | null;
}

interface Row {
  service_id: string;
  ticket_id: string;
  ticket_number: string;
  service_code: string;
  counter: number;
  teller_id: string;
  business_day: string;
  finished_at: Date | string;
  scale_id: string;
  timeout_seconds: number;
  status: ServiceRow['status'];
  value: number | null;
  source: ServiceRow['source'];
  rated_at: Date | string | null;
  follow_up_id: string | null;
}

const COLUMNS = 'service_id, ticket_id, ticket_number, service_code, counter, teller_id, business_day, finished_at, scale_id, timeout_seconds, status, value, source, rated_at, follow_up_id';

function toRow(r: Row): ServiceRow {
  return {
    serviceId: r.service_id,
    ticketId: r.ticket_id,
    ticketNumber: r.ticket_number,
    serviceCode: r.service_code,
    counter: Number(r.counter),
    tellerId: r.teller_id,
    businessDay: r.business_day,
    finishedAt: new Date(r.finished_at).toISOString(),
    scaleId: r.scale_id,
    timeoutSeconds: Number(r.timeout_seconds),
    status: r.status,
    value: r.value === null ? null : Number(r.value),
    source: r.source,
    ratedAt: r.rated_at === null ? null : new Date(r.rated_at).toISOString(),
    followUpId: r.follow_up_id,
  };
}

export type NewService = Pick<ServiceRow, 'serviceId' | 'ticketId' | 'ticketNumber' | 'serviceCode' | 'counter' | 'tellerId' | 'businessDay' | 'finishedAt' | 'scaleId' | 'timeoutSeconds'>;

/** Opens finished services for an answer; a service already known is left as it is. One statement. */
export async function insertServices(db: Queryable, services: readonly NewService[]): Promise<number> {
  if (services.length === 0) return 0;
  const { rows } = await db.query<{ n: number | string }>(
    `with ins as (
       insert into rating_services (service_id, ticket_id, ticket_number, service_code, counter, teller_id, business_day, finished_at, scale_id, timeout_seconds)
       select "serviceId", "ticketId", "ticketNumber", "serviceCode", counter, "tellerId", "businessDay", "finishedAt", "scaleId", "timeoutSeconds"
       from jsonb_to_recordset($1::jsonb) as x("serviceId" text, "ticketId" text, "ticketNumber" text, "serviceCode" text, counter int,
            "tellerId" text, "businessDay" text, "finishedAt" timestamptz, "scaleId" text, "timeoutSeconds" int)
       on conflict (service_id) do nothing
       returning 1)
     select count(*) as n from ins`,
    [JSON.stringify(services)],
  );
  return Number(rows[0]!.n);
}

/** service.finished events since `since` that have no rating row yet (a crash between the two). */
export async function finishedWithoutRow(db: Queryable, since: Date): Promise<Array<{ id: string; at: string; counter: number | null; body: unknown }>> {
  const { rows } = await db.query<{ id: string; at: Date | string; counter: number | null; body: unknown }>(
    `select e.id, e.at, e.counter, e.body from queue_events e
     where e.type = 'service.finished' and e.at >= $1
       and not exists (select 1 from rating_services r where r.service_id = e.id)
     order by e.seq`,
    [since.toISOString()],
  );
  return rows.map((r) => ({ id: r.id, at: new Date(r.at).toISOString(), counter: r.counter, body: r.body }));
}

/** The latest service of a ticket at a window. */
export async function serviceOfTicket(db: Queryable, counter: number, ticketId: string): Promise<ServiceRow | null> {
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from rating_services where counter = $1 and ticket_id = $2 order by finished_at desc limit 1`,
    [counter, ticketId],
  );
  return rows[0] ? toRow(rows[0]) : null;
}

/** The window's latest service still waiting for an answer. */
export async function latestAwaiting(db: Queryable, counter: number): Promise<ServiceRow | null> {
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from rating_services where counter = $1 and status = 'awaiting' order by finished_at desc limit 1`,
    [counter],
  );
  return rows[0] ? toRow(rows[0]) : null;
}

/** Services still waiting for an answer whose time ran out before `now` (to close as 'not_rated'). */
export async function expiredAwaiting(db: Queryable, now: Date): Promise<ServiceRow[]> {
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from rating_services
     where status = 'awaiting' and finished_at + timeout_seconds * interval '1 second' < $1::timestamptz
     order by finished_at limit 500`,
    [now.toISOString()],
  );
  return rows.map(toRow);
}

/** A window's answered and unanswered services of one business day on one scale. */
export async function dayOutcomes(db: Queryable, counter: number, businessDay: string, scaleId: string): Promise<Array<{ status: 'rated' | 'not_rated'; value: number | null }>> {
  const { rows } = await db.query<{ status: 'rated' | 'not_rated'; value: number | null }>(
    `select status, value from rating_services where counter = $1 and business_day = $2 and scale_id = $3 and status <> 'awaiting'`,
    [counter, businessDay, scaleId],
  );
  return rows.map((r) => ({ status: r.status, value: r.value === null ? null : Number(r.value) }));
}

export type Outcome =
  | { serviceId: string; status: 'rated'; value: number; source: 'customer_display' | 'rating_keypad'; ratedAt: string; followUpId: string | null }
  | { serviceId: string; status: 'not_rated' };

/**
 * Records services' outcomes and the sync records head office gets for them, in ONE
 * transaction: rows leave 'awaiting' only together with their records, so an outcome is never
 * stored without reaching head office, nor sent without being stored. Returns the services that
 * were still awaiting (a service answered meanwhile is left out, and its records are not written).
 */
export async function recordOutcomes(
  tx: SqlTx,
  outcomes: readonly Outcome[],
  recordsFor: (serviceId: string) => Array<Pick<SyncRecord, 'kind' | 'body'>>,
  device: OwnDevice,
  now: Date,
): Promise<string[]> {
  // Sync lock order (server/sync/migrations.ts): the sequence row first, before the rating rows.
  await lockSeq(tx);
  const { rows } = await tx.query<{ service_id: string }>(
    `update rating_services r set status = x.status, value = x.value, source = x.source, rated_at = x."ratedAt", follow_up_id = x."followUpId"
     from jsonb_to_recordset($1::jsonb) as x("serviceId" text, status text, value int, source text, "ratedAt" timestamptz, "followUpId" text)
     where r.service_id = x."serviceId" and r.status = 'awaiting'
     returning r.service_id`,
    [JSON.stringify(outcomes.map((o) => (o.status === 'rated' ? o : { ...o, value: null, source: null, ratedAt: null, followUpId: null })))],
  );
  const done = new Set(rows.map((r) => r.service_id));
  const changed = outcomes.map((o) => o.serviceId).filter((id) => done.has(id));
  const bodies = changed.flatMap(recordsFor);
  if (bodies.length === 0) return changed;

  await appendOwnRecords(tx, device, bodies, now);
  return changed;
}

/** Every op of every follow-up document stored at this hub (made here or pushed by a device). */
export async function followUpOps(db: Queryable, docType: string): Promise<unknown[]> {
  const { rows } = await db.query<{ body: unknown }>(
    `select body from sync_records where kind = 'doc.op' and body->>'docType' = $1 order by server_seq`,
    [docType],
  );
  return rows.map((r) => r.body);
}
