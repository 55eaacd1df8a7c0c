import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CounterNumber } from '../../shared/config/primitives.js';
import { DeviceRole } from '../../shared/sync/protocol.js';
import type { EnrolRequest, EnrolResponse } from '../../shared/sync/protocol.js';
import type { SqlDb } from '../db/sqlDb.js';
import { QueueError } from '../../shared/api/errors.js';
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
  /** A counter's or counter display's window (null for other kinds, or enrolled without one). */
  window: number | null;
}

/** Only these kinds of device belong to a window. */
const WINDOW_ROLES: readonly DeviceRole[] = ['counter', 'counter-display'];

export const BranchId = z.string().min(1).max(64);

export const EnrolCodeOptions = z
  .object({
    branchId: BranchId,
    /** When set, only a device enrolling with this role can use the code. */
    role: DeviceRole.optional(),
    /** Fixes the window of the counter or counter display enrolling with it. */
    window: CounterNumber.optional(),
    ttlMinutes: z.number().int().min(1).max(7 * 24 * 60),
  })
  .strict()
  .refine((o) => o.window === undefined || (o.role !== undefined && WINDOW_ROLES.includes(o.role)), 'only a code for a counter or counter display names a window');
export type EnrolCodeOptions = z.infer<typeof EnrolCodeOptions>;

export interface EnrolCode {
  /** Shown once to the administrator, never stored: e.g. "7Q2M-KX9D-P4HZ". */
  code: string;
  branchId: string;
  role: DeviceRole | null;
  window: number | null;
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
  await db.query('insert into enrol_codes (code_hash, branch_id, role, window_number, created_at, expires_at) values ($1, $2, $3, $4, $5, $6)', [
    sha256(normaliseCode(code)),
    opts.branchId,
    opts.role ?? null,
    opts.window ?? null,
    now.toISOString(),
    expiresAt,
  ]);
  return { code, branchId: opts.branchId, role: opts.role ?? null, window: opts.window ?? null, expiresAt };
}

export interface EnrolPolicy {
  now: Date;
  /** On a hub: the only branch its devices can belong to. */
  branchId?: string;
  /** Roles that may not enrol here (a hub does not enrol another hub). */
  refusedRoles?: readonly DeviceRole[];
  /** On a hub: whether a window exists in the branch (a device naming another is refused). */
  windowExists?: (window: number) => boolean;
}

/** One answer for unknown, used, expired and foreign codes: guessing learns nothing. */
const refusedCode = (): SyncApiError => new SyncApiError('unauthorized', 'the enrolment code is unknown, already used or expired');

/**
 * Uses a code and gives the device a fresh token. The first device to enrol with a code spends
 * it. Until the code expires, THAT device may enrol with it again and gets the same enrolment
 * with one more token, its earlier ones staying valid: the answer to its first try may have been
 * lost on the way (it never saw that token), or the request reached us twice (the token it saw
 * must not be replaced behind its back). Any other device is refused as for a used code.
 *
 * Enrolling with a new code replaces the device's tokens, which also re-admits a revoked device:
 * an administrator made that code on purpose. A retry with an old code re-admits nothing: not a
 * device revoked since, nor one that has enrolled with a newer code.
 */
