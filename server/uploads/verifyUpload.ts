import type { FastifyBaseLogger } from 'fastify';
import { join } from 'node:path';
import { sha256OfFile } from './hashFile.js';
import type { IncomingUploads } from './incomingUploads.js';
import { readStoredMetadata } from './storedMetadata.js';
import { moveIntoPlace, storedRelativePath } from './storedFiles.js';
import type { UploadRecords, VerifiedUpload } from './uploadRecords.js';

export type VerifyOutcome =
  | { kind: 'verified'; upload: VerifiedUpload }
  /** The bytes do not hash to the declared sha256: the data is deleted. */
  | { kind: 'mismatch' }
  /** No upload data (already filed, expired or removed). */
  | { kind: 'missing' }
  | { kind: 'incomplete' }
  /** The record is already filed with other content or by another branch: the data is deleted. */
  | { kind: 'conflict' }
  /** Metadata that is not ours (created behind our back): the data is deleted. */
  | { kind: 'invalid' };

/**
 * tus only knows that the declared number of bytes arrived. This checks that they are the
 * right bytes: hash the finished data (streamed), and only on a match move it to its final
 * place and write the `uploads` row (in that order: a row must never point at nothing, because
 * the device deletes its copy when it sees the row). On a mismatch the data is deleted so the
 * next attempt starts from byte 0 instead of resuming into the same wrong bytes.
 */
export class UploadVerifier {
  private readonly inFlight = new Map<string, Promise<VerifyOutcome>>();

  constructor(
    private readonly incoming: IncomingUploads,
    private readonly records: UploadRecords,
    private readonly dataDir: string,
    private readonly log: Pick<FastifyBaseLogger, 'info' | 'warn'>,
  ) {}

  isVerifying(uploadId: string): boolean {
    return this.inFlight.has(uploadId);
  }

  /** Verifies once per upload at a time: a second caller gets the running verification's outcome. */
  verify(uploadId: string): Promise<VerifyOutcome> {
    const running = this.inFlight.get(uploadId);
    if (running) return running;
    const p = this.incoming.withLock(uploadId, () => this.run(uploadId)).finally(() => this.inFlight.delete(uploadId));
    this.inFlight.set(uploadId, p);
    return p;
  }

  private async run(id: string): Promise<VerifyOutcome> {
    const upload = await this.incoming.find(id);
    if (!upload) {
      // Metadata without data: the data was already moved (a crash before this cleanup) or lost.
      await this.incoming.forget(id);
      return { kind: 'missing' };
    }
    const meta = readStoredMetadata(upload.metadata);
    if (!meta) {
      await this.incoming.remove(id);
      return { kind: 'invalid' };
    }
    if (upload.size === undefined || upload.offset !== upload.size) return { kind: 'incomplete' };

    const filed = await this.records.find(meta.recordId);
    if (filed) {
      await this.incoming.remove(id);
      return filed.sha256 === meta.sha256 && filed.branchId === meta.branchId ? { kind: 'verified', upload: filed } : { kind: 'conflict' };
    }

    const actual = await sha256OfFile(this.incoming.dataPath(id));
    if (actual !== meta.sha256 || upload.size !== meta.size) {
      await this.incoming.remove(id);
      this.log.warn({ recordId: meta.recordId, size: upload.size }, 'upload failed its SHA-256 check; its data was deleted');
      return { kind: 'mismatch' };
    }

    const storedPath = storedRelativePath(meta.recordId);
    await moveIntoPlace(this.incoming.dataPath(id), join(this.dataDir, storedPath));
    const row = await this.records.insert({
      recordId: meta.recordId,
      branchId: meta.branchId,
      deviceId: meta.deviceId,
      size: meta.size,
      sha256: meta.sha256,
      contentType: meta.contentType,
      storedPath,
    });
    await this.incoming.forget(id);
    this.log.info({ recordId: meta.recordId, size: meta.size }, 'upload verified');
    return { kind: 'verified', upload: row };
  }
}
