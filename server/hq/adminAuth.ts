import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { SyncApiError } from '../sync/syncErrors.js';

/** A fresh administrator token: 32 random bytes, base64url (printed once at start when none is set). */
export function newAdminToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A named head-office administrator (GUICHET_HQ_ADMINS): their token says who saved a configuration version. */
export interface HqAdmin {
  name: string;
  token: string;
}

/** The name the administrator token (GUICHET_ADMIN_TOKEN) is recorded under. */
export const DEFAULT_ADMIN_NAME = 'admin';

const adminNames = new WeakMap<FastifyRequest, string>();

/** Who the request's token belongs to (after the guard let it through). */
export function adminNameOf(req: FastifyRequest): string {
  return adminNames.get(req) ?? DEFAULT_ADMIN_NAME;
}

/**
 * The HQ read and admin API's guard: `Authorization: Bearer <admin token>`. Hashes are compared
 * in constant time, so the answer's timing says nothing about how much of a guess was right;
 * every known token is compared, whichever matches, for the same reason.
 */
export function adminGuard(adminToken: string, admins: readonly HqAdmin[] = []): (req: FastifyRequest) => Promise<void> {
  const sha = (v: string) => createHash('sha256').update(v).digest();
  const known = [{ name: DEFAULT_ADMIN_NAME, hash: sha(adminToken) }, ...admins.map((a) => ({ name: a.name, hash: sha(a.token) }))];
  return async (req) => {
    const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    const given = sha(m?.[1] ?? '');
    let who: string | null = null;
    for (const k of known) if (timingSafeEqual(given, k.hash) && who === null) who = k.name;
    if (!m || who === null) throw new SyncApiError('unauthorized', 'the HQ API needs the administrator token (Authorization: Bearer <token>)');
    adminNames.set(req, who);
  };
}
