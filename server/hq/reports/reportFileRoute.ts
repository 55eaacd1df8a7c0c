import type { FastifyInstance } from 'fastify';
import { BRANCH_REPORT_FILE_PATH, ReportFileParams, ReportFileQuery } from '../../../shared/hq/branchReports.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { authenticateDevice } from '../../sync/deviceAuth.js';
import { SyncApiError } from '../../sync/syncErrors.js';
import { keptReport, REPORT_TYPES } from './monthlyReports.js';

/**
 * A branch's hub fetches its own monthly report files here (the `config.reports` document names
 * them), with its device token: a hub, of that branch, never another branch's, and only what is
 * kept (a hub never makes head office render). docs/hq-api.md.
 */
export function registerReportFileRoute(app: FastifyInstance, o: { db: SqlDb }): void {
  app.get(
    BRANCH_REPORT_FILE_PATH,
    {
      onRequest: async (req) => {
        const device = await authenticateDevice(o.db, req.headers.authorization);
        if (!device) throw new SyncApiError('unauthorized', 'a valid device token is required (Authorization: Bearer <token>); enrol the hub again if it was revoked');
        if (device.role !== 'hub') throw new SyncApiError('forbidden', `a branch's monthly reports go to its hub, not to a ${device.role}`);
        hubBranch.set(req, device.branchId);
      },
    },
    async (req, reply) => {
      const p = ReportFileParams.parse(req.params);
      const { lang } = ReportFileQuery.parse(req.query ?? {});
      const branchId = hubBranch.get(req)!;
      const body = await keptReport(o.db, p.month, branchId, p.format, lang);
      if (!body) throw new SyncApiError('not_found', `head office keeps no ${p.format} report of ${p.month} in ${lang} for branch ${branchId}`);
      return reply
        .header('content-type', REPORT_TYPES[p.format])
        .header('content-disposition', `attachment; filename="guichet-${branchId}-${p.month}-${lang}.${p.format}"`)
        .send(body);
    },
  );
}

const hubBranch = new WeakMap<object, string>();
