import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HUB_REPORTS_API, REPORT_CONTENT_TYPES, ReportFileParams, ReportFileQuery } from '../../../shared/hq/branchReports.js';
import type { HubReportList } from '../../../shared/hq/branchReports.js';
import type { HubReports } from './hubReports.js';

const NoQuery = z.object({}).strict();

/**
 * Head office's monthly reports of this branch, for the lead station (docs/hq-figures.md): the
 * list, and a file (held here, else fetched from head office now). Who may call them: the access
 * table (server/hub/access/routeAccess.ts), like the branch's own figures.
 */
export function registerHubReportRoutes(app: FastifyInstance, reports: HubReports): void {
  app.get(HUB_REPORTS_API.list, async (req): Promise<HubReportList> => {
    NoQuery.parse(req.query ?? {});
    const list = await reports.list();
    // Files named but not here yet are fetched in the background; the list says which are here.
    if (list.some((r) => r.files.some((f) => !f.here))) void reports.syncNow().catch(() => undefined);
    return { reports: list };
  });

  app.get(HUB_REPORTS_API.file, async (req, reply) => {
    const p = ReportFileParams.parse(req.params);
    const { lang } = ReportFileQuery.parse(req.query ?? {});
    const body = await reports.file(p.month, p.format, lang);
    return reply
      .header('content-type', REPORT_CONTENT_TYPES[p.format])
      .header('content-disposition', `${p.format === 'pdf' ? 'inline' : 'attachment'}; filename="guichet-report-${p.month}-${lang}.${p.format}"`)
      .send(body);
  });
}
