import { join } from 'node:path';
import type { BranchConfig } from '../shared/config/schema.js';
import { openSqlDb } from './db/sqlDb.js';
import type { SqlDb } from './db/sqlDb.js';
import { createHttpApp } from './http/createHttpApp.js';
import { registerQueueRoutes } from './hub/api/queueRoutes.js';
import { registerQueueStream } from './hub/api/queueStream.js';
import { businessDayMigrations } from './hub/businessDay/migrations.js';
import { registerBusinessDayRoutes } from './hub/businessDay/businessDayRoutes.js';
import { phrasesMigrations } from './hub/phrases/migrations.js';
import { PhraseHub } from './hub/phrases/phraseHub.js';
import { registerPhraseRoutes } from './hub/phrases/phraseRoutes.js';
import { queueMigrations } from './hub/queue/migrations.js';
import { pauseMigrations } from './hub/pause/migrations.js';
import { PauseDesk } from './hub/pause/pauseDesk.js';
import { registerPauseRoutes } from './hub/pause/pauseRoutes.js';
import { ratingMigrations } from './hub/ratings/migrations.js';
import { RatingHub } from './hub/ratings/ratingHub.js';
import { registerRatingRoutes } from './hub/ratings/ratingRoutes.js';
import { QueueHub } from './hub/queue/queueHub.js';
import { browserHostHandlers } from './host/browserHostHandlers.js';
import { registerHostSocket, sameOrigin } from './host/hostSocket.js';
import { registerHubSyncRoutes } from './hub/sync/hubSyncRoutes.js';
import { recordingHubMigrations } from './recordingHub/migrations.js';
import { mountRecording } from './recordingHub/mount.js';
import type { RecordingHub } from './recordingHub/routes.js';
import { HubUpstream } from './hub/sync/hubUpstream.js';
import { relayMigrations } from './hub/sync/relayMigrations.js';
import { syncMigrations } from './sync/migrations.js';
import { authenticateDevice } from './sync/deviceAuth.js';
import { registerUploads } from './uploads/registerUploads.js';

export interface BranchHostOptions {
  port: number;
  host: string;
  dataDir: string;
  hostKind: 'browser' | 'electron';
  rendererDir?: string;
  config: BranchConfig;
  version?: string;
  now?: () => Date;
  logLevel?: 'silent' | 'warn' | 'info';
  /** Head office to sync with (and a one-time code if this hub is not enrolled there yet). */
  upstream?: { url: string; enrolCode?: string; pollMs?: number };
  /** The embedded demo branch: devices on this machine may fetch a one-time enrol code. */
  demo?: boolean;
}

export interface RunningBranchHost {
  url: string;
  port: number;
  hub: QueueHub;
  db: SqlDb;
  upstream: HubUpstream | null;
  /** Counter recording's hub side: search, replay, live, listen log, relay to head office. */
  recordings: RecordingHub;
  close(): Promise<void>;
}

/** The Electron app's own origin, allowed to call the hub's API across origins. */
export const ELECTRON_APP_ORIGIN = 'guichet://app';

/**
 * The branch hub (queue authority, LAN API, live stream) and, for the browser host, the built
 * renderer and the host bridge socket: the whole branch in one process.
 */
export async function startBranchHost(opts: BranchHostOptions): Promise<RunningBranchHost> {
  // A branch's queue is a few thousand rows a day: Postgres's default 128 MB of shared buffers
  // only tripled the hub's memory (npm run bench, queue:day).
  const db = await openSqlDb({ dataDir: join(opts.dataDir, 'hub'), settings: ['shared_buffers=32MB'] }, [...queueMigrations, ...syncMigrations, ...relayMigrations, ...phrasesMigrations, ...businessDayMigrations, ...ratingMigrations, ...pauseMigrations, ...recordingHubMigrations]);
  try {
    const hub = await QueueHub.open({ db, config: opts.config, ...(opts.now ? { now: opts.now } : {}) });
    const pauses = await PauseDesk.open({ db, hub, ...(opts.now ? { now: opts.now } : {}) });
    const app = await createHttpApp({
      ...(opts.hostKind === 'browser' && opts.rendererDir ? { rendererDir: opts.rendererDir } : {}),
      corsOrigins: [ELECTRON_APP_ORIGIN],
      logLevel: opts.logLevel ?? 'warn',
    });
    const phrases = await PhraseHub.open({ db, config: () => hub.branchConfig, ...(opts.now ? { now: opts.now } : {}) });
    const ratings = await RatingHub.open({ db, queue: hub, ...(opts.now ? { now: opts.now } : {}) });
    registerRatingRoutes(app, ratings);
    registerQueueRoutes(app, hub);
    registerQueueStream(app, hub, [phrases.streamSide(), pauses.streamSide()]);
    registerPauseRoutes(app, pauses);
    registerPhraseRoutes(app, { db, hub, phrases });
    const upstream = opts.upstream
      ? new HubUpstream({ db, hub, upstreamUrl: opts.upstream.url, ...(opts.upstream.enrolCode ? { enrolCode: opts.upstream.enrolCode } : {}), ...(opts.upstream.pollMs ? { pollMs: opts.upstream.pollMs } : {}) })
      : null;
    registerHubSyncRoutes(app, { db, hub, upstream, demo: opts.demo ?? false });
    registerBusinessDayRoutes(app, { db, hub, ...(opts.now ? { now: opts.now } : {}) });
    const uploads = await registerUploads(app, { db, dataDir: join(opts.dataDir, 'uploads'), authenticate: (req) => authenticateDevice(db, req.headers.authorization) });
    uploads.startSweeping();
    const recording = mountRecording(app, { db, hub, uploads, upstreamUrl: opts.upstream?.url ?? null, dataDir: opts.dataDir, hostKind: opts.hostKind, ...(opts.now ? { now: opts.now } : {}) });
    if (opts.hostKind === 'browser') {
      // The browser page talks to the hub on its own origin, so it needs no hub URL.
      registerHostSocket(app, browserHostHandlers({ version: opts.version ?? '0.0.0', hubUrl: '' }, recording.hostHandlers ?? undefined), sameOrigin);
    }
    await app.listen({ port: opts.port, host: opts.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : opts.port;
    const shownHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
    const url = `http://${shownHost}:${port}`;
    upstream?.start();
    await recording.start(url);
    return {
      url,
      port,
      hub,
      db,
      upstream,
      recordings: recording.hub,
      close: async () => {
        await upstream?.stop();
        await recording.close();
        await uploads.stopSweeping();
        await app.close();
        await ratings.close();
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
