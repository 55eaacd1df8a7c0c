import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { startBranchHost } from '../../server/branchHost.js';
import { lockDataDir } from '../../server/db/dataDirLock.js';
import { startBranch } from '../../server/startBranch.js';
import { StartupError, describeStartFailure } from '../../server/startupFailure.js';
import { freshPgliteDir } from '../support/pgliteDataDir.js';

// Start-up failures as the operator sees them: one sentence naming the port or folder and the
// variable to set, never a stack trace.
let taken: Server;
let takenPort: number;
beforeAll(async () => {
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  takenPort = (taken.address() as { port: number }).port;
});
afterAll(async () => new Promise<void>((resolve) => taken.close(() => resolve())));

const base = () => ({ host: '127.0.0.1', hostKind: 'browser' as const, config: demoBranch('2000-01-01'), logLevel: 'silent' as const });
const failure = (p: Promise<unknown>) => p.then(() => expect.unreachable('it started'), (e: unknown) => e);

describe('a branch that cannot start', () => {
  // Two PGlite databases start (head office, then the hub) before the hub's listen fails.
  it('on a port in use says which port and GUICHET_PORT', { timeout: 90_000 }, async () => {
    const err = await failure(startBranch({ ...base(), port: takenPort, hqPort: 0, dataDir: await freshPgliteDir() }));
    expect(err).toBeInstanceOf(StartupError);
    expect((err as Error).message).toBe(`Port ${takenPort} for the hub is already in use on 127.0.0.1 (another Guichet, or another program); stop it or set GUICHET_PORT to a free port.`);
    expect(describeStartFailure(err)).toEqual({ sentence: `Guichet could not start: port ${takenPort} for the hub is already in use on 127.0.0.1 (another Guichet, or another program); stop it or set GUICHET_PORT to a free port.`, detail: null });
  });

  it('whose embedded head office port is in use says GUICHET_HQ_PORT', async () => {
    const err = await failure(startBranch({ ...base(), port: 0, hqPort: takenPort, dataDir: await freshPgliteDir() }));
    expect(err).toBeInstanceOf(StartupError);
    expect((err as Error).message).toMatch(new RegExp(`^Port ${takenPort} for the embedded head office is already in use .*set GUICHET_HQ_PORT to a free port, or GUICHET_UPSTREAM to use a real head office\\.$`));
  });

  it('whose default head office port (hub + 10) would be the taken one says so too', async () => {
    const err = await failure(startBranch({ ...base(), port: takenPort - 10, dataDir: await freshPgliteDir() }));
    expect((err as Error).message).toMatch(new RegExp(`^Port ${takenPort} for the embedded head office \\(the hub's port \\+ 10\\) is already in use .*GUICHET_HQ_PORT`));
  });

  it('on a locked data folder names the folder and GUICHET_DATA_DIR', async () => {
    const dataDir = await freshPgliteDir();
    const release = await lockDataDir(join(dataDir, 'hub'));
    try {
      const err = await failure(startBranchHost({ ...base(), port: 0, dataDir }));
      const { sentence, detail } = describeStartFailure(err);
      expect(sentence).toMatch(/^Guichet could not start: the data folder .* is in use by process \d+ .*GUICHET_DATA_DIR/);
      expect(sentence).not.toContain('\n');
      expect(detail).toBeNull();
    } finally {
      await release();
    }
  });
});
