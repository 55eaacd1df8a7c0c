import { create } from 'zustand';
import { QueueError } from '../../shared/api/errors.js';
import type { AccessPolicy, SessionInfo, SignedInStaff } from '../../shared/access/session.js';
import { fetchSession, fetchVerifiers, lockSession, signIn as hubSignIn, signOut as hubSignOut, unlockSession } from '../api/access.js';
import type { CallOptions } from '../api/access.js';
import { getCredentials, onCredentialTrouble, setSessionToken } from '../api/credentials.js';
import type { CredentialTrouble, Credentials } from '../api/credentials.js';
import { onHubReachability } from '../api/hub.js';
import { subscribeWindowStaff, useWindowStaffStore, windowOfStaff } from '../queue/windowStaff.js';
import type { WindowStaff } from '../queue/windowStaff.js';
import { recordEvent } from './db.js';
import type { CounterDb } from './db.js';
import { checkOffline, readVerifiers, saveVerifiers } from './offlineSignIn.js';
import type { PinVerify } from './pinVerifier.js';

/**
 * The staff session of this workstation (DESIGN.md §8, docs/security.md): who is signed in at
 * this counter (or lead station), locked or not, and the session token that goes with every
 * request (api/credentials.ts). The token lives in memory only: a reload signs the person in
 * again.
 *
 * Online, the hub decides everything (POST /api/v1/session/sign-in, /lock, /unlock,
 * /sign-out). A counter whose hub is unreachable signs the teller in against the PIN verifiers
 * it keeps (offlineSignIn.ts, with the same lockout), records that as a local event
 * ('staff.signed_in_offline', synced to head office), and keeps the PIN IN MEMORY ONLY until the
 * hub, reachable again, accepts a real sign-in with it; then it drops it. If the hub refuses
 * (PIN changed, locked out), the counter locks and asks again. Every local event written while
 * someone is signed in is attributed to them (CounterDb.teller).
 *
 * The session ends when the hub says so: a 401 for our session token (signed out elsewhere,
 * replaced by a sign-in at another window, expired, device revoked) or 403 other_device. The
 * live stream's `window.staff` frames make the counter check at once rather than at its next
 * request.
 */

export type SessionPhase = 'signed_out' | 'signed_in' | 'locked';

export type EndedReason =
  | { kind: 'signed_out' }
  /** The same person signed in at another window (one window per person). */
  | { kind: 'elsewhere'; window: number | null }
  /** Someone else signed in at this window (from another workstation of it). */
  | { kind: 'replaced' }
  /** Expired, revoked, or the hub forgot it. */
  | { kind: 'ended' };

export type LockReason = 'manual' | 'idle' | 'reauth';

export interface StaffSessionView {
  phase: SessionPhase;
  staff: SignedInStaff | null;
  /** The window this session serves (null at a lead station). */
  window: number | null;
  /** Signed in on this computer while the hub was unreachable, not confirmed by it yet. */
  offline: boolean;
  lockReason: LockReason | null;
  /** Lock after this long without input (branch policy). */
  idleLockSeconds: number;
  signedInAt: string | null;
  /** Why the last session ended (the sign-in screen says so); null once someone signs in. */
  ended: EndedReason | null;
  /** A shift handover at this counter: the incoming teller signs in while the outgoing one's session waits. */
  handover: { fromStaffId: string; toStaffId: string | null } | null;
  /** The offline PIN check's progress (0..1), null when none runs. */
  progress: number | null;
}

const DEFAULT_IDLE_SECONDS = 5 * 60;

export const initialStaffSessionView = (): StaffSessionView => ({
  phase: 'signed_out',
  staff: null,
  window: null,
  offline: false,
  lockReason: null,
  idleLockSeconds: DEFAULT_IDLE_SECONDS,
  signedInAt: null,
  ended: null,
  handover: null,
  progress: null,
});

export const useStaffSessionStore = create<StaffSessionView>(() => initialStaffSessionView());

