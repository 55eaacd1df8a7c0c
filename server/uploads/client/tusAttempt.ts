import { createReadStream } from 'node:fs';
import { DefaultHttpStack, DetailedError, Upload } from 'tus-js-client';
import type { HttpRequest, HttpResponse, UrlStorage } from 'tus-js-client';
import { parseUploadErrorBody } from '../../../shared/uploads/errors.js';
import { CHECKSUM_MISMATCH_STATUS } from '../../../shared/uploads/paths.js';
import { hubAgentFor, isHubCertificateError } from './hubPin.js';
import type { HubPin } from './hubPin.js';
import { StallWatchdog } from './stallWatchdog.js';
import { UploadError } from './uploadError.js';

export interface UploadProgress {
  /** Bytes of the file handed to the connection so far (server offset + this request's bytes). */
  bytesSent: number;
  /** Bytes the server has confirmed holding. */
  bytesAccepted: number;
  bytesTotal: number;
}

export interface AttemptOptions {
  endpoint: string;
  token: string;
  filePath: string;
  size: number;
  metadata: Record<string, string>;
  /** The record id: tus-js-client's key into the URL storage. */
  fingerprint: string;
  urlStorage: UrlStorage;
  chunkSize: number;
  stallTimeoutMs: number;
  /** The server's upload to resume when the URL storage has none (it told us it holds one). */
  resumeUrl?: string;
  signal?: AbortSignal;
  onProgress?: (p: UploadProgress) => void;
  /** The hub's certificate, for an https endpoint: trusted alone (hubPin.ts). */
  pin?: HubPin | null;
}

export interface AttemptStats {
  /** The server offset this attempt started from (0 for a new upload); null if it never got one. */
  startOffset: number | null;
  /** File bytes this attempt put on the wire. */
  bytesSent: number;
  /** Highest offset the server confirmed during this attempt. */
  bytesAccepted: number;
}

export type AttemptResult = { ok: true; stats: AttemptStats } | { ok: false; error: UploadError; stats: AttemptStats };

/**
 * One run of tus-js-client: resume (HEAD) or create (POST), then PATCH until the server holds
 * every byte. tus-js-client's own retries are off: every failure comes back here classified,
 * and the caller owns the retry policy (backoff, stall watchdog, confirmation).
 */
