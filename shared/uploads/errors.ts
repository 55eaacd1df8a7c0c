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
