import { BranchConfig } from '../../shared/config/schema.js';
import { SyncError } from '../../shared/sync/drain.js';
import { CONFIG_BRANCH, pulledKinds } from '../../shared/sync/kinds.js';
import { MAX_PUSH_RECORDS } from '../../shared/sync/protocol.js';
import type { PulledChange, PullResponse } from '../../shared/sync/protocol.js';
import type { CounterDb, ParkedRow } from './db.js';

/**
 * The pull side of the counter's sync (DESIGN.md §5): "since cursor", page by page until
 * `hasMore` is false. Each page is saved in ONE Dexie transaction: the documents it carries and
 * the new cursor, both or neither — a failure halfway leaves the old documents and the old
 * cursor, and the page is simply pulled again. Changes of kinds this version does not know (or
 * whose body it cannot read) are parked, never skipped, and applied by a later version
 * (`reapplyParked` at start-up).
 */

export const CURSOR_KEY = 'cursor';

/** The syncState key of a pulled document. */
export function docKey(kind: string, key: string): string {
  return `doc:${kind}:${key}`;
}

export interface SyncedDoc<T = unknown> {
  kind: string;
  key: string;
  version: number;
  /** Server sequence of the change that brought this version. */
  seq: number;
  body: T;
  receivedAt: string;
}

/** How this version reads the body of a pulled kind; null when it cannot. */
export type Appliers = Readonly<Record<string, (body: unknown) => { value: unknown } | null>>;

/** The pulled kinds this version knows (shared/sync/kinds.ts), read with their schemas. */
export const defaultAppliers: Appliers = Object.fromEntries(
  Object.entries(pulledKinds).map(([kind, schema]) => [
    kind,
    (body: unknown) => {
      const parsed = schema.safeParse(body);
      return parsed.success ? { value: parsed.data } : null;
    },
  ]),
);

export async function readCursor(db: CounterDb): Promise<number> {
  const value = (await db.syncState.get(CURSOR_KEY))?.value;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
}

export async function readDoc<T = unknown>(db: CounterDb, kind: string, key: string): Promise<SyncedDoc<T> | null> {
  return ((await db.syncState.get(docKey(kind, key)))?.value as SyncedDoc<T> | undefined) ?? null;
}

/** The pulled configuration of a branch, or null when none was pulled yet. */
export async function readConfigDoc(db: CounterDb, branchId: string): Promise<SyncedDoc<BranchConfig> | null> {
  const doc = await readDoc(db, CONFIG_BRANCH, branchId);
  if (!doc) return null;
  const parsed = BranchConfig.safeParse(doc.body);
  return parsed.success ? { ...doc, body: parsed.data } : null;
}

export interface ApplyOptions {
  appliers?: Appliers;
  now?: Date;
  /** Tests only: runs inside the transaction after the changes, before the cursor is saved. */
  beforeCursor?: () => void | Promise<void>;
}

export interface ApplyResult {
  applied: number;
  parked: number;
  cursor: number;
}

/** Saves one page — its documents, parked changes and the new cursor — in one transaction. */
export async function applyPulledPage(db: CounterDb, page: PullResponse, options: ApplyOptions = {}): Promise<ApplyResult> {
  const appliers = options.appliers ?? defaultAppliers;
  const receivedAt = (options.now ?? new Date()).toISOString();
  return db.transaction('rw', [db.syncState, db.parked], async () => {
    let applied = 0;
    let parked = 0;
    for (const change of page.changes) {
      if (await applyChange(db, change, appliers, receivedAt)) applied++;
      else {
        await db.parked.put(toParked(change, appliers, receivedAt));
        parked++;
      }
    }
    await options.beforeCursor?.();
    await db.syncState.put({ key: CURSOR_KEY, value: page.next });
    return { applied, parked, cursor: page.next };
  });
}

/** Stores a change this version can read; false when it must be parked. */
async function applyChange(db: CounterDb, change: Pick<PulledChange, 'seq' | 'kind' | 'key' | 'version' | 'body'>, appliers: Appliers, receivedAt: string): Promise<boolean> {
  const read = Object.hasOwn(appliers, change.kind) ? appliers[change.kind]!(change.body) : null;
  if (!read) return false;
  const key = docKey(change.kind, change.key);
  const current = (await db.syncState.get(key))?.value as SyncedDoc | undefined;
  // Versions only grow on the server; an older one arriving late never replaces a newer one.
  if (current && current.version > change.version) return true;
  const doc: SyncedDoc = { kind: change.kind, key: change.key, version: change.version, seq: change.seq, body: read.value, receivedAt };
  await db.syncState.put({ key, value: doc });
  return true;
}

function toParked(change: PulledChange, appliers: Appliers, parkedAt: string): ParkedRow {
  return {
    seq: change.seq,
    kind: change.kind,
    key: change.key,
    version: change.version,
    body: change.body,
    reason: Object.hasOwn(appliers, change.kind) ? 'invalid_body' : 'unknown_kind',
    parkedAt,
  };
}

/** Applies parked changes this version now knows (after an upgrade); returns how many. */
export async function reapplyParked(db: CounterDb, appliers: Appliers = defaultAppliers, now = new Date()): Promise<number> {
  return db.transaction('rw', [db.syncState, db.parked], async () => {
    let n = 0;
    for (const row of await db.parked.orderBy('seq').toArray()) {
      if (await applyChange(db, row, appliers, now.toISOString())) {
        await db.parked.delete(row.seq);
        n++;
      }
    }
    return n;
  });
}

export type PullPage = (since: number, limit: number) => Promise<PullResponse>;

export interface PullAllResult {
  pages: number;
  changes: number;
  applied: number;
  parked: number;
  cursor: number;
}

/**
 * Pulls page after page from the saved cursor until the server says there is no more (a
 * counter back after a week offline catches up here). Throws SyncError; pages saved before the
 * failure stay saved.
 */
export async function pullAll(
  db: CounterDb,
  pull: PullPage,
  options: ApplyOptions & { limit?: number; onPage?: (r: ApplyResult) => void } = {},
): Promise<PullAllResult> {
  const limit = options.limit ?? MAX_PUSH_RECORDS;
  const result: PullAllResult = { pages: 0, changes: 0, applied: 0, parked: 0, cursor: await readCursor(db) };
  for (;;) {
    const since = result.cursor;
    const page = await pull(since, limit);
    const saved = await applyPulledPage(db, page, options);
    result.pages++;
    result.changes += page.changes.length;
    result.applied += saved.applied;
    result.parked += saved.parked;
    result.cursor = saved.cursor;
    options.onPage?.(saved);
    if (!page.hasMore) return result;
    if (page.next <= since) throw new SyncError('server', `the hub said there is more but did not move the cursor (${since})`);
  }
}
