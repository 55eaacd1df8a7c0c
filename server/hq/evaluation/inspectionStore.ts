import { ulid } from 'ulid';
import { DEFAULT_TEMPLATES, InspectionTemplate, inspectionScoresFor, monthOfDay, sheetIssues, sheetTotal } from '../../../shared/evaluation/inspection.js';
import type { InspectionScores, InspectionSheet, InspectionSheetInput } from '../../../shared/evaluation/inspection.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { SyncApiError } from '../../sync/syncErrors.js';
import { putEvaluationScore } from './scoreSync.js';

type Db = Pick<SqlDb, 'query'>;

/** The templates in use: the shipped defaults, each replaced by its saved version, plus new ones. */
export async function listTemplates(db: Db): Promise<InspectionTemplate[]> {
  const { rows } = await db.query<{ id: string; body: unknown }>('select id, body from hq_inspection_templates order by id');
  const saved = new Map<string, InspectionTemplate>();
  for (const r of rows) {
    const t = InspectionTemplate.safeParse(r.body);
    if (t.success) saved.set(r.id, t.data);
  }
  const defaults = DEFAULT_TEMPLATES.map((t) => saved.get(t.id) ?? t);
  return [...defaults, ...[...saved.values()].filter((t) => !DEFAULT_TEMPLATES.some((d) => d.id === t.id))];
}

export async function saveTemplate(db: Db, id: string, body: unknown, who: string, now: Date): Promise<InspectionTemplate> {
  const t = InspectionTemplate.parse(body);
  if (t.id !== id) throw new SyncApiError('bad_request', `id: the template in the body is ${t.id}, the address says ${id}`);
  await db.query(
    `insert into hq_inspection_templates (id, body, saved_by, saved_at) values ($1, $2::jsonb, $3, $4)
     on conflict (id) do update set body = excluded.body, saved_by = excluded.saved_by, saved_at = excluded.saved_at`,
    [id, JSON.stringify(t), who, now.toISOString()],
  );
  return t;
}

interface SheetRow {
  id: string;
  body: InspectionSheet;
}

/**
 * Stores a filled sheet against its template (refused with the field named when it does not
 * fit), with the inspector from the token, and refreshes the month's inspection score of its
 * subject in hq_eval_scores in the same transaction.
 */
export async function createSheet(db: SqlDb, input: InspectionSheetInput, who: string, now: Date): Promise<InspectionSheet> {
  const template = (await listTemplates(db)).find((t) => t.id === input.templateId);
  if (!template) throw new SyncApiError('bad_request', `templateId: no inspection template ${input.templateId}`);
  const issues = sheetIssues(template, input);
  if (issues.length) throw new SyncApiError('bad_request', issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  const sheet: InspectionSheet = {
    id: ulid(now.getTime()),
    templateId: template.id,
    templateName: template.name,
    kind: input.kind,
    branchId: input.branchId,
    staffId: input.staffId ?? null,
    month: monthOfDay(input.visitedOn),
    visitedOn: input.visitedOn,
    items: template.items,
    scores: input.scores,
    notes: Object.fromEntries(Object.entries(input.notes).filter(([, v]) => v.trim())),
    remark: input.remark,
    total: sheetTotal(template.items, input.scores),
    inspector: who,
    at: now.toISOString(),
  };
  await db.transaction(async (tx) => {
    await tx.query(
      `insert into hq_inspection_sheets (id, month, branch_id, staff_id, kind, total, body, inspector, at) values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)`,
      [sheet.id, sheet.month, sheet.branchId, sheet.staffId, sheet.kind, sheet.total, JSON.stringify(sheet), who, sheet.at],
    );
    const { rows } = await tx.query<{ total: string | number }>(
      'select total from hq_inspection_sheets where month = $1 and branch_id = $2 and staff_id is not distinct from $3',
      [sheet.month, sheet.branchId, sheet.staffId],
    );
    const mean = Math.round((rows.reduce((n, r) => n + Number(r.total), 0) / rows.length) * 10) / 10;
    await putEvaluationScore(tx, { month: sheet.month, branchId: sheet.branchId, staffId: sheet.staffId, kind: 'inspection', score: mean }, now);
  });
  return sheet;
}

export async function listSheets(db: Db, month: string, branchId?: string): Promise<InspectionSheet[]> {
  const { rows } = await db.query<SheetRow>(
    `select id, body from hq_inspection_sheets where month = $1 ${branchId ? 'and branch_id = $2' : ''} order by at desc, id desc`,
    branchId ? [month, branchId] : [month],
  );
  return rows.map((r) => r.body);
}

export async function inspectionScoresOfMonth(db: Db, month: string, branchId: string): Promise<InspectionScores> {
  return inspectionScoresFor(month, branchId, await listSheets(db, month, branchId));
}