export interface StaffSessionOptions {
  /** The counter's database (verifiers, offline lockout, local events); null at a lead station: no offline sign-in. */
  db: CounterDb | null;
  window: number | null;
  /** A staff member's name, badge and stars for an offline sign-in (from the branch configuration). */
  staffOf?: (id: string) => Omit<SignedInStaff, 'role'> | null;
  /** The branch's policy (idle lock) when the hub has not said (offline). */
  policy?: () => AccessPolicy | null;
  /** Test seams of the hub calls. */
  api?: CallOptions;
  verify?: PinVerify;
  now?: () => Date;
  publish?: (patch: Partial<StaffSessionView>) => void;
  useToken?: (token: string | null) => void;
  subscribeReachability?: (listener: (reachable: boolean) => void) => () => void;
  subscribeTrouble?: (listener: (trouble: CredentialTrouble, err: QueueError, sent: Credentials) => void) => () => void;
  subscribeWindowStaff?: (listener: (window: number, entry: WindowStaff) => void) => () => void;
  /** Retry confirming an offline sign-in this often while the hub stays away (default 15 s). */
  reconcileEveryMs?: number;
  /** Refresh the PIN verifiers this often (default 10 min). */
  verifiersEveryMs?: number;
}

export class StaffSession {
  private token: string | null = null;
  private staff: SignedInStaff | null = null;
  /** The PIN of an offline sign-in or unlock, until the hub confirms it: memory only, never stored. */
  private pendingPin: string | null = null;
  private pending: 'sign-in' | 'unlock' | null = null;
  /** Whether the hub knows the session is locked (an unlock must then go through it). */
  private hubLocked = false;
  private view: StaffSessionView = initialStaffSessionView();
  private chain: Promise<unknown> = Promise.resolve();
  private readonly cleanups: (() => void)[] = [];
  private reconcileTimer: ReturnType<typeof setInterval> | null = null;
  private readonly now: () => Date;
  private readonly publishTo: (patch: Partial<StaffSessionView>) => void;
  private readonly useToken: (token: string | null) => void;

  constructor(private readonly o: StaffSessionOptions) {
    this.now = o.now ?? (() => new Date());
    this.publishTo = o.publish ?? ((patch) => useStaffSessionStore.setState(patch));
    this.useToken = o.useToken ?? setSessionToken;
    this.publish({ ...initialStaffSessionView(), window: o.window, idleLockSeconds: this.policyIdleSeconds() });
  }

  get state(): StaffSessionView {
    return this.view;
  }

  /** The session token (tests). */
  get sessionToken(): string | null {
    return this.token;
  }

  /** Whether an offline sign-in's PIN is still held, waiting for the hub (tests). */
  get holdsPin(): boolean {
    return this.pendingPin !== null;
  }

  start(): void {
    const trouble = this.o.subscribeTrouble ?? onCredentialTrouble;
    this.cleanups.push(trouble((kind, _err, sent) => this.onTrouble(kind, sent)));
    const reach = this.o.subscribeReachability ?? onHubReachability;
    this.cleanups.push(
      reach((reachable) => {
        if (reachable && this.pending) void this.reconcile();
      }),
    );
    const frames = this.o.subscribeWindowStaff ?? subscribeWindowStaff;
    this.cleanups.push(frames((window, entry) => this.onWindowStaff(window, entry)));
    if (this.o.db) {
      void this.refreshVerifiers();
      const every = setInterval(() => void this.refreshVerifiers(), this.o.verifiersEveryMs ?? 10 * 60_000);
      this.cleanups.push(() => clearInterval(every));
    }
  }

  stop(): void {
    for (const c of this.cleanups.splice(0)) c();
    this.stopReconciling();
  }

  // ------------------------------------------------------------------ acts of the person

