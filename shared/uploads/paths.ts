import { SYNC_PATHS } from '../sync/protocol.js';

/** The tus collection: POST creates, `<uploadId>` takes HEAD/PATCH/DELETE (docs/uploads.md). */
export const UPLOADS_PATH = SYNC_PATHS.uploads;

/** Where a device asks whether the server holds a verified copy of a record's file. */
export function uploadStatusPath(recordId: string): string {
  return `${UPLOADS_PATH}status/${encodeURIComponent(recordId)}`;
}

/**
 * The server's tus upload id for a record. Deterministic, so two uploaders of one file (a
 * restarted process while the old one still runs, or a lost URL store) meet on one upload
 * instead of writing two copies. A ULID is already URL- and file-name-safe.
 */
export function uploadIdFor(recordId: string): string {
  return recordId;
}

export function uploadPathFor(recordId: string): string {
  return `${UPLOADS_PATH}${uploadIdFor(recordId)}`;
}

/**
 * The answer to the request that delivered the last byte when the bytes do not hash to the
 * declared SHA-256. 460 is "Checksum Mismatch" in the tus checksum extension; the upload's data
 * is already deleted, so the client must start again from byte 0.
 */
export const CHECKSUM_MISMATCH_STATUS = 460;
