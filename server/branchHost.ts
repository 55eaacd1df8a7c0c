import { join } from 'node:path';
import type { BranchConfig } from '../shared/config/schema.js';
import { openSqlDb } from './db/sqlDb.js';
import type { SqlDb } from './db/sqlDb.js';
import { createHttpApp } from './http/createHttpApp.js';
import { checkListenSecurity } from './http/listenSecurity.js';
import { explainListenError } from './startupFailure.js';
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
import { ComplaintDesk } from './hub/complaints/complaintDesk.js';
import { complaintMigrations } from './hub/complaints/migrations.js';
import { registerComplaintRoutes } from './hub/complaints/complaintRoutes.js';
import { registerRatingRoutes } from './hub/ratings/ratingRoutes.js';
import { QueueHub } from './hub/queue/queueHub.js';
import { browserHostHandlersFor, browserHostSecretFile } from './host/browserHostHandlers.js';
import { registerHostSocket, sameOrigin } from './host/hostSocket.js';
import { registerHubSyncRoutes } from './hub/sync/hubSyncRoutes.js';
import { recordingHubMigrations } from './recordingHub/migrations.js';
import { mountRecording } from './recordingHub/mount.js';
import { LiveFanout } from './recordingHub/liveFanout.js';
import { serviceRecordMigrations } from './hub/serviceRecord/migrations.js';
import { noticeMigrations } from './hub/notices/migrations.js';
import { registerNoticeRoutes } from './hub/notices/noticeRoutes.js';
import { hubReportMigrations } from './hub/reports/migrations.js';
import { HubReports } from './hub/reports/hubReports.js';
import { registerHubReportRoutes } from './hub/reports/hubReportRoutes.js';
import { registerServiceRecordRoutes } from './hub/serviceRecord/serviceRecordRoutes.js';
import { FiguresKeeper } from './hub/figures/figuresKeeper.js';
import { figuresMigrations } from './hub/figures/migrations.js';
import { registerFiguresRoutes } from './hub/figures/figuresRoutes.js';
import { AlertDesk } from './hub/alerts/alertDesk.js';
import { alertMigrations } from './hub/alerts/migrations.js';
import { registerAlertRoutes } from './hub/alerts/alertRoutes.js';
import { dailyEvaluationMigrations } from './hub/evaluation/migrations.js';
import { registerDailyEvaluationRoutes } from './hub/evaluation/dailyEvaluationRoutes.js';
import type { RecordingHub } from './recordingHub/routes.js';
import { HubUpstream } from './hub/sync/hubUpstream.js';
import { relayMigrations } from './hub/sync/relayMigrations.js';
import { syncMigrations } from './sync/migrations.js';
import { authenticateDevice } from './sync/deviceAuth.js';
import { registerUploads } from './uploads/registerUploads.js';
import { openAccess } from './hub/access/access.js';
import type { AccessServices } from './hub/access/access.js';
import type { ApiKeyConfig } from './hub/access/apiKeys.js';
import { accessMigrations } from './hub/access/migrations.js';
import { registerAccessRoutes } from './hub/access/sessionRoutes.js';
import { ELECTRON_APP_ORIGIN, installAccessGate, ownOrigins } from './hub/access/gate.js';
import type { RouteKey } from './hub/access/routeAccess.js';

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
  /** PEM key and certificate: required on a non-loopback host (server/http/listenSecurity.ts). */
  tls?: { key: string; cert: string };
  /** GUICHET_ALLOW_PLAIN_HTTP=1: plain HTTP on a non-loopback host, knowingly. */
  allowPlainHttp?: boolean;
  /** Integration API keys (GUICHET_API_KEYS, parsed by server/hub/access/apiKeys.ts parseApiKeys). */
  apiKeys?: readonly ApiKeyConfig[];
  /**
   * false: the access gate refuses nobody (server/hub/access/gate.ts). ONLY the bench sets it, to
   * measure what the gate costs in the same run; no environment variable or configuration does.
   */
  enforceAccess?: false;
  /**
   * false: the figures' aggregates do not follow the queue as events are committed; they catch up
   * when a view asks (server/hub/figures/figuresKeeper.ts). ONLY the bench sets it, to measure what
   * the upkeep costs call-next in the same run.
   */
  keepFigures?: false;
  /** How often the complaint log checks deadlines for reminders (default 60 s; 0 = never by timer). */
  complaintReminderMs?: number;
  /** How often the alert rules run with nothing happening (default 30 s; 0 = only after changes and alerts.evaluateNow()). */
  alertEveryMs?: number;
}

