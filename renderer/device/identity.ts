import { create } from 'zustand';
import { QueueError } from '../../shared/api/errors.js';
import { newId } from '../../shared/ids.js';
import { enrolDevice, fetchDemoEnrolCode } from '../api/access.js';
import type { CallOptions } from '../api/access.js';
import { onCredentialTrouble, setDeviceToken } from '../api/credentials.js';
import { deviceTokenSecret, getSecret, setSecret } from '../platform/secrets.js';
import type { SecretName } from '../platform/secrets.js';
import { counterDb, ensureDeviceId } from './db.js';
import type { CounterDb } from './db.js';
import { Enrolment, normaliseEnrolCode, readEnrolment, saveEnrolment } from './enrol.js';
import type { SharedEnrolment, SharedEnrolmentState } from './syncTypes.js';

/**
 * This screen's device identity (DESIGN.md §8, docs/security.md): every screen kind is an
 * enrolled device of the branch (a counter or counter display for one window), and every request
 * it makes carries the token its enrolment bought (api/credentials.ts). ONE enrolment per device
 * serves the LAN API, the sync client (CounterSync takes it as its SharedEnrolment) and the
 * counter's recording uploads.
 *
 * Where things are kept:
 * - the token: the host's secure storage (platform/secrets.ts: the OS's key in Electron, a 0600
 *   file under the browser host; a page from another machine keeps it in its own browser);
 *   never in IndexedDB. An older counter's token found in its Dexie meta is moved there.
 * - the rest (device id, branch, window, when enrolled or revoked): a counter in its own Dexie
 *   meta (META.enrolment, as before: records are stamped with its branch), every other kind in
 *   localStorage.
 *
 * In the demo the hub hands a one-time code to screens on its own machine
 * (GET /api/v1/sync/demo-enrol-code) and a never-enrolled screen enrols itself silently;
 * elsewhere the screen asks for the code the lead made (renderer/signin/DeviceGate.tsx). A 401
 * refusing the token (api/credentials.ts 'device') means revoked: the token is forgotten and the
 * screen asks again. A revoked screen does not re-enrol by itself, even in the demo: the lead
 * revoked it on purpose.
 */

export type ScreenKind = 'counter' | 'counter-display' | 'kiosk' | 'hall' | 'lead';

/** A screen of one kind; counters and counter displays belong to one window. */
export type ScreenSlot = { kind: 'counter' | 'counter-display'; window: number } | { kind: 'kiosk' | 'hall' | 'lead'; window: null };

export function slotKey(slot: ScreenSlot): string {
  return slot.window === null ? slot.kind : `${slot.kind}:${slot.window}`;
}

export function secretNameOf(slot: ScreenSlot): SecretName {
  return slot.window === null ? deviceTokenSecret(slot.kind) : deviceTokenSecret(slot.kind, slot.window);
}

export type IdentityStatus =
  /** Reading what this screen kept. */
  | 'loading'
  /** Never enrolled, or the code was refused. */
  | 'not_enrolled'
  /** A code is being spent (typed, or the demo's). */
  | 'enrolling'
  | 'enrolled'
  /** The hub refused the token (401): the screen asks for a new code. */
  | 'revoked';

export interface IdentityView {
  slot: ScreenSlot | null;
  status: IdentityStatus;
  deviceId: string | null;
  branchId: string | null;
  window: number | null;
  /** True while the demo hub's code is fetched and spent. */
  demo: boolean;
  /** Why the last enrolment failed (shown through errorText). */
  error: QueueError | null;
  /** The host could not keep the token: it lives in this page only (enrol again after a reload). */
  notKept: boolean;
}

export const initialIdentityView = (): IdentityView => ({ slot: null, status: 'loading', deviceId: null, branchId: null, window: null, demo: false, error: null, notKept: false });

export const useIdentityStore = create<IdentityView>(() => initialIdentityView());

/** Where the non-secret part of the enrolment is kept. */
export interface IdentityStore {
  /** This device's id, made once. */
  deviceId(): Promise<string>;
  read(): Promise<Enrolment | null>;
  write(enrolment: Enrolment): Promise<void>;
}

/** Where the token is kept. */
export interface TokenVault {
  get(): Promise<string | null>;
  set(token: string | null): Promise<void>;
}

/** A counter's enrolment in its Dexie meta (its records carry the device id and branch). */
export function counterIdentityStore(db: CounterDb): IdentityStore {
  return { deviceId: () => ensureDeviceId(db), read: () => readEnrolment(db), write: (e) => saveEnrolment(db, e) };
}

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

