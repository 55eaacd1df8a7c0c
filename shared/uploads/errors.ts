import { z } from 'zod';

/** Error codes of the upload endpoints (tus protocol errors keep tus's own plain-text bodies). */
export const UploadErrorCode = z.enum([
  'unauthorized', // no or unknown device token
  'forbidden', // the metadata names another branch
  'bad_request', // metadata or record id fails its schema
  'not_found',
  'already_verified', // the server holds a verified copy: nothing to upload
  'conflict', // the record id is already filed with other content, or by another branch
  'checksum_mismatch', // the finished bytes do not hash to the declared sha256; data deleted
  'gone', // the upload's data no longer exists (expired or removed): start again
  'internal',
]);
export type UploadErrorCode = z.infer<typeof UploadErrorCode>;

/**
 * Why an upload, seen from the uploader, did not end verified: the host sends the code and the
 * counter says it in the screen's language (recording.uploadFailures.*).
 */
export const UploadFailureCode = z.enum([
  'unauthorized', // the device token was refused: re-enrol
  'forbidden', // metadata names another branch
  'bad_request', // metadata or options fail their schema
  'too_large',
  'checksum_mismatch', // the server hashed other bytes than declared; it deleted them: re-hash, start over
  'conflict', // the server holds this record with other content
  'already_verified', // another uploader finished first; the next status query confirms it
  'local_file', // the file cannot be read, or changed size while uploading
  'aborted', // the caller's signal
  'stalled', // no progress for the stall timeout: the watchdog cut the connection
  'network',
  'untrusted_hub', // the hub's certificate is not the pinned one (another server, or a renewed certificate not yet pinned): nothing was sent
  'gone', // the server no longer has the upload: the next attempt starts from byte 0
  'server', // 5xx, locked, or offset conflict (another uploader moved on)
  'not_confirmed', // all bytes sent but the server did not report "verified" in time
]);
export type UploadFailureCode = z.infer<typeof UploadFailureCode>;

export const UploadErrorBody = z.object({ error: z.object({ code: UploadErrorCode, message: z.string() }) });
export type UploadErrorBody = z.infer<typeof UploadErrorBody>;

export function uploadErrorBody(code: UploadErrorCode, message: string): UploadErrorBody {
  return { error: { code, message } };
}

/** Reads our JSON error body out of a response text, if it is one. */
export function parseUploadErrorBody(text: string | undefined): UploadErrorBody | null {
  if (!text) return null;
  try {
    const parsed = UploadErrorBody.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
