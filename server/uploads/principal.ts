import type { FastifyRequest } from 'fastify';

/** The authenticated device behind an upload request (server/sync/devices.ts issues tokens). */
export interface UploadPrincipal {
  deviceId: string;
  branchId: string;
}

/** Resolves a request's device token; null answers 401. Injected so the uploads do not own auth. */
export type AuthenticateUpload = (req: FastifyRequest) => Promise<UploadPrincipal | null>;

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1] ?? null;
}
