import { open, readFile, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { z } from 'zod';

/** Another process already has this data folder open. */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

const Holder = z.object({ pid: z.number().int(), host: z.string(), at: z.string() });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is one process's database: two processes on one data folder corrupt it. The lock is a
 * file beside the folder naming its holder (like PostgreSQL's postmaster.pid), so a hub killed
 * with SIGKILL and restarted at once by its supervisor takes the lock back immediately, while a
 * second live process is refused. Returns the release.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const path = `${dataDir}.lock`;
  const me = { pid: process.pid, host: hostname(), at: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(path, 'wx');
      await fh.writeFile(JSON.stringify(me));
      await fh.close();
      return () => rm(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Holder.safeParse(await readFile(path, 'utf8').then(JSON.parse, () => null));
    const stale = holder.success && holder.data.host === me.host && !alive(holder.data.pid);
    if (!stale) {
      const who = holder.success ? `process ${holder.data.pid} on ${holder.data.host}` : 'another process';
      throw new DataDirLockedError(
        `the data folder ${dataDir} is in use by ${who}; stop it or choose another GUICHET_DATA_DIR (if no Guichet runs, delete ${path})`,
      );
    }
    // Move the dead holder's file aside before deleting it, so two processes clearing the same
    // stale lock cannot delete each other's fresh one; then race for it with O_EXCL again.
    const aside = `${path}.stale-${process.pid}-${attempt}`;
    await rename(path, aside).catch(() => undefined);
    await rm(aside, { force: true });
  }
  throw new DataDirLockedError(`could not lock the data folder ${dataDir}`);
}
