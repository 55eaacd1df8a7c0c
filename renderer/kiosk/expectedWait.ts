import { ExpectedWait, FIGURES_API } from '../../shared/figures/api.js';
import { expectedWaitMinutes } from '../../shared/notices/expectedWait.js';
import { hubRequest } from '../api/hub.js';

/** The forecast never holds up a ticket: past this, the ticket is issued without it. */
const FORECAST_TIMEOUT_MS = 1000;

/** The query parameter that carries the forecast to the printed ticket (/ticket/{id}?wait=N). */
export const WAIT_PARAM = 'wait';

/**
 * How long a ticket of `service` taken now would wait, in seconds, from the hub's forecast
 * (GET /api/v1/figures/expected-wait); null when the forecast has no number or the hub gave
 * none in time. Asked just before the ticket is issued, so the new ticket is not counted ahead
 * of itself.
 */
export async function forecastFor(service: string): Promise<number | null> {
  try {
    const answer = ExpectedWait.parse(await hubRequest(FIGURES_API.expectedWait, { timeoutMs: FORECAST_TIMEOUT_MS }));
    return answer.services.find((s) => s.service === service)?.expectedWaitSeconds ?? null;
  } catch {
    return null;
  }
}

/** The ticket page's path with the forecast's minutes, when there are some. */
export function withExpectedWait(path: string, seconds: number | null): string {
  const minutes = expectedWaitMinutes(seconds);
  if (minutes === null) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${WAIT_PARAM}=${minutes}`;
}

/** The minutes the ticket page was given (?wait=N), or null. */
export function expectedWaitFromQuery(search: string): number | null {
  const raw = new URLSearchParams(search).get(WAIT_PARAM);
  if (raw === null || !/^[1-9]\d{0,3}$/.test(raw)) return null;
  return Number(raw);
}