/** Every other screen's in localStorage, one key per kind (and window). */
export function localIdentityStore(slot: ScreenSlot, storage: StorageLike | null = safeLocalStorage()): IdentityStore {
  const key = `guichet.device.${slotKey(slot)}`;
  let memory: { deviceId?: string; enrolment?: unknown } = {};
  const load = (): { deviceId?: string; enrolment?: unknown } => {
    try {
      const raw = storage?.getItem(key);
      return raw ? (JSON.parse(raw) as { deviceId?: string; enrolment?: unknown }) : memory;
    } catch {
      return memory;
    }
  };
  const save = (value: { deviceId?: string; enrolment?: unknown }) => {
    memory = value;
    try {
      storage?.setItem(key, JSON.stringify(value));
    } catch {
      // private mode or quota: kept for this page only
    }
  };
  return {
    async deviceId() {
      const kept = load();
      if (typeof kept.deviceId === 'string' && kept.deviceId.length > 0) return kept.deviceId;
      const id = newId();
      save({ ...kept, deviceId: id });
      return id;
    },
    async read() {
      const parsed = Enrolment.safeParse(load().enrolment);
      return parsed.success ? parsed.data : null;
    },
    async write(enrolment) {
      save({ ...load(), deviceId: enrolment.deviceId, enrolment });
    },
  };
}

/** The host's secure storage (platform/secrets.ts). */
export function secretVault(slot: ScreenSlot): TokenVault {
  const name = secretNameOf(slot);
  return {
    get: () => getSecret(name),
    set: async (token) => {
      await setSecret(name, token);
    },
  };
}

function safeLocalStorage(): StorageLike | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export interface DeviceIdentityOptions {
  slot: ScreenSlot;
  store?: IdentityStore;
  vault?: TokenVault;
  /** The hub calls' test seams (baseUrl, fetchImpl). */
  api?: CallOptions;
  /** Ask the hub for its demo code when never enrolled (default true; 404 outside the demo). */
  demo?: boolean;
  now?: () => Date;
  /** Where the view goes (default: useIdentityStore). */
  publish?: (patch: Partial<IdentityView>) => void;
  /** Where the token goes for every request (default: api/credentials.ts). */
  useToken?: (token: string | null) => void;
  /** Waits between tries to read the secure storage (tests: 0). */
  retryMs?: number;
}

/** One screen's enrolment: load, enrol (code or demo), revoke; the token in memory meanwhile. */
export class DeviceIdentity implements SharedEnrolment {
  readonly slot: ScreenSlot;
  private readonly store: IdentityStore;
  private readonly vault: TokenVault;
  private readonly publish: (patch: Partial<IdentityView>) => void;
  private readonly useToken: (token: string | null) => void;
  private readonly now: () => Date;
  private readonly listeners = new Set<() => void>();
  private enrolment: Enrolment | null = null;
  private token: string | null = null;
  private loading: Promise<void> | null = null;
  private demoTried = false;

  constructor(private readonly o: DeviceIdentityOptions) {
    this.slot = o.slot;
    this.store = o.store ?? (o.slot.kind === 'counter' ? counterIdentityStore(counterDb(o.slot.window)) : localIdentityStore(o.slot));
    this.vault = o.vault ?? secretVault(o.slot);
    this.publish = o.publish ?? ((patch) => useIdentityStore.setState(patch));
    this.useToken = o.useToken ?? setDeviceToken;
    this.now = o.now ?? (() => new Date());
  }

  /** The enrolment now, with its token (null: never enrolled). */
  current(): SharedEnrolmentState | null {
    const e = this.enrolment;
    if (!e) return null;
    return { deviceId: e.deviceId, branchId: e.branchId, token: this.token, enrolledAt: e.enrolledAt, revokedAt: e.revokedAt, window: e.window ?? null };
  }

