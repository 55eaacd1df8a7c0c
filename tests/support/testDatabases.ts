import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openSqlDb } from '../../server/db/sqlDb.js';
import type { Migration, SqlDb } from '../../server/db/sqlDb.js';
import { freshPgliteDir } from './pgliteDataDir.js';

/** Server tests run on PGlite, and on PostgreSQL too when GUICHET_TEST_DATABASE_URL is set (CI). */
export const PG_URL = process.env.GUICHET_TEST_DATABASE_URL;
export const DB_TARGETS: Array<'pglite' | 'postgres'> = PG_URL ? ['pglite', 'postgres'] : ['pglite'];

/** A schema of its own on the PostgreSQL server, reached through `url`; `drop` removes it. */
export async function freshPostgresSchema(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!PG_URL) throw new Error('GUICHET_TEST_DATABASE_URL is not set');
  const schema = `guichet_t_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string): Promise<void> => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(sql).finally(() => c.end());
  };
  await admin(`create schema ${schema}`);
  const url = new URL(PG_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.toString(), drop: () => admin(`drop schema ${schema} cascade`) };
}

/** A fresh, migrated database of either kind; `drop` closes it and removes its data. */
export async function freshSqlDb(target: 'pglite' | 'postgres', migrations: readonly Migration[]): Promise<{ db: SqlDb; drop(): Promise<void> }> {
  if (target === 'pglite') {
    const db = await openSqlDb({ dataDir: await freshPgliteDir() }, migrations);
    return { db, drop: () => db.close() };
  }
  const schema = await freshPostgresSchema();
  const db = await openSqlDb({ databaseUrl: schema.url, dataDir: '' }, migrations);
  return { db, drop: async () => (await db.close(), await schema.drop()) };
}
