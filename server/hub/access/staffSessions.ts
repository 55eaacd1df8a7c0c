import { randomBytes } from 'node:crypto';
import { may } from '../../../shared/access/roles.js';
import type { AuditEntry } from '../../../shared/access/audit.js';
import type { LockRequest, SessionInfo, SignedInStaff, StaffSignInRequest, StaffVerifiers, WindowStaffMessage } from '../../../shared/access/session.js';
import type { BranchConfig, Staff } from '../../../shared/config/schema.js';
import { newId } from '../../../shared/ids.js';
import type { SqlDb, SqlTx } from '../../db/sqlDb.js';
import { sha256 } from '../../sync/deviceAuth.js';
import type { StreamSide } from '../api/queueStream.js';
import { LockedOutError, refuse } from './accessErrors.js';
import type { AuditLog } from './auditLog.js';
import { Lockout, addressKey, loginKey, staffKey } from './lockout.js';
import { DUMMY_PIN_HASH, verifyPin } from './pinHash.js';
import type { ActiveSession, DeviceIdentity, SessionResolver } from './types.js';

/** Where a sign-in comes from. */
export interface SignInPlace {
  /** The enrolled device asking: a counter (its window) or a lead station. */
  device: DeviceIdentity | null;
  /** The request's address (per-address lockout). */
  ip: string;
  /** The recording hub's older sign-in (POST /api/v1/recordings/sign-in): only at a lead station. */
  legacy?: boolean;
}

export interface StaffSessionsDeps {
  db: SqlDb;
  config: () => BranchConfig;
  audit: AuditLog;
  now?: () => Date;
  /** Shared with other PIN checks; by default one of its own, on the branch's policy. */
  lockout?: Lockout;
}

/** A session as kept in memory (and in staff_sessions, the token as its SHA-256 only). */
interface Stored {
  id: string;
  tokenHash: string;
  staffId: string;
  deviceId: string;
  window: number | null;
  signedInAt: number;
  expiresAt: number;
  locked: boolean;
}

interface Ending {
  session: Stored;
  reason: 'signed_out' | 'replaced' | 'handover' | 'expired' | 'device_revoked';
  entry: AuditEntry;
}

/**
 * How long the row of an ended session is kept: a day, for questions about the shift just
 * ended; after that it can resolve nothing, and who signed in when is in the security audit.
 */
export const ENDED_SESSION_KEEP_MS = 24 * 3_600_000;

const where = (window: number | null): string => (window === null ? 'at the lead station' : `at window ${window}`);

/**
 * Staff sessions of the branch (DESIGN.md §8): staff id or badge + PIN at an enrolled counter
 * (bound to its window) or lead station. Every change is stored (token as SHA-256 only) with its
 * audit entry in one transaction, and kept in memory, so resolve() and atWindow() never touch the
 * database and a hub restart keeps everyone signed in.
 *
 * One person per window and one window per person: signing in at a second window ends the first
 * session ('session_replaced'), and signing in where someone else is signed in ends theirs (shift
 * handover). A device holds one session at a time.
 */
export class StaffSessions implements SessionResolver {
  private readonly byHash = new Map<string, Stored>();
  private readonly byId = new Map<string, Stored>();
  private readonly byWindow = new Map<number, Stored>();
  private readonly listeners = new Set<(m: WindowStaffMessage) => void>();
  private readonly staffIndex = new WeakMap<BranchConfig, Map<string, Staff>>();
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  readonly lockout: Lockout;

  private constructor(
    private readonly deps: StaffSessionsDeps,
    private readonly now: () => Date,
  ) {
    this.lockout =
      deps.lockout ??
      new Lockout(
        () => ({ maxFailures: deps.config().access.maxFailures, windowMs: deps.config().access.lockoutMinutes * 60_000 }),
        () => now().getTime(),
      );
  }

