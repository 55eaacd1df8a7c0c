import type { z } from 'zod';
import { QueueError } from '../../shared/api/errors.js';
import { BUSINESS_DAY_API, DayRecords, FiguresResponse } from '../../shared/businessDay/api.js';
import type { MorningMeeting } from '../../shared/businessDay/records.js';
import { hubRequest } from '../api/hub.js';

/** The hub's business-day API (server/hub/businessDay/businessDayRoutes.ts). */

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new QueueError('internal', `the queue server sent malformed ${what}`);
  return parsed.data;
}

export async function fetchDayRecords(day?: string): Promise<DayRecords> {
  const query = day ? `?day=${encodeURIComponent(day)}` : '';
  return parse(DayRecords, await hubRequest(`${BUSINESS_DAY_API.records}${query}`), 'business-day records');
}

export async function fetchFigures(): Promise<FiguresResponse> {
  return parse(FiguresResponse, await hubRequest(BUSINESS_DAY_API.figures), 'figures');
}

export async function submitMorningMeeting(record: MorningMeeting): Promise<void> {
  await hubRequest(BUSINESS_DAY_API.morningMeeting, { method: 'POST', body: record, timeoutMs: 5000 });
}
