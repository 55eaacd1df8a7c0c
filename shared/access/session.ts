import { z } from 'zod';
import { CounterNumber, StaffRole } from '../config/primitives.js';
import { Localized } from '../i18n/localized.js';
import { AccessPolicy } from './policy.js';

/**
 * Staff sign-in at a workstation (counter or lead station): staff id, or the badge number a
 * card reader types as a keyboard, plus PIN. The session is bound to the device that asked
 * (and, at a counter, to that device's window).
 */
export const StaffSignInRequest = z
  .object({
    /** A staff id ("s-1002") or a badge number ("1002"), as typed or read from the card. */
    login: z.string().trim().min(1).max(64),
    pin: z.string().regex(/^\d{4,12}$/, 'a PIN is 4 to 12 digits'),
  })
  .strict();
export type StaffSignInRequest = z.infer<typeof StaffSignInRequest>;

export const UnlockRequest = z.object({ pin: z.string().regex(/^\d{4,12}$/, 'a PIN is 4 to 12 digits') }).strict();
export type UnlockRequest = z.infer<typeof UnlockRequest>;

export const SignedInStaff = z.object({
  id: z.string(),
  name: Localized,
  badge: z.string(),
  role: StaffRole,
  stars: z.number().int().min(0).max(3),
});
export type SignedInStaff = z.infer<typeof SignedInStaff>;

export const SessionInfo = z.object({
  /** Bearer token for `Authorization`; only in the sign-in answer, never listed anywhere else. */
  token: z.string().min(16).optional(),
  sessionId: z.string(),
  staff: SignedInStaff,
  /** The window this session serves (counter devices), null at a lead station. */
  window: CounterNumber.nullable(),
  deviceId: z.string(),
  signedInAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  locked: z.boolean(),
  /** The workstation locks itself after this long without input (branch policy). */
  idleLockSeconds: z.number().int().positive(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export { AccessPolicy } from './policy.js';

/**
 * What a counter keeps to sign a teller in while the hub is down: each staff member's PIN
 * verifier (the same memory-hard scrypt string the hub checks), served only to an enrolled
 * counter device. The counter applies the same lockout to it.
 */
export const StaffVerifier = z.object({
  id: z.string(),
  badge: z.string(),
  role: StaffRole,
  pinHash: z.string(),
});
export const StaffVerifiers = z.object({ staff: z.array(StaffVerifier), policy: AccessPolicy });
export type StaffVerifiers = z.infer<typeof StaffVerifiers>;

/** POST /api/v1/session/lock: the teller's own lock, or the workstation's idle timer asking. */
export const LockRequest = z.object({ reason: z.enum(['manual', 'idle']).default('manual') }).strict();
export type LockRequest = z.infer<typeof LockRequest>;

/**
 * Who is signed in at a window, on the live stream (GET /api/v1/stream): one frame per window
 * right after the snapshot, then one whenever a teller signs in, out, is replaced, locks or
 * unlocks. Displays and the lead show this teller, not the configuration's `counter.staffId`.
 */
export const WindowStaffMessage = z.object({
  type: z.literal('window.staff'),
  window: CounterNumber,
  staff: SignedInStaff.nullable(),
  /** The teller's workstation is locked (stepped away); still their window. */
  locked: z.boolean(),
});
export type WindowStaffMessage = z.infer<typeof WindowStaffMessage>;

/** GET /api/v1/windows/staff: the same, for every window at once. */
export const WindowStaffList = z.object({ windows: z.array(WindowStaffMessage.omit({ type: true })) });
export type WindowStaffList = z.infer<typeof WindowStaffList>;

/**
 * The machine `reason` of every refusal of the session, device and audit routes (beside the
 * error `code`), for the renderer to show in zh-CN / zh-TW / en: the strings are under
 * `access.refusals.<reason>` (shared/i18n/resources/capabilities/access.ts).
 */
export const AccessRefusal = z.enum([
  /** 401: unknown staff id or badge, no PIN set, or wrong PIN (one answer for all three). */
  'bad_credentials',
  /** 429 (Retry-After): too many wrong PINs for this person or from this address. */
  'locked_out',
  /** 401: no session, or it ended (signed out, replaced, expired, device revoked). */
  'session_required',
  /** 423 (code session_locked): the workstation is locked; unlock with the PIN. */
  'session_locked',
  /** 401: the request carries no enrolled device's token. */
  'device_required',
  /** 403: this kind of device may not do this (sign in: counters and lead stations only; verifiers: counters only). */
  'device_not_allowed',
  /** 403: a counter device enrolled without a window cannot sign a teller in. */
  'device_without_window',
  /** 403: this person's role may not serve at a window (sign-in at a counter). */
  'cannot_serve',
  /** 403: the signed-in person's role lacks the capability (shared/access/roles.ts). */
  'capability_missing',
  /** 400: an enrolment code for a counter or counter display must name its window. */
  'window_required',
  /** 400: only counters and counter displays have a window. */
  'window_not_allowed',
  /** 404: the branch has no such window. */
  'unknown_window',
  /** 404: no device with that id at this hub. */
  'unknown_device',
  /** 403: the enrolment code was made for another window; or (gate) the device, session or key serves another window. */
  'wrong_window',
  // Refusals of the access gate (server/hub/access/gate.ts), listed here so the renderer maps one list.
  /** 403: the session was opened on another workstation. */
  'other_device',
  /** 403: a state-changing request or WebSocket from a foreign Origin. */
  'foreign_origin',
  /** 401: the integration API key is unknown or withdrawn. */
  'api_key_required',
  /** 403: the integration API key lacks the scope. */
  'scope_missing',
  /** 403: an integration key commands a window where nobody is signed in. */
  'nobody_signed_in',
]);
export type AccessRefusal = z.infer<typeof AccessRefusal>;
