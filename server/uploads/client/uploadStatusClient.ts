import { request as httpRequest } from 'node:http';
import type { Agent } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { UploadStatus } from '../../../shared/uploads/status.js';
import { hubAgentFor, isHubCertificateError } from './hubPin.js';
import type { HubPin } from './hubPin.js';
import { UploadError } from './uploadError.js';

export interface StatusQuery {
  /** The tus collection URL, e.g. http://hub:8080/api/v1/uploads/ */
  endpoint: string;
  token: string;
  recordId: string;
  signal?: AbortSignal;
  /** A status query that has not answered in this long failed (network). Default 30 s. */
  timeoutMs?: number;
  /** The hub's certificate, for an https endpoint: trusted alone (server/uploads/client/hubPin.ts). */
  pin?: HubPin | null;
}

/** A status answer is a few hundred bytes; anything far larger is not one. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** The status endpoint's URL for a record, beside the tus collection. */
export function statusUrl(endpoint: string, recordId: string): string {
  const base = endpoint.endsWith('/') ? endpoint : `${endpoint}/`;
  return new URL(`status/${encodeURIComponent(recordId)}`, base).href;
}

/** Asks the server what it holds of a record; the only basis for deleting a local file. */
export async function fetchUploadStatus(q: StatusQuery): Promise<UploadStatus> {
  // No timeout of its own on a request: a half-open link would hang this query forever.
  const timeout = AbortSignal.timeout(q.timeoutMs ?? 30_000);
  const signal = q.signal ? AbortSignal.any([q.signal, timeout]) : timeout;
  const url = statusUrl(q.endpoint, q.recordId);
  let res: { status: number; body: string };
  try {
    res = await getText(url, { authorization: `Bearer ${q.token}` }, signal, hubAgentFor(url, q.pin));
  } catch (err) {
    if (q.signal?.aborted) throw new UploadError('aborted', 'the upload was cancelled', false);
    if (isHubCertificateError(err)) throw new UploadError('untrusted_hub', err.message, false);
    throw new UploadError('network', `status query failed: ${timeout.aborted ? 'timed out' : (err as Error).message}`, true);
  }
  const ok = res.status >= 200 && res.status < 300;
  if (res.status === 401) throw new UploadError('unauthorized', 'the server refused the device token', false, 401);
  if (res.status === 400) throw new UploadError('bad_request', 'the server refused the record id', false, 400);
  if (!ok) throw new UploadError('server', `status query answered ${res.status}`, true, res.status);
  let payload: unknown = null;
  try {
    payload = JSON.parse(res.body);
  } catch {
    // Reported just below as an invalid status.
  }
  const parsed = UploadStatus.safeParse(payload);
  if (!parsed.success) throw new UploadError('server', 'the status answer is not a valid upload status', true, res.status);
  return parsed.data;
}

/**
 * One GET over Node's http(s), not fetch: fetch cannot be given the pinned agent, and the pin
 * must decide before the token is sent.
 */
function getText(url: string, headers: Record<string, string>, signal: AbortSignal, agent: Agent | undefined): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const send = new URL(url).protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { headers, signal, ...(agent ? { agent } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > MAX_ANSWER_BYTES) return req.destroy(new Error(`the status answer is larger than ${MAX_ANSWER_BYTES} bytes`));
        chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
