import type { SqlDb } from '../db/sqlDb.js';
import { recordMonth } from './recordMonth.js';

/**
 * Head office's raw events by month: `sync_records` is partitioned by range of `record_month`
 * (recordMonth.ts), one partition per month, made on demand before a batch of a new month is
 * stored; an old month is detached (then archived, dropped, or attached again) with the
 * functions below. The hub's table is not partitioned (a branch keeps little) and is left as is.
 * docs/scaling.md says why and how.
 */

/** Months before this one share one partition, as do months from LAST_MONTH on: a device's clock far off cannot make a table per month it invents. */
const FIRST_MONTH = '2000-01-01';
const LAST_MONTH = '2200-01-01';

/** The partition of one month, 'YYYY-MM-01' -> sync_records_y2026m03. */
export function partitionName(month: string): string {
  return `sync_records_y${month.slice(0, 4)}m${month.slice(5, 7)}`;
}

/** 'YYYY-MM-01' -> the first day of the next month. */
function nextMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${String(y + 1).padStart(4, '0')}-01-01` : `${month.slice(0, 4)}-${String(m + 1).padStart(2, '0')}-01`;
}

/** 'YYYY-MM' or 'YYYY-MM-DD' -> 'YYYY-MM-01', refusing anything else (it goes into DDL). */
function monthOf(month: string): string {
  const m = /^(\d{4})-(0[1-9]|1[0-2])(-\d{2})?$/.exec(month);
  if (!m) throw new RangeError(`not a month: ${month} (YYYY-MM)`);
  return `${m[1]}-${m[2]}-01`;
}

const ownMonth = (month: string): boolean => month >= FIRST_MONTH && month < LAST_MONTH;

/**
 * The migration that turns head office's `sync_records` into a partitioned table: the rows
 * move into one partition per month they belong to; the indexes other migrations made are made
 * again on the new table (every partition gets them). The keys include the partition key, as
 * PostgreSQL requires: `(id, record_month)` is unique exactly when `id` is, since the month is a
 * function of the id; `(server_seq, record_month)` likewise, as server_seq comes from one counter.
 * Same SQL on PGlite and PostgreSQL.
 */
export const PARTITION_RECORDS_SQL = `
  do $$
  declare
    defs text[];
    d text;
    m date;
  begin
    select coalesce(array_agg(i.indexdef), '{}') into defs from pg_indexes i
     where i.schemaname = current_schema() and i.tablename = 'sync_records'
       and not exists (select 1 from pg_constraint c
                       where c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass);
    alter table sync_records rename to sync_records_unpartitioned;
    alter table sync_records_unpartitioned rename constraint sync_records_pkey to sync_records_unpartitioned_pkey;
    alter table sync_records_unpartitioned rename constraint sync_records_server_seq_key to sync_records_unpartitioned_server_seq_key;
    create table sync_records (like sync_records_unpartitioned including defaults including constraints) partition by range (record_month);
    alter table sync_records add constraint sync_records_pkey primary key (id, record_month);
    alter table sync_records add constraint sync_records_server_seq_key unique (server_seq, record_month);
    create table sync_records_early partition of sync_records for values from (minvalue) to ('${FIRST_MONTH}');
    create table sync_records_far partition of sync_records for values from ('${LAST_MONTH}') to (maxvalue);
    for m in select distinct record_month from sync_records_unpartitioned
             where record_month >= '${FIRST_MONTH}' and record_month < '${LAST_MONTH}' loop
      execute format('create table %I partition of sync_records for values from (%L) to (%L)',
                     'sync_records_y' || to_char(m, 'YYYY"m"MM'), m, (m + interval '1 month')::date);
    end loop;
    insert into sync_records select * from sync_records_unpartitioned;
    drop table sync_records_unpartitioned;
    foreach d in array defs loop
      execute d;
    end loop;
  end $$;
