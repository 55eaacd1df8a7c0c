import type { UploadStatus } from '../../shared/uploads/status.js';
import { uploadIdFor, uploadPathFor } from '../../shared/uploads/paths.js';
import type { IncomingUploads } from './incomingUploads.js';
import type { UploadPrincipal } from './principal.js';
import { readStoredMetadata } from './storedMetadata.js';
import type { UploadRecords } from './uploadRecords.js';
import type { UploadVerifier } from './verifyUpload.js';

export interface StatusDeps {
  records: UploadRecords;
  incoming: IncomingUploads;
  verifier: UploadVerifier;
  /** A complete upload idle this long with no verification running was orphaned by a crash. */
  verifyGraceMs: number;
  now: () => number;
  onBackgroundError: (err: unknown) => void;
}

/**
 * The answer to "do you hold a verified copy of this record?", the only signal on which a
 * device deletes its file. Another branch's records look exactly like unknown ones.
 */
export async function readUploadStatus(deps: StatusDeps, recordId: string, principal: UploadPrincipal): Promise<UploadStatus> {
  const none: UploadStatus = { recordId, verified: false, state: 'none' };
  const filed = await deps.records.find(recordId);
  if (filed) {
    if (filed.branchId !== principal.branchId) return none;
    return { recordId, verified: true, state: 'verified', size: filed.size, sha256: filed.sha256, verifiedAt: filed.verifiedAt };
  }

  const id = uploadIdFor(recordId);
  const meta = readStoredMetadata(await deps.incoming.metadataOf(id));
  if (!meta || meta.branchId !== principal.branchId) return none;
  // While verifying, the data moves to its final place before the row is written: never
  // answer "none" in between, or a waiting device would start over for nothing.
  if (deps.verifier.isVerifying(id)) return { recordId, verified: false, state: 'verifying', size: meta.size, uploadPath: uploadPathFor(recordId) };
  const upload = await deps.incoming.find(id);
  if (!upload || upload.size === undefined) return none;

  const partial = { recordId, verified: false, size: upload.size, offset: upload.offset, uploadPath: uploadPathFor(recordId) };
  if (upload.offset < upload.size) return { ...partial, state: 'uploading' };

  // Every byte is here but nothing is verifying it: the process that received the last byte
  // died while hashing. Verify now rather than leave the device waiting for the next sweep.
  const lastWrite = await deps.incoming.modifiedAt(deps.incoming.dataPath(id));
  if (lastWrite !== null && deps.now() - lastWrite > deps.verifyGraceMs) {
    deps.verifier.verify(id).catch(deps.onBackgroundError);
  }
  return { ...partial, state: 'verifying' };
}
