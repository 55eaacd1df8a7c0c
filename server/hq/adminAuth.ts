import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { SyncApiError } from '../sync/syncErrors.js';

/** A fresh administrator token: 32 random bytes, base64url (printed once at start when none is set). */
export function newAdminToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The HQ read and admin API's guard: `Authorization: Bearer <admin token>`. Hashes are compared
 * in constant time, so the answer's timing says nothing about how much of a guess was right.
 */
export function adminGuard(adminToken: string): (req: FastifyRequest) => Promise<void> {
  const expected = createHash('sha256').update(adminToken).digest();
  return async (req) => {
    const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    const given = createHash('sha256').update(m?.[1] ?? '').digest();
    if (!m || !timingSafeEqual(given, expected)) throw new SyncApiError('unauthorized', 'the HQ API needs the administrator token (Authorization: Bearer <token>)');
  };
}
