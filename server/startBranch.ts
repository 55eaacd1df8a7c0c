import type { BranchConfig } from '../shared/config/schema.js';
import { startBranchHost } from './branchHost.js';
import type { RunningBranchHost } from './branchHost.js';
import type { ApiKeyConfig } from './hub/access/apiKeys.js';
import { startHqServer } from './hq/hqServer.js';
import type { RunningHq } from './hq/hqServer.js';
import { isLoopbackHost } from './http/listenSecurity.js';
import { StartupError, explainListenError } from './startupFailure.js';

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
  /** The hub's TLS key and certificate (server/http/branchCertificate.ts); needed off loopback. */
  tls?: { key: string; cert: string };
  allowPlainHttp?: boolean;
  /** Integration API keys (GUICHET_API_KEYS). */
  apiKeys?: readonly ApiKeyConfig[];
  /** How often the complaint reminders (督办) are checked (GUICHET_REMINDER_CHECK_SECONDS); default every minute. */
  complaintReminderMs?: number;
  /** The hub's clock (default the machine's). Only tests set it (tests/e2e/support/clockedHub.ts); no variable does. */
  now?: () => Date;
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
    const hqPort = embeddedHqPort(o.port, o.hqPort);
    // The demo head office serves this machine only: on the LAN it would be plain HTTP.
    const hqHost = isLoopbackHost(o.host) ? o.host : '127.0.0.1';
    hq = await startHqServer({
      port: hqPort,
      host: hqHost,
      dataDir: o.dataDir,
      ...(o.adminToken ? { adminToken: o.adminToken } : {}),
      ...(o.rendererDir ? { rendererDir: o.rendererDir } : {}),
      logLevel: o.logLevel ?? 'warn',
    }).catch((err: unknown) => {
      const what = o.hqPort === undefined ? "the embedded head office (the hub's port + 10)" : 'the embedded head office';
      throw explainListenError(err, { what, variable: 'GUICHET_HQ_PORT', alternative: 'or GUICHET_UPSTREAM to use a real head office' }, hqPort, hqHost);
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
      ...(o.tls ? { tls: o.tls } : {}),
      ...(o.allowPlainHttp ? { allowPlainHttp: true } : {}),
      ...(o.apiKeys ? { apiKeys: o.apiKeys } : {}),
      ...(o.complaintReminderMs !== undefined ? { complaintReminderMs: o.complaintReminderMs } : {}),
      ...(o.now ? { now: o.now } : {}),
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

/**
 * The embedded head office's port: GUICHET_HQ_PORT, else the hub's + 10. Never the hub's own,
 * never past the last port: said at once, not found out as a collision.
 */
export function embeddedHqPort(hubPort: number, hqPort: number | undefined): number {
  const port = hqPort ?? (hubPort === 0 ? 0 : hubPort + 10);
  if (port > 65_535) {
    throw new StartupError(`The embedded head office would listen on port ${port} (GUICHET_PORT + 10), past the last port; set GUICHET_HQ_PORT to a free port, or GUICHET_UPSTREAM to use a real head office.`);
  }
  if (port !== 0 && port === hubPort) {
    throw new StartupError(`GUICHET_HQ_PORT is ${port}, the hub's own port (GUICHET_PORT); set it to another free port.`);
  }
  return port;
}
