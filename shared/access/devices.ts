import { z } from 'zod';
import { CounterNumber } from '../config/primitives.js';
import { DeviceRole } from '../sync/protocol.js';

/** Device kinds that belong to one window (DESIGN.md §8: a counter commands its own window). */
export const WINDOW_DEVICE_ROLES: readonly DeviceRole[] = ['counter', 'counter-display'];

export function hasWindow(role: DeviceRole): boolean {
  return WINDOW_DEVICE_ROLES.includes(role);
}

/** POST /api/v1/devices/enrol-codes (lead station, capability 'enrol'). */
export const EnrolCodeRequest = z
  .object({
    /** A branch device kind; a hub is enrolled by head office, not here. */
    role: DeviceRole.exclude(['hub']),
    /** Required for a counter or counter display: the device serves this window. */
    window: CounterNumber.optional(),
    ttlMinutes: z.number().int().min(1).max(7 * 24 * 60).default(60),
  })
  .strict();
export type EnrolCodeRequest = z.infer<typeof EnrolCodeRequest>;

/** The code is shown once, in this answer; the hub keeps only its SHA-256. */
export const EnrolCodeAnswer = z.object({
  code: z.string(),
  role: DeviceRole,
  window: CounterNumber.nullable(),
  expiresAt: z.iso.datetime(),
});
export type EnrolCodeAnswer = z.infer<typeof EnrolCodeAnswer>;

/** One enrolled device as GET /api/v1/devices lists it (never its token). */
export const DeviceEntry = z.object({
  id: z.string(),
  role: DeviceRole,
  window: CounterNumber.nullable(),
  enrolledAt: z.iso.datetime(),
  /** Its last request to the hub seen (sync or LAN API), when known. */
  lastSeen: z.iso.datetime().nullable(),
  revoked: z.boolean(),
  revokedAt: z.iso.datetime().nullable(),
});
export type DeviceEntry = z.infer<typeof DeviceEntry>;

export const DeviceList = z.object({ devices: z.array(DeviceEntry) });
export type DeviceList = z.infer<typeof DeviceList>;
