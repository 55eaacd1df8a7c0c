import { z } from 'zod';

/** How a counter records its services (configuration from head office; defaults for the demo). */
export const RecordingSettings = z.object({
  enabled: z.boolean(),
  /** Audio kept from before the call, so the greeting is never clipped. */
  preRollMs: z.number().int().min(0).max(10_000),
  /** Uploaded recordings older than this may be deleted locally (oldest first). */
  retentionDays: z.number().int().min(1).max(3650),
  /** Local recordings beyond this size are deleted, uploaded ones only, oldest first. */
  retentionGigabytes: z.number().min(0.1).max(10_000),
  /** Below this much free disk the counter shows "disk low". */
  minFreeMegabytes: z.number().int().min(10).max(1_000_000),
});
export type RecordingSettings = z.infer<typeof RecordingSettings>;

export const DEFAULT_RECORDING_SETTINGS: RecordingSettings = {
  enabled: true,
  preRollMs: 2000,
  retentionDays: 90,
  retentionGigabytes: 20,
  minFreeMegabytes: 500,
};
