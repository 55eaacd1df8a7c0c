import type { UploadFailureCode } from '../../../shared/uploads/errors.js';

/** Why an upload did not end verified (shared/uploads/errors.ts). `retryable` says whether trying again later can help. */
export type { UploadFailureCode };

export class UploadError extends Error {
  override name = 'UploadError';
  constructor(
    readonly code: UploadFailureCode,
    message: string,
    readonly retryable: boolean,
    /** HTTP status of the answer that failed, when there was one. */
    readonly status?: number,
  ) {
    super(message);
  }
}
