import { Dexie } from 'dexie';
import type { EntityTable, Transaction } from 'dexie';
import { newId } from '../../shared/ids.js';
import { recordBytes } from '../../shared/sync/drain.js';
import type { Backlog, DeadLetterEntry } from '../../shared/sync/drain.js';
import { COUNTER_EVENT } from '../../shared/sync/kinds.js';
import type { CounterEventBody, DocOpBody } from '../../shared/sync/kinds.js';
import type { SyncRecord } from '../../shared/sync/protocol.js';
import type { RecordingIndexRecord } from '../../shared/recording/indexRecord.js';
import { HybridClock } from '../../shared/time/hlc.js';
import { parseLocalEvent } from './localEvents.js';
import type { LocalEvent, LocalEventOf, LocalEventPayloadInput, LocalEventType } from './localEvents.js';

export type { LocalEvent, LocalEventType } from './localEvents.js';

// The counter's own database, one per window on this device. Its name and table names are
// fixed: deployed counters hold data under them and the end-to-end tests read them directly
// (tests/e2e/support/counterStore.ts). What the events may hold is in localEvents.ts.

/**
 * The event as a sync record (shared/sync/protocol.ts), made in the same transaction as the
 * event: same id as the event, kind COUNTER_EVENT, body {type, counter, payload}, a gap-free
 * deviceSeq and an HLC. `branchId` is null when the record was written before this device was
 * enrolled; it is filled in from the enrolment when the record is pushed (outbox.ts).
 */
export interface LocalSyncRecord extends Omit<SyncRecord, 'branchId'> {
  branchId: string | null;
  /** A counter event, or a field edit of a mergeable document (renderer/businessDay/counterDocs.ts). */
  body: CounterEventBody | DocOpBody;
}

/** One record waiting to be synced upstream (drained by the sync client). */
export interface OutboxRow {
  id: string;
  /** The event, and its sync record (records.id === events.id). */
  eventId: string;
  createdAt: string;
  attempts: number;
  /** The record's deviceSeq: the outbox drains in this order. */
  deviceSeq: number;
  /** Size of the record as JSON (UTF-8), for "bytes waiting". */
  bytes: number;
}

/** A record the hub refused for good: kept here for the lead to see, never retried. */
export interface DeadLetterRow {
  /** The record id. */
  id: string;
  record: LocalSyncRecord | SyncRecord;
  code: string;
  message: string;
  at: string;
}

/** Pull state: the cursor ("cursor") and the pulled documents ("doc:<kind>:<key>"). */
export interface SyncStateRow {
  key: string;
  value: unknown;
}

/** A pulled change this version cannot apply (unknown kind, or a body it cannot read): kept. */
export interface ParkedRow {
  /** The server's sequence number of the change. */
  seq: number;
  kind: string;
  key: string;
  version: number;
  body: unknown;
  reason: 'unknown_kind' | 'invalid_body';
  parkedAt: string;
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

/** Keys of the meta table. */
export const META = {
  /** This device's id (a ULID made once; the HLC node id and the sync device id). */
  deviceId: 'deviceId',
  /** The last deviceSeq given out. */
  deviceSeq: 'deviceSeq',
  /** The hybrid clock's last value. */
  hlc: 'hlc',
  /** The enrolment: { branchId, token, enrolledAt } (enrol.ts). */
  enrolment: 'syncEnrolment',
  walkIn: 'walkIn',
  /** The staff's PIN verifiers and the branch's sign-in policy, for signing in offline (offlineSignIn.ts). */
  staffVerifiers: 'staffVerifiers',
  /** Wrong PINs tried offline, per staff member or login (offlineSignIn.ts): a reload does not reset them. */
  offlineLockout: 'offlineLockout',
} as const;

/**
 * Schema history (never edit a released version; add one):
 * - 1: events, outbox, meta.
 * - 2: every event gets its sync record (`records`); outbox rows carry deviceSeq and bytes;
 *      `deadLetters`, `syncState` (pull cursor + pulled docs), `parked` (unknown pulled kinds).
 *      The upgrade turns every version-1 event into a record, in id (= creation) order, with
 *      deviceSeq 1..n and HLCs from the events' times; nothing is wiped.
 * - 3: `recordings`: the index of this counter's audio recordings (renderer/recording/db.ts).
 */
export class CounterDb extends Dexie {
  declare events: EntityTable<LocalEvent, 'id'>;
  declare records: EntityTable<LocalSyncRecord, 'id'>;
  declare outbox: EntityTable<OutboxRow, 'id'>;
  declare meta: EntityTable<MetaRow, 'key'>;
  declare deadLetters: EntityTable<DeadLetterRow, 'id'>;
  declare syncState: EntityTable<SyncStateRow, 'key'>;
  declare parked: EntityTable<ParkedRow, 'seq'>;
  declare recordings: EntityTable<RecordingIndexRecord, 'id'>;

