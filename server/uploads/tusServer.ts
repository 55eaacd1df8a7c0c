import { Server } from '@tus/server';
import type { AsyncLocalStorage } from 'node:async_hooks';
import { ZodError, z } from 'zod';
import { uploadErrorBody } from '../../shared/uploads/errors.js';
import { UploadMetadataWire, parseUploadMetadata } from '../../shared/uploads/metadata.js';
import type { UploadMetadata } from '../../shared/uploads/metadata.js';
import { CHECKSUM_MISMATCH_STATUS, UPLOADS_PATH, uploadIdFor } from '../../shared/uploads/paths.js';
import type { IncomingUploads } from './incomingUploads.js';
import type { UploadPrincipal } from './principal.js';
import { encodeStoredMetadata, readStoredMetadata } from './storedMetadata.js';
import { isTusFailure, tusFailure } from './tusFailure.js';
import type { UploadRecords } from './uploadRecords.js';
import type { UploadVerifier } from './verifyUpload.js';

export interface TusServerDeps {
  incoming: IncomingUploads;
  records: UploadRecords;
  verifier: UploadVerifier;
  /** The authenticated device of the request being handled (set by the fastify route). */
  principals: AsyncLocalStorage<UploadPrincipal>;
  maxSizeBytes: number;
  lockDrainTimeoutMs: number;
  onUnexpectedError: (err: unknown) => void;
}

/**
 * @tus/server as Guichet configures it: upload id = record id (two uploaders meet), metadata
 * validated and cleaned at creation, and the SHA-256 check run before the last PATCH is
 * answered, so the uploader that sent the last byte learns the verdict in that answer.
 */
export function createTusServer(deps: TusServerDeps): Server {
  const { incoming, records, verifier, principals } = deps;
  return new Server({
    path: UPLOADS_PATH.replace(/\/$/, ''),
    datastore: incoming.store,
    locker: incoming.locker,
    // Relative, so the URL a device stores survives a proxy or a changed host name.
    relativeLocation: true,
    maxSize: deps.maxSizeBytes,
    lockDrainTimeout: deps.lockDrainTimeoutMs,
    disableTerminationForFinishedUploads: true,
    // Callers are Node processes (hub, Electron main); no web page may read these answers.
    allowedOrigins: () => false,
    namingFunction: (_req, metadata) => {
      const m = UploadMetadataWire.safeParse(metadata ?? {});
      if (!m.success) throw tusFailure(400, 'bad_request', z.prettifyError(m.error));
      return uploadIdFor(m.data.recordId);
    },
    onUploadCreate: async (_req, upload) => {
      const principal = principals.getStore();
      if (!principal) throw tusFailure(401, 'unauthorized', 'a device token is required');
      const meta = parseOrFail(upload.metadata);
      if (meta.branchId !== principal.branchId) throw tusFailure(403, 'forbidden', 'branchId is not this device’s branch');
      if (upload.size !== meta.size) throw tusFailure(400, 'bad_request', 'Upload-Length must equal the declared size');
      return { metadata: encodeStoredMetadata(meta, principal.deviceId) };
    },
    onUploadFinish: async (_req, upload) => {
      const outcome = await verifier.verify(upload.id);
      switch (outcome.kind) {
        case 'verified':
        case 'incomplete':
          return {};
        case 'mismatch':
          throw tusFailure(CHECKSUM_MISMATCH_STATUS, 'checksum_mismatch', 'the bytes do not match the declared sha256; the upload was deleted: upload again from the start');
        case 'conflict':
          throw tusFailure(409, 'conflict', 'this record is already stored with other content');
        case 'invalid':
          throw tusFailure(400, 'bad_request', 'the upload’s metadata is not valid');
        case 'missing': {
          // Another request finished and filed it first: that is a success for this one too.
          const meta = readStoredMetadata(upload.metadata);
          const filed = meta ? await records.find(meta.recordId) : null;
          if (filed && filed.sha256 === meta?.sha256) return {};
          throw tusFailure(410, 'gone', 'the upload no longer exists: upload again from the start');
        }
      }
    },
    onResponseError: (_req, err) => {
      if (isTusFailure(err)) return undefined;
      // Unknown failures may carry paths or internals: log the message, answer a generic body.
      deps.onUnexpectedError(err);
      return { status_code: 500, body: JSON.stringify(uploadErrorBody('internal', 'the server failed; resume the upload later')) };
    },
  });
}

function parseOrFail(raw: Record<string, string | null> | undefined): UploadMetadata {
  try {
    return parseUploadMetadata(raw);
  } catch (err) {
    throw tusFailure(400, 'bad_request', err instanceof ZodError ? z.prettifyError(err) : 'Upload-Metadata is malformed');
  }
}
