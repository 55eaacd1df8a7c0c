import { ApiErrorBody, QueueError } from '../../shared/api/errors.js';
import { HUB_REPORTS_API, HubReportList, hubReportFilePath } from '../../shared/hq/branchReports.js';
import type { BranchReportFormat, HubMonthReport } from '../../shared/hq/branchReports.js';
import type { Lang } from '../../shared/i18n/localized.js';
import { credentialHeaders, getCredentials } from '../api/credentials.js';
import { hubRequest } from '../api/hub.js';
import { getPlatform } from '../platform/index.js';

/** Head office's monthly reports of the branch, as the hub holds them (shared/hq/branchReports.ts). */
export async function fetchHqReports(): Promise<HubMonthReport[]> {
  const parsed = HubReportList.safeParse(await hubRequest(HUB_REPORTS_API.list, { timeoutMs: 10_000 }));
  if (!parsed.success) throw new QueueError('internal', 'the hub sent a malformed list of monthly reports');
  return parsed.data.reports;
}

/**
 * A report file's bytes: a link cannot carry the lead station's device token and session, so the
 * file is fetched with them and handed to the browser (opened, or saved).
 */
export async function fetchHqReportFile(month: string, format: BranchReportFormat, lang: Lang): Promise<Blob> {
  const base = await getPlatform().hubUrl();
  let res: Response;
  try {
    // The hub may fetch the file from head office first: longer than a queue read.
    res = await fetch(base + hubReportFilePath(month, format, lang), { headers: credentialHeaders(getCredentials()), cache: 'no-store', signal: AbortSignal.timeout(40_000) });
  } catch (err) {
    throw new QueueError('hub_unreachable', String((err as Error)?.message ?? err));
  }
  if (!res.ok) {
    const body = ApiErrorBody.safeParse(await res.json().catch(() => null));
    if (body.success) throw new QueueError(body.data.error.code, body.data.error.message, body.data.error.reason);
    throw new QueueError(res.status === 404 ? 'not_found' : 'internal', `HTTP ${res.status}`);
  }
  return res.blob();
}