  static async open(deps: StaffSessionsDeps): Promise<StaffSessions> {
    const now = deps.now ?? (() => new Date());
    const sessions = new StaffSessions(deps, now);
    const { rows } = await deps.db.query<{
      id: string;
      token_hash: string;
      staff_id: string;
      device_id: string;
      window_number: number | null;
      signed_in_at: Date | string;
      expires_at: Date | string;
      locked: boolean;
    }>(
      `select id, token_hash, staff_id, device_id, window_number, signed_in_at, expires_at, locked
       from staff_sessions where ended_at is null order by signed_in_at`,
    );
    for (const r of rows) {
      sessions.remember({
        id: r.id,
        tokenHash: r.token_hash,
        staffId: r.staff_id,
        deviceId: r.device_id,
        window: r.window_number === null ? null : Number(r.window_number),
        signedInAt: new Date(r.signed_in_at).getTime(),
        expiresAt: new Date(r.expires_at).getTime(),
        locked: r.locked,
      });
    }
    await sessions.restoreLockouts();
    // Sessions that expired while the hub was down end now, with their audit entry; old rows go.
    await sessions.sweep();
    return sessions;
  }

  /** The wrong PINs still inside the lockout window, back into the lockout (kept across restarts). */
  private async restoreLockouts(): Promise<void> {
    const since = new Date(this.now().getTime() - this.lockoutWindowMs()).toISOString();
    const { rows } = await this.deps.db.query<{ key: string; failed_at: Date | string }>(
      'select key, failed_at from access_lockout_failures where failed_at > $1::timestamptz order by key, failed_at',
      [since],
    );
    const byKey = new Map<string, number[]>();
    for (const r of rows) {
      const list = byKey.get(r.key) ?? [];
      list.push(new Date(r.failed_at).getTime());
      byKey.set(r.key, list);
    }
    for (const [key, failures] of byKey) this.lockout.restore(key, failures);
  }

  private lockoutWindowMs(): number {
    return this.config.access.lockoutMinutes * 60_000;
  }

  /** Ends expired sessions every minute (a teller's display must not show someone gone hours ago). */
  start(intervalMs = 60_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sweep().catch(() => undefined), intervalMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.chain.catch(() => undefined);
  }

  private get config(): BranchConfig {
    return this.deps.config();
  }

  // ------------------------------------------------------------------ SessionResolver

  resolve(token: string): Promise<ActiveSession | null> {
    return Promise.resolve(this.resolveNow(token));
  }

  /** resolve() without the promise: a map lookup and a SHA-256 (the gate's hot path). */
  resolveNow(token: string): ActiveSession | null {
    if (token.length < 16 || token.length > 200) return null;
    const s = this.byHash.get(sha256(token));
    return s ? this.active(s) : null;
  }

  atWindow(window: number): ActiveSession | null {
    const s = this.byWindow.get(window);
    return s ? this.active(s) : null;
  }

  /** The session with this id while it lasts (the gate resolved it; routes act on it). */
  byIdNow(sessionId: string): ActiveSession | null {
    const s = this.byId.get(sessionId);
    return s ? this.active(s) : null;
  }

  private active(s: Stored): ActiveSession | null {
    if (s.expiresAt <= this.now().getTime()) {
      void this.sweep().catch(() => undefined);
      return null;
    }
    // The role is read from the configuration now: a demoted lead loses their rights at once.
    const staff = this.staff(s.staffId);
    if (!staff) return null;
    return { sessionId: s.id, staffId: s.staffId, role: staff.role, deviceId: s.deviceId, window: s.window, locked: s.locked, expiresAt: s.expiresAt };
  }

  // ------------------------------------------------------------------ sign-in

