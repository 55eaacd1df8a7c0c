import { hasWindow } from '../../../shared/access/devices.js';
import type { DeviceEntry, EnrolCodeAnswer, EnrolCodeRequest } from '../../../shared/access/devices.js';
import type { BranchConfig } from '../../../shared/config/schema.js';
import { DeviceRole } from '../../../shared/sync/protocol.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { createEnrolCode, deviceOfToken, revokeDevice, sha256 } from '../../sync/deviceAuth.js';
import { refuse } from './accessErrors.js';
import type { AuditLog } from './auditLog.js';
import type { DeviceIdentity, DeviceResolver } from './types.js';

export interface DeviceRegistryDeps {
  db: SqlDb;
  config: () => BranchConfig;
  audit: AuditLog;
  now?: () => Date;
  /** A revoked device's sessions end with it (StaffSessions.endForDevice). */
  onRevoked?: (deviceId: string) => Promise<unknown>;
  /** How long a resolved token is trusted without asking the database again (enrolment and revocation here forget it at once). */
  cacheMs?: number;
}

/** Who acted (the signed-in lead), for the audit. */
export interface ActingStaff {
  staffId: string;
  deviceId: string | null;
}

interface Cached {
  identity: DeviceIdentity;
  until: number;
}

/** Unknown tokens remembered at once, at most (a flood of guesses must not grow memory). */
const MAX_UNKNOWN = 10_000;

/**
 * The branch's enrolled devices (sync_devices, device_tokens; enrolment itself is
 * server/sync/deviceAuth.ts): resolves a device token for the access gate from memory after its
 * first look-up, and lets a lead make one-time codes (for one window), list and revoke devices.
 * A revocation or a new enrolment made through the hub takes effect at once: the device's cached
 * tokens are forgotten in the same call.
 */
export class DeviceRegistry implements DeviceResolver {
  private readonly known = new Map<string, Cached>();
  private readonly unknown = new Set<string>();
  private readonly lastSeen = new Map<string, number>();
  /** Bumped by forget(): a look-up that began before it does not cache what it found. */
  private epoch = 0;
  private readonly now: () => Date;
  private readonly cacheMs: number;

  constructor(private readonly deps: DeviceRegistryDeps) {
    this.now = deps.now ?? (() => new Date());
    this.cacheMs = deps.cacheMs ?? 5 * 60_000;
  }

  async resolve(token: string): Promise<DeviceIdentity | null> {
    if (token.length < 20 || token.length > 512) return null;
    const hash = sha256(token);
    const t = this.now().getTime();
    const hit = this.known.get(hash);
    if (hit && hit.until > t) {
      this.lastSeen.set(hit.identity.deviceId, t);
      return hit.identity;
    }
    if (this.unknown.has(hash)) return null;
    const epoch = this.epoch;
    const device = await deviceOfToken(this.deps.db, token);
    if (!device || device.branchId !== this.deps.config().branchId) {
      // Tokens are made only by enrolment, at random: one unknown now was never handed out.
      if (this.unknown.size >= MAX_UNKNOWN) this.unknown.clear();
      this.unknown.add(hash);
      return null;
    }
    const identity: DeviceIdentity = { deviceId: device.deviceId, branchId: device.branchId, role: device.role, window: device.window };
    // A device forgotten meanwhile (revoked, enrolled again) is asked for again next time.
    if (epoch !== this.epoch) return (await deviceOfToken(this.deps.db, token)) === null ? null : identity;
    this.known.set(hash, { identity, until: t + this.cacheMs });
    this.lastSeen.set(identity.deviceId, t);
    return identity;
  }

  /** Forgets every cached token of a device (it enrolled again, or was revoked). */
  forget(deviceId: string): void {
    this.epoch += 1;
    for (const [hash, c] of this.known) if (c.identity.deviceId === deviceId) this.known.delete(hash);
  }

  /** A device enrolled through the sync API: forget its old tokens, write the audit. */
  enrolled(device: { deviceId: string; role: DeviceRole; window: number | null }): void {
    this.forget(device.deviceId);
    this.deps.audit.sink('device_enrolled', {
      deviceId: device.deviceId,
      window: device.window,
      detail: `${device.role} enrolled${device.window === null ? '' : ` for window ${device.window}`}`,
    });
  }

  /** A one-time code for one device of this branch; a counter's or counter display's names its window. */
  async makeCode(req: EnrolCodeRequest, by: ActingStaff): Promise<EnrolCodeAnswer> {
    const config = this.deps.config();
    if (hasWindow(req.role) && req.window === undefined) throw refuse('bad_request', 'window_required', `a code for a ${req.role} names its window`);
    if (!hasWindow(req.role) && req.window !== undefined) throw refuse('bad_request', 'window_not_allowed', `a ${req.role} has no window`);
    if (req.window !== undefined && !config.counters.some((c) => c.number === req.window)) throw refuse('not_found', 'unknown_window', `window ${req.window} does not exist in this branch`);
    const code = await createEnrolCode(this.deps.db, { branchId: config.branchId, role: req.role, ...(req.window !== undefined ? { window: req.window } : {}), ttlMinutes: req.ttlMinutes }, this.now());
    await this.deps.audit.record('enrol_code_made', {
      staffId: by.staffId,
      deviceId: by.deviceId,
      window: code.window,
      detail: `code for a ${req.role}${code.window === null ? '' : ` at window ${code.window}`}, valid ${req.ttlMinutes} min`,
    });
    return { code: code.code, role: req.role, window: code.window, expiresAt: code.expiresAt };
  }

  /** Every device enrolled for this branch, oldest first, with its last request seen. */
  async list(): Promise<DeviceEntry[]> {
    const { rows } = await this.deps.db.query<{
      device_id: string;
      role: string;
      window_number: number | null;
      enrolled_at: Date | string;
      revoked_at: Date | string | null;
      last_seen_at: Date | string | null;
    }>(
      `select d.device_id, d.role, d.window_number, d.enrolled_at, d.revoked_at, p.last_seen_at
       from sync_devices d left join device_progress p on p.device_id = d.device_id
       where d.branch_id = $1 order by d.enrolled_at, d.device_id`,
      [this.deps.config().branchId],
    );
    return rows.map((r) => {
      const synced = r.last_seen_at === null ? 0 : new Date(r.last_seen_at).getTime();
      const seen = Math.max(synced, this.lastSeen.get(r.device_id) ?? 0);
      return {
        id: r.device_id,
        role: DeviceRole.parse(r.role),
        window: r.window_number === null ? null : Number(r.window_number),
        enrolledAt: new Date(r.enrolled_at).toISOString(),
        lastSeen: seen === 0 ? null : new Date(seen).toISOString(),
        revoked: r.revoked_at !== null,
        revokedAt: r.revoked_at === null ? null : new Date(r.revoked_at).toISOString(),
      };
    });
  }

  /** Revokes a device: its tokens stop at once, its sessions end. Revoking a revoked device changes nothing. */
  async revoke(deviceId: string, by: ActingStaff): Promise<DeviceEntry> {
    const before = (await this.list()).find((d) => d.id === deviceId);
    if (!before) throw refuse('not_found', 'unknown_device', `no device ${deviceId} is enrolled at this hub`);
    if (!before.revoked) {
      await revokeDevice(this.deps.db, deviceId, this.now());
      this.forget(deviceId);
      await this.deps.onRevoked?.(deviceId);
      await this.deps.audit.record('device_revoked', { staffId: by.staffId, deviceId, window: before.window, detail: `${before.role} revoked by ${by.staffId}` });
    }
    this.forget(deviceId);
    return (await this.list()).find((d) => d.id === deviceId)!;
  }
}
