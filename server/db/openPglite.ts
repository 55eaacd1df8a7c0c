import { PGlite } from '@electric-sql/pglite';
import { mkdir } from 'node:fs/promises';

/** One migration = one SQL text, applied once, in order, inside a transaction. */
export interface Migration {
  id: string;
  sql: string;
}

export type Db = PGlite;

/**
 * A branch's queue is a few thousand rows a day: Postgres's default 128 MB of shared buffers
 * only made the hub's memory three times larger (npm run bench, queue:day).
 */
const HUB_SETTINGS = ['shared_buffers=32MB'];

export async function openPglite(dataDir: string, migrations: readonly Migration[], settings: readonly string[] = HUB_SETTINGS): Promise<Db> {
  await mkdir(dataDir, { recursive: true });
  // Under Node the data folder is mounted directly, so every write reaches the OS during the
  // query itself; waiting for PGlite's extra sync afterwards only added ~4 ms to every query
  // (select included). A killed process loses nothing; see tests/e2e/hubCrash.spec.ts.
  const db = await PGlite.create({ dataDir, relaxedDurability: true, postgresqlconf: [...settings] });
  await migrate(db, migrations);
  return db;
}

export async function migrate(db: Db, migrations: readonly Migration[]): Promise<void> {
  await db.exec('create table if not exists schema_migrations (id text primary key, applied_at timestamptz not null default now())');
  const done = new Set((await db.query<{ id: string }>('select id from schema_migrations')).rows.map((r) => r.id));
  for (const m of migrations) {
    if (done.has(m.id)) continue;
    await db.transaction(async (tx) => {
      await tx.exec(m.sql);
      await tx.query('insert into schema_migrations (id) values ($1)', [m.id]);
    });
  }
}