  get status(): IdentityStatus {
    if (this.token) return 'enrolled';
    return this.enrolment?.revokedAt ? 'revoked' : 'not_enrolled';
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads what this screen kept; then, never enrolled in the demo, enrols itself. Idempotent. */
  start(): Promise<void> {
    this.loading ??= this.load().then(async () => {
      if (this.token && !this.needsWindow()) return;
      // Never enrolled (or an older counter enrolled without its window): the demo hub's code.
      if (this.o.demo !== false && !this.enrolment?.revokedAt) await this.tryDemo();
    });
    return this.loading;
  }

  private needsWindow(): boolean {
    return this.slot.window !== null && this.enrolment !== null && (this.enrolment.window === undefined || this.enrolment.window === null);
  }

  private async load(): Promise<void> {
    this.publish({ slot: this.slot, status: 'loading', error: null });
    const deviceId = await this.store.deviceId();
    const kept = await this.store.read();
    let token = await this.readVault();
    if (kept && typeof kept.token === 'string') {
      // An older counter kept its token in IndexedDB: move it to the host's secure storage.
      token ??= kept.token;
      const moved = await this.vault.set(kept.token).then(
        () => true,
        () => false,
      );
      if (moved) await this.store.write(withoutToken(kept));
      else this.publish({ notKept: true });
    }
    this.enrolment = kept ? withoutToken(kept) : null;
    this.token = kept && !kept.revokedAt && kept.token !== null ? token : null;
    this.changed({ deviceId });
  }

  /** The secure storage, tried a few times (the browser host's bridge may still be connecting). */
  private async readVault(): Promise<string | null> {
    const wait = this.o.retryMs ?? 500;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.vault.get();
      } catch (err) {
        if (attempt >= 4) {
          console.warn('the device token could not be read from secure storage', err);
          return null;
        }
        await new Promise((r) => setTimeout(r, wait * 2 ** attempt));
      }
    }
  }

  /** The demo hub's code, if it offers one; false when it does not (or is unreachable). */
  async tryDemo(): Promise<boolean> {
    this.demoTried = true;
    this.publish({ demo: true, status: 'enrolling', error: null });
    try {
      const code = await fetchDemoEnrolCode(this.o.api);
      if (code === null) return false;
      await this.enrol(code);
      return true;
    } catch (err) {
      this.publish({ error: toQueueError(err) });
      return false;
    } finally {
      this.publish({ demo: false, status: this.status });
    }
  }

  /** Whether this identity asked the demo hub already (the screen offers a retry otherwise). */
  get triedDemo(): boolean {
    return this.demoTried;
  }

  /** Spends a one-time code (as typed: dashes, spaces and case do not matter). */
  async enrol(typed: string): Promise<void> {
    const code = normaliseEnrolCode(typed);
    this.publish({ status: 'enrolling', error: null });
    try {
      if (code.length < 6) throw new QueueError('unauthorized', 'the enrolment code is too short');
      const deviceId = await this.store.deviceId();
      const answer = await enrolDevice({ code, deviceId, role: this.slot.kind, ...(this.slot.window !== null ? { window: this.slot.window } : {}) }, this.o.api);
      if (answer.deviceId !== deviceId) throw new QueueError('internal', `the hub enrolled device ${answer.deviceId}, not this one (${deviceId})`);
      const window = answer.window ?? this.slot.window;
      if (this.slot.window !== null && window !== this.slot.window) throw new QueueError('forbidden', `this code enrols window ${window}, not ${this.slot.window}`, 'wrong_window');
      const enrolment: Enrolment = { deviceId, branchId: answer.branchId, enrolledAt: this.now().toISOString(), revokedAt: null, window };
      let kept = true;
      await this.vault.set(answer.token).catch((err: unknown) => {
        kept = false;
        console.warn('the device token could not be kept in secure storage; it lives in this page only', err);
      });
      await this.store.write(enrolment);
      this.enrolment = enrolment;
      this.token = answer.token;
      this.publish({ notKept: !kept });
      this.changed();
    } catch (err) {
      this.publish({ status: this.status, error: toQueueError(err) });
      throw err;
    }
  }

  /** The hub refused this token (401): forget it, keep who we were, ask again. */
  async revoked(token?: string): Promise<void> {
    if (!this.token || (token !== undefined && token !== this.token)) return;
    this.token = null;
    const at = this.now().toISOString();
    if (this.enrolment) this.enrolment = { ...this.enrolment, revokedAt: at };
    this.changed();
    // The revocation is kept before the token is dropped: a page closed between the two writes
    // must come back revoked (or with a token the hub refuses again), never as a screen that was
    // never enrolled, which the demo hub would enrol again by itself.
    if (this.enrolment) await this.store.write(this.enrolment).catch(() => undefined);
    await this.vault.set(null).catch(() => undefined);
  }

  private changed(extra: Partial<IdentityView> = {}): void {
    const e = this.enrolment;
    this.useToken(this.token);
    this.publish({
      slot: this.slot,
      status: this.status,
      branchId: e?.branchId ?? null,
      window: e?.window ?? this.slot.window,
      ...(e ? { deviceId: e.deviceId } : {}),
      ...extra,
    });
    for (const l of this.listeners) l();
  }
}

function withoutToken(e: Enrolment): Enrolment {
  const { token: _token, ...rest } = e;
  return rest;
}

function toQueueError(err: unknown): QueueError {
  return err instanceof QueueError ? err : new QueueError('internal', String((err as Error)?.message ?? err));
}

// ------------------------------------------------------------------ the page's one identity

let opened: { key: string; identity: DeviceIdentity; stop: () => void } | null = null;

/**
 * The identity of the screen this page shows (one page, one screen), made and started once per
 * slot. A refusal of its token by the hub (any request, api/credentials.ts) revokes it.
 */
export function openDeviceIdentity(slot: ScreenSlot, options: Omit<DeviceIdentityOptions, 'slot'> = {}): DeviceIdentity {
  const key = slotKey(slot);
  if (opened?.key === key) return opened.identity;
  opened?.stop();
  useIdentityStore.setState(initialIdentityView());
  const identity = new DeviceIdentity({ slot, ...options });
  const stop = onCredentialTrouble((trouble, _err, sent) => {
    if (trouble === 'device' && sent.device) void identity.revoked(sent.device);
  });
  opened = { key, identity, stop };
  void identity.start().catch((err: unknown) => useIdentityStore.setState({ status: identity.status, error: toQueueError(err) }));
  return identity;
}

/** The identity opened by this page, if any (the sync client and the recording use its token). */
export function currentIdentity(): DeviceIdentity | null {
  return opened?.identity ?? null;
}

/** Tests only. */
export function closeDeviceIdentityForTests(): void {
  opened?.stop();
  opened = null;
  useIdentityStore.setState(initialIdentityView());
}
