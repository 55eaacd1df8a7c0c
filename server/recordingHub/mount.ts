import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { SqlDb } from '../db/sqlDb.js';
import type { QueueHub } from '../hub/queue/queueHub.js';
import { RecordingHostService } from '../host/recording/recordingHostService.js';
import type { RecordingHandlers } from '../host/recording/recordingHostService.js';
import type { Uploads } from '../uploads/registerUploads.js';
import { registerRecordingHub } from './routes.js';
import type { RecordingHub } from './routes.js';
import type { LiveFanout } from './liveFanout.js';
import type { ListenerAccess } from './staffSignIn.js';
import type { ListenLogEntry } from '../../shared/recording/access.js';
import { pinOfCertificate } from '../uploads/client/hubPin.js';

export interface MountedRecording {
  hub: RecordingHub;
  /** The browser host's recording channels (its counters record on this machine); null for Electron. */
  hostHandlers: RecordingHandlers | null;
  /** After listen: the hub's own URL (the browser host's recorders upload and publish to it). */
  start(url: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Counter recording in the branch process (server/branchHost.ts): the hub's side (search, replay,
 * live fan-out, listen log, relay to head office) and, for the browser host, the host side that
 * records its counters. Electron main mounts its own host side (electron/recording/).
 */
export function mountRecording(
  app: FastifyInstance,
  o: {
    db: SqlDb;
    hub: QueueHub;
    uploads: Uploads;
    upstreamUrl: string | null;
    dataDir: string;
    hostKind: 'browser' | 'electron';
    now?: () => Date;
    /** Who may listen: the branch's staff sessions. */
    access: ListenerAccess;
    onListen?: (entry: ListenLogEntry) => void;
    /** Made beforehand so the queue stream can carry the windows' recording state. */
    fanout?: LiveFanout;
    /** The hub's TLS certificate (PEM): this machine's recorders upload over https trusting it alone. */
    hubCertificate?: string;
  },
): MountedRecording {
  const hub = registerRecordingHub(app, {
    db: o.db,
    config: () => o.hub.branchConfig,
    hubDeviceId: o.hub.deviceId,
    uploads: o.uploads,
    upstreamUrl: o.upstreamUrl,
    dataDir: join(o.dataDir, 'recording-hub'),
    ...(o.now ? { now: o.now } : {}),
    access: o.access,
    ...(o.onListen ? { onListen: o.onListen } : {}),
    ...(o.fanout ? { fanout: o.fanout } : {}),
  });
  let url = '';
  const pin = o.hubCertificate ? pinOfCertificate(o.hubCertificate) : null;
  const host = o.hostKind === 'browser' ? new RecordingHostService({ dir: join(o.dataDir, 'recordings'), hubUrl: () => url, hubPin: () => pin }) : null;
  return {
    hub,
    hostHandlers: host?.handlers() ?? null,
    async start(u) {
      url = u;
      await hub.start();
    },
    async close() {
      await host?.close();
      await hub.close();
    },
  };
}
