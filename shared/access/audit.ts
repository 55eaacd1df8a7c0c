import { z } from 'zod';
import { CounterNumber, IsoDate } from '../config/primitives.js';

/**
 * A security event (DESIGN.md §8): written by the hub when it happens, shown to the lead and
 * synced to head office as a `security.audit` record. Never carries a PIN, a token or a phone
 * number: `staffId` names who, `deviceId` from where, `detail` says what in a few words.
 */
export const AuditKind = z.enum([
  'sign_in',
  'sign_in_offline',
  'sign_in_failed',
  'locked_out',
  'sign_out',
  'session_replaced',
  'session_locked',
  'session_unlocked',
  'device_enrolled',
  'device_revoked',
  'enrol_code_made',
  'api_key_used',
  /** An admin made an integration API key at runtime (POST /api/v1/api-keys); the entry names it, never its secret. */
  'api_key_created',
  /** An admin revoked an integration API key (POST /api/v1/api-keys/:id/revoke): it stops at once. */
  'api_key_revoked',
  'approval',
  'self_approval_refused',
  'listen',
  'role_changed',
  /** A lead or auditor opened a service record (GET /api/v1/services/:ticketId/record): personal data and a recording. */
  'service_record_opened',
  /** A complainant's whole phone number was shown (POST /api/v1/complaints/:id/reveal-phone); the entry never holds the number. */
  'phone_revealed',
]);
export type AuditKind = z.infer<typeof AuditKind>;

export const AuditEntry = z.object({
  id: z.string().min(1).max(64),
  kind: AuditKind,
  at: z.iso.datetime(),
  staffId: z.string().max(64).nullable(),
  deviceId: z.string().max(64).nullable(),
  window: CounterNumber.nullable(),
  /** Short, non-personal: e.g. "replaced by a sign-in at window 3", "5 wrong PINs". */
  detail: z.string().max(200),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const SECURITY_AUDIT = 'security.audit';

/** GET /api/v1/audit?day=YYYY-MM-DD (a session with capability 'audit'): the day's entries, oldest first. */
export const AuditQuery = z.object({ day: IsoDate.optional() }).strict();
export const AuditDay = z.object({ day: IsoDate, entries: z.array(AuditEntry) });
export type AuditDay = z.infer<typeof AuditDay>;
