import { z } from 'zod';
import { CounterNumber } from '../config/primitives.js';

/** Who and what a recording belongs to; fixed when the service begins. */
export const RecordingMeta = z.object({
  /** A ULID: also the file name (`<recordingId>.opus`). */
  recordingId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/),
  ticketId: z.string().min(1).max(200).nullable(),
  ticketNumber: z.string().min(1).max(40).nullable(),
  service: z.string().min(1).max(40).nullable(),
  tellerId: z.string().max(200),
  counter: CounterNumber,
});
export type RecordingMeta = z.infer<typeof RecordingMeta>;

export const FinishedRecording = z.object({
  meta: RecordingMeta,
  /** Absolute path of the finished `<recordingId>.opus` file. */
  path: z.string(),
  /** ISO instants: the first audio (pre-roll included) and the last. */
  startedAt: z.string(),
  endedAt: z.string(),
  durationMs: z.number().int().min(0),
  bytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** 'interrupted': repaired after a crash or power cut (at most ~2 s lost at the end). */
  state: z.enum(['complete', 'interrupted']),
  /**
   * No frame (or too few, a click) above the speech threshold, as measured while encoding
   * (shared/recording/evidence.ts); absent when not measured (a repaired file).
   */
  silent: z.boolean().optional(),
});
export type FinishedRecording = z.infer<typeof FinishedRecording>;

export const RecorderStateKind = z.enum(['recording', 'not_recording', 'microphone_missing', 'disk_low']);
export type RecorderStateKind = z.infer<typeof RecorderStateKind>;

/**
 * What the teller and the lead are shown. `detail` is a short English diagnostic (the capture
 * program's own message, free megabytes), for logs and tooltips, not for translation.
 */
export const RecorderState = z.object({
  kind: RecorderStateKind,
  detail: z.string().optional(),
  since: z.string(),
});
export type RecorderState = z.infer<typeof RecorderState>;

/** What the file itself says about its recording (an Opus comment), so repair needs no sidecar. */
const TAG = 'GUICHET_RECORDING=';
const TaggedRecording = z.object({ meta: RecordingMeta, startedAt: z.string() });

export function recordingTag(meta: RecordingMeta, startedAt: string): string {
  return TAG + JSON.stringify({ meta, startedAt });
}

export function readRecordingTag(comments: readonly string[]): { meta: RecordingMeta; startedAt: string } | null {
  const c = comments.find((x) => x.startsWith(TAG));
  if (!c) return null;
  try {
    const parsed = TaggedRecording.safeParse(JSON.parse(c.slice(TAG.length)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
