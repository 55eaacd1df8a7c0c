import { describe, expect, it } from 'vitest';
import { DataDirLockedError, openSqlDb } from '../../server/db/sqlDb.js';
import { freshPgliteDir } from '../support/pgliteDataDir.js';

describe('a PGlite data folder', () => {
  it('cannot be opened twice at once, and is free again after close', async () => {
    const dir = await freshPgliteDir();
    const first = await openSqlDb({ dataDir: dir }, []);
    await expect(openSqlDb({ dataDir: dir }, [])).rejects.toBeInstanceOf(DataDirLockedError);
    await first.query('create table t (x int)');
    await first.close();
    const again = await openSqlDb({ dataDir: dir }, []);
    expect((await again.query<{ n: number }>('select count(*)::int as n from t')).rows[0]!.n).toBe(0);
    await again.close();
  });
});
