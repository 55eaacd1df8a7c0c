import { QueueError } from '../../shared/api/errors.js';
import { DailyEvaluationDay, EVALUATION_API, SheetAnswer, sheetPath } from '../../shared/evaluation/dailyForm.js';
import type { DailySheet, DailySheetInput } from '../../shared/evaluation/dailyForm.js';
import { hubRequest } from '../api/hub.js';

/** The hub's daily evaluation routes (server/hub/evaluation/, docs/alerts.md) with this station's device token and session. */

const TIMEOUT = { timeoutMs: 8000 };

export async function fetchDailyEvaluation(day: string): Promise<DailyEvaluationDay> {
  const parsed = DailyEvaluationDay.safeParse(await hubRequest(`${EVALUATION_API.day}?day=${encodeURIComponent(day)}`, TIMEOUT));
  if (!parsed.success) throw new QueueError('internal', 'the queue server sent a malformed evaluation day');
  return parsed.data;
}

/** Saves one teller's sheet as a new revision; the writer is the session signed in at this station. */
export async function saveDailySheet(day: string, staffId: string, input: DailySheetInput): Promise<DailySheet> {
  const parsed = SheetAnswer.safeParse(await hubRequest(sheetPath(day, staffId), { method: 'PUT', body: input, ...TIMEOUT }));
  if (!parsed.success) throw new QueueError('internal', 'the queue server sent a malformed evaluation sheet');
  return parsed.data.sheet;
}