  /**
   * Checks the PIN (staff id or badge) and opens a session bound to the device. The same answer
   * (401 bad_credentials) for an unknown person, a person without a PIN and a wrong PIN; 429
   * locked_out after policy.maxFailures wrong PINs for the person or from the address.
   */
  async signIn(body: StaffSignInRequest, place: SignInPlace): Promise<SessionInfo> {
    const at = this.placeOf(place);
    const staff = this.findStaff(body.login);
    const ok = await this.checkPin(staff, body.login, body.pin, place.ip, { deviceId: place.device?.deviceId ?? null, window: at.window, what: 'sign-in' });
    if (!ok || !staff) throw refuse('unauthorized', 'bad_credentials', 'unknown staff member or wrong PIN');
    if (at.window !== null && !may(staff.role, 'serve')) {
      this.deps.audit.sink('sign_in_failed', { staffId: staff.id, deviceId: at.deviceId, window: at.window, detail: `a ${staff.role} may not serve at a window` });
      throw refuse('forbidden', 'cannot_serve', `a ${staff.role} may not sign in at a window: only staff who serve do`);
    }
    return this.serial(() => this.open(staff, at));
  }

  private async open(staff: Staff, at: { deviceId: string; window: number | null }): Promise<SessionInfo> {
    const now = this.now().getTime();
    const token = randomBytes(32).toString('base64url');
    const s: Stored = {
      id: newId(),
      tokenHash: sha256(token),
      staffId: staff.id,
      deviceId: at.deviceId,
      window: at.window,
      signedInAt: now,
      expiresAt: now + this.config.access.sessionHours * 3_600_000,
      locked: false,
    };
    const endings: Ending[] = [];
    for (const o of this.byId.values()) {
      const sameDevice = o.deviceId === s.deviceId;
      const sameWindow = s.window !== null && o.window === s.window;
      const mineElsewhere = s.window !== null && o.window !== null && o.staffId === s.staffId;
      if (!sameDevice && !sameWindow && !mineElsewhere) continue;
      const handover = o.staffId !== s.staffId;
      const detail = handover ? `shift handover: ${s.staffId} signed in ${where(s.window)}` : `replaced by a sign-in ${where(s.window)}`;
      endings.push({ session: o, reason: handover ? 'handover' : 'replaced', entry: this.deps.audit.entry('session_replaced', { staffId: o.staffId, deviceId: o.deviceId, window: o.window, detail }) });
    }
    const signedIn = this.deps.audit.entry('sign_in', { staffId: s.staffId, deviceId: s.deviceId, window: s.window, detail: `signed in ${where(s.window)}` });
    await this.deps.db.transaction(async (tx) => {
      await this.deps.audit.writeIn(tx, [...endings.map((e) => e.entry), signedIn]);
      await this.endIn(tx, endings);
      await tx.query(
        `insert into staff_sessions (id, token_hash, staff_id, device_id, window_number, signed_in_at, expires_at, locked)
         values ($1, $2, $3, $4, $5, $6, $7, false)`,
        [s.id, s.tokenHash, s.staffId, s.deviceId, s.window, new Date(s.signedInAt).toISOString(), new Date(s.expiresAt).toISOString()],
      );
    });
    for (const e of endings) this.forget(e.session);
    this.remember(s);
    this.changed([...endings.map((e) => e.session.window), s.window]);
    return { ...this.info(s)!, token };
  }

  /** Where a sign-in lands: the device's window at a counter, none at a lead station. */
  private placeOf(place: SignInPlace): { deviceId: string; window: number | null } {
    const d = place.device;
    if (d && d.branchId !== this.config.branchId) throw refuse('forbidden', 'device_not_allowed', `this device belongs to branch ${d.branchId}`);
    if (!d) throw refuse('unauthorized', 'device_required', 'sign in from an enrolled counter or lead station (its device token is missing or revoked)');
    if (d.role === 'lead') return { deviceId: d.deviceId, window: null };
    if (place.legacy) throw refuse('forbidden', 'device_not_allowed', 'the recordings sign-in is for a lead station');
    if (d.role !== 'counter') throw refuse('forbidden', 'device_not_allowed', `staff sign in at a counter or a lead station, not at a ${d.role}`);
    if (d.window === null) throw refuse('forbidden', 'device_without_window', 'this counter was enrolled without a window: enrol it again with a code for its window');
    if (!this.config.counters.some((c) => c.number === d.window)) throw refuse('not_found', 'unknown_window', `window ${d.window} does not exist in this branch`);
    return { deviceId: d.deviceId, window: d.window };
  }