  /** Staff id or badge + PIN: the hub, or (counter, hub unreachable) the verifiers kept here. */
  signIn(login: string, pin: string): Promise<void> {
    return this.serial(async () => {
      try {
        const info = await hubSignIn({ login: login.trim(), pin }, this.o.api);
        this.online(info, info.token);
        void this.refreshVerifiers();
        return;
      } catch (err) {
        if (!(err instanceof QueueError) || err.code !== 'hub_unreachable' || !this.o.db) throw err;
      }
      await this.offlineSignIn(login, pin);
    });
  }

  /** Locks the workstation now (the teller's button, or the idle timer); the hub is told when it can be. */
  lock(reason: 'manual' | 'idle'): Promise<void> {
    if (this.view.phase !== 'signed_in') return Promise.resolve();
    this.publish({ phase: 'locked', lockReason: reason });
    return this.serial(async () => {
      if (!this.token || this.hubLocked) return;
      try {
        await lockSession(reason, this.o.api);
        this.hubLocked = true;
      } catch {
        // Unreachable: locked on screen; an unlock will check the PIN another way (unlock()).
      }
    });
  }

  /** The session holder's PIN: the hub first; a counter whose hub is unreachable checks it itself. */
  unlock(pin: string): Promise<void> {
    return this.serial(async () => {
      const staff = this.staff;
      if (this.view.phase !== 'locked' || !staff) return;
      const reauth = this.view.lockReason === 'reauth';
      try {
        if (this.token && !reauth) {
          // A lock the hub never heard of: lock it there first, so the PIN is checked.
          if (!this.hubLocked) {
            await lockSession('manual', this.o.api);
            this.hubLocked = true;
          }
          const info = await unlockSession(pin, this.o.api);
          this.hubLocked = false;
          this.online(info, this.token);
          return;
        }
        if (this.token && reauth && this.hubLocked) {
          const info = await unlockSession(pin, this.o.api);
          this.hubLocked = false;
          this.online(info, this.token);
          return;
        }
        // An offline session (or one the hub refused): a real sign-in as the same person.
        const info = await hubSignIn({ login: staff.id, pin }, this.o.api);
        if (this.pending === 'sign-in') await this.recordChecked(staff.id, true);
        this.online(info, info.token);
      } catch (err) {
        // After the hub refused an offline PIN, only the hub may let the person back in.
        if (!(err instanceof QueueError) || err.code !== 'hub_unreachable' || !this.o.db || reauth) throw err;
        await checkOffline(this.o.db, staff.id, pin, this.checkOptions(staff.id));
        this.pendingPin = pin;
        this.pending = this.token ? (this.hubLocked ? 'unlock' : null) : 'sign-in';
        if (this.pending === null) this.pendingPin = null;
        this.publish({ phase: 'signed_in', lockReason: null, progress: null });
        if (this.pending) this.startReconciling();
      } finally {
        this.publish({ progress: null });
      }
    });
  }

  /** Signs out here (and at the hub when it answers). */
  signOut(): Promise<void> {
    return this.serial(async () => {
      const had = this.token;
      this.end({ kind: 'signed_out' });
      // The token is already forgotten here: the sign-out carries it explicitly.
      if (had) await hubSignOut({ ...this.o.api, credentials: { device: getCredentials().device, session: had } }).catch(() => undefined);
    });
  }

  /** A shift handover: the sign-in screen for the incoming teller; the outgoing session waits until they sign in. */
  beginHandover(toStaffId: string | null): void {
    if (!this.staff || this.view.phase === 'signed_out') return;
    this.publish({ handover: { fromStaffId: this.staff.id, toStaffId } });
  }

  /** Back to the outgoing teller (nobody signed in for the handover). */
  cancelHandover(): void {
    this.publish({ handover: null });
  }

  // ------------------------------------------------------------------ the hub's word

  /** A refusal of our own credentials, from any request of this page. */
  private onTrouble(kind: CredentialTrouble, sent: Credentials): void {
    if (!this.token || sent.session !== this.token) return;
    if (kind === 'session') this.end(this.whyEnded());
    else if (kind === 'locked' && this.view.phase === 'signed_in') {
      this.hubLocked = true;
      this.publish({ phase: 'locked', lockReason: 'manual' });
    }
    // 'device': the identity asks for enrolment; the screen goes with it.
  }

