import type { BranchConfig } from '../shared/config/schema.js';
import { startBranchHost } from './branchHost.js';
import type { RunningBranchHost } from './branchHost.js';
import { startHqServer } from './hq/hqServer.js';
import type { RunningHq } from './hq/hqServer.js';

export interface BranchStartOptions {
  port: number;
  host: string;
  dataDir: string;
  hostKind: 'browser' | 'electron';
  config: BranchConfig;
  rendererDir?: string;
  version?: string;
  /** A real head office; absent: an embedded one is started beside the hub (the demo). */
  upstreamUrl?: string;
  enrolCode?: string;
  /** Port of the embedded head office (default: the hub's port + 10). */
  hqPort?: number;
  adminToken?: string;
  logLevel?: 'silent' | 'warn' | 'info';
}

export interface RunningBranch {
  branch: RunningBranchHost;
  /** The embedded head office, when no upstream was given. */
  hq: RunningHq | null;
  close(): Promise<void>;
}

/**
 * The branch as `npm start`, `npm run web` and the Electron app run it: the hub, and unless a
 * real head office is named, a head office of its own in the same process so the demo syncs
 * end to end on embedded defaults. The hub enrols there by itself with a fresh one-time code.
 */
export async function startBranch(o: BranchStartOptions): Promise<RunningBranch> {
  let hq: RunningHq | null = null;
  let upstream: { url: string; enrolCode?: string };
  if (o.upstreamUrl) {
    upstream = { url: o.upstreamUrl, ...(o.enrolCode ? { enrolCode: o.enrolCode } : {}) };
  } else {
    hq = await startHqServer({
      port: o.hqPort ?? (o.port === 0 ? 0 : o.port + 10),
      host: o.host,
      dataDir: o.dataDir,
      ...(o.adminToken ? { adminToken: o.adminToken } : {}),
      ...(o.rendererDir ? { rendererDir: o.rendererDir } : {}),
      logLevel: o.logLevel ?? 'warn',
    });
    const code = await hq.createEnrolCode({ branchId: o.config.branchId, role: 'hub', ttlMinutes: 10 });
    upstream = { url: hq.url, enrolCode: code.code };
  }
  try {
    const branch = await startBranchHost({
      port: o.port,
      host: o.host,
      dataDir: o.dataDir,
      hostKind: o.hostKind,
      config: o.config,
      ...(o.rendererDir ? { rendererDir: o.rendererDir } : {}),
      ...(o.version ? { version: o.version } : {}),
      logLevel: o.logLevel ?? 'warn',
      upstream,
      demo: hq !== null,
    });
    return {
      branch,
      hq,
      close: async () => {
        await branch.close();
        await hq?.close();
      },
    };
  } catch (err) {
    await hq?.close();
    throw err;
  }
}