  /**
   * One PIN check under the lockout: a place is reserved on the person's key and the address's
   * key BEFORE the scrypt, so concurrent tries never exceed the allowance. True only for the
   * right PIN of a person who has one.
   */
  private async checkPin(staff: Staff | undefined, login: string, pin: string, ip: string, ctx: { deviceId: string | null; window: number | null; what: string }): Promise<boolean> {
    // A login that names nobody is locked out like a person: trying it tells nothing either.
    const personKey = staff ? staffKey(staff.id) : loginKey(login.trim());
    const held = this.lockout.reserve([personKey, addressKey(ip)]);
    if (!held.ok) throw new LockedOutError(held.retryAfterMs);
    let ok: boolean;
    try {
      // An unknown person costs a check too: the answer's time says nothing.
      ok = (await verifyPin(pin, staff?.pinHash ?? DUMMY_PIN_HASH)) && staff?.pinHash !== undefined;
    } catch (err) {
      held.reservation.succeeded();
      throw err;
    }
    if (ok) {
      held.reservation.succeeded([personKey]);
      // The person's kept failures go with their memory ones; the address's stay.
      await this.deps.db.query('delete from access_lockout_failures where key = $1', [personKey]).catch(() => undefined);
      return true;
    }
    const failedAt = this.now();
    const locked = held.reservation.failed();
    const { maxFailures, lockoutMinutes } = this.config.access;
    const facts = { deviceId: ctx.deviceId, window: ctx.window };
    const entries = [this.deps.audit.entry('sign_in_failed', { ...facts, staffId: staff?.id ?? null, detail: `${staff ? 'wrong PIN' : 'unknown staff id or badge'} (${ctx.what})` })];
    for (const key of locked) {
      const detail = key.startsWith('addr:') ? `${maxFailures} wrong PINs from address ${key.slice(5)} within ${lockoutMinutes} min` : `${maxFailures} wrong PINs within ${lockoutMinutes} min`;
      entries.push(this.deps.audit.entry('locked_out', { ...facts, staffId: key.startsWith('staff:') ? key.slice(6) : null, detail }));
    }
    // The failure is kept (a restart must not reset the count) with its audit entries, before the answer goes.
    await this.deps.db
      .transaction(async (tx) => {
        await this.deps.audit.writeIn(tx, entries);
        await tx.query('insert into access_lockout_failures (key, failed_at) select k, $2::timestamptz from unnest($1::text[]) as k', [[personKey, addressKey(ip)], failedAt.toISOString()]);
      })
      .catch(() => undefined);
    return false;
  }

  // ------------------------------------------------------------------ the session's own acts

  async signOut(sessionId: string): Promise<void> {
    await this.serial(async () => {
      const s = this.byId.get(sessionId);
      if (!s) return;
      await this.end([{ session: s, reason: 'signed_out', entry: this.deps.audit.entry('sign_out', { staffId: s.staffId, deviceId: s.deviceId, window: s.window, detail: `signed out ${where(s.window)}` }) }]);
    });
  }

  /** Locks the workstation (the teller's button, or the client's idle timer): the session stays, its acts wait for the PIN. */
  lock(sessionId: string, body: LockRequest): Promise<SessionInfo> {
    return this.serial(async () => {
      const s = this.mustHave(sessionId);
      if (s.locked) return this.info(s)!;
      const detail = body.reason === 'idle' ? `locked after ${this.config.access.idleLockMinutes} min without input` : 'locked by its holder';
      await this.setLocked(s, true, this.deps.audit.entry('session_locked', { staffId: s.staffId, deviceId: s.deviceId, window: s.window, detail }));
      return this.info(s)!;
    });
  }

