import { QueueError } from '../../shared/api/errors.js';
import { DayReport, FIGURES_API, LiveFigures, MonthReport } from '../../shared/figures/api.js';
import { hubRequest } from '../api/hub.js';

/*
 * The hub's figures (shared/figures/api.ts), asked with the lead station's device token and the
 * session signed in there (api/hub.ts). Answers are parsed with the contract's schemas: a
 * malformed answer is an error on screen, never a half-drawn table.
 */

/** Reports over a year of aggregates may take longer than a queue read. */
const REPORT_TIMEOUT_MS = 10_000;

function parsed<T>(schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false } }, json: unknown, what: string): T {
  const result = schema.safeParse(json);
  if (!result.success) throw new QueueError('internal', `the hub sent malformed ${what}`);
  return result.data;
}

export async function fetchDayReport(day: string): Promise<DayReport> {
  return parsed(DayReport, await hubRequest(`${FIGURES_API.day}?day=${encodeURIComponent(day)}`, { timeoutMs: REPORT_TIMEOUT_MS }), 'day figures');
}

export async function fetchMonthReport(month: string): Promise<MonthReport> {
  return parsed(MonthReport, await hubRequest(`${FIGURES_API.month}?month=${encodeURIComponent(month)}`, { timeoutMs: REPORT_TIMEOUT_MS }), 'month figures');
}

export async function fetchLiveFigures(): Promise<LiveFigures> {
  return parsed(LiveFigures, await hubRequest(FIGURES_API.live), 'live figures');
}
