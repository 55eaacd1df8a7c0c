import { z } from 'zod';

/**
 * What every upload declares when it is created (tus `Upload-Metadata`). The server checks the
 * finished bytes against `sha256` and `size`, files them under `recordId`, and refuses a
 * `branchId` that is not the uploading device's. Nothing here may carry personal data: no file
 * names, no teller or customer names.
 */

/**
 * Record ids are ULIDs made on the device (DESIGN.md 5), the same ids the sync records carry. The
 * first character is at most 7: anything above overflows the 48-bit time, and the server files
 * verified uploads by that time.
 */
export const RecordId = z.string().regex(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/, 'recordId must be a ULID');
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lower-case hex digits');
export const UploadContentType = z
  .string()
  .max(100)
  .regex(/^[a-z]+\/[a-z0-9][a-z0-9.+-]*$/, 'contentType must be a plain media type such as audio/ogg');
export const UploadBranchId = z.string().min(1).max(64);

export const UploadMetadata = z.object({
  recordId: RecordId,
  /** Hex SHA-256 of the whole file, computed by the device before it starts. */
  sha256: Sha256Hex,
  /** Whole file, bytes; an empty recording is a bug upstream, never uploaded. */
  size: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  contentType: UploadContentType,
  branchId: UploadBranchId,
});
export type UploadMetadata = z.infer<typeof UploadMetadata>;

/** tus metadata values are strings; a size is plain decimal digits. */
const DecimalSize = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/, 'size must be a positive decimal integer')
  .transform(Number)
  .pipe(UploadMetadata.shape.size);

/** The metadata as it travels in `Upload-Metadata` (every value a string). Unknown keys are dropped. */
export const UploadMetadataWire = UploadMetadata.extend({ size: DecimalSize });

export function encodeUploadMetadata(m: UploadMetadata): Record<string, string> {
  return { recordId: m.recordId, sha256: m.sha256, size: String(m.size), contentType: m.contentType, branchId: m.branchId };
}

/** Parses decoded tus metadata (a key may be present without a value: null). Throws a ZodError. */
export function parseUploadMetadata(raw: Record<string, string | null> | undefined): UploadMetadata {
  return UploadMetadataWire.parse(raw ?? {});
}
