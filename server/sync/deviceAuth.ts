import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { DeviceRole } from '../../shared/sync/protocol.js';
import type { EnrolRequest, EnrolResponse } from '../../shared/sync/protocol.js';
import type { SqlDb } from '../db/sqlDb.js';
import { SyncApiError } from './syncErrors.js';

/**
 * Device enrolment and tokens. A device enrols once with a one-time code an administrator made
 * for its branch and gets a random bearer token; only SHA-256 hashes of codes and tokens are
 * stored, so a copy of the database lets nobody push or enrol.
 */

export interface AuthedDevice {
  deviceId: string;
  branchId: string;
  role: DeviceRole;
}

export const BranchId = z.string().min(1).max(64);

export const EnrolCodeOptions = z
  .object({
    branchId: BranchId,
    /** When set, only a device enrolling with this role can use the code. */
    role: DeviceRole.optional(),
    ttlMinutes: z.number().int().min(1).max(7 * 24 * 60),
  })
  .strict();
export type EnrolCodeOptions = z.infer<typeof EnrolCodeOptions>;

export interface EnrolCode {
  /** Shown once to the administrator, never stored: e.g. "7Q2M-KX9D-P4HZ". */
  code: string;
  branchId: string;
  role: DeviceRole | null;
  expiresAt: string;
}

/** Crockford base32: no I, L, O or U, so a code read aloud or typed is hard to get wrong. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Codes are typed by people: case, dashes and spaces do not matter, and I/L read as 1, O as 0. */
function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

/** A one-time enrolment code: 60 random bits, single use, expiring. */
export async function createEnrolCode(db: Pick<SqlDb, 'query'>, options: EnrolCodeOptions, now: Date = new Date()): Promise<EnrolCode> {
  const opts = EnrolCodeOptions.parse(options);
  // 32 divides 256, so taking 5 bits of each byte is unbiased.
  const raw = [...randomBytes(12)].map((b) => CROCKFORD[b & 31]).join('');
  const code = `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
  const expiresAt = new Date(now.getTime() + opts.ttlMinutes * 60_000).toISOString();
  await db.query('insert into enrol_codes (code_hash, branch_id, role, created_at, expires_at) values ($1, $2, $3, $4, $5)', [
    sha256(normaliseCode(code)),
    opts.branchId,
    opts.role ?? null,
    now.toISOString(),
    expiresAt,
  ]);
  return { code, branchId: opts.branchId, role: opts.role ?? null, expiresAt };
}

export interface EnrolPolicy {
  now: Date;
  /** On a hub: the only branch its devices can belong to. */
  branchId?: string;
  /** Roles that may not enrol here (a hub does not enrol another hub). */
  refusedRoles?: readonly DeviceRole[];
}

/**
 * Uses a code (once: the code is marked used in the same statement that checks it) and gives the
 * device a fresh token. Enrolling again with a new code replaces the device's token, which
 * also re-admits a revoked device: an administrator made that code on purpose.
 */
export async function enrolDevice(db: SqlDb, req: EnrolRequest, policy: EnrolPolicy): Promise<EnrolResponse> {
  if (policy.refusedRoles?.includes(req.role)) throw new SyncApiError('forbidden', `a ${req.role} does not enrol here`);
  const token = randomBytes(32).toString('base64url');
  return db.transaction(async (tx) => {
    const used = await tx.query<{ branch_id: string; role: string | null }>(
      `update enrol_codes set used_at = $2, used_by = $3
       where code_hash = $1 and used_at is null and expires_at > $2
       returning branch_id, role`,
      [sha256(normaliseCode(req.code)), policy.now.toISOString(), req.deviceId],
    );
    const code = used.rows[0];
    // One answer for unknown, used and expired codes: guessing learns nothing.
    if (!code || (policy.branchId !== undefined && code.branch_id !== policy.branchId)) {
      throw new SyncApiError('unauthorized', 'the enrolment code is unknown, already used or expired');
    }
    // Throwing rolls the transaction back: a code refused for a wrong role stays usable.
    if (code.role !== null && code.role !== req.role) throw new SyncApiError('forbidden', `this code enrols a ${code.role}, not a ${req.role}`);
    const existing = await tx.query<{ branch_id: string; revoked: boolean }>(
      'select branch_id, revoked_at is not null as revoked from sync_devices where device_id = $1 for update',
      [req.deviceId],
    );
    const other = existing.rows[0];
    if (other && other.branch_id !== code.branch_id && !other.revoked) {
      throw new SyncApiError('conflict', `device ${req.deviceId} is enrolled for another branch; revoke it there first`);
    }
    await tx.query(
      `insert into sync_devices (device_id, branch_id, role, token_hash, enrolled_at) values ($1, $2, $3, $4, $5)
       on conflict (device_id) do update set branch_id = excluded.branch_id, role = excluded.role,
         token_hash = excluded.token_hash, enrolled_at = excluded.enrolled_at, revoked_at = null`,
      [req.deviceId, code.branch_id, req.role, sha256(token), policy.now.toISOString()],
    );
    return { deviceId: req.deviceId, branchId: code.branch_id, token };
  });
}

/** Revokes a device's token at once: its next call gets 401. False when the device is unknown. */
export async function revokeDevice(db: Pick<SqlDb, 'query'>, deviceId: string, now: Date = new Date()): Promise<boolean> {
  const { rows } = await db.query<{ device_id: string }>(
    'update sync_devices set revoked_at = coalesce(revoked_at, $2) where device_id = $1 returning device_id',
    [deviceId, now.toISOString()],
  );
  return rows.length > 0;
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{20,200})$/;

/** The device behind an `Authorization: Bearer <token>` header, or null (no, unknown or revoked token). */
export async function authenticateDevice(db: Pick<SqlDb, 'query'>, authorization: string | undefined): Promise<AuthedDevice | null> {
  const m = authorization === undefined ? null : BEARER.exec(authorization);
  if (!m) return null;
  const { rows } = await db.query<{ device_id: string; branch_id: string; role: string }>(
    'select device_id, branch_id, role from sync_devices where token_hash = $1 and revoked_at is null',
    [sha256(m[1]!)],
  );
  const row = rows[0];
  if (!row) return null;
  return { deviceId: row.device_id, branchId: row.branch_id, role: DeviceRole.parse(row.role) };
}
