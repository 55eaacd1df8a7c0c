import path from 'node:path';
import type { BranchStartOptions } from '../../server/startBranch.js';

export const DEFAULT_HUB_PORT = 8080;

export type HubEnvOptions = Pick<BranchStartOptions, 'port' | 'host' | 'dataDir' | 'hostKind' | 'upstreamUrl' | 'enrolCode'> & {
  /** A branch configuration file; none means the embedded demo branch. */
  configPath: string | undefined;
};

/**
 * Loopback only: this hub serves the workstation it runs on. The env overrides exist so two
 * instances (tests, a demo beside a real install) can run side by side; port 0 picks a free one.
 */
export function hubOptionsFromEnv(env: NodeJS.ProcessEnv, userDataDir: string): HubEnvOptions {
  const rawPort = env.GUICHET_PORT?.trim();
  let port = DEFAULT_HUB_PORT;
  if (rawPort) {
    const parsed = Number(rawPort);
    if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535) throw new Error(`GUICHET_PORT must be a TCP port (0-65535), got "${rawPort}"`);
    port = parsed;
  }
  const dataDir = env.GUICHET_DATA_DIR?.trim() || path.join(userDataDir, 'data');
  const configPath = env.GUICHET_CONFIG?.trim() || undefined;
  const upstreamUrl = env.GUICHET_UPSTREAM?.trim() || undefined;
  const enrolCode = env.GUICHET_ENROL_CODE?.trim() || undefined;
  return { port, host: '127.0.0.1', dataDir, hostKind: 'electron', configPath, ...(upstreamUrl ? { upstreamUrl } : {}), ...(enrolCode ? { enrolCode } : {}) };
}
