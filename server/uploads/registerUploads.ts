import { FileStore } from '@tus/file-store';
import { MemoryLocker } from '@tus/server';
import type { Locker } from '@tus/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { uploadErrorBody } from '../../shared/uploads/errors.js';
import { RecordId } from '../../shared/uploads/metadata.js';
import { UPLOADS_PATH } from '../../shared/uploads/paths.js';
import type { UploadStatus } from '../../shared/uploads/status.js';
import { migrateSql } from '../db/sqlDb.js';
import type { SqlDb } from '../db/sqlDb.js';
import { createUploadHandler } from './createUpload.js';
import { IncomingUploads } from './incomingUploads.js';
import { KeyedMutex } from './keyedMutex.js';
import { uploadMigrations } from './migrations.js';
import type { AuthenticateUpload, UploadPrincipal } from './principal.js';
import { readStoredMetadata } from './storedMetadata.js';
import { PeriodicSweeper, sweepUploads } from './sweepUploads.js';
import type { SweepReport } from './sweepUploads.js';
import { createTusServer } from './tusServer.js';
import { UploadRecords } from './uploadRecords.js';
import type { VerifiedUpload } from './uploadRecords.js';
import { readUploadStatus } from './uploadStatus.js';
import { UploadVerifier } from './verifyUpload.js';

export interface UploadsOptions {
  db: SqlDb;
  /** Uploads live in `<dataDir>/incoming` (tus, unfinished) and `<dataDir>/stored` (verified). */
  dataDir: string;
  authenticate: AuthenticateUpload;
  /** Largest file accepted. Default 2 GiB. */
  maxSizeBytes?: number;
  /** An unfinished upload with no byte written for this long is deleted by a sweep. Default 7 days. */
  expireAfterMs?: number;
  /** Period of `startSweeping()` when none is given. Default 1 hour. */
  sweepIntervalMs?: number;
  /** How long a request holding an upload's lock may finish before a newer request takes it. Default 3 s. */
  lockDrainTimeoutMs?: number;
  /** How long a request waits for an upload's lock before failing (500). Default 30 s. */
  lockTimeoutMs?: number;
  /** A finished upload idle this long with nothing verifying it is verified on the next status query. Default 10 s. */
  verifyGraceMs?: number;
  /** tus's lock per upload. Default: in memory, which is right for one process (the hub). */
  locker?: Locker;
  now?: () => number;
}

/** What the host keeps after mounting the uploads. */
export interface Uploads {
  readonly incomingDir: string;
  readonly storedDir: string;
  status(recordId: string, principal: UploadPrincipal): Promise<UploadStatus>;
  /** A verified record's file (absolute path) and row, or null. */
  storedFile(recordId: string): Promise<(VerifiedUpload & { absolutePath: string }) | null>;
  /** One cleanup pass: expire abandoned uploads, finish interrupted verifications. */
  sweep(): Promise<SweepReport>;
  /** Sweeps now and then every `intervalMs`; stopped by `stopSweeping()` or when the app closes. */
  startSweeping(intervalMs?: number): void;
  stopSweeping(): Promise<void>;
}

