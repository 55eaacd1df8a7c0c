import { rm } from 'node:fs/promises';
import type { UploadStatus } from '../../../shared/uploads/status.js';
import type { HubPin } from './hubPin.js';
import { fetchUploadStatus } from './uploadStatusClient.js';

export interface DeleteAfterConfirmOptions {
  endpoint: string;
  token: string;
  recordId: string;
  /** The hash the device recorded: the server's verified copy must be of exactly this file. */
  sha256: string;
  filePath: string;
  signal?: AbortSignal;
  /** The hub's certificate, for an https endpoint (hubPin.ts). */
  pin?: HubPin | null;
}

/**
 * Deletes the local file only when the server says, now, that it holds a verified copy with the
 * same SHA-256. Anything else (unverified, other content, server unreachable: the query throws)
 * keeps the file; the caller's retention limit handles the rest.
 */
export async function deleteAfterConfirm(o: DeleteAfterConfirmOptions): Promise<{ deleted: boolean; status: UploadStatus }> {
  const status = await fetchUploadStatus({ endpoint: o.endpoint, token: o.token, recordId: o.recordId, ...(o.signal ? { signal: o.signal } : {}), ...(o.pin ? { pin: o.pin } : {}) });
  if (!status.verified || status.sha256 !== o.sha256) return { deleted: false, status };
  await rm(o.filePath, { force: true });
  return { deleted: true, status };
}