export interface RunningBranchHost {
  url: string;
  port: number;
  hub: QueueHub;
  db: SqlDb;
  upstream: HubUpstream | null;
  /** Counter recording's hub side: search, replay, live, listen log, relay to head office. */
  recordings: RecordingHub;
  /** Staff sessions, enrolled devices, integration keys, the security audit (server/hub/access/). */
  access: AccessServices;
  /** Every "METHOD /url" the hub registered (static files aside): the access table must cover exactly these. */
  routes: ReadonlySet<RouteKey>;
  /** The complaint log (server/hub/complaints/): its API, the merge of pushed ops, the reminders. */
  complaints: ComplaintDesk;
  /** The figures' aggregates (server/hub/figures/): tests catch up, drop and rebuild them. */
  figures: FiguresKeeper;
  /** Head office's monthly reports of the branch (server/hub/reports/): tests fetch the files now. */
  hqReports: HubReports;
  /** The lead's alerts as records (server/hub/alerts/): tests drive its evaluation with an injected clock. */
  alerts: AlertDesk;
  close(): Promise<void>;
}

/** The Electron app's own origin, allowed to call the hub's API across origins (defined with the access gate's Origin check). */
export { ELECTRON_APP_ORIGIN };

/**
 * The branch hub (queue authority, LAN API, live stream) and, for the browser host, the built
 * renderer and the host bridge socket: the whole branch in one process.
 */
