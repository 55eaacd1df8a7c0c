import { z } from 'zod';

/**
 * Branch policy for sign-in; part of the branch configuration (`access`). Kept apart from
 * session.ts (which needs the configuration's StaffRole) so the configuration schema can hold it
 * without an import cycle.
 */
export const AccessPolicy = z
  .object({
    pinLength: z.number().int().min(4).max(12).default(6),
    /** Lock the workstation after this many minutes without input. */
    idleLockMinutes: z.number().int().min(1).max(240).default(5),
    /** A session ends after this many hours (a shift), whatever happens. */
    sessionHours: z.number().int().min(1).max(24).default(12),
    /** Wrong PINs per staff member (and per address) within the window before lockout. */
    maxFailures: z.number().int().min(3).max(20).default(5),
    lockoutMinutes: z.number().int().min(1).max(24 * 60).default(15),
  })
  .strict();
export type AccessPolicy = z.infer<typeof AccessPolicy>;