export function runTusAttempt(o: AttemptOptions): Promise<AttemptResult> {
  const stats: AttemptStats = { startOffset: null, bytesSent: 0, bytesAccepted: 0 };
  // tus-js-client reads slices by path from a ReadStream; this one only names the file.
  const source = createReadStream(o.filePath);
  // If the file vanished, tus-js-client's own stat reports it (local_file); this stream's
  // error event must not crash the process on its way.
  source.on('error', () => undefined);

  return new Promise<AttemptResult>((resolve) => {
    let settled = false;
    let lastSent: number | null = null;
    const finish = (result: { ok: true } | { ok: false; error: UploadError }) => {
      if (settled) return;
      settled = true;
      watchdog.stop();
      o.signal?.removeEventListener('abort', onCancel);
      source.destroy();
      resolve({ ...result, stats });
    };

    const agent = hubAgentFor(o.endpoint, o.pin);
    const upload = new Upload(source, {
      endpoint: o.endpoint,
      // Every request of this attempt (POST, HEAD, PATCH) through the pinned agent.
      ...(agent ? { httpStack: new DefaultHttpStack({ agent }) } : {}),
      uploadSize: o.size,
      metadata: o.metadata,
      fingerprint: async () => o.fingerprint,
      urlStorage: o.urlStorage,
      storeFingerprintForResuming: true,
      // The URL stays until the server confirms "verified": until then it is how we resume.
      removeFingerprintOnSuccess: false,
      retryDelays: null,
      chunkSize: o.chunkSize,
      headers: { Authorization: `Bearer ${o.token}` },
      onBeforeRequest: () => watchdog.kick(),
      onAfterResponse: (req: HttpRequest, res: HttpResponse) => {
        watchdog.kick();
        if (stats.startOffset !== null) return;
        const status = res.getStatus();
        if (req.getMethod() === 'HEAD' && status === 200) stats.startOffset = Number(res.getHeader('Upload-Offset') ?? 0);
        if (req.getMethod() === 'POST' && status === 201) stats.startOffset = 0;
      },
      onProgress: (sent: number, total: number) => {
        watchdog.kick();
        // The first report is where we start (a resume jumps there without sending anything).
        if (lastSent !== null && sent > lastSent) stats.bytesSent += sent - lastSent;
        lastSent = sent;
        o.onProgress?.({ bytesSent: sent, bytesAccepted: stats.bytesAccepted, bytesTotal: total });
      },
      onChunkComplete: (_chunk: number, accepted: number, total: number) => {
        watchdog.kick();
        stats.bytesAccepted = Math.max(stats.bytesAccepted, accepted);
        o.onProgress?.({ bytesSent: accepted, bytesAccepted: accepted, bytesTotal: total });
      },
      onSuccess: () => finish({ ok: true }),
      onError: (err: Error) => finish({ ok: false, error: classify(err) }),
    });

    const watchdog = new StallWatchdog(o.stallTimeoutMs, () => {
      // Aborting destroys the socket; the server keeps what it received and, once its lock
      // drains, answers the next attempt's HEAD with that offset.
      void upload.abort();
      finish({ ok: false, error: new UploadError('stalled', `no progress for ${o.stallTimeoutMs} ms`, true) });
    });
    const onCancel = () => {
      void upload.abort();
      finish({ ok: false, error: new UploadError('aborted', 'the upload was cancelled', false) });
    };
    if (o.signal?.aborted) return onCancel();
    o.signal?.addEventListener('abort', onCancel, { once: true });

    watchdog.start();
    upload
      .findPreviousUploads()
      .then((previous) => {
        if (settled) return;
        const stored = previous.find((p) => p.uploadUrl);
        if (stored) upload.resumeFromPreviousUpload(stored);
        // tus-js-client HEADs this URL and stores it once the server answers.
        else if (o.resumeUrl) upload.options.uploadUrl = o.resumeUrl;
        upload.start();
      })
      .catch((err: Error) => finish({ ok: false, error: new UploadError('local_file', `URL storage failed: ${err.message}`, false) }));
  });
}

/** Maps tus-js-client's failure to what the caller should do about it. */
function classify(err: Error): UploadError {
  if (!(err instanceof DetailedError) || !err.originalRequest) {
    // Not an HTTP failure: the file is unreadable or changed size under us.
    return new UploadError('local_file', err.message, false);
  }
  const res = err.originalResponse;
  // Not retried here: another server, or a renewed certificate the workstation has not pinned yet.
  if (!res && isHubCertificateError(err.causingError)) return new UploadError('untrusted_hub', err.causingError.message, false);
  if (!res) return new UploadError('network', err.causingError?.message ?? err.message, true);
  const status = res.getStatus();
  const body = parseUploadErrorBody(res.getBody());
  const message = body?.error.message ?? `${err.originalRequest.getMethod()} answered ${status}`;
  if (status === CHECKSUM_MISMATCH_STATUS) return new UploadError('checksum_mismatch', message, false, status);
  if (status === 401) return new UploadError('unauthorized', message, false, status);
  if (status === 403) return new UploadError('forbidden', message, false, status);
  if (status === 413) return new UploadError('too_large', message, false, status);
  if (status === 409 && body?.error.code === 'already_verified') return new UploadError('already_verified', message, true, status);
  if (status === 409 && body?.error.code === 'conflict') return new UploadError('conflict', message, false, status);
  if (status === 404 || status === 410) return new UploadError('gone', message, true, status);
  // Our 400s (JSON) mean the metadata is wrong; tus's own 400 also answers "aborted because
  // another request took the lock", which a later attempt resolves.
  if (status === 400 && body) return new UploadError('bad_request', message, false, status);
  // 409 offset conflict (another uploader moved the offset), 423 locked, 5xx: resume later.
  return new UploadError('server', message, true, status);
}
