import { z } from 'zod';

/** One device as head office sees it: when it last pushed, and what has not arrived yet. */
export const DeviceBacklog = z.object({
  deviceId: z.string(),
  branchId: z.string(),
  /** Null for a device known only from records relayed by its hub (it enrolled there, not here). */
  role: z.string().nullable(),
  enrolled: z.boolean(),
  revoked: z.boolean(),
  lastSeenAt: z.string().nullable(),
  contiguousSeq: z.number(),
  highestSeq: z.number(),
  /** Sequence numbers between the contiguous point and highestSeq not received yet (gaps). */
  missing: z.number(),
  /** What the device said was still in its outbox after its last push (X-Outbox-Pending), or null. */
  outboxPending: z.number().nullable(),
  /** Records the device has made that are not here yet, as far as this server can tell: missing + outboxPending. */
  pending: z.number(),
  /** Server time minus device time at its last direct push, in ms (null: never pushed directly). */
  clockOffsetMs: z.number().nullable(),
});
export type DeviceBacklog = z.infer<typeof DeviceBacklog>;

/** GET /api/v1/hq/summary: everything the head-office page shows. */
export const HqSummary = z.object({
  generatedAt: z.string(),
  /** The per-day counts cover corrected dates from this instant on. */
  windowFrom: z.string(),
  branches: z.array(
    z.object({
      branchId: z.string(),
      /** Days are counted in this zone (the branch configuration's; UTC without one). */
      timeZone: z.string(),
      configVersion: z.number().nullable(),
      devices: z.number(),
      lastSeenAt: z.string().nullable(),
      /** Records still on their way here, as far as HQ can tell (sum of the devices' pending). */
      pending: z.number(),
      deadLetters: z.number(),
    }),
  ),
  devices: z.array(DeviceBacklog),
  /**
   * The business each branch did per local day over the window, from the figures head office
   * keeps (hq_fig_day), never from the raw records: a network's records are too many to count
   * on every look, and a count of record kinds says nothing to a person.
   */
  perDay: z.array(
    z.object({
      branch: z.string(),
      day: z.string(),
      arrivals: z.number(),
      served: z.number(),
      noShows: z.number(),
      rated: z.number(),
      satisfied: z.number(),
      /** Seconds, over the tickets called that day; null with none. */
      averageWaitSeconds: z.number().nullable(),
    }),
  ),
});
export type HqSummary = z.infer<typeof HqSummary>;
