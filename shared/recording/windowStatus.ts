import { z } from 'zod';
import { CounterNumber } from '../config/primitives.js';
import { RecorderStateKind } from './meta.js';

/**
 * Whether each window records right now, as its recorder says (issue 13, truthful evidence).
 * The counter's host reports its recorder's state to the hub over its live-publish socket
 * (shared/recording/live.ts PublisherStateFrame); the hub puts every window's on the queue stream,
 * so the customer display shows "本窗口服务全程录音" only while a recording really runs, never
 * because the configuration says recording is on.
 */
export const RecordingWindow = z.object({
  counter: CounterNumber,
  /** Audio of a service is reaching its file now. */
  recording: z.boolean(),
  state: RecorderStateKind,
  since: z.iso.datetime(),
});
export type RecordingWindow = z.infer<typeof RecordingWindow>;

/**
 * Live stream: the windows whose recorder reported to the hub, right after the snapshot and at
 * every change. A window missing here has no recorder on line (not recording).
 */
export const RecordingWindowsMessage = z.object({ type: z.literal('recording.windows'), windows: z.array(RecordingWindow) });
export type RecordingWindowsMessage = z.infer<typeof RecordingWindowsMessage>;
