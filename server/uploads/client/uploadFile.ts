import { stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { UrlStorage } from 'tus-js-client';
import { ZodError, z } from 'zod';
import { nextDelay } from '../../../shared/sync/backoff.js';
import type { BackoffOptions } from '../../../shared/sync/backoff.js';

const UPLOAD_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000 };
import { UploadMetadata, encodeUploadMetadata } from '../../../shared/uploads/metadata.js';
import type { UploadStatus } from '../../../shared/uploads/status.js';
import { FolderUrlStorage } from './folderUrlStorage.js';
import type { HubPin } from './hubPin.js';
import { runTusAttempt } from './tusAttempt.js';
import type { AttemptStats, UploadProgress } from './tusAttempt.js';
import { UploadError } from './uploadError.js';
import { fetchUploadStatus } from './uploadStatusClient.js';

export interface UploadFileOptions {
  /** The server's tus collection, e.g. http://hub:8080/api/v1/uploads/ (status is beside it). */
  endpoint: string;
  /** The device token (Authorization: Bearer). */
  token: string;
  filePath: string;
  recordId: string;
  /** Hex SHA-256 of the whole file, computed before (sha256OfFile), so what is checked is what was recorded. */
  sha256: string;
  branchId: string;
  /** Default application/octet-stream. */
  contentType?: string;
  /** Where upload URLs are kept across restarts (one JSON file per record). Or pass `urlStorage`. */
  urlStorageDir?: string;
  urlStorage?: UrlStorage;
  /** Abort and resume when nothing moved for this long. Default 30 s. */
  stallTimeoutMs?: number;
  /** Bytes per PATCH. Default 8 MiB: each answered PATCH is progress a cut connection cannot lose. */
  chunkSize?: number;
  /** Failed attempts in a row (without progress) before giving up. Default 8. */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  /** How long to wait for the server to say "verified" once every byte is there. Default 60 s. */
  confirmTimeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (p: UploadProgress) => void;
  /** Called before each wait between attempts: for the host's log and the sync status line. */
  onRetry?: (info: { failures: number; delayMs: number; error: UploadError }) => void;
  random?: () => number;
  /**
   * For an https endpoint: the only certificate trusted (the branch hub's, self-made, so no CA
   * vouches for it). A hub presenting another fails with 'untrusted_hub' before anything is sent.
   */
  pin?: HubPin | null;
}

export interface UploadFileResult {
  verified: true;
  recordId: string;
  sha256: string;
  size: number;
  /** File bytes this call put on the wire, over all attempts (0 when the server already had it). */
  bytesSent: number;
  /** Where the last attempt started on the server: > 0 means it resumed. Null if no bytes were needed. */
  resumedFrom: number | null;
  attempts: number;
}

/**
 * Uploads one record's file and resolves only once the server says it holds a verified copy
 * (status endpoint), so the caller may then delete it (deleteAfterConfirm). Resumes from what
 * the server holds, across restarts (URL storage) and across uploaders (deterministic upload id);
 * retries with backoff; a stalled connection is cut and resumed. Rejects with UploadError: when
 * `code` is 'checksum_mismatch' the server deleted its bytes, and the file must be re-hashed and
 * uploaded from the start.
 */
