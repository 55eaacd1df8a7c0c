import { join } from 'node:path';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { businessDayOf } from '../../shared/queue/rules/index.js';
import { CONFIG_BRANCH } from '../../shared/sync/kinds.js';
import { openSqlDb } from '../db/sqlDb.js';
import type { SqlDb } from '../db/sqlDb.js';
import { createHttpApp } from '../http/createHttpApp.js';
import { putConfigDoc } from '../sync/configDocs.js';
import { authenticateDevice, createEnrolCode } from '../sync/deviceAuth.js';
import type { EnrolCode } from '../sync/deviceAuth.js';
import type { DeviceRole } from '../../shared/sync/protocol.js';
import { registerUploads } from '../uploads/registerUploads.js';
import { registerSyncRoutes } from '../sync/syncRoutes.js';
import { newAdminToken } from './adminAuth.js';
import type { HqAdmin } from './adminAuth.js';
import { DEFAULT_CODE_TTL_MINUTES, registerHqRoutes } from './hqRoutes.js';
import { hqMigrations } from './migrations.js';
import { ComplaintProjection } from '../hub/complaints/projection.js';
import { FigureConsumer } from './figures/figureConsumer.js';
import { registerHqFigureRoutes } from './figures/figureRoutes.js';
import { registerHqEvaluationRoutes } from './evaluation/evaluationRoutes.js';
import { startReportScheduler } from './reports/monthlyReports.js';
import { registerReportFileRoute } from './reports/reportFileRoute.js';
import { installHqGate } from './hqGate.js';

export interface HqServerOptions {
  port: number;
  host: string;
  /** PGlite lives in `<dataDir>/hq` when no databaseUrl is given. */
  dataDir: string;
  /** PostgreSQL in production. */
  databaseUrl?: string;
  /** Generated when absent (read it from the result). */
  adminToken?: string;
  /** Named administrators besides the administrator token (GUICHET_HQ_ADMINS): each saved configuration version names its editor. */
  admins?: readonly HqAdmin[];
  /** Built renderer (dist-renderer/) for the HQ page; absent: API only. */
  rendererDir?: string;
  logLevel?: 'silent' | 'warn' | 'info';
  now?: () => Date;
}

export interface RunningHq {
  url: string;
  port: number;
  db: SqlDb;
  adminToken: string;
  /** Every "METHOD /url" registered, each with its entry in server/hq/hqRouteAccess.ts (the security test walks them). */
  routes: ReadonlySet<string>;
  /** An enrolment code for a hub (or another device) of a branch; shown once. */
  createEnrolCode(opts: { branchId: string; role?: DeviceRole; ttlMinutes?: number }): Promise<EnrolCode>;
  close(): Promise<void>;
}

/** The demo branch exists at HQ from the first start, so a demo hub can enrol and pull it at once. */
export const DEMO_BRANCH_ID = 'demo-001';

/**
 * Head office: the sync API for every branch's hub (enrol, push, pull) and the read and admin
 * API, over PGlite or PostgreSQL (migrated at start, several processes may start at once).
 */
export async function startHqServer(opts: HqServerOptions): Promise<RunningHq> {
  const now = opts.now ?? (() => new Date());
  const db = await openSqlDb({ ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}), dataDir: join(opts.dataDir, 'hq') }, hqMigrations);
  try {
    await putConfigDoc(db, CONFIG_BRANCH, DEMO_BRANCH_ID, demoBranch(businessDayOf(now(), 'Asia/Shanghai')), { ifAbsent: true, now: now() });
    const adminToken = opts.adminToken ?? newAdminToken();
    const app = await createHttpApp({ ...(opts.rendererDir ? { rendererDir: opts.rendererDir } : {}), logLevel: opts.logLevel ?? 'warn' });
    // Before any route: a route without an entry in hqRouteAccess.ts stops head office here.
    const gate = installHqGate(app, { adminToken, ...(opts.admins ? { admins: opts.admins } : {}) });
    // Every branch's complaints, merged from the doc.op records as they are ingested (GET /api/v1/hq/complaints).
    const complaints = new ComplaintProjection({ db, table: 'hq_complaints', cursorTable: 'hq_complaint_projection', warn: (m) => app.log.warn(m) });
    await complaints.catchUp();
    // Figures kept as records are ingested (server/hq/figures, issue 15), and the monthly reports after month end.
    const figures = new FigureConsumer({ db, warn: (m) => app.log.warn(m) });
    await figures.catchUp();
    const reports = startReportScheduler({ db, now, beforeRun: () => figures.catchUp(), warn: (m) => app.log.warn(m) });
    registerSyncRoutes(app, {
      db,
      now,
      role: 'hq',
      onStored: () => {
        complaints.wakeSoon();
        figures.wakeSoon();
      },
    });
    // A branch's hub fetches its monthly report files (docs/hq-api.md).
    registerReportFileRoute(app, { db });
    await registerHqRoutes(app, { db, adminToken, now, complaints, figures, ...(opts.admins ? { admins: opts.admins } : {}) });
    await registerHqFigureRoutes(app, { db, adminToken, now, consumer: figures, ...(opts.admins ? { admins: opts.admins } : {}) });
    // Inspection sheets and the remote review of the relayed recordings (docs/hq-evaluation.md).
    await registerHqEvaluationRoutes(app, { db, adminToken, now, uploadsDir: join(opts.dataDir, 'hq-uploads'), ...(opts.admins ? { admins: opts.admins } : {}) });
    // Recordings and other large files from the hubs (docs/uploads.md).
    const uploads = await registerUploads(app, { db, dataDir: join(opts.dataDir, 'hq-uploads'), authenticate: (req) => authenticateDevice(db, req.headers.authorization) });
    uploads.startSweeping();
    await app.listen({ port: opts.port, host: opts.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : opts.port;
    const shownHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
    return {
      url: `http://${shownHost}:${port}`,
      port,
      db,
      adminToken,
      routes: gate.registered,
      createEnrolCode: (c) =>
        createEnrolCode(db, { branchId: c.branchId, ttlMinutes: c.ttlMinutes ?? DEFAULT_CODE_TTL_MINUTES, ...(c.role ? { role: c.role } : {}) }, now()),
      close: async () => {
        await complaints.stop();
        await reports.stop();
        await figures.stop();
        await uploads.stopSweeping();
        await app.close();
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