  /** Who is at a window changed: if it concerns us, ask the hub whether our session still stands. */
  private onWindowStaff(window: number, entry: WindowStaff): void {
    const me = this.staff;
    if (!me || !this.token || this.view.phase === 'signed_out') return;
    const mine = window === this.o.window;
    const changedHands = mine && entry.staff?.id !== me.id;
    const movedAway = !mine && this.o.window !== null && entry.staff?.id === me.id;
    if (!changedHands && !movedAway) return;
    // fetchSession answers 401 when the session ended; the trouble listener then ends it here.
    void fetchSession(this.o.api)
      .then((info) => {
        if (info.locked && this.view.phase === 'signed_in') {
          this.hubLocked = true;
          this.publish({ phase: 'locked', lockReason: 'manual' });
        }
      })
      .catch(() => undefined);
  }

  private whyEnded(): EndedReason {
    const me = this.staff;
    if (!me) return { kind: 'ended' };
    const elsewhere = windowOfStaff(me.id, this.o.window ?? undefined);
    if (elsewhere !== null) return { kind: 'elsewhere', window: elsewhere };
    if (this.o.window !== null) {
      const here = useWindowStaffStore.getState().windows[this.o.window];
      if (here?.staff && here.staff.id !== me.id) return { kind: 'replaced' };
    }
    return { kind: 'ended' };
  }

  // ------------------------------------------------------------------ offline

  private async offlineSignIn(login: string, pin: string): Promise<void> {
    const db = this.o.db!;
    const match = await checkOffline(db, login, pin, this.checkOptions());
    const known = this.o.staffOf?.(match.staffId);
    const staff: SignedInStaff = { id: match.staffId, name: known?.name ?? { 'zh-CN': match.staffId, 'zh-TW': match.staffId, en: match.staffId }, badge: match.badge, role: match.role, stars: known?.stars ?? 0 };
    this.setStaff(staff, null);
    await recordEvent(db, 'staff.signed_in_offline', { staffId: staff.id, role: staff.role, method: match.method });
    this.pendingPin = pin;
    this.pending = 'sign-in';
    const verifiers = await readVerifiers(db);
    this.publish({
      phase: 'signed_in',
      staff,
      offline: true,
      lockReason: null,
      ended: null,
      handover: null,
      progress: null,
      signedInAt: this.now().toISOString(),
      idleLockSeconds: verifiers ? verifiers.policy.idleLockMinutes * 60 : this.policyIdleSeconds(),
    });
    this.startReconciling();
  }

  /** The hub is back: confirm what was done without it, with the PIN held in memory. */
  reconcile(): Promise<void> {
    return this.serial(async () => {
      const pin = this.pendingPin;
      const staff = this.staff;
      if (!pin || !staff || !this.pending) return;
      try {
        if (this.pending === 'sign-in') {
          const info = await hubSignIn({ login: staff.id, pin }, this.o.api);
          await this.recordChecked(staff.id, true);
          const locked = this.view.phase === 'locked';
          this.online(info, info.token);
          // Locked on screen meanwhile: stays locked, now at the hub too.
          if (locked) {
            this.publish({ phase: 'locked' });
            await lockSession(this.view.lockReason === 'idle' ? 'idle' : 'manual', this.o.api).then(() => (this.hubLocked = true)).catch(() => undefined);
          }
        } else if (this.token) {
          const info = await unlockSession(pin, this.o.api);
          this.hubLocked = false;
          this.online(info, this.token);
        }
      } catch (err) {
        if (err instanceof QueueError && err.code === 'hub_unreachable') return;
        // The hub refused the PIN used offline (changed, locked out): lock and ask again.
        if (this.pending === 'sign-in') await this.recordChecked(staff.id, false, err instanceof QueueError ? (err.reason ?? err.code) : 'internal');
        this.pendingPin = null;
        this.pending = null;
        this.stopReconciling();
        if (this.view.phase !== 'signed_out') this.publish({ phase: 'locked', lockReason: 'reauth' });
      }
    });
  }