export async function uploadFile(o: UploadFileOptions): Promise<UploadFileResult> {
  const size = await fileSize(o.filePath);
  const meta = declared(o, size);
  const urlStorage = o.urlStorage ?? (o.urlStorageDir ? new FolderUrlStorage(o.urlStorageDir) : undefined);
  if (!urlStorage) throw new UploadError('bad_request', 'give urlStorageDir (or urlStorage) so uploads resume after a restart', false);
  const stallTimeoutMs = o.stallTimeoutMs ?? 30_000;
  const query = { endpoint: o.endpoint, token: o.token, recordId: meta.recordId, timeoutMs: stallTimeoutMs, ...(o.signal ? { signal: o.signal } : {}), ...(o.pin ? { pin: o.pin } : {}) };
  const confirmTimeoutMs = o.confirmTimeoutMs ?? 60_000;

  let bytesSent = 0;
  let attempts = 0;
  let failures = 0;
  let resumedFrom: number | null = null;
  let serverOffset = -1;
  const done = async (status: UploadStatus): Promise<UploadFileResult> => {
    if (status.sha256 !== meta.sha256) throw new UploadError('conflict', 'the server holds this record with other content', false);
    await urlStorage.removeUpload(meta.recordId).catch(() => undefined);
    return { verified: true, recordId: meta.recordId, sha256: meta.sha256, size, bytesSent, resumedFrom, attempts };
  };

  for (;;) {
    if (o.signal?.aborted) throw new UploadError('aborted', 'the upload was cancelled', false);
    let error: UploadError;
    let stats: AttemptStats | null = null;
    try {
      // Ask first: a verified record needs no bytes, and a partial one is resumed even when
      // this process lost its stored URL.
      let status = await fetchUploadStatus(query);
      if (status.state === 'verifying') status = await awaitVerification(query, confirmTimeoutMs);
      if (status.verified) return await done(status);

      attempts++;
      const resumeUrl = status.uploadPath ? new URL(status.uploadPath, o.endpoint).href : undefined;
      const attempt = await runTusAttempt({
        endpoint: o.endpoint,
        token: o.token,
        filePath: o.filePath,
        size,
        metadata: encodeUploadMetadata(meta),
        fingerprint: meta.recordId,
        urlStorage,
        chunkSize: o.chunkSize ?? 8 * 1024 * 1024,
        stallTimeoutMs,
        ...(resumeUrl ? { resumeUrl } : {}),
        ...(o.pin ? { pin: o.pin } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
        ...(o.onProgress ? { onProgress: o.onProgress } : {}),
      });
      stats = attempt.stats;
      bytesSent += stats.bytesSent;
      if (stats.startOffset !== null) resumedFrom = stats.startOffset;
      if (attempt.ok) {
        // Every byte is there; the server hashes before it answers the last PATCH, but another
        // uploader may be the one that sent it: wait for "verified" either way.
        const confirmed = await awaitVerification(query, confirmTimeoutMs);
        if (confirmed.verified) return await done(confirmed);
        error = new UploadError('not_confirmed', `the server did not confirm the upload (state ${confirmed.state})`, true);
      } else {
        error = attempt.error;
      }
    } catch (err) {
      if (!(err instanceof UploadError)) throw err;
      error = err;
    }

    if (error.code === 'checksum_mismatch') await urlStorage.removeUpload(meta.recordId).catch(() => undefined);
    if (!error.retryable) throw error;
    // The server's offset moved (seen as accepted chunks, or as a higher offset on the next
    // resume): the link works, so start the backoff over rather than give up.
    const reached = stats ? Math.max(stats.startOffset ?? -1, stats.bytesAccepted) : -1;
    if (reached > serverOffset) {
      if (serverOffset >= 0) failures = 0;
      serverOffset = reached;
    }
    failures++;
    if (failures >= (o.maxAttempts ?? 8)) throw error;
    const delayMs = nextDelay(failures - 1, o.backoff ?? UPLOAD_BACKOFF, o.random);
    o.onRetry?.({ failures, delayMs, error });
    await sleep(delayMs, undefined, o.signal ? { signal: o.signal } : {}).catch(() => {
      throw new UploadError('aborted', 'the upload was cancelled', false);
    });
  }
}

/** Polls the status while the server verifies; returns the first other state, or the last seen on timeout. */
async function awaitVerification(query: Parameters<typeof fetchUploadStatus>[0], timeoutMs: number): Promise<UploadStatus> {
  const deadline = Date.now() + timeoutMs;
  let wait = 50;
  for (;;) {
    const status = await fetchUploadStatus(query);
    if (status.state !== 'verifying' || Date.now() >= deadline) return status;
    await sleep(Math.min(wait, Math.max(0, deadline - Date.now())), undefined, query.signal ? { signal: query.signal } : {}).catch(() => {
      throw new UploadError('aborted', 'the upload was cancelled', false);
    });
    wait = Math.min(wait * 2, 1_000);
  }
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (err) {
    throw new UploadError('local_file', `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, false);
  }
}

function declared(o: UploadFileOptions, size: number): UploadMetadata {
  try {
    return UploadMetadata.parse({ recordId: o.recordId, sha256: o.sha256, size, contentType: o.contentType ?? 'application/octet-stream', branchId: o.branchId });
  } catch (err) {
    throw new UploadError('bad_request', err instanceof ZodError ? z.prettifyError(err) : String(err), false);
  }
}