  /**
   * The teller signed in at this counter now (renderer/device/staffSession.ts), in memory only:
   * every local event written meanwhile is attributed to them (recordEvent).
   */
  teller: string | null = null;

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
    this.version(2)
      .stores({
        events: 'id, type, at',
        records: 'id, &deviceSeq',
        outbox: 'id, eventId, createdAt, deviceSeq',
        meta: 'key',
        deadLetters: 'id, at',
        syncState: 'key',
        parked: 'seq, kind',
      })
      .upgrade((tx) => upgradeToRecords(tx, counter));
    this.version(3).stores({ recordings: 'id, state, startedAt, ticketNumber' });
  }
}

/** Version 1 -> 2: a sync record (and, if missing, an outbox row) for every existing event. */
async function upgradeToRecords(tx: Transaction, counter: number): Promise<void> {
  const meta = tx.table<MetaRow, string>('meta');
  const events = tx.table<LocalEvent, string>('events');
  const outbox = tx.table<OutboxRow, string>('outbox');
  const records = tx.table<LocalSyncRecord, string>('records');
  const deviceId = await getOrMakeDeviceId(meta);
  const rows = await outbox.toArray();
  const rowOf = new Map(rows.map((r) => [r.eventId, r]));
  let seq = ((await meta.get(META.deviceSeq))?.value as number | undefined) ?? 0;
  let last = (await meta.get(META.hlc))?.value as string | undefined;
  for (const event of await events.orderBy('id').toArray()) {
    seq++;
    const wallMs = Date.parse(event.at);
    const clock = new HybridClock(deviceId, () => (Number.isFinite(wallMs) ? wallMs : 0), last);
    last = clock.tick();
    const record = toRecord(event, { deviceId, deviceSeq: seq, hlc: last, branchId: null, counter });
    await records.add(record);
    const row = rowOf.get(event.id);
    if (row) await outbox.update(row.id, { deviceSeq: seq, bytes: recordBytes(record) });
    // An event without its row (none in version 1: nothing drained it) still gets one: no gap.
    else await outbox.add({ id: newId(), eventId: event.id, createdAt: event.at, attempts: 0, deviceSeq: seq, bytes: recordBytes(record) });
  }
  await meta.put({ key: META.deviceSeq, value: seq });
  if (last) await meta.put({ key: META.hlc, value: last });
}

interface MetaAccess {
  get(key: string): PromiseLike<MetaRow | undefined>;
  put(row: MetaRow): PromiseLike<unknown>;
}

async function getOrMakeDeviceId(meta: MetaAccess): Promise<string> {
  const row = await meta.get(META.deviceId);
  if (typeof row?.value === 'string') return row.value;
  const id = newId();
  await meta.put({ key: META.deviceId, value: id });
  return id;
}

function toRecord(
  event: LocalEvent,
  stamp: { deviceId: string; deviceSeq: number; hlc: string; branchId: string | null; counter: number },
): LocalSyncRecord {
  return {
    id: event.id,
    kind: COUNTER_EVENT,
    branchId: stamp.branchId,
    deviceId: stamp.deviceId,
    deviceSeq: stamp.deviceSeq,
    hlc: stamp.hlc,
    wallAt: event.at,
    body: { type: event.type, counter: event.counter ?? stamp.counter, ...(event.staffId ? { staffId: event.staffId } : {}), payload: event.payload },
  };
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

/** The tables a local write touches (a caller's enclosing transaction must include them). */
export function writeTables(db: CounterDb) {
  return [db.events, db.records, db.outbox, db.meta];
}

/**
 * Writes one event, its sync record and its outbox row in a single transaction: all or none.
 * In the same transaction: the next deviceSeq from meta (gap-free: a failed transaction gives
 * its number back) and an HLC from the clock restored from meta, whose new value is saved.
 */
export async function recordEvent<T extends LocalEventType>(
  db: CounterDb,
  type: T,
  payload: LocalEventPayloadInput<T>,
  options: RecordOptions = {},
): Promise<LocalEventOf<T>> {
  const now = options.now ?? new Date();
  const at = now.toISOString();
  // Checked before the transaction opens: a malformed event (MalformedLocalEventError) stores
  // nothing and takes no deviceSeq, and the outbox never holds a record the hub would refuse.
  const event = parseLocalEvent({ id: newId(), type, at, counter: db.counter, ...(db.teller ? { staffId: db.teller } : {}), payload }) as LocalEventOf<T>;
  await db.transaction('rw', writeTables(db), async () => {
    // One read and one round of writes (requests in parallel): a teller's click stays fast.
    const [idRow, seqRow, hlcRow, enrolRow] = await db.meta.bulkGet([META.deviceId, META.deviceSeq, META.hlc, META.enrolment]);
    const knownId = typeof idRow?.value === 'string' ? idRow.value : null;
    const deviceId = knownId ?? newId();
    const deviceSeq = ((seqRow?.value as number | undefined) ?? 0) + 1;
    const hlc = new HybridClock(deviceId, () => now.getTime(), hlcRow?.value as string | undefined).tick();
    const branchId = (enrolRow?.value as { branchId?: string } | undefined)?.branchId ?? null;
    const record = toRecord(event, { deviceId, deviceSeq, hlc, branchId, counter: db.counter });
    await Promise.all([
      db.events.add(event),
      db.records.add(record),
      db.outbox.add({ id: newId(), eventId: event.id, createdAt: at, attempts: 0, deviceSeq, bytes: recordBytes(record) }),
      db.meta.bulkPut([
        ...(knownId ? [] : [{ key: META.deviceId, value: deviceId }]),
        { key: META.deviceSeq, value: deviceSeq },
        { key: META.hlc, value: hlc },
      ]),
    ]);
    if (options.alsoWrite) await options.alsoWrite(db);
  });
  return event;
}

/** The sync record of a local event. */
export function recordOf(db: CounterDb, eventId: string): Promise<LocalSyncRecord | undefined> {
  return db.records.get(eventId);
}

/** This device's id, made once and kept in meta. */
export function ensureDeviceId(db: CounterDb): Promise<string> {
  return db.transaction('rw', db.meta, () => getOrMakeDeviceId(db.meta));
}

/**
 * Moves this device's clock past a timestamp seen from elsewhere (HybridClock.receive) and saves
 * it, so the next local record sorts after what was seen.
 */
export async function observeRemoteHlc(db: CounterDb, remote: string, now: () => number = Date.now): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const deviceId = await getOrMakeDeviceId(db.meta);
    const clock = new HybridClock(deviceId, now, (await db.meta.get(META.hlc))?.value as string | undefined);
    const hlc = clock.receive(remote);
    await db.meta.put({ key: META.hlc, value: hlc });
    return hlc;
  });
}