const TUS_ID_METHODS = ['HEAD', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const TUS_CREATE_METHODS = ['POST', 'OPTIONS'] as const;
const UploadIdParams = z.object({ uploadId: RecordId });
const RecordParams = z.object({ recordId: RecordId });

/**
 * Mounts resumable uploads (tus) on the hub's or HQ's fastify app under /api/v1/uploads/:
 * creation and resume by @tus/server, then our SHA-256 check, the `uploads` row, and the status
 * endpoint devices confirm with before deleting their copy. See docs/uploads.md.
 */
export async function registerUploads(app: FastifyInstance, opts: UploadsOptions): Promise<Uploads> {
  await migrateSql(opts.db, uploadMigrations);
  const now = opts.now ?? Date.now;
  const incomingDir = join(opts.dataDir, 'incoming');
  const storedDir = join(opts.dataDir, 'stored');
  await mkdir(incomingDir, { recursive: true });

  const locker = opts.locker ?? new MemoryLocker({ acquireLockTimeout: opts.lockTimeoutMs ?? 30_000 });
  const store = new FileStore({ directory: incomingDir });
  // Advertise only what we honour: deferred length is refused (the size is part of what the
  // device vouches for), and expiry is our idle-time sweep, not tus's creation-time one.
  store.extensions = ['creation', 'creation-with-upload', 'termination'];
  const incoming = new IncomingUploads(store, locker);
  const records = new UploadRecords(opts.db);
  const verifier = new UploadVerifier(incoming, records, opts.dataDir, app.log);
  const logFailure = (err: unknown) => app.log.error({ err: { message: (err as Error)?.message } }, 'upload background work failed');
  const statusDeps = { records, incoming, verifier, verifyGraceMs: opts.verifyGraceMs ?? 10_000, now, onBackgroundError: logFailure };

  // tus hooks get tus's own request object; the authenticated device rides along the async call.
  const principals = new AsyncLocalStorage<UploadPrincipal>();
  const tus = createTusServer({
    incoming,
    records,
    verifier,
    principals,
    maxSizeBytes: opts.maxSizeBytes ?? 2 * 1024 ** 3,
    lockDrainTimeoutMs: opts.lockDrainTimeoutMs ?? 3_000,
    onUnexpectedError: logFailure,
  });

  const principalOf = new WeakMap<FastifyRequest, UploadPrincipal>();

  const passToTus = async (req: FastifyRequest, reply: FastifyReply, principal: UploadPrincipal | undefined): Promise<void> => {
    reply.hijack();
    try {
      await (principal ? principals.run(principal, () => tus.handle(req.raw, reply.raw)) : tus.handle(req.raw, reply.raw));
    } catch (err) {
      logFailure(err);
      reply.raw.destroy();
    }
  };

  const create = createUploadHandler({ records, incoming, creating: new KeyedMutex(), passToTus });

  await app.register(async (scope) => {
    // tus reads PATCH bodies itself, straight from the socket: fastify must not touch them.
    scope.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) => done(null));

    scope.addHook('onRequest', async (req, reply) => {
      // OPTIONS is tus discovery (versions, extensions, max size) and CORS preflight: no secrets.
      if (req.method === 'OPTIONS') return;
      const principal = await opts.authenticate(req);
      if (!principal) return reply.code(401).header('WWW-Authenticate', 'Bearer').send(uploadErrorBody('unauthorized', 'a device token is required'));
      principalOf.set(req, principal);
    });

    scope.get(`${UPLOADS_PATH}status/:recordId`, async (req, reply) => {
      const params = RecordParams.safeParse(req.params);
      if (!params.success) return reply.code(400).send(uploadErrorBody('bad_request', z.prettifyError(params.error)));
      return readUploadStatus(statusDeps, params.data.recordId, principalOf.get(req)!);
    });

    const onCollection = async (req: FastifyRequest, reply: FastifyReply) => {
      const principal = principalOf.get(req);
      if (req.method === 'POST' && principal) return create(req, reply, principal);
      return passToTus(req, reply, principal);
    };
    scope.route({ method: [...TUS_CREATE_METHODS], url: UPLOADS_PATH, handler: onCollection });
    scope.route({ method: [...TUS_CREATE_METHODS], url: UPLOADS_PATH.replace(/\/$/, ''), handler: onCollection });

    scope.route({
      method: [...TUS_ID_METHODS],
      url: `${UPLOADS_PATH}:uploadId`,
      handler: async (req, reply) => {
        const params = UploadIdParams.safeParse(req.params);
        if (!params.success) return reply.code(404).send(uploadErrorBody('not_found', 'no such upload'));
        const principal = principalOf.get(req);
        if (principal) {
          // Another branch's upload answers exactly like a missing one.
          const meta = readStoredMetadata(await incoming.metadataOf(params.data.uploadId));
          if (meta && meta.branchId !== principal.branchId) return reply.code(404).send(uploadErrorBody('not_found', 'no such upload'));
        }
        return passToTus(req, reply, principal);
      },
    });
  });

  const sweep = () => sweepUploads({ incoming, verifier, expireAfterMs: opts.expireAfterMs ?? 7 * 24 * 3600_000, now });
  const sweeper = new PeriodicSweeper(sweep, logFailure);
  app.addHook('onClose', async () => sweeper.stop());

  return {
    incomingDir,
    storedDir,
    status: (recordId, principal) => readUploadStatus(statusDeps, recordId, principal),
    storedFile: async (recordId) => {
      const row = await records.find(recordId);
      return row ? { ...row, absolutePath: join(opts.dataDir, row.storedPath) } : null;
    },
    sweep,
    startSweeping: (intervalMs) => sweeper.start(intervalMs ?? opts.sweepIntervalMs ?? 3600_000),
    stopSweeping: () => sweeper.stop(),
  };
}
