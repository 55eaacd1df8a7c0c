import { z } from 'zod';
import { RecordId, Sha256Hex } from './metadata.js';

/**
 * Where the server is with one record's file:
 * - none: nothing stored (never started, expired, or removed after a checksum mismatch);
 * - uploading: an unfinished tus upload holds `offset` of `size` bytes;
 * - verifying: every byte is there and the server is checking the SHA-256;
 * - verified: hashed, filed and recorded; the device may now delete its copy.
 */
export const UploadState = z.enum(['none', 'uploading', 'verifying', 'verified']);
export type UploadState = z.infer<typeof UploadState>;

export const UploadStatus = z
  .object({
    recordId: RecordId,
    verified: z.boolean(),
    state: UploadState,
    size: z.number().int().min(0).optional(),
    /** Bytes the server holds of an unfinished upload. */
    offset: z.number().int().min(0).optional(),
    /** The hash the server checked; present only when verified. */
    sha256: Sha256Hex.optional(),
    verifiedAt: z.iso.datetime().optional(),
    /** The tus upload to resume (uploading/verifying only), relative to the server. */
    uploadPath: z.string().optional(),
  })
  .refine((s) => s.verified === (s.state === 'verified'), 'verified must match state')
  .refine((s) => !s.verified || s.sha256 !== undefined, 'a verified upload names its sha256');
export type UploadStatus = z.infer<typeof UploadStatus>;
