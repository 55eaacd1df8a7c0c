import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { EvaluationScoreInput, FiguresQuery, GrantStarsBody, GrantStarsParams, HQ_FIGURES_API, RankingsQuery, ReportFormat, ReportListQuery, ReportScope } from '../../../shared/hq/api.js';
import { IsoMonth } from '../../../shared/figures/api.js';
import { Lang } from '../../../shared/i18n/localized.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { adminGuard, adminNameOf } from '../adminAuth.js';
import { grantStars } from '../evaluation/grantStars.js';
import type { HqAdmin } from '../adminAuth.js';
import { hqRankings } from '../rankings/rankings.js';
import { generateMonthlyReports, generateReport, keptReport, listReports, REPORT_TYPES } from '../reports/monthlyReports.js';
import type { FigureConsumer } from './figureConsumer.js';
import { hqFigures } from './figureQueries.js';

export interface FigureRoutesOptions {
  db: SqlDb;
  adminToken: string;
  admins?: readonly HqAdmin[];
  consumer: FigureConsumer;
  now: () => Date;
}

const ReportPath = z.object({ month: IsoMonth, scope: ReportScope, format: ReportFormat }).strict();
const ReportLang = z.object({ lang: Lang.default('zh-CN') }).strict();
const GenerateParams = z.object({ month: IsoMonth }).strict();
const GenerateBody = z.object({ langs: z.array(Lang).min(1).max(3).default(['zh-CN']) }).strict();

/**
 * Head office's figures, rankings, evaluation scores and monthly reports (docs/hq-figures.md),
 * behind the administrator token like every HQ route. Reads catch the consumer up first, so what
 * was ingested a moment ago counts.
 */
export async function registerHqFigureRoutes(app: FastifyInstance, o: FigureRoutesOptions): Promise<void> {
  const { db } = o;
  await app.register(async (hq) => {
    hq.addHook('onRequest', adminGuard(o.adminToken, o.admins ?? []));

    hq.get(HQ_FIGURES_API.figures, async (req) => {
      const q = FiguresQuery.parse(req.query ?? {});
      await o.consumer.catchUp();
      return hqFigures(db, q, o.now());
    });

    hq.post(HQ_FIGURES_API.rebuild, async () => ({ recordsRead: await o.consumer.rebuild() }));

    hq.get(HQ_FIGURES_API.rankings, async (req) => {
      const q = RankingsQuery.parse(req.query ?? {});
      await o.consumer.catchUp();
      return hqRankings(db, q, o.now());
    });

    hq.post(`${HQ_FIGURES_API.rankings}/:month/grant-stars`, async (req) => {
      const { month } = GrantStarsParams.parse(req.params);
      const { branchId } = GrantStarsBody.parse(req.body ?? {});
      await o.consumer.catchUp();
      return grantStars(db, { month, ...(branchId ? { branchId } : {}), editor: adminNameOf(req), now: o.now() });
    });

    hq.put(HQ_FIGURES_API.scores, async (req) => {
      const s = EvaluationScoreInput.parse(req.body);
      await db.query(
        `insert into hq_eval_scores (month, branch_id, staff_id, kind, score, at) values ($1, $2, $3, $4, $5, $6)
         on conflict (month, branch_id, staff_id, kind) do update set score = excluded.score, at = excluded.at`,
        [s.month, s.branchId, s.staffId ?? '', s.kind, s.score, o.now().toISOString()],
      );
      return s;
    });

    hq.get(HQ_FIGURES_API.reports, async (req) => ({ reports: await listReports(db, ReportListQuery.parse(req.query ?? {}).month) }));

    hq.post(`${HQ_FIGURES_API.reports}/:month/generate`, async (req) => {
      const { month } = GenerateParams.parse(req.params);
      const { langs } = GenerateBody.parse(req.body ?? {});
      await o.consumer.catchUp();
      return { month, generated: await generateMonthlyReports(db, month, o.now(), langs) };
    });

    // A kept report, or made now (and kept) when none was made in that language yet.
    hq.get(`${HQ_FIGURES_API.reports}/:month/:scope/:format`, async (req, reply) => {
      const p = ReportPath.parse(req.params);
      const { lang } = ReportLang.parse(req.query ?? {});
      let body = await keptReport(db, p.month, p.scope, p.format, lang);
      if (!body) {
        await o.consumer.catchUp();
        body = await generateReport(db, p.month, p.scope, p.format, lang, o.now());
      }
      return reply
        .header('content-type', REPORT_TYPES[p.format])
        .header('content-disposition', `attachment; filename="guichet-${p.scope}-${p.month}-${lang}.${p.format}"`)
        .send(body);
    });
  });
}
