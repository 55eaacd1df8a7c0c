import type { FastifyInstance } from 'fastify';
import { DayFiguresQuery, FIGURES_API, MonthFiguresQuery } from '../../../shared/figures/api.js';
import type { DayReport, ExpectedWait, LiveFigures, MonthReport } from '../../../shared/figures/api.js';
import type { FiguresKeeper } from './figuresKeeper.js';
import { dayReport, expectedWait, liveFigures, monthReport } from './figuresReports.js';
import type { ReportDeps } from './figuresReports.js';

/**
 * The lead's figures (docs/figures.md), answered from the aggregates after the keeper has folded
 * in every event committed so far, and the per-service expected wait for the kiosk and the hall
 * (no teller data). A bad query is a 400 in the project's error shape (the zod error handler).
 *
 * - GET /api/v1/figures/day?day=YYYY-MM-DD
 * - GET /api/v1/figures/month?month=YYYY-MM
 * - GET /api/v1/figures/live
 * - GET /api/v1/figures/expected-wait
 */
export function registerFiguresRoutes(app: FastifyInstance, given: ReportDeps & { keeper: FiguresKeeper }): void {
  const deps = { ...given, recentPhrases: given.recentPhrases ?? new Map() };
  app.get(FIGURES_API.day, async (req): Promise<DayReport> => {
    const { day } = DayFiguresQuery.parse(req.query);
    await deps.keeper.catchUp();
    return dayReport(deps, day);
  });
  app.get(FIGURES_API.month, async (req): Promise<MonthReport> => {
    const { month } = MonthFiguresQuery.parse(req.query);
    await deps.keeper.catchUp();
    return monthReport(deps, month);
  });
  app.get(FIGURES_API.live, async (): Promise<LiveFigures> => {
    await deps.keeper.catchUp();
    return liveFigures(deps);
  });
  // Reads the queue and the latest handling times only: no need to wait for the aggregates.
  app.get(FIGURES_API.expectedWait, async (): Promise<ExpectedWait> => expectedWait(deps));
}