  /** Unlocks with the session holder's PIN, under the same lockout as sign-in. */
  async unlock(sessionId: string, pin: string, ip: string): Promise<SessionInfo> {
    const s = this.mustHave(sessionId);
    if (!s.locked) return this.info(s)!;
    const staff = this.staff(s.staffId);
    const ok = await this.checkPin(staff, s.staffId, pin, ip, { deviceId: s.deviceId, window: s.window, what: 'unlock' });
    if (!ok) throw refuse('unauthorized', 'bad_credentials', 'wrong PIN');
    return this.serial(async () => {
      const now = this.mustHave(sessionId);
      if (now.locked) await this.setLocked(now, false, this.deps.audit.entry('session_unlocked', { staffId: now.staffId, deviceId: now.deviceId, window: now.window, detail: `unlocked ${where(now.window)}` }));
      return this.info(now)!;
    });
  }

  private async setLocked(s: Stored, locked: boolean, entry: AuditEntry): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      await this.deps.audit.writeIn(tx, [entry]);
      await tx.query('update staff_sessions set locked = $2 where id = $1', [s.id, locked]);
    });
    s.locked = locked;
    this.changed([s.window]);
  }

  /** Ends every session of a device (revoked): its next request has no session. */
  endForDevice(deviceId: string, detail: string): Promise<number> {
    return this.serial(async () => {
      const endings: Ending[] = [...this.byId.values()]
        .filter((s) => s.deviceId === deviceId)
        .map((s) => ({ session: s, reason: 'device_revoked', entry: this.deps.audit.entry('sign_out', { staffId: s.staffId, deviceId: s.deviceId, window: s.window, detail }) }));
      await this.end(endings);
      return endings.length;
    });
  }

  /**
   * Ends the sessions past their time (policy.sessionHours), each with its audit entry; then
   * deletes the rows of sessions that ended more than ENDED_SESSION_KEEP_MS ago (the audit keeps
   * their story) and the wrong PINs older than the lockout window.
   */
  sweep(): Promise<number> {
    return this.serial(async () => {
      const now = this.now().getTime();
      const hours = this.config.access.sessionHours;
      const endings: Ending[] = [...this.byId.values()]
        .filter((s) => s.expiresAt <= now)
        .map((s) => ({ session: s, reason: 'expired', entry: this.deps.audit.entry('sign_out', { staffId: s.staffId, deviceId: s.deviceId, window: s.window, detail: `session expired (${hours} h)` }) }));
      await this.end(endings);
      await this.prune(now);
      return endings.length;
    });
  }

  private async prune(now: number): Promise<void> {
    await this.deps.db.query('delete from staff_sessions where ended_at is not null and ended_at < $1::timestamptz', [new Date(now - ENDED_SESSION_KEEP_MS).toISOString()]);
    await this.deps.db.query('delete from access_lockout_failures where failed_at <= $1::timestamptz', [new Date(now - this.lockoutWindowMs()).toISOString()]);
  }

  private async end(endings: readonly Ending[]): Promise<void> {
    if (endings.length === 0) return;
    await this.deps.db.transaction(async (tx) => {
      await this.deps.audit.writeIn(tx, endings.map((e) => e.entry));
      await this.endIn(tx, endings);
    });
    for (const e of endings) this.forget(e.session);
    this.changed(endings.map((e) => e.session.window));
  }

  private async endIn(tx: SqlTx, endings: readonly Ending[]): Promise<void> {
    if (endings.length === 0) return;
    await tx.query(
      `update staff_sessions s set ended_at = $2::timestamptz, end_reason = x.reason
       from jsonb_to_recordset($1::jsonb) as x(id text, reason text) where s.id = x.id and s.ended_at is null`,
      [JSON.stringify(endings.map((e) => ({ id: e.session.id, reason: e.reason }))), this.now().toISOString()],
    );
  }

  // ------------------------------------------------------------------ what others read

  /** The session as its holder sees it (GET /api/v1/session); never the token. */
  info(s: Stored | ActiveSession): SessionInfo | null {
    const stored = 'sessionId' in s ? this.byId.get(s.sessionId) : s;
    if (!stored) return null;
    const staff = this.signedInStaff(stored.staffId);
    if (!staff) return null;
    return {
      sessionId: stored.id,
      staff,
      window: stored.window,
      deviceId: stored.deviceId,
      signedInAt: new Date(stored.signedInAt).toISOString(),
      expiresAt: new Date(stored.expiresAt).toISOString(),
      locked: stored.locked,
      idleLockSeconds: this.config.access.idleLockMinutes * 60,
    };
  }

  /** What an enrolled counter keeps to sign its tellers in while the hub is down: staff who serve, with a PIN. */
  verifiers(): StaffVerifiers {
    const staff = this.config.staff.filter((s) => s.pinHash !== undefined && may(s.role, 'serve')).map((s) => ({ id: s.id, badge: s.badge, role: s.role, pinHash: s.pinHash! }));
    return { staff, policy: this.config.access };
  }

  /** Who is at window n now, as the stream and GET /api/v1/windows/staff send it. */
  windowStaff(window: number): WindowStaffMessage {
    const s = this.atWindow(window);
    return { type: 'window.staff', window, staff: s ? this.signedInStaff(s.staffId) : null, locked: s?.locked ?? false };
  }

  allWindows(): WindowStaffMessage[] {
    return this.config.counters.map((c) => this.windowStaff(c.number));
  }

  /** Told whenever who is at a window changes (sign-in, sign-out, replacement, lock, unlock, expiry). */
  onChange(listener: (m: WindowStaffMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The window.staff frames on the live stream (GET /api/v1/stream): every window on connect, then each change. */
  streamSide(): StreamSide {
    return { current: () => this.allWindows(), subscribe: (send) => this.onChange(send) };
  }

  /** The teller signed in at window n (their staff id), or null. */
  tellerAt(window: number): string | null {
    return this.atWindow(window)?.staffId ?? null;
  }

  // ------------------------------------------------------------------ helpers

  private findStaff(login: string): Staff | undefined {
    const l = login.trim();
    const lower = l.toLowerCase();
    return this.config.staff.find((s) => s.id.toLowerCase() === lower) ?? this.config.staff.find((s) => s.badge === l);
  }

  private staff(id: string): Staff | undefined {
    const config = this.config;
    let index = this.staffIndex.get(config);
    if (!index) {
      index = new Map(config.staff.map((s) => [s.id, s]));
      this.staffIndex.set(config, index);
    }
    return index.get(id);
  }

  private signedInStaff(id: string): SignedInStaff | null {
    const s = this.staff(id);
    return s ? { id: s.id, name: s.name, badge: s.badge, role: s.role, stars: s.stars } : null;
  }

  private mustHave(sessionId: string): Stored {
    const s = this.byId.get(sessionId);
    if (!s || s.expiresAt <= this.now().getTime()) throw refuse('unauthorized', 'session_required', 'the session has ended: sign in again');
    return s;
  }

  private remember(s: Stored): void {
    this.byHash.set(s.tokenHash, s);
    this.byId.set(s.id, s);
    if (s.window !== null) this.byWindow.set(s.window, s);
  }

  private forget(s: Stored): void {
    this.byHash.delete(s.tokenHash);
    this.byId.delete(s.id);
    if (s.window !== null && this.byWindow.get(s.window) === s) this.byWindow.delete(s.window);
  }

  private changed(windows: ReadonlyArray<number | null>): void {
    for (const w of new Set(windows)) {
      if (w === null) continue;
      const m = this.windowStaff(w);
      for (const l of this.listeners) {
        try {
          l(m);
        } catch {
          // A broken subscriber must never undo or block a committed sign-in.
        }
      }
    }
  }

  /** Session changes one at a time, so two sign-ins at one window never both win. */
  private serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.chain.then(job, job);
    this.chain = run.catch(() => undefined);
    return run;
  }
}
