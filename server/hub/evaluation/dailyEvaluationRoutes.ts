import type { FastifyInstance } from 'fastify';
import { QueueError } from '../../../shared/api/errors.js';
import type { BranchConfig } from '../../../shared/config/schema.js';
import { DailyEvaluationQuery, DailySheetInput, EVALUATION_API, SheetParams, sheetTotal } from '../../../shared/evaluation/dailyForm.js';
import type { DailyEvaluationDay, DailySheet, SheetAnswer } from '../../../shared/evaluation/dailyForm.js';
import { businessDayOf } from '../../../shared/queue/rules/businessDay.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { bodyOf } from '../../http/body.js';
import { insertRevision, latestSheet, revisionsOfDay } from './dailyEvaluationStore.js';

export interface DailyEvaluationOptions {
  db: SqlDb;
  config: () => BranchConfig;
  now?: () => Date;
}

/**
 * The branch head's daily on-site evaluation (docs/alerts.md, "Daily on-site evaluation"): the
 * day's sheets, and one teller's sheet saved as a new revision by the signed-in lead. A sheet
 * belongs to its business day; a past day's sheet can be corrected, and every revision stays.
 */
export function registerDailyEvaluationRoutes(app: FastifyInstance, opts: DailyEvaluationOptions): void {
  const now = opts.now ?? (() => new Date());
  const today = () => businessDayOf(now(), opts.config().hours.timezone);

  app.get(EVALUATION_API.day, async (req): Promise<DailyEvaluationDay> => {
    const day = DailyEvaluationQuery.parse(req.query ?? {}).day ?? today();
    const revisions = await revisionsOfDay(opts.db, day);
    const latest = new Map<string, DailySheet>();
    for (const r of revisions) latest.set(r.staffId, r);
    return {
      day,
      sheets: [...latest.values()].sort((a, b) => a.staffId.localeCompare(b.staffId)),
      revisions: revisions.map(({ staffId, revision, total, updatedAt, updatedBy, updatedByName }) => ({ staffId, revision, total, updatedAt, updatedBy, updatedByName })),
    };
  });

  app.put(EVALUATION_API.sheet, async (req): Promise<SheetAnswer> => {
    const { day, staffId } = SheetParams.parse(req.params);
    const input = DailySheetInput.parse(bodyOf(req));
    const session = req.actor?.session;
    if (!session) throw new QueueError('forbidden', 'sign in at the lead station first', 'session_required');
    if (day > today()) throw new QueueError('bad_request', `${day} is still to come: a day is evaluated on or after it`, 'day_in_future');
    const config = opts.config();
    const teller = config.staff.find((s) => s.id === staffId && s.role === 'teller');
    if (!teller) throw new QueueError('not_found', `no teller ${staffId} in this branch`, 'unknown_teller');
    const current = await latestSheet(opts.db, day, staffId);
    const base = current?.revision ?? 0;
    if (input.baseRevision !== base) throw new QueueError('conflict', `the sheet is at revision ${base}, not ${input.baseRevision}: reload it`, 'sheet_changed');
    const author = config.staff.find((s) => s.id === session.staffId);
    const sheet: DailySheet = {
      day,
      staffId,
      scores: input.scores,
      notes: Object.fromEntries(Object.entries(input.notes).filter(([, v]) => v !== undefined && v !== '')),
      remark: input.remark,
      total: sheetTotal(input.scores),
      revision: base + 1,
      updatedAt: now().toISOString(),
      updatedBy: session.staffId,
      updatedByName: author?.name['zh-CN'] ?? session.staffId,
    };
    if (!(await insertRevision(opts.db, sheet))) throw new QueueError('conflict', 'someone saved this sheet a moment ago: reload it', 'sheet_changed');
    return { sheet };
  });
}
