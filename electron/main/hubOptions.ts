import path from 'node:path';
import type { BranchStartOptions } from '../../server/startBranch.js';
import { StartupError } from '../../server/startupFailure.js';
import { remoteHubFrom } from './remoteHub.js';
import type { RemoteHub } from './remoteHub.js';

export const DEFAULT_HUB_PORT = 8080;

export type HubEnvOptions = Pick<BranchStartOptions, 'port' | 'host' | 'dataDir' | 'hostKind' | 'upstreamUrl' | 'enrolCode' | 'hqPort'> & {
  /** A branch configuration file; none means the embedded demo branch. */
  configPath: string | undefined;
};

/**
 * Loopback only: this hub serves the workstation it runs on. The env overrides exist so two
 * instances (tests, a demo beside a real install) can run side by side; port 0 picks a free one.
 */
export function hubOptionsFromEnv(env: NodeJS.ProcessEnv, userDataDir: string): HubEnvOptions {
  const port = portFromEnv(env, 'GUICHET_PORT') ?? DEFAULT_HUB_PORT;
  // The embedded head office's port (default: the hub's + 10, server/startBranch.ts).
  const hqPort = portFromEnv(env, 'GUICHET_HQ_PORT');
  const dataDir = env.GUICHET_DATA_DIR?.trim() || path.join(userDataDir, 'data');
  const configPath = env.GUICHET_CONFIG?.trim() || undefined;
  const upstreamUrl = env.GUICHET_UPSTREAM?.trim() || undefined;
  const enrolCode = env.GUICHET_ENROL_CODE?.trim() || undefined;
  return { port, host: '127.0.0.1', dataDir, hostKind: 'electron', configPath, ...(upstreamUrl ? { upstreamUrl } : {}), ...(enrolCode ? { enrolCode } : {}), ...(hqPort !== undefined ? { hqPort } : {}) };
}

function portFromEnv(env: NodeJS.ProcessEnv, name: 'GUICHET_PORT' | 'GUICHET_HQ_PORT'): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const parsed = Number(raw);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535) throw new StartupError(`${name} must be a TCP port (0-65535), got "${raw}".`);
  return parsed;
}

/**
 * Where this workstation's hub is: its own on loopback (the default, unchanged), or the branch's
 * LAN hub named by GUICHET_HUB_URL or device.json's "hub", which it then does not start.
 */
export type HubChoice = { kind: 'local'; options: HubEnvOptions } | { kind: 'remote'; hub: RemoteHub; dataDir: string };

export function hubChoiceFrom(env: NodeJS.ProcessEnv, userDataDir: string, deviceHub: unknown, deviceFile: string): HubChoice {
  const remote = remoteHubFrom(env, deviceHub, deviceFile);
  const options = hubOptionsFromEnv(env, userDataDir);
  // The data folder still holds the counter's recordings waiting to be uploaded.
  return remote ? { kind: 'remote', hub: remote, dataDir: options.dataDir } : { kind: 'local', options };
}
