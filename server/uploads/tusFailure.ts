import type { UploadErrorCode } from '../../shared/uploads/errors.js';
import { uploadErrorBody } from '../../shared/uploads/errors.js';

/**
 * What a tus hook throws to answer with a status: @tus/server sends `status_code` and `body` as
 * they are. Our bodies are the JSON error shape, so clients read one format for our refusals.
 */
export interface TusFailure {
  status_code: number;
  body: string;
  message: string;
}

export function tusFailure(status: number, code: UploadErrorCode, message: string): TusFailure {
  return { status_code: status, body: JSON.stringify(uploadErrorBody(code, message)), message };
}

export function isTusFailure(err: unknown): err is { status_code: number; body: string } {
  return typeof err === 'object' && err !== null && typeof (err as { status_code?: unknown }).status_code === 'number';
}