// ---------------------------------------------------------------------------------------------
// The outbox as the drainer sees it (shared/sync/drain.ts)
// ---------------------------------------------------------------------------------------------

/** The oldest `limit` records waiting, in deviceSeq order. */
export async function peekOutbox(db: CounterDb, limit: number): Promise<LocalSyncRecord[]> {
  return db.transaction('r', [db.outbox, db.records], async () => {
    const rows = await db.outbox.orderBy('deviceSeq').limit(limit).toArray();
    const records = await db.records.bulkGet(rows.map((r) => r.eventId));
    return records.filter((r): r is LocalSyncRecord => r !== undefined);
  });
}

/** Removes acknowledged records from the outbox (the records themselves stay in the log). */
export async function ackOutbox(db: CounterDb, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.transaction('rw', db.outbox, () => db.outbox.where('eventId').anyOf(ids).delete());
}

/** Moves refused records from the outbox to the dead letters, in one transaction. */
export async function deadLetterOutbox(db: CounterDb, entries: DeadLetterEntry[], now = new Date()): Promise<void> {
  if (entries.length === 0) return;
  await db.transaction('rw', [db.outbox, db.deadLetters], async () => {
    await db.deadLetters.bulkPut(entries.map((e) => ({ id: e.record.id, record: e.record, code: e.code, message: e.message, at: now.toISOString() })));
    await db.outbox.where('eventId').anyOf(entries.map((e) => e.record.id)).delete();
  });
}

/** Records and bytes waiting, and dead letters. */
export async function outboxBacklog(db: CounterDb): Promise<Backlog> {
  return db.transaction('r', [db.outbox, db.deadLetters], async () => {
    let bytesWaiting = 0;
    let recordsWaiting = 0;
    await db.outbox.each((row) => {
      recordsWaiting++;
      bytesWaiting += row.bytes ?? 0;
    });
    return { recordsWaiting, bytesWaiting, deadLetters: await db.deadLetters.count() };
  });
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

const WALK_IN_KEY = META.walkIn;

export async function activeWalkIn(db: CounterDb): Promise<ActiveWalkIn | null> {
  const row = await db.meta.get(WALK_IN_KEY);
  return (row?.value as ActiveWalkIn | undefined) ?? null;
}

/** Starts serving a customer without a ticket: recorded locally, works with the hub down. */
export async function startWalkIn(db: CounterDb, service: string | null, now = new Date()): Promise<ActiveWalkIn> {
  const walkIn: ActiveWalkIn = { id: newId(), service, startedAt: now.toISOString() };
  await db.transaction('rw', writeTables(db), async () => {
    if (await db.meta.get(WALK_IN_KEY)) throw new Error('a walk-in service is already in progress');
    await recordEvent(db, 'walkin.started', { walkInId: walkIn.id, service }, {
      now,
      alsoWrite: (d) => d.meta.put({ key: WALK_IN_KEY, value: walkIn }),
    });
  });
  return walkIn;
}

export async function finishWalkIn(db: CounterDb, outcome: string, now = new Date()): Promise<LocalEvent> {
  return db.transaction('rw', writeTables(db), async () => {
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
