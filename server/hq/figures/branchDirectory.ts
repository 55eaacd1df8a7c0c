import { BranchConfig } from '../../../shared/config/schema.js';
import type { Localized } from '../../../shared/i18n/localized.js';
import type { BranchFacts } from '../../../shared/hq/deltas.js';
import { CONFIG_BRANCH } from '../../../shared/sync/kinds.js';
import type { SqlDb, SqlTx } from '../../db/sqlDb.js';

/** What head office knows of a branch from the configuration it holds: names, region, zone, targets. */
export interface BranchEntry {
  id: string;
  name: Localized;
  region: { id: string; name: Localized } | null;
  timeZone: string;
  staffName(staffId: string): Localized;
  facts: BranchFacts;
}

export const UNKNOWN_REGION = { id: '', name: { 'zh-CN': '未分区', 'zh-TW': '未分區', en: 'No region' } };

const same = (s: string): Localized => ({ 'zh-CN': s, 'zh-TW': s, en: s });

/** An entry for a branch whose records arrived but whose configuration head office does not hold. */
export function unknownBranch(id: string): BranchEntry {
  return { id, name: same(id), region: null, timeZone: 'UTC', staffName: same, facts: { timeZone: 'UTC', services: [] } };
}

/** A stamp of the branch documents held: it changes whenever a branch's configuration does. */
const DIRECTORY_STAMP_SQL = `select coalesce(max(seq), 0) || '/' || count(*) as s from config_docs where kind = '${CONFIG_BRANCH}'`;

/** A directory with the stamp of the documents it was made from. */
export interface StampedDirectory {
  stamp: string;
  directory: Map<string, BranchEntry>;
}

/** The last directory read, per database. */
const cache = new WeakMap<object, StampedDirectory>();

/**
 * Every branch configuration head office holds, read again only when one changed (a thousand
 * documents take a while to check, and every view and every consumer pass needs them).
 */
export async function loadBranchDirectory(db: Pick<SqlDb, 'query'>): Promise<Map<string, BranchEntry>> {
  return (await loadStampedDirectory(db)).directory;
}

/** The same, with its stamp. */
export async function loadStampedDirectory(db: Pick<SqlDb, 'query'>): Promise<StampedDirectory> {
  const stamp = String((await db.query<{ s: string }>(DIRECTORY_STAMP_SQL)).rows[0]!.s);
  const hit = cache.get(db);
  if (hit && hit.stamp === stamp) return hit;
  const read = { stamp, directory: await readDirectory(db) };
  cache.set(db, read);
  return read;
}

async function readDirectory(db: Pick<SqlDb, 'query'>): Promise<Map<string, BranchEntry>> {
  const { rows } = await db.query<{ key: string; body: Record<string, unknown> }>(`select key, body from config_docs where kind = '${CONFIG_BRANCH}' and key <> '*'`);
  const out = new Map<string, BranchEntry>();
  for (const row of rows) {
    const parsed = BranchConfig.safeParse(row.body);
    if (!parsed.success) {
      out.set(row.key, unknownBranch(row.key));
      continue;
    }
    const c = parsed.data;
    const staff = new Map(c.staff.map((s) => [s.id, s.name]));
    out.set(row.key, {
      id: row.key,
      name: c.name,
      region: c.region ?? null,
      timeZone: c.hours.timezone,
      staffName: (id) => staff.get(id) ?? same(id),
      facts: { timeZone: c.hours.timezone, services: c.services },
    });
  }
  return out;
}

/**
 * The directory read through the transaction at hand (on PGlite nothing else can run during it;
 * on PostgreSQL a second connection taken under the sequence lock could wait for a pool that
 * every waiting pusher holds). loadBranchDirectory keeps its answer per object it reads through,
 * so each database gets one reader, lent to one transaction at a time.
 */
const readers = new WeakMap<SqlDb, { tx: Pick<SqlTx, 'query'> | null; turn: Promise<unknown>; query: SqlTx['query'] }>();
export function directoryIn(db: SqlDb, tx: Pick<SqlTx, 'query'>): Promise<StampedDirectory> {
  let reader = readers.get(db);
  if (!reader) {
    const r: { tx: Pick<SqlTx, 'query'> | null; turn: Promise<unknown>; query: SqlTx['query'] } = { tx: null, turn: Promise.resolve(), query: (sql, params) => r.tx!.query(sql, params) };
    readers.set(db, r);
    reader = r;
  }
  const r = reader;
  const mine = r.turn.then(async () => {
    r.tx = tx;
    try {
      return await loadStampedDirectory(r);
    } finally {
      r.tx = null;
    }
  });
  r.turn = mine.catch(() => undefined);
  return mine;
}
