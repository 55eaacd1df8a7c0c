import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
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

describe('the lock of a process that died without cleaning up (SIGKILL)', () => {
  it('is taken back at once; a live holder still refuses', async () => {
    const dir = await freshPgliteDir();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    await new Promise((r) => child.once('spawn', r));
    writeFileSync(`${dir}.lock`, JSON.stringify({ pid: child.pid, host: hostname(), at: new Date().toISOString() }));
    await expect(openSqlDb({ dataDir: dir }, [])).rejects.toThrow(/in use by process/);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const db = await openSqlDb({ dataDir: dir }, []);
    await db.close();
  });
});
