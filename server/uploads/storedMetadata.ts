import { z } from 'zod';
import { UploadMetadataWire } from '../../shared/uploads/metadata.js';
import type { UploadMetadata } from '../../shared/uploads/metadata.js';
import { encodeUploadMetadata } from '../../shared/uploads/metadata.js';

/**
 * The metadata the server keeps with a tus upload: what the device declared, cleaned of unknown
 * keys, plus the authenticated device that created it (for the `uploads` row), never taken from
 * the client's own words.
 */
export const StoredUploadMetadata = UploadMetadataWire.extend({ deviceId: z.string().min(1).max(64) });
export type StoredUploadMetadata = z.infer<typeof StoredUploadMetadata>;

export function encodeStoredMetadata(m: UploadMetadata, deviceId: string): Record<string, string> {
  return { ...encodeUploadMetadata(m), deviceId };
}

/** Null when the stored metadata is not ours (an upload created by something else): never trusted. */
export function readStoredMetadata(raw: Record<string, string | null> | undefined): StoredUploadMetadata | null {
  const parsed = StoredUploadMetadata.safeParse(raw ?? {});
  return parsed.success ? parsed.data : null;
}
