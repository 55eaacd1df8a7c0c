import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { mkdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { lockDataDir } from './dataDirLock.js';

/** One migration = one SQL text, applied once, in order, inside a transaction. */
export interface Migration {
  id: string;
  sql: string;
}

export { DataDirLockedError } from './dataDirLock.js';

/**
 * The one SQL surface the hub and HQ use, over PGlite (embedded: a data folder) or PostgreSQL
 * (production: DATABASE_URL). Same SQL on both; jsonb parameters are passed as JSON text.
 */
export interface QueryOptions {
  /**
   * Parsed and planned once per connection and kept (a named statement on PostgreSQL), for a
   * statement of fixed text run for every batch: planning the store's statements took about as
   * long as running them (tests/bench/hqFiguresBench.ts). Only for a text that does not vary,
   * since each kept text costs the server memory per connection. PGlite ignores it.
   */
  prepared?: boolean;
}

export interface SqlTx {
  query<T>(sql: string, params?: unknown[], opts?: QueryOptions): Promise<{ rows: T[] }>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface SqlDb extends SqlTx {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction: all of it is stored, or none of it. */
  transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function sqlDbFromPglite(db: PGlite, release: () => Promise<void> = async () => undefined): SqlDb {
  return {
    kind: 'pglite',
    query: (sql, params) => db.query(sql, params),
    exec: async (sql) => void (await db.exec(sql)),
    transaction: (fn) => db.transaction((tx) => fn({ query: (sql, params) => tx.query(sql, params), exec: async (sql) => void (await tx.exec(sql)) })),
    close: async () => {
      await db.close();
      await release();
    },
  };
}


/** Statement names by text: the same text gets the same name on every connection. */
const statementNames = new Map<string, string>();
/**
 * The most texts kept prepared: the store's and the merge's are a handful. Past it (a caller
 * passing `prepared` with a text that varies), a new text runs unprepared: it costs its planning
 * again, not the server's memory on every connection.
 */
export const MAX_PREPARED_TEXTS = 64;

/** The driver's query for a text: named (prepared once per connection) when asked and while there is room. */
export function pgQuery(text: string, values: unknown[] | undefined, opts: QueryOptions | undefined): pg.QueryConfig {
  if (!opts?.prepared) return values ? { text, values } : { text };
  let name = statementNames.get(text);
  if (!name) {
    if (statementNames.size >= MAX_PREPARED_TEXTS) return { text, values: values ?? [] };
    statementNames.set(text, (name = `g_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`));
  }
  return { name, text, values: values ?? [] };
}

export function sqlDbFromPool(pool: pg.Pool): SqlDb {
  return {
    kind: 'postgres',
    query: async <T>(sql: string, params?: unknown[], opts?: QueryOptions) => ({ rows: (await pool.query(pgQuery(sql, params, opts))).rows as T[] }),
    exec: async (sql) => void (await pool.query(sql)),
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn({
          query: async <T>(sql: string, params?: unknown[], opts?: QueryOptions) => ({ rows: (await client.query(pgQuery(sql, params, opts))).rows as T[] }),
          exec: async (sql) => void (await client.query(sql)),
        });
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** PostgreSQL when a URL is given, else PGlite in `dataDir`; migrations applied either way. */
export async function openSqlDb(opts: { databaseUrl?: string; dataDir: string; settings?: readonly string[] }, migrations: readonly Migration[]): Promise<SqlDb> {
  let db: SqlDb;
  if (opts.databaseUrl) {
    db = sqlDbFromPool(new pg.Pool({ connectionString: opts.databaseUrl, max: 10 }));
  } else {
    await mkdir(opts.dataDir, { recursive: true });
    const release = await lockDataDir(opts.dataDir);
    try {
      // Under Node the data folder is mounted directly, so every write reaches the OS during the
      // query itself; waiting for PGlite's extra sync afterwards only added ~4 ms to every query.
      // A killed process loses nothing (tests/e2e/hubCrash.spec.ts).
      const pglite = await PGlite.create({ dataDir: opts.dataDir, relaxedDurability: true, postgresqlconf: [...(opts.settings ?? [])] });
      db = sqlDbFromPglite(pglite, release);
    } catch (err) {
      await release();
      throw err;
    }
  }
  await migrateSql(db, migrations);
  return db;
}

export async function migrateSql(db: SqlDb, migrations: readonly Migration[]): Promise<void> {
  await db.query('create table if not exists schema_migrations (id text primary key, applied_at timestamptz not null default now())');
  // Several HQ processes may start at once against one PostgreSQL: one migrates, the others wait.
  await db.transaction(async (tx) => {
    if (db.kind === 'postgres') await tx.query('select pg_advisory_xact_lock(7428001)');
    const done = new Set((await tx.query<{ id: string }>('select id from schema_migrations')).rows.map((r) => r.id));
    for (const m of migrations) {
      if (done.has(m.id)) continue;
      await tx.exec(m.sql);
      await tx.query('insert into schema_migrations (id) values ($1)', [m.id]);
    }
  });
}
