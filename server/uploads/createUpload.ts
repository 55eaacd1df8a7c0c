import { Metadata } from '@tus/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodError, z } from 'zod';
import { uploadErrorBody } from '../../shared/uploads/errors.js';
import { parseUploadMetadata } from '../../shared/uploads/metadata.js';
import type { UploadMetadata } from '../../shared/uploads/metadata.js';
import { uploadIdFor, uploadPathFor } from '../../shared/uploads/paths.js';
import type { IncomingUploads } from './incomingUploads.js';
import type { KeyedMutex } from './keyedMutex.js';
import type { UploadPrincipal } from './principal.js';
import { readStoredMetadata } from './storedMetadata.js';
import type { UploadRecords } from './uploadRecords.js';

export interface CreateDeps {
  records: UploadRecords;
  incoming: IncomingUploads;
  /** One creation per record at a time, so "exists?" and "create" cannot interleave. */
  creating: KeyedMutex;
  passToTus: (req: FastifyRequest, reply: FastifyReply, principal: UploadPrincipal) => Promise<void>;
}

/**
 * POST: create an upload, or meet the one that already exists for the record. tus would
 * truncate an existing upload on a second create with the same id, so a second uploader
 * (another process, or one that lost its stored URL) is sent the existing upload's Location and
 * resumes it; a record already verified is refused with `already_verified`.
 */
export function createUploadHandler(deps: CreateDeps) {
  return async (req: FastifyRequest, reply: FastifyReply, principal: UploadPrincipal): Promise<unknown> => {
    let meta: UploadMetadata;
    try {
      const header = req.headers['upload-metadata'];
      meta = parseUploadMetadata(Metadata.parse(typeof header === 'string' ? header : undefined));
    } catch (err) {
      const message = err instanceof ZodError ? z.prettifyError(err) : 'Upload-Metadata is missing or malformed';
      return reply.code(400).send(uploadErrorBody('bad_request', message));
    }
    if (meta.branchId !== principal.branchId) return reply.code(403).send(uploadErrorBody('forbidden', 'branchId is not this device’s branch'));
    // Deferred length is refused: the size is part of what the device vouches for.
    if (req.headers['upload-length'] !== String(meta.size)) {
      return reply.code(400).send(uploadErrorBody('bad_request', 'Upload-Length is required and must equal the declared size'));
    }
    const id = uploadIdFor(meta.recordId);
    return deps.creating.run(id, async () => {
      const filed = await deps.records.find(meta.recordId);
      if (filed) {
        const same = filed.sha256 === meta.sha256 && filed.branchId === meta.branchId;
        return reply
          .code(409)
          .send(same ? uploadErrorBody('already_verified', 'the server already holds this file, verified') : uploadErrorBody('conflict', 'this record is already stored with other content'));
      }
      const existing = await deps.incoming.find(id);
      if (existing) {
        const old = readStoredMetadata(existing.metadata);
        if (old && old.branchId !== principal.branchId) return reply.code(409).send(uploadErrorBody('conflict', 'this record is being uploaded by another branch'));
        if (old && old.sha256 === meta.sha256 && old.size === meta.size && old.contentType === meta.contentType) {
          return reply.code(201).header('Location', uploadPathFor(meta.recordId)).header('Tus-Resumable', '1.0.0').send();
        }
        // The device now declares other content (its file was repaired after a crash): the
        // newest declaration wins; the old bytes could never verify.
        await deps.incoming.withLock(id, () => deps.incoming.remove(id));
      }
      await deps.passToTus(req, reply, principal);
      return undefined;
    });
  };
}