`;

/**
 * The months whose detached table was dropped (archived elsewhere). Their partition is never
 * made again: a late record of such a month is dead-lettered like one of a detached month, not
 * stored in a fresh, nearly empty partition that would reopen the month beside its archive.
 */
export const ARCHIVED_MONTHS_SQL = `
  create table sync_archived_months (month date primary key, dropped_at timestamptz not null default now());
`;

/** Per database: not partitioned (the hub), or what is known of each month's partition. */
type Known = { partitioned: false } | { partitioned: true; months: Map<string, 'open' | 'closed'> };
const known = new WeakMap<SqlDb, Known>();

/** Forget what is known of a database's partitions (after a detach, or an insert that found none). */
export function forgetPartitions(db: SqlDb): void {
  known.delete(db);
}

/**
 * Makes sure every month of `records` has its partition before they are stored, in a short
 * transaction of its own (creating a partition locks the whole table for a moment, which must
 * not happen under the sequence lock), and the month after the newest one too, so the first
 * batch of a new month usually finds it made. Returns the months whose partition is detached
 * (archived): their records are not stored (recordStore.ts dead-letters them). Costs nothing
 * once a month is known: the answer is kept per database.
 */
export async function prepareMonths(db: SqlDb, records: ReadonlyArray<{ id: string; hlc: string }>): Promise<ReadonlySet<string>> {
  let k = known.get(db);
  if (!k) {
    const { rows } = await db.query<{ relkind: string }>("select relkind from pg_class where oid = to_regclass('sync_records')");
    k = rows[0]?.relkind === 'p' ? { partitioned: true, months: new Map() } : { partitioned: false };
    known.set(db, k);
  }
  if (!k.partitioned) return NONE;
  const months = k.months;
  const wanted = new Set<string>();
  let closed: Set<string> | null = null;
  for (const r of records) {
    const m = recordMonth(r.id, r.hlc);
    const state = months.get(m);
    if (state === 'closed') (closed ??= new Set()).add(m);
    else if (state === undefined && ownMonth(m)) wanted.add(m);
  }
  if (wanted.size === 0) return closed ?? NONE;
  const newest = [...wanted].sort().pop()!;
  if (ownMonth(nextMonth(newest)) && !months.has(nextMonth(newest))) wanted.add(nextMonth(newest));
  const states = await ensurePartitions(db, [...wanted]);
  for (const [m, state] of states) {
    months.set(m, state);
    if (state === 'closed' && wanted.has(m)) (closed ??= new Set()).add(m);
  }
  return closed ?? NONE;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Creates the partitions of `months` that do not exist yet; says of each whether it is open or
 * detached. Serialised across processes by an advisory lock, so two creating the same month at
 * once do not collide.
 */
async function ensurePartitions(db: SqlDb, months: readonly string[]): Promise<Map<string, 'open' | 'closed'>> {
  return db.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock(hashtext('guichet.sync_records.partitions'))");
    const { rows } = await tx.query<{ relname: string; attached: boolean }>(
      `select c.relname, exists (select 1 from pg_inherits i where i.inhrelid = c.oid) as attached
       from pg_class c where c.relnamespace = (select oid from pg_namespace where nspname = current_schema()) and c.relname = any($1::text[])`,
      [months.map(partitionName)],
    );
    const existing = new Map(rows.map((r) => [r.relname, r.attached]));
    const dropped = new Set(
      (await tx.query<{ month: string }>("select to_char(month, 'YYYY-MM-DD') as month from sync_archived_months where month = any($1::date[])", [months])).rows.map((r) => r.month),
    );
    const states = new Map<string, 'open' | 'closed'>();
    for (const m of months) {
      const attached = existing.get(partitionName(m));
      if (attached === undefined && dropped.has(m)) states.set(m, 'closed');
      else if (attached === undefined) {
        await tx.query(`create table ${partitionName(m)} partition of sync_records for values from ('${m}') to ('${nextMonth(m)}')`);
        states.set(m, 'open');
      } else states.set(m, attached ? 'open' : 'closed');
    }
    return states;
  });
}

/** One month's partition as listMonths sees it. */
export interface MonthPartition {
  /** 'YYYY-MM'. */
  month: string;
  table: string;
  attached: boolean;
}

/** Every month that has a partition, attached or detached, oldest first. */
export async function listMonths(db: Pick<SqlDb, 'query'>): Promise<MonthPartition[]> {
  const { rows } = await db.query<{ relname: string; attached: boolean }>(
    `select c.relname, exists (select 1 from pg_inherits i where i.inhrelid = c.oid) as attached
     from pg_class c where c.relnamespace = (select oid from pg_namespace where nspname = current_schema())
       and c.relkind = 'r' and c.relname ~ '^sync_records_y[0-9]{4}m[0-9]{2}$' order by c.relname`,
  );
  return rows.map((r) => ({ month: `${r.relname.slice(14, 18)}-${r.relname.slice(19, 21)}`, table: r.relname, attached: r.attached }));
}

/**
 * Detaches one month (YYYY-MM) from sync_records: its rows stay in a table of their own
 * (returned), which can be dumped and dropped (dropDetachedMonth) or attached again
 * (attachMonth). On PostgreSQL it is detached CONCURRENTLY, so pushes and readers of other
 * months go on meanwhile; PGlite has no other sessions to spare. While detached, records of that
 * month arriving again are not stored but dead-lettered: a record already in the archive must not
 * be stored a second time in a fresh partition.
 */
export async function detachMonth(db: SqlDb, month: string): Promise<string> {
  const m = monthOf(month);
  const table = partitionName(m);
  await db.query(`alter table sync_records detach partition ${table}${db.kind === 'postgres' ? ' concurrently' : ''}`);
  forgetPartitions(db);
  return table;
}

/**
 * Attaches a detached month again (its rows answer again, and its records are stored again);
 * also a dropped month whose table was restored from its archive under the same name.
 */
export async function attachMonth(db: SqlDb, month: string): Promise<void> {
  const m = monthOf(month);
  await db.transaction(async (tx) => {
    await tx.query(`alter table sync_records attach partition ${partitionName(m)} for values from ('${m}') to ('${nextMonth(m)}')`);
    await tx.query('delete from sync_archived_months where month = $1', [m]);
  });
  forgetPartitions(db);
}

/**
 * Drops a detached month's table, once archived, and remembers the month as dropped (its
 * records are dead-lettered from then on). Refuses a month still attached.
 */
export async function dropDetachedMonth(db: SqlDb, month: string): Promise<void> {
  const m = monthOf(month);
  const table = partitionName(m);
  const state = (await listMonths(db)).find((p) => p.table === table);
  if (!state) throw new Error(`no partition for ${month}`);
  if (state.attached) throw new Error(`${month} is still attached: detach it first`);
  await db.transaction(async (tx) => {
    // Under the partitions' lock: a batch making partitions sees the month either with its table or as dropped.
    await tx.query("select pg_advisory_xact_lock(hashtext('guichet.sync_records.partitions'))");
    await tx.query('insert into sync_archived_months (month) values ($1) on conflict do nothing', [m]);
    await tx.query(`drop table ${table}`);
  });
  forgetPartitions(db);
}

/**
 * Months whose records are not all in sync_records: detached, or dropped after archiving
 * ('YYYY-MM', oldest first). What is computed from the stored records alone (a rebuild of the
 * figures) would be without them.
 */
export async function monthsAway(db: Pick<SqlDb, 'query'>): Promise<string[]> {
  const detached = (await listMonths(db)).filter((m) => !m.attached).map((m) => m.month);
  const { rows } = await db.query<{ month: string }>("select to_char(month, 'YYYY-MM') as month from sync_archived_months");
  return [...new Set([...detached, ...rows.map((r) => r.month)])].sort();
}