  private async recordChecked(staffId: string, accepted: boolean, refusal?: string): Promise<void> {
    if (!this.o.db) return;
    await recordEvent(this.o.db, 'staff.offline_checked', { staffId, accepted, ...(refusal ? { refusal: refusal.slice(0, 64) } : {}) }).catch(() => undefined);
  }

  private startReconciling(): void {
    if (this.reconcileTimer) return;
    this.reconcileTimer = setInterval(() => void this.reconcile(), this.o.reconcileEveryMs ?? 15_000);
  }

  private stopReconciling(): void {
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    this.reconcileTimer = null;
  }

  /** Fetches the PIN verifiers for the offline sign-in (a counter only; kept in its meta). */
  async refreshVerifiers(): Promise<boolean> {
    const db = this.o.db;
    if (!db) return false;
    try {
      await saveVerifiers(db, await fetchVerifiers(this.o.api), this.now());
      return true;
    } catch {
      return false;
    }
  }

  private checkOptions(onlyStaffId?: string) {
    return {
      now: this.now,
      ...(this.o.verify ? { verify: this.o.verify } : {}),
      onProgress: (fraction: number) => this.publish({ progress: fraction }),
      ...(onlyStaffId ? { onlyStaffId } : {}),
    };
  }

  // ------------------------------------------------------------------ state

  private online(info: SessionInfo, token: string): void {
    this.pendingPin = null;
    this.pending = null;
    this.stopReconciling();
    this.hubLocked = info.locked;
    this.setStaff(info.staff, token);
    this.publish({
      phase: info.locked ? 'locked' : 'signed_in',
      staff: info.staff,
      window: info.window,
      offline: false,
      lockReason: info.locked ? 'manual' : null,
      idleLockSeconds: info.idleLockSeconds,
      signedInAt: info.signedInAt,
      ended: null,
      handover: null,
      progress: null,
    });
  }

  private setStaff(staff: SignedInStaff | null, token: string | null): void {
    this.staff = staff;
    this.token = token;
    this.useToken(token);
    if (this.o.db) this.o.db.teller = staff?.id ?? null;
  }

  private end(ended: EndedReason): void {
    this.pendingPin = null;
    this.pending = null;
    this.hubLocked = false;
    this.stopReconciling();
    this.setStaff(null, null);
    this.publish({ phase: 'signed_out', staff: null, offline: false, lockReason: null, signedInAt: null, ended, handover: null, progress: null });
  }

  private policyIdleSeconds(): number {
    const p = this.o.policy?.();
    return p ? p.idleLockMinutes * 60 : DEFAULT_IDLE_SECONDS;
  }

  private publish(patch: Partial<StaffSessionView>): void {
    this.view = { ...this.view, ...patch };
    this.publishTo(patch);
  }

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.chain.then(job, job);
    this.chain = run.catch(() => undefined);
    return run;
  }
}

// ------------------------------------------------------------------ the page's one session

let opened: { key: string; session: StaffSession } | null = null;

/** The staff session of this page's workstation (a counter's window, or the lead station), made once. */
export function openStaffSession(options: StaffSessionOptions): StaffSession {
  const key = options.window === null ? 'lead' : `counter:${options.window}`;
  if (opened?.key === key) return opened.session;
  opened?.session.stop();
  useStaffSessionStore.setState(initialStaffSessionView());
  const session = new StaffSession(options);
  session.start();
  opened = { key, session };
  return session;
}

export function currentStaffSession(): StaffSession | null {
  return opened?.session ?? null;
}

/** Tests only. */
export function closeStaffSessionForTests(): void {
  opened?.session.stop();
  opened = null;
  useStaffSessionStore.setState(initialStaffSessionView());
}
