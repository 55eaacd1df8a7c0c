/** Why an upload did not end verified. `retryable` says whether trying again later can help. */
export type UploadFailureCode =
  | 'unauthorized' // the device token was refused: re-enrol
  | 'forbidden' // metadata names another branch
  | 'bad_request' // metadata or options fail their schema
  | 'too_large'
  | 'checksum_mismatch' // the server hashed other bytes than declared; it deleted them: re-hash, start over
  | 'conflict' // the server holds this record with other content
  | 'already_verified' // another uploader finished first; the next status query confirms it
  | 'local_file' // the file cannot be read, or changed size while uploading
  | 'aborted' // the caller's signal
  | 'stalled' // no progress for the stall timeout: the watchdog cut the connection
  | 'network'
  | 'gone' // the server no longer has the upload: the next attempt starts from byte 0
  | 'server' // 5xx, locked, or offset conflict (another uploader moved on)
  | 'not_confirmed'; // all bytes sent but the server did not report "verified" in time

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
