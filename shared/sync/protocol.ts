import { z } from 'zod';
import { CounterNumber } from '../config/primitives.js';
import { HLC_PATTERN } from '../time/hlc.js';

/**
 * The sync protocol (docs/sync.md): devices push immutable records up (counter -> hub -> HQ)
 * and pull changes down "since cursor" (HQ -> hub -> counter). Every shape on the wire is here.
 */

/** Largest batch a client may push, and the page size of a pull. */
export const MAX_PUSH_RECORDS = 500;
export const MAX_RECORD_BODY_BYTES = 64 * 1024;

export const DeviceRole = z.enum(['hub', 'counter', 'counter-display', 'kiosk', 'hall', 'lead']);
export type DeviceRole = z.infer<typeof DeviceRole>;

export const RecordKind = z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'a kind is dotted lower case, e.g. queue.event');

/** One immutable fact (or one document operation) made on a device. */
export const SyncRecord = z.object({
  /** ULID made on the device: the same record by two paths or twice is stored once. */
  id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'id must be a ULID'),
  kind: RecordKind,
  branchId: z.string().min(1).max(64),
  deviceId: z.string().min(1).max(64),
  /** Gap-free per device, from 1: lets the server see what is still missing. */
  deviceSeq: z.number().int().positive(),
  /** The device's hybrid logical clock: orders one device's records whatever its wall clock. */
  hlc: z.string().regex(HLC_PATTERN).max(120),
  /** The device's wall clock when it made the record (may be wrong; see correctedAt). */
  wallAt: z.iso.datetime(),
  body: z.record(z.string(), z.unknown()),
  /**
   * Set only by a hub relaying another device's record: the time the hub corrected for that
   * device's clock error when it received it (in the hub's clock). Head office applies the hub's
   * own clock error on top; on a device's own records it is ignored.
   */
  correctedAt: z.iso.datetime().optional(),
});
export type SyncRecord = z.infer<typeof SyncRecord>;

export const PushRequest = z
  .object({
    deviceId: z.string().min(1).max(64),
    /** The device's wall clock as it sends: the server estimates the device's clock error from it. */
    sentAt: z.iso.datetime(),
    records: z.array(SyncRecord).min(1).max(MAX_PUSH_RECORDS),
  })
  .strict();
export type PushRequest = z.infer<typeof PushRequest>;

export const RejectedRecord = z.object({ id: z.string(), code: z.string(), message: z.string() });
export type RejectedRecord = z.infer<typeof RejectedRecord>;

export const PushResponse = z.object({
  /** Stored now or before: these leave the outbox. */
  acked: z.array(z.string()),
  /** Never storable as they are (bad body): these go to the dead-letter list, never retried. */
  rejected: z.array(RejectedRecord),
  serverTime: z.iso.datetime(),
});
export type PushResponse = z.infer<typeof PushResponse>;

/** A change pulled "since cursor": configuration documents flowing down. */
export const PulledChange = z.object({
  /** Server sequence, taken inside the storing transaction: cursor order is commit order. */
  seq: z.number().int().positive(),
  kind: RecordKind,
  /** The document's key within its kind, e.g. a branch id. */
  key: z.string().min(1),
  version: z.number().int().positive(),
  body: z.unknown(),
});
export type PulledChange = z.infer<typeof PulledChange>;

export const PullResponse = z.object({
  changes: z.array(PulledChange),
  /** Pass as `since` next time; save it in the same transaction as the changes it covers. */
  next: z.number().int().min(0),
  hasMore: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponse>;

export const EnrolRequest = z
  .object({
    code: z.string().min(6).max(64),
    deviceId: z.string().min(1).max(64),
    role: DeviceRole,
    /**
     * A counter's or counter display's window. A code made for one window fixes it (a different
     * one here is refused); a code without one (the demo's) lets the device name it.
     */
    window: CounterNumber.optional(),
  })
  .strict();
export type EnrolRequest = z.infer<typeof EnrolRequest>;

export const EnrolResponse = z.object({
  deviceId: z.string(),
  branchId: z.string(),
  token: z.string(),
  /** The window the device was enrolled for (counters and counter displays), else null. */
  window: CounterNumber.nullable().optional(),
});
export type EnrolResponse = z.infer<typeof EnrolResponse>;

/** What every device shows of each of its links (counter -> hub, hub -> HQ). */
export const LinkStatus = z.object({
  link: z.string(),
  lastSuccessAt: z.iso.datetime().nullable(),
  lastAttemptAt: z.iso.datetime().nullable(),
  recordsWaiting: z.number().int().min(0),
  bytesWaiting: z.number().int().min(0),
  deadLetters: z.number().int().min(0),
  /** The last failure in words, null after a success. */
  lastError: z.string().nullable(),
});
export type LinkStatus = z.infer<typeof LinkStatus>;

export const SYNC_PATHS = {
  enrol: '/api/v1/sync/enrol',
  push: '/api/v1/sync/push',
  pull: '/api/v1/sync/pull',
  status: '/api/v1/sync/status',
  uploads: '/api/v1/uploads/',
} as const;
