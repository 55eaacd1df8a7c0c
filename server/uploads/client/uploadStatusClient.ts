import { UploadStatus } from '../../../shared/uploads/status.js';
import { UploadError } from './uploadError.js';

export interface StatusQuery {
  /** The tus collection URL, e.g. http://hub:8080/api/v1/uploads/ */
  endpoint: string;
  token: string;
  recordId: string;
  signal?: AbortSignal;
  /** A status query that has not answered in this long failed (network). Default 30 s. */
  timeoutMs?: number;
}

/** The status endpoint's URL for a record, beside the tus collection. */
export function statusUrl(endpoint: string, recordId: string): string {
  const base = endpoint.endsWith('/') ? endpoint : `${endpoint}/`;
  return new URL(`status/${encodeURIComponent(recordId)}`, base).href;
}

/** Asks the server what it holds of a record; the only basis for deleting a local file. */
export async function fetchUploadStatus(q: StatusQuery): Promise<UploadStatus> {
  // fetch has no timeout of its own: a half-open link would hang this query forever.
  const timeout = AbortSignal.timeout(q.timeoutMs ?? 30_000);
  const signal = q.signal ? AbortSignal.any([q.signal, timeout]) : timeout;
  let res: Response;
  let payload: unknown;
  try {
    res = await fetch(statusUrl(q.endpoint, q.recordId), { headers: { authorization: `Bearer ${q.token}` }, signal });
    payload = res.ok ? await res.json().catch(() => null) : await res.body?.cancel();
  } catch (err) {
    if (q.signal?.aborted) throw new UploadError('aborted', 'the upload was cancelled', false);
    throw new UploadError('network', `status query failed: ${timeout.aborted ? 'timed out' : (err as Error).message}`, true);
  }
  if (res.status === 401) throw new UploadError('unauthorized', 'the server refused the device token', false, 401);
  if (res.status === 400) throw new UploadError('bad_request', 'the server refused the record id', false, 400);
  if (!res.ok) throw new UploadError('server', `status query answered ${res.status}`, true, res.status);
  const parsed = UploadStatus.safeParse(payload);
  if (!parsed.success) throw new UploadError('server', 'the status answer is not a valid upload status', true, res.status);
  return parsed.data;
}
