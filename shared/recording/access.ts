import { z } from 'zod';
import { CounterNumber } from '../config/primitives.js';
import { StaffRole } from '../config/schema.js';
import { RecordId } from '../uploads/metadata.js';

/**
 * Who may listen to counter recordings (DESIGN.md §8: recordings are personal data, role-checked
 * and access-logged). Tellers sign in too (their token is refused here, and that refusal is
 * what the hub answers with 403).
 */
export const LISTEN_ROLES: readonly StaffRole[] = ['lead', 'auditor', 'hq_admin'];

export function canListen(role: StaffRole): boolean {
  return LISTEN_ROLES.includes(role);
}

/** POST /api/v1/recordings/sign-in */
export const SignInRequest = z
  .object({
    staffId: z.string().min(1).max(64),
    pin: z.string().regex(/^\d{4,12}$/, 'a PIN is 4 to 12 digits'),
  })
  .strict();
export type SignInRequest = z.infer<typeof SignInRequest>;

export const SignInResponse = z.object({
  token: z.string().min(16),
  staffId: z.string(),
  role: StaffRole,
  expiresAt: z.iso.datetime(),
});
export type SignInResponse = z.infer<typeof SignInResponse>;

export const ListenMode = z.enum(['live', 'replay']);
export type ListenMode = z.infer<typeof ListenMode>;

/**
 * One listen: who, to what, when. Written by the hub when the listen begins (a replay grant or a
 * live socket accepted), before any audio leaves; synced to head office as a `recording.listen`
 * record (shared/sync/kinds.ts).
 */
export const ListenLogEntry = z.object({
  id: RecordId,
  staffId: z.string().min(1).max(64),
  role: StaffRole,
  mode: ListenMode,
  counter: CounterNumber,
  /** The recording replayed; null for a live listen. */
  recordingId: RecordId.nullable(),
  /** The ticket number of a replayed recording, when known (what the lead searched for). */
  ticketNumber: z.string().max(8).nullable(),
  at: z.iso.datetime(),
});
export type ListenLogEntry = z.infer<typeof ListenLogEntry>;

/** GET /api/v1/recordings/listens: the hub's table adds when a live listen ended. */
export const ListenLogRow = ListenLogEntry.extend({ endedAt: z.iso.datetime().nullable() });
export type ListenLogRow = z.infer<typeof ListenLogRow>;

export const ListenLogResponse = z.object({ listens: z.array(ListenLogRow) });

/** POST /api/v1/recordings/{id}/replay: a grant for this one recording, logged before it is given. */
export const ReplayGrant = z.object({
  /** Relative to the hub: GET it (with Range) as an <audio> source; carries its own grant. */
  audioPath: z.string().startsWith('/api/v1/recordings/'),
  listenId: RecordId,
  expiresAt: z.iso.datetime(),
});
export type ReplayGrant = z.infer<typeof ReplayGrant>;
