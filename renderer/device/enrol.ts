import { z } from 'zod';
import { SyncError, toSyncError } from '../../shared/sync/drain.js';
import { EnrolResponse, SYNC_PATHS } from '../../shared/sync/protocol.js';
import { META, ensureDeviceId } from './db.js';
import type { CounterDb } from './db.js';
import { getJson, isNotFound, postJson } from './transport.js';
import type { SyncTransport } from './syncTypes.js';

/**
 * Enrolment of a counter with its hub (DESIGN.md §8): the device id is made once and kept in
 * meta; a one-time code buys a device token, kept in meta with the branch id. In the demo the
 * hub hands out a code at GET /api/v1/sync/demo-enrol-code; elsewhere (404) an administrator's
 * code has to be typed in, and until then the counter shows "not enrolled" and keeps its records.
 */
export const DEMO_ENROL_CODE_PATH = '/api/v1/sync/demo-enrol-code';

export const Enrolment = z.object({
  deviceId: z.string().min(1),
  branchId: z.string().min(1),
  /**
   * Null once the hub revoked it (401): the branch is kept, the token is not. Absent where the
   * token is kept by the host's secure storage instead (identity.ts): meta holds only the rest.
   */
  token: z.string().min(1).nullable().optional(),
  enrolledAt: z.string(),
  revokedAt: z.string().nullable().default(null),
  /** The window the hub enrolled this counter for (null or absent: none named). */
  window: z.number().int().min(1).max(99).nullable().optional(),
});
export type Enrolment = z.infer<typeof Enrolment>;

/**
 * A one-time code as typed: spaces (also full-width, from a Chinese input method) and case do
 * not matter, any dash is a dash; the hub then ignores the dashes too (server/sync/deviceAuth.ts).
 */
export function normaliseEnrolCode(code: string): string {
  return code
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, '');
}

export async function readEnrolment(db: CounterDb): Promise<Enrolment | null> {
  const parsed = Enrolment.safeParse((await db.meta.get(META.enrolment))?.value);
  return parsed.success ? parsed.data : null;
}

export async function saveEnrolment(db: CounterDb, enrolment: Enrolment): Promise<void> {
  await db.meta.put({ key: META.enrolment, value: enrolment });
}

/** The hub refused our token (401): keep who we were, forget the token. */
export async function markRevoked(db: CounterDb, now = new Date()): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const current = await readEnrolment(db);
    if (current) await saveEnrolment(db, { ...current, token: null, revokedAt: now.toISOString() });
  });
}

/**
 * The hub's demo enrol code, or null when it offers none to this device (404: not a demo hub;
 * 403: the demo hub hands codes only to its own machine).
 */
export async function fetchDemoEnrolCode(transport: SyncTransport): Promise<string | null> {
  try {
    const json = await getJson(transport, DEMO_ENROL_CODE_PATH);
    const parsed = z.object({ code: z.string().min(6).max(64) }).safeParse(json);
    if (!parsed.success) throw new SyncError('server', 'the hub sent a malformed enrolment code');
    return parsed.data.code;
  } catch (err) {
    if (isNotFound(err) || (err instanceof SyncError && err.status === 403)) return null;
    throw toSyncError(err);
  }
}

/** Enrols this counter with a one-time code; saves and returns the enrolment. */
export async function enrolWithCode(db: CounterDb, transport: SyncTransport, code: string, now = new Date()): Promise<Enrolment> {
  const deviceId = await ensureDeviceId(db);
  const json = await postJson(transport, SYNC_PATHS.enrol, { code: code.trim(), deviceId, role: 'counter' });
  const parsed = EnrolResponse.safeParse(json);
  if (!parsed.success) throw new SyncError('server', 'the hub sent a malformed enrolment answer');
  if (parsed.data.deviceId !== deviceId) {
    // Our records carry our id; a token for another id would have every push refused.
    throw new SyncError('rejected', `the hub enrolled device ${parsed.data.deviceId}, not this counter (${deviceId})`, { code: 'device_mismatch' });
  }
  const enrolment: Enrolment = { deviceId, branchId: parsed.data.branchId, token: parsed.data.token, enrolledAt: now.toISOString(), revokedAt: null };
  await saveEnrolment(db, enrolment);
  return enrolment;
}
