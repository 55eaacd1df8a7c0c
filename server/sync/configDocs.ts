import { z } from 'zod';
import { MAX_PUSH_RECORDS, RecordKind } from '../../shared/sync/protocol.js';
import type { PulledChange, PullResponse } from '../../shared/sync/protocol.js';
import { CONFIG_BRANCH, isKnownPulledKind, pulledKinds } from '../../shared/sync/kinds.js';
import type { SqlDb, SqlTx } from '../db/sqlDb.js';
import { lockSeq } from './recordStore.js';
import { SyncApiError } from './syncErrors.js';

/**
 * Configuration documents flowing down (HQ -> hub -> counter). One row per (kind, key), latest
 * version only; every change takes a new number from sync_seq inside its transaction, so a
 * device pulling "seq > cursor" gets every document changed since, in commit order.
 */

/** A document's key: a branch id, or "*" for every branch. */
export const ConfigKey = z.string().min(1).max(64);
export const ALL_BRANCHES = '*';

export interface ConfigDocRef {
  kind: string;
  key: string;
  version: number;
  seq: number;
}

/** Known kinds are checked here, once, so a bad document never reaches a device. */
function validated(kind: string, key: string, body: unknown): unknown {
  const k = RecordKind.safeParse(kind);
  if (!k.success) throw new SyncApiError('bad_request', `bad document kind ${JSON.stringify(kind)}: ${z.prettifyError(k.error)}`);
  if (!ConfigKey.safeParse(key).success) throw new SyncApiError('bad_request', 'a document key is 1 to 64 characters');
  if (!isKnownPulledKind(kind)) {
    if (body === undefined) throw new SyncApiError('bad_request', 'a document needs a body');
    return body;
  }
  const parsed = pulledKinds[kind].safeParse(body);
  if (!parsed.success) throw new SyncApiError('bad_request', `bad ${kind} document: ${z.prettifyError(parsed.error)}`);
  // Other kinds (head office's notices) are keyed "*" or a branch id and name no branch inside.
  const branchId = kind === CONFIG_BRANCH && 'branchId' in parsed.data ? parsed.data.branchId : key;
  if (branchId !== key) {
    throw new SyncApiError('bad_request', `a ${CONFIG_BRANCH} document is keyed by its own branchId (${branchId}), not ${key}`);
  }
  return parsed.data;
}

/**
 * Stores a new version of a document (version + 1, a new seq) in one transaction.
 * `ifAbsent`: only when there is none yet (idempotent seeding, safe with several HQ processes).
 */
export async function putConfigDoc(
  db: SqlDb,
  kind: string,
  key: string,
  body: unknown,
  opts: { now?: Date; ifAbsent?: boolean } = {},
): Promise<ConfigDocRef> {
  validated(kind, key, body);
  return db.transaction((tx) => putConfigDocIn(tx, kind, key, body, opts));
}

/**
 * putConfigDoc inside the caller's transaction (head office stores a version's history row with
 * the document it pushes). It locks sync_seq first, as every writer of config_docs does.
 */
export async function putConfigDocIn(
  tx: SqlTx,
  kind: string,
  key: string,
  body: unknown,
  opts: { now?: Date; ifAbsent?: boolean } = {},
): Promise<ConfigDocRef> {
  const doc = validated(kind, key, body);
  const now = (opts.now ?? new Date()).toISOString();
  const base = await lockSeq(tx);
  if (opts.ifAbsent) {
    const { rows } = await tx.query<DocRow>('select kind, key, version, seq from config_docs where kind = $1 and key = $2', [kind, key]);
    if (rows[0]) return toRef(rows[0]);
  }
  const { rows } = await tx.query<DocRow>(
    `insert into config_docs as c (kind, key, version, body, seq, updated_at) values ($1, $2, 1, $3::jsonb, $4, $5)
     on conflict (kind, key) do update set version = c.version + 1, body = excluded.body, seq = excluded.seq, updated_at = excluded.updated_at
     returning kind, key, version, seq`,
    [kind, key, JSON.stringify(doc), base + 1, now],
  );
  await bumpSeq(tx, base + 1);
  return toRef(rows[0]!);
}

/**
 * Stores a document as its upstream versioned it (the hub keeping what it pulled from HQ, to
 * serve its counters). An older or equal version changes nothing. True when stored.
 */
export async function applyConfigDoc(db: SqlDb, change: Pick<PulledChange, 'kind' | 'key' | 'version' | 'body'>, now: Date = new Date()): Promise<boolean> {
  return db.transaction((tx) => applyConfigDocIn(tx, change, now));
}

/**
 * applyConfigDoc inside the caller's transaction, so a puller saves documents and its cursor
 * together. It locks sync_seq: call it before other writes of that transaction on PostgreSQL
 * (migrations.ts, lock order).
 */
export async function applyConfigDocIn(tx: SqlTx, change: Pick<PulledChange, 'kind' | 'key' | 'version' | 'body'>, now: Date = new Date()): Promise<boolean> {
  const doc = validated(change.kind, change.key, change.body);
  const base = await lockSeq(tx);
  const { rows } = await tx.query(
    `insert into config_docs as c (kind, key, version, body, seq, updated_at) values ($1, $2, $3, $4::jsonb, $5, $6)
     on conflict (kind, key) do update set version = excluded.version, body = excluded.body, seq = excluded.seq, updated_at = excluded.updated_at
     where c.version < excluded.version
     returning seq`,
    [change.kind, change.key, change.version, JSON.stringify(doc), base + 1, now.toISOString()],
  );
  if (rows.length === 0) return false;
  await bumpSeq(tx, base + 1);
  return true;
}

async function bumpSeq(tx: SqlTx, value: number): Promise<void> {
  await tx.query('update sync_seq set value = $1', [value]);
}

/** The documents for one branch (its own key and "*") changed after `since`, oldest change first. */
export async function configChangesAfter(db: Pick<SqlDb, 'query'>, branchId: string, since: number, limit: number = MAX_PUSH_RECORDS): Promise<PullResponse> {
  const { rows } = await db.query<DocRow & { body: unknown }>(
    `select kind, key, version, seq, body from config_docs
     where seq > $1 and key in ($2, '${ALL_BRANCHES}') order by seq limit $3`,
    [since, branchId, limit + 1],
  );
  const hasMore = rows.length > limit;
  const changes = rows.slice(0, limit).map((r) => ({ ...toRef(r), body: r.body }));
  return { changes, next: changes.length > 0 ? changes[changes.length - 1]!.seq : since, hasMore };
}

/** Every stored document's latest version, without bodies (the HQ admin list). */
export async function listConfigDocs(db: Pick<SqlDb, 'query'>): Promise<Array<ConfigDocRef & { updatedAt: string }>> {
  const { rows } = await db.query<DocRow & { updated_at: Date | string }>('select kind, key, version, seq, updated_at from config_docs order by kind, key');
  return rows.map((r) => ({ ...toRef(r), updatedAt: new Date(r.updated_at).toISOString() }));
}

interface DocRow {
  kind: string;
  key: string;
  version: number | string;
  seq: number | string;
}

function toRef(r: DocRow): ConfigDocRef {
  return { kind: r.kind, key: r.key, version: Number(r.version), seq: Number(r.seq) };
}