export async function startBranchHost(opts: BranchHostOptions): Promise<RunningBranchHost> {
  checkListenSecurity({ host: opts.host, tls: opts.tls !== undefined, allowPlainHttp: opts.allowPlainHttp ?? false });
  // A branch's queue is a few thousand rows a day: Postgres's default 128 MB of shared buffers
  // only tripled the hub's memory (npm run bench, queue:day).
  const db = await openSqlDb({ dataDir: join(opts.dataDir, 'hub'), settings: ['shared_buffers=32MB'] }, [...queueMigrations, ...syncMigrations, ...relayMigrations, ...phrasesMigrations, ...businessDayMigrations, ...ratingMigrations, ...pauseMigrations, ...recordingHubMigrations, ...accessMigrations, ...complaintMigrations, ...serviceRecordMigrations, ...figuresMigrations, ...noticeMigrations, ...alertMigrations, ...dailyEvaluationMigrations, ...hubReportMigrations]);
  try {
    const hub = await QueueHub.open({ db, config: opts.config, ...(opts.now ? { now: opts.now } : {}) });
    let logWarn: (message: string) => void = () => undefined;
    const access = await openAccess({
      db,
      config: () => hub.branchConfig,
      hubDeviceId: hub.deviceId,
      ...(opts.apiKeys ? { apiKeys: opts.apiKeys } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      warn: (m) => logWarn(m),
    });
    const pauses = await PauseDesk.open({ db, hub, audit: access.audit.sink, ...(opts.now ? { now: opts.now } : {}) });
    const app = await createHttpApp({
      ...(opts.hostKind === 'browser' && opts.rendererDir ? { rendererDir: opts.rendererDir } : {}),
      corsOrigins: [ELECTRON_APP_ORIGIN],
      logLevel: opts.logLevel ?? 'warn',
      ...(opts.tls ? { tls: opts.tls } : {}),
    });
    logWarn = (m) => app.log.warn(m);
    // Before any route: a route without an entry in the access table stops the hub here.
    let origins: ReadonlySet<string> = new Set();
    const gate = installAccessGate(app, {
      branchId: () => hub.branchConfig.branchId,
      devices: access.resolvers.devices,
      sessions: access.resolvers.sessions,
      apiKeys: access.resolvers.apiKeys,
      hasWindow: (n) => hub.branchConfig.counters.some((c) => c.number === n),
      ownOrigins: () => origins,
      ...(opts.enforceAccess === false ? { enforce: false } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      onApiKeyUsed: (req, name) => access.audit.sink('api_key_used', { window: req.actor.session?.window ?? null, staffId: req.actor.session?.staffId ?? null, detail: `key "${name}": ${req.method} ${req.routeOptions.url ?? ''}`.slice(0, 200) }),
    });
    const phrases = await PhraseHub.open({ db, config: () => hub.branchConfig, ...(opts.now ? { now: opts.now } : {}) });
    // The complaint log (issue 13) before the ratings: a dissatisfied answer opens its item in the rating's transaction.
    const complaints = await ComplaintDesk.open({
      db,
      config: () => hub.branchConfig,
      hubDeviceId: hub.deviceId,
      audit: access.audit,
      sessions: access.sessions,
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.complaintReminderMs !== undefined ? { reminderMs: opts.complaintReminderMs } : {}),
      warn: (m) => logWarn(m),
    });
    const ratings = await RatingHub.open({
      db,
      queue: hub,
      tellerAt: (n) => access.sessions.tellerAt(n),
      onLowRating: (tx, low) => complaints.openLowRating(tx, low),
      ...(opts.now ? { now: opts.now } : {}),
    });
    registerRatingRoutes(app, ratings);
    registerComplaintRoutes(app, complaints);
    registerQueueRoutes(app, hub);
    // The recording hub's live fan-out also knows which windows record now (their recorders say so): the displays' notice.
    const liveFanout = new LiveFanout();
    // The lead's alerts (issue 14): the rules run after queue events and window changes, and on a timer.
    const alerts = await AlertDesk.open({
      db,
      hub,
      windows: pauses,
      audit: access.audit,
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.alertEveryMs !== undefined ? { everyMs: opts.alertEveryMs } : {}),
      warn: (m) => logWarn(m),
    });
    registerQueueStream(app, hub, [phrases.streamSide(), pauses.streamSide(), access.sessions.streamSide(), liveFanout.streamSide(), complaints.streamSide(), alerts.streamSide()]);
    registerPauseRoutes(app, pauses);
    // The lead's figures (issue 14): aggregates kept as queue events are committed, caught up at start.
    const figures = await FiguresKeeper.open({
      db,
      config: () => hub.branchConfig,
      subscribe: (l) => hub.subscribe(l),
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.keepFigures === false ? { follow: false } : {}),
      warn: (m) => logWarn(m),
    });
    registerFiguresRoutes(app, { db, keeper: figures, config: () => hub.branchConfig, now: opts.now ?? (() => new Date()), snapshot: () => hub.snapshot(), windows: () => pauses.states() });
    registerAccessRoutes(app, access);
    registerPhraseRoutes(app, { db, hub, phrases });
    const upstream = opts.upstream
      ? new HubUpstream({ db, hub, upstreamUrl: opts.upstream.url, ...(opts.upstream.enrolCode ? { enrolCode: opts.upstream.enrolCode } : {}), ...(opts.upstream.pollMs ? { pollMs: opts.upstream.pollMs } : {}) })
      : null;
    // A push may hold complaint steps and offline sign-ins (audited for the lead): both follow the records.
    const onStored = (): void => {
      complaints.wakeSoon();
      access.offlineSignIns.wakeSoon();
    };
    registerHubSyncRoutes(app, { db, hub, upstream, demo: opts.demo ?? false, onEnrolled: (d) => access.devices.enrolled(d), onStored });
    registerBusinessDayRoutes(app, { db, hub, ...(opts.now ? { now: opts.now } : {}) });
    registerNoticeRoutes(app, { db, config: () => hub.branchConfig, ...(opts.now ? { now: opts.now } : {}) });
    // Head office's monthly reports of the branch: the pulled document, and its files fetched and kept.
    const hqReports = new HubReports({ db, branchId: () => hub.branchConfig.branchId, ...(opts.now ? { now: opts.now } : {}), warn: (m) => logWarn(m) });
    registerHubReportRoutes(app, hqReports);
    const uploads = await registerUploads(app, { db, dataDir: join(opts.dataDir, 'uploads'), authenticate: (req) => authenticateDevice(db, req.headers.authorization) });
    uploads.startSweeping();
    const recording = mountRecording(app, {
      db,
      hub,
      uploads,
      upstreamUrl: opts.upstream?.url ?? null,
      dataDir: opts.dataDir,
      hostKind: opts.hostKind,
      ...(opts.now ? { now: opts.now } : {}),
      access: access.recordings,
      fanout: liveFanout,
      // This machine's recorders upload to the hub over https, trusting its certificate alone.
      ...(opts.tls ? { hubCertificate: opts.tls.cert } : {}),
      onListen: (e) =>
        access.audit.sink('listen', {
          staffId: e.staffId,
          window: e.counter,
          detail: e.mode === 'live' ? `live listen to window ${e.counter}` : `replay of recording ${e.recordingId}${e.ticketNumber ? ` (${e.ticketNumber})` : ''}`,
        }),
    });
    registerServiceRecordRoutes(app, {
      db,
      config: () => hub.branchConfig,
      audit: access.audit,
      resolvers: access.resolvers,
      catchUpRecordings: () => recording.hub.projector.catchUp(),
      ...(opts.now ? { now: opts.now } : {}),
    });
    registerAlertRoutes(app, alerts);
    registerDailyEvaluationRoutes(app, { db, config: () => hub.branchConfig, ...(opts.now ? { now: opts.now } : {}) });
    if (opts.hostKind === 'browser') {
      // The browser page talks to the hub on its own origin, so it needs no hub URL.
      // Per connection: secrets are kept for this machine's pages only (server/host/secretStore.ts).
      registerHostSocket(app, browserHostHandlersFor({ version: opts.version ?? '0.0.0', hubUrl: '' }, recording.hostHandlers ?? undefined, browserHostSecretFile(opts.dataDir)), sameOrigin);
    }
    await app.listen({ port: opts.port, host: opts.host }).catch((err: unknown) => {
      throw explainListenError(err, { what: 'the hub', variable: 'GUICHET_PORT' }, opts.port, opts.host);
    });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : opts.port;
    const shownHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
    const url = `${opts.tls ? 'https' : 'http'}://${shownHost}:${port}`;
    origins = ownOrigins(opts.host, port, opts.tls ? 'https' : 'http');
    upstream?.start();
    if (upstream) hqReports.start();
    await recording.start(url);
    return {
      url,
      port,
      hub,
      db,
      upstream,
      recordings: recording.hub,
      access,
      routes: gate.registered,
      complaints,
      figures,
      alerts,
      hqReports,
      close: async () => {
        await upstream?.stop();
        await hqReports.stop();
        await recording.close();
        await uploads.stopSweeping();
        await app.close();
        await ratings.close();
        await figures.close();
        await alerts.close();
        await complaints.close();
        await access.close();
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
