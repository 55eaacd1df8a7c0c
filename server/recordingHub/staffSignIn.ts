import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { QueueError } from '../../shared/api/errors.js';
import type { BranchConfig, StaffRole } from '../../shared/config/schema.js';
import { canListen } from '../../shared/recording/access.js';
import type { SignInResponse } from '../../shared/recording/access.js';
import { verifyPin } from './pinHash.js';

export interface SignedIn {
  staffId: string;
  role: StaffRole;
  expiresAt: number;
}

export interface StaffSignInOptions {
  config: () => BranchConfig;
  now?: () => number;
  /** Life of a listen token. Default 15 minutes: a lead's session, not a day. */
  tokenTtlMs?: number;
  /** Wrong PINs allowed per staff member within `lockoutMs` before sign-in is refused. Default 5. */
  maxFailures?: number;
  lockoutMs?: number;
}

/**
 * The minimal staff sign-in of issue 5: staff id + PIN (scrypt hash in the branch configuration)
 * for a short-lived bearer token, kept in memory only (a hub restart signs everyone out). Any
 * staff member with a PIN may sign in; what the token allows is decided by its role.
 */
export class StaffSignIn {
  private readonly tokens = new Map<string, SignedIn>();
  private readonly failures = new Map<string, number[]>();
  private readonly now: () => number;
  private readonly ttl: number;

  constructor(private readonly opts: StaffSignInOptions) {
    this.now = opts.now ?? Date.now;
    this.ttl = opts.tokenTtlMs ?? 15 * 60_000;
  }

  async signIn(staffId: string, pin: string): Promise<SignInResponse> {
    const now = this.now();
    const lockout = this.opts.lockoutMs ?? 5 * 60_000;
    const recent = (this.failures.get(staffId) ?? []).filter((t) => t > now - lockout);
    if (recent.length >= (this.opts.maxFailures ?? 5)) {
      throw new QueueError('unauthorized', `too many wrong PINs: try again in ${Math.ceil((recent[0]! + lockout - now) / 60_000)} min`);
    }
    const staff = this.opts.config().staff.find((s) => s.id === staffId);
    // One answer for "no such person", "no PIN" and "wrong PIN": the endpoint names nobody.
    const ok = staff?.pinHash !== undefined && (await verifyPin(pin, staff.pinHash));
    if (!staff || !ok) {
      this.failures.set(staffId, [...recent, now]);
      throw new QueueError('unauthorized', 'unknown staff member or wrong PIN');
    }
    this.failures.delete(staffId);
    this.sweep(now);
    const token = randomBytes(24).toString('base64url');
    const expiresAt = now + this.ttl;
    this.tokens.set(token, { staffId: staff.id, role: staff.role, expiresAt });
    return { token, staffId: staff.id, role: staff.role, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** The signed-in person behind a token, or null (unknown or expired). */
  check(token: string | null | undefined): SignedIn | null {
    if (!token) return null;
    const s = this.tokens.get(token);
    if (!s) return null;
    if (s.expiresAt <= this.now()) {
      this.tokens.delete(token);
      return null;
    }
    // The role is read again from the configuration: a demoted lead loses access at once.
    const staff = this.opts.config().staff.find((x) => x.id === s.staffId);
    if (!staff) return null;
    return { ...s, role: staff.role };
  }

  /** 401 without a valid token, 403 for a role that may not listen. */
  requireListener(token: string | null | undefined): SignedIn {
    const who = this.check(token);
    if (!who) throw new QueueError('unauthorized', 'sign in with a staff id and PIN first (POST /api/v1/recordings/sign-in)');
    if (!canListen(who.role)) throw new QueueError('forbidden', `a ${who.role} may not listen to recordings`);
    return who;
  }

  signOut(token: string): void {
    this.tokens.delete(token);
  }

  private sweep(now: number): void {
    for (const [t, s] of this.tokens) if (s.expiresAt <= now) this.tokens.delete(t);
  }
}

/** The staff token of a request: `Authorization: Bearer …`, or `?token=` (a browser WebSocket cannot set headers). */
export function staffToken(req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  const m = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (m) return m[1]!;
  const q = (req.query as Record<string, unknown> | undefined)?.token;
  return typeof q === 'string' && q.length > 0 ? q : null;
}
