import { z } from 'zod';
import { QueueError } from '../../shared/api/errors.js';
import { StaffVerifiers } from '../../shared/access/session.js';
import type { AccessPolicy, StaffVerifiers as StaffVerifiersT } from '../../shared/access/session.js';
import { META } from './db.js';
import type { CounterDb } from './db.js';
import { verifyPin as scryptVerify } from './pinVerifier.js';
import type { PinVerify } from './pinVerifier.js';

/**
 * The counter's own PIN check while the hub is down (DESIGN.md §8, docs/security.md): the PIN
 * verifiers the hub gave this enrolled counter (GET /api/v1/session/verifiers), kept in its
 * Dexie meta, and the hub's lockout rule applied here too: `policy.maxFailures` wrong PINs within
 * `policy.lockoutMinutes` lock the staff member (or the login typed, for a login that names
 * nobody), counted in meta so a reload does not reset them. An unknown login costs a check
 * like a wrong PIN and gets the same answer.
 */

export const CachedVerifiers = StaffVerifiers.extend({ fetchedAt: z.iso.datetime() });
export type CachedVerifiers = z.infer<typeof CachedVerifiers>;

export async function saveVerifiers(db: CounterDb, verifiers: StaffVerifiersT, now = new Date()): Promise<void> {
  await db.meta.put({ key: META.staffVerifiers, value: { ...verifiers, fetchedAt: now.toISOString() } });
}

export async function readVerifiers(db: CounterDb): Promise<CachedVerifiers | null> {
  const parsed = CachedVerifiers.safeParse((await db.meta.get(META.staffVerifiers))?.value);
  return parsed.success ? parsed.data : null;
}

// ------------------------------------------------------------------ lockout

type Failures = Record<string, number[]>;

export const staffKey = (staffId: string): string => `staff:${staffId}`;
export const loginKey = (login: string): string => `login:${login.trim().toLowerCase()}`;

async function readFailures(db: CounterDb): Promise<Failures> {
  const value = (await db.meta.get(META.offlineLockout))?.value;
  const parsed = z.record(z.string(), z.array(z.number())).safeParse(value);
  return parsed.success ? parsed.data : {};
}

/** Milliseconds until `key` may try again (0: now), by the hub's rule (server/hub/access/lockout.ts). */
export function lockedFor(failures: readonly number[], now: number, policy: Pick<AccessPolicy, 'maxFailures' | 'lockoutMinutes'>): number {
  const windowMs = policy.lockoutMinutes * 60_000;
  const recent = failures.filter((f) => f > now - windowMs);
  return recent.length >= policy.maxFailures ? Math.max(1, recent[recent.length - policy.maxFailures]! + windowMs - now) : 0;
}

/** Wrong PINs counted for a key now (tests, diagnostics). */
export async function offlineFailures(db: CounterDb, key: string, now: number, policy: Pick<AccessPolicy, 'lockoutMinutes'>): Promise<number> {
  const windowMs = policy.lockoutMinutes * 60_000;
  return ((await readFailures(db))[key] ?? []).filter((f) => f > now - windowMs).length;
}

/** A refusal of the offline check: the hub's codes and reasons, so the screen words it the same way. */
export class OfflineSignInError extends QueueError {
  constructor(
    code: 'unauthorized' | 'too_many_requests' | 'hub_unreachable',
    message: string,
    reason: 'bad_credentials' | 'locked_out' | 'no_verifiers',
    /** For a lockout: when the key may try again. */
    readonly retryAt: Date | null = null,
  ) {
    super(code, message, reason);
    this.name = 'OfflineSignInError';
  }
}

export interface OfflineCheckOptions {
  now?: () => Date;
  verify?: PinVerify;
  onProgress?: (fraction: number) => void;
  /** Also true for the session holder's own unlock: only this person's PIN counts. */
  onlyStaffId?: string;
}

export interface OfflineMatch {
  staffId: string;
  badge: string;
  role: z.infer<typeof StaffVerifiers>['staff'][number]['role'];
  /** How the person named themselves. */
  method: 'id' | 'badge';
}

/** A verifier no PIN matches: an unknown login costs a check like a wrong PIN. */
const DUMMY = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/**
 * Checks staff id or badge + PIN against the verifiers kept on this counter, under the offline
 * lockout. Resolves to the person; throws an OfflineSignInError: 'no_verifiers' (this counter
 * never received them), 'locked_out' (429, with retryAt), 'bad_credentials' (401).
 */
export async function checkOffline(db: CounterDb, login: string, pin: string, o: OfflineCheckOptions = {}): Promise<OfflineMatch> {
  const now = o.now ?? (() => new Date());
  const verifiers = await readVerifiers(db);
  if (!verifiers) throw new OfflineSignInError('hub_unreachable', 'the hub is unreachable and this counter has no PIN verifiers yet', 'no_verifiers');
  const { policy } = verifiers;
  const typed = login.trim();
  const lower = typed.toLowerCase();
  const byId = verifiers.staff.find((s) => s.id.toLowerCase() === lower);
  const person = byId ?? verifiers.staff.find((s) => s.badge === typed);
  const found = person && (o.onlyStaffId === undefined || person.id === o.onlyStaffId) ? person : undefined;
  const key = found ? staffKey(found.id) : loginKey(typed);

  const before = await readFailures(db);
  const wait = lockedFor(before[key] ?? [], now().getTime(), policy);
  if (wait > 0) throw lockedOut(new Date(now().getTime() + wait));

  const ok = (await (o.verify ?? scryptVerify)(pin, found?.pinHash ?? DUMMY, o.onProgress)) && found !== undefined;
  const at = now().getTime();
  const windowMs = policy.lockoutMinutes * 60_000;
  let lockedUntil: Date | null = null;
  await db.transaction('rw', db.meta, async () => {
    const failures = await readFailures(db);
    // Old failures leave the record as they leave the window.
    for (const k of Object.keys(failures)) {
      failures[k] = failures[k]!.filter((f) => f > at - windowMs);
      if (failures[k]!.length === 0) delete failures[k];
    }
    if (ok) delete failures[key];
    else {
      failures[key] = [...(failures[key] ?? []), at];
      const w = lockedFor(failures[key]!, at, policy);
      if (w > 0) lockedUntil = new Date(at + w);
    }
    await db.meta.put({ key: META.offlineLockout, value: failures });
  });
  if (!ok || !found) {
    if (lockedUntil) throw lockedOut(lockedUntil);
    throw new OfflineSignInError('unauthorized', 'unknown staff member or wrong PIN', 'bad_credentials');
  }
  return { staffId: found.id, badge: found.badge, role: found.role, method: byId ? 'id' : 'badge' };
}

function lockedOut(until: Date): OfflineSignInError {
  return new OfflineSignInError('too_many_requests', `too many wrong PINs on this counter: try again at ${until.toISOString()}`, 'locked_out', until);
}