export async function enrolDevice(db: SqlDb, req: EnrolRequest, policy: EnrolPolicy): Promise<EnrolResponse> {
  if (policy.refusedRoles?.includes(req.role)) throw new SyncApiError('forbidden', `a ${req.role} does not enrol here`);
  if (req.window !== undefined && !WINDOW_ROLES.includes(req.role)) throw new QueueError('bad_request', `a ${req.role} has no window`, 'window_not_allowed');
  const token = randomBytes(32).toString('base64url');
  const codeHash = sha256(normaliseCode(req.code));
  const now = policy.now.toISOString();
  return db.transaction(async (tx) => {
    // Locked to the end: two requests with one code are decided one after the other.
    const found = await tx.query<{ branch_id: string; role: string | null; window_number: number | null; used_by: string | null }>(
      'select branch_id, role, window_number, used_by from enrol_codes where code_hash = $1 and expires_at > $2 for update',
      [codeHash, now],
    );
    const code = found.rows[0];
    if (!code || (policy.branchId !== undefined && code.branch_id !== policy.branchId)) throw refusedCode();
    if (code.used_by !== null && code.used_by !== req.deviceId) throw refusedCode();
    // Throwing rolls the transaction back: a code refused for a wrong role stays usable.
    if (code.role !== null && code.role !== req.role) throw new SyncApiError('forbidden', `this code enrols a ${code.role}, not a ${req.role}`);
    // A code for one window fixes it; a code without one (the demo's) lets the device name it.
    const codeWindow = code.window_number === null ? null : Number(code.window_number);
    if (codeWindow !== null && req.window !== undefined && req.window !== codeWindow) {
      throw new QueueError('forbidden', `this code enrols window ${codeWindow}, not ${req.window}`, 'wrong_window');
    }
    const window = codeWindow ?? req.window ?? null;
    if (window !== null && policy.windowExists && !policy.windowExists(window)) throw new QueueError('not_found', `window ${window} does not exist in this branch`, 'unknown_window');
    const existing = await tx.query<{ branch_id: string; role: string; window_number: number | null; revoked: boolean; by_this_code: boolean }>(
      `select branch_id, role, window_number, revoked_at is not null as revoked,
              exists (select 1 from device_tokens t where t.device_id = d.device_id and t.code_hash = $2) as by_this_code
       from sync_devices d where device_id = $1 for update`,
      [req.deviceId, codeHash],
    );
    const device = existing.rows[0];
    const issue = (): Promise<unknown> =>
      tx.query('insert into device_tokens (token_hash, device_id, code_hash, issued_at) values ($1, $2, $3, $4)', [sha256(token), req.deviceId, codeHash, now]);

    if (code.used_by !== null) {
      // The same device again with its code: the same enrolment, one more token.
      if (!device || device.revoked || !device.by_this_code || device.role !== req.role) throw refusedCode();
      const enrolledWindow = device.window_number === null ? null : Number(device.window_number);
      if (req.window !== undefined && req.window !== enrolledWindow) throw refusedCode();
      await issue();
      return { deviceId: req.deviceId, branchId: device.branch_id, token, ...windowOf(enrolledWindow) };
    }
    if (device && device.branch_id !== code.branch_id && !device.revoked) {
      throw new SyncApiError('conflict', `device ${req.deviceId} is enrolled for another branch; revoke it there first`);
    }
    await tx.query('update enrol_codes set used_at = $2, used_by = $3 where code_hash = $1', [codeHash, now, req.deviceId]);
    await tx.query(
      `insert into sync_devices (device_id, branch_id, role, window_number, enrolled_at) values ($1, $2, $3, $4, $5)
       on conflict (device_id) do update set branch_id = excluded.branch_id, role = excluded.role,
         window_number = excluded.window_number, enrolled_at = excluded.enrolled_at, revoked_at = null`,
      [req.deviceId, code.branch_id, req.role, window, now],
    );
    await tx.query('delete from device_tokens where device_id = $1', [req.deviceId]);
    await issue();
    return { deviceId: req.deviceId, branchId: code.branch_id, token, ...windowOf(window) };
  });
}

/** The answer names the window of a device that has one (a hub's answer from head office is unchanged). */
const windowOf = (window: number | null): { window?: number } => (window === null ? {} : { window });

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
  return deviceOfToken(db, m[1]!);
}

/** The device a raw token belongs to, or null (unknown, or its device revoked). */
export async function deviceOfToken(db: Pick<SqlDb, 'query'>, token: string): Promise<AuthedDevice | null> {
  const { rows } = await db.query<{ device_id: string; branch_id: string; role: string; window_number: number | null }>(
    `select d.device_id, d.branch_id, d.role, d.window_number from device_tokens t join sync_devices d on d.device_id = t.device_id
     where t.token_hash = $1 and d.revoked_at is null`,
    [sha256(token)],
  );
  const row = rows[0];
  if (!row) return null;
  return { deviceId: row.device_id, branchId: row.branch_id, role: DeviceRole.parse(row.role), window: row.window_number === null ? null : Number(row.window_number) };
}
