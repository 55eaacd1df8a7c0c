import Dexie from 'dexie';
import type { EntityTable } from 'dexie';
import { newId } from '../../shared/ids.js';

/**
 * What a counter records on its own device. Every teller action is a fact here first, before
 * the hub hears of it, so nothing the teller did is lost when the hub or the network is down.
 */
export type LocalEventType =
  /** A queue command sent (or tried) to the hub; payload: { command, body, ticketId?, number? }. */
  | 'teller.command'
  /** The hub's answer to a command; payload: { eventId, ok, ticketId?, number?, status?, code?, message? }. */
  | 'teller.command_result'
  /** Service to a customer without a ticket, recorded only here. */
  | 'walkin.started'
  | 'walkin.finished';

export interface LocalEvent {
  /** ULID made on this device (shared/ids.ts). */
  id: string;
  type: LocalEventType;
  /** ISO time on this device's clock. */
  at: string;
  counter: number;
  payload: Record<string, unknown>;
}

/** One record waiting to be synced upstream (drained by the sync client). */
export interface OutboxRow {
  id: string;
  eventId: string;
  createdAt: string;
  attempts: number;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

/** A walk-in service in progress (kept in meta so a reload does not lose it). */
export interface ActiveWalkIn {
  id: string;
  service: string | null;
  startedAt: string;
}

export class CounterDb extends Dexie {
  declare events: EntityTable<LocalEvent, 'id'>;
  declare outbox: EntityTable<OutboxRow, 'id'>;
  declare meta: EntityTable<MetaRow, 'key'>;

  constructor(
    readonly counter: number,
    options?: ConstructorParameters<typeof Dexie>[1],
  ) {
    super(counterDbName(counter), options);
    this.version(1).stores({
      events: 'id, type, at',
      outbox: 'id, eventId, createdAt',
      meta: 'key',
    });
  }
}

export function counterDbName(counter: number): string {
  return `guichet-counter-${counter}`;
}

const open = new Map<number, CounterDb>();

/** The database of window N on this device (one instance per page). */
export function counterDb(counter: number): CounterDb {
  let db = open.get(counter);
  if (!db) {
    db = new CounterDb(counter);
    open.set(counter, db);
  }
  return db;
}

export interface RecordOptions {
  now?: Date;
  /** Extra writes done in the same transaction (e.g. the walk-in state in meta). */
  alsoWrite?: (db: CounterDb) => Promise<unknown>;
}

/** Writes one event and its outbox row in a single transaction: both or neither. */
export async function recordEvent(
  db: CounterDb,
  type: LocalEventType,
  payload: Record<string, unknown>,
  options: RecordOptions = {},
): Promise<LocalEvent> {
  const at = (options.now ?? new Date()).toISOString();
  const event: LocalEvent = { id: newId(), type, at, counter: db.counter, payload };
  await db.transaction('rw', [db.events, db.outbox, db.meta], async () => {
    await db.events.add(event);
    await db.outbox.add({ id: newId(), eventId: event.id, createdAt: at, attempts: 0 });
    if (options.alsoWrite) await options.alsoWrite(db);
  });
  return event;
}

export async function localCounts(db: CounterDb): Promise<{ events: number; outbox: number }> {
  return db.transaction('r', [db.events, db.outbox], async () => ({
    events: await db.events.count(),
    outbox: await db.outbox.count(),
  }));
}

export async function recentEvents(db: CounterDb, limit = 20): Promise<LocalEvent[]> {
  return db.events.orderBy('id').reverse().limit(limit).toArray();
}

const WALK_IN_KEY = 'walkIn';

export async function activeWalkIn(db: CounterDb): Promise<ActiveWalkIn | null> {
  const row = await db.meta.get(WALK_IN_KEY);
  return (row?.value as ActiveWalkIn | undefined) ?? null;
}

/** Starts serving a customer without a ticket: recorded locally, works with the hub down. */
export async function startWalkIn(db: CounterDb, service: string | null, now = new Date()): Promise<ActiveWalkIn> {
  const walkIn: ActiveWalkIn = { id: newId(), service, startedAt: now.toISOString() };
  await db.transaction('rw', [db.events, db.outbox, db.meta], async () => {
    if (await db.meta.get(WALK_IN_KEY)) throw new Error('a walk-in service is already in progress');
    await recordEvent(db, 'walkin.started', { walkInId: walkIn.id, service }, {
      now,
      alsoWrite: (d) => d.meta.put({ key: WALK_IN_KEY, value: walkIn }),
    });
  });
  return walkIn;
}

export async function finishWalkIn(db: CounterDb, outcome: string, now = new Date()): Promise<LocalEvent> {
  return db.transaction('rw', [db.events, db.outbox, db.meta], async () => {
    const walkIn = await activeWalkIn(db);
    if (!walkIn) throw new Error('no walk-in service is in progress');
    const handlingSeconds = Math.max(0, Math.round((now.getTime() - Date.parse(walkIn.startedAt)) / 1000));
    return recordEvent(
      db,
      'walkin.finished',
      { walkInId: walkIn.id, service: walkIn.service, startedAt: walkIn.startedAt, outcome, handlingSeconds },
      { now, alsoWrite: (d) => d.meta.delete(WALK_IN_KEY) },
    );
  });
}
