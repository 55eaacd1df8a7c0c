import { PGlite } from '@electric-sql/pglite';
import { cp, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh, empty PGlite data folder for a test. initdb takes seconds, so it runs once per
 * machine into a template that each test copies; the rename makes parallel workers safe.
 */
export async function freshPgliteDir(): Promise<string> {
  const template = join(tmpdir(), 'guichet-pglite-template-v1');
  if (!(await exists(join(template, 'PG_VERSION')))) {
    const building = await mkdtemp(join(tmpdir(), 'guichet-pglite-build-'));
    const db = await PGlite.create({ dataDir: building });
    await db.close();
    await rename(building, template).catch(async () => rm(building, { recursive: true, force: true }));
  }
  const dir = await mkdtemp(join(tmpdir(), 'guichet-test-'));
  await cp(template, dir, { recursive: true });
  return dir;
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}
