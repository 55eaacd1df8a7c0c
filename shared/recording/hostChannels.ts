import { z } from 'zod';
import { CounterNumber } from '../config/primitives.js';
import { RecordId, Sha256Hex } from '../uploads/metadata.js';
import { UploadFailureCode } from '../uploads/errors.js';
import { FinishedAs } from './indexRecord.js';
import { RecordingSettings } from './settings.js';

/**
 * The host-bridge channels of counter recording (spread into shared/host/contract.ts). The
 * capture runs in the host's Node process (Electron main, or the browser host), one recorder
 * per counter; the renderer indexes, uploads and deletes through these channels. The bridge is
 * request/answer only, so state changes and "recording finished" notices come by long poll
 * (`recording:events`, which waits up to `waitMs` for something new).
 */

export const RecorderStateKind = z.enum(['recording', 'not_recording', 'microphone_missing', 'disk_low']);
export type RecorderStateKind = z.infer<typeof RecorderStateKind>;

export const RecorderStateView = z.object({
  kind: RecorderStateKind,
  /** Why, in words (e.g. the capture program's error); English, for the details line. */
  detail: z.string().max(500).optional(),
  since: z.iso.datetime(),
});
export type RecorderStateView = z.infer<typeof RecorderStateView>;

/** The counter's device token, which the host uses to upload to the hub and to publish live audio. */
export const RecordingCredentials = z.object({
  deviceId: z.string().min(1).max(64),
  branchId: z.string().min(1).max(64),
  token: z.string().min(1).max(512),
});
export type RecordingCredentials = z.infer<typeof RecordingCredentials>;

export const RecordingMetaInput = z.object({
  recordingId: RecordId,
  ticketId: z.string().min(1).max(64).nullable(),
  ticketNumber: z.string().max(8).nullable(),
  service: z.string().max(4).nullable(),
  tellerId: z.string().min(1).max(64),
});
export type RecordingMetaInput = z.infer<typeof RecordingMetaInput>;

/** A finished recording as the host reports it (never the file's path: the renderer needs none). */
export const FinishedRecordingView = RecordingMetaInput.extend({
  counter: CounterNumber,
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime(),
  durationMs: z.number().int().min(0),
  bytes: z.number().int().min(0),
  sha256: Sha256Hex,
  state: FinishedAs,
  /** Nothing above the speech threshold, as the recorder measured it (shared/recording/evidence.ts); absent: not measured. */
  silent: z.boolean().optional(),
});
export type FinishedRecordingView = z.infer<typeof FinishedRecordingView>;

export const RecordingHostEvent = z.discriminatedUnion('type', [
  z.object({ seq: z.number().int().positive(), type: z.literal('state'), state: RecorderStateView }),
  z.object({ seq: z.number().int().positive(), type: z.literal('finished'), recording: FinishedRecordingView }),
  z.object({ seq: z.number().int().positive(), type: z.literal('uploaded'), recordingId: RecordId, sha256: Sha256Hex, at: z.iso.datetime() }),
  z.object({ seq: z.number().int().positive(), type: z.literal('upload_failed'), recordingId: RecordId, code: UploadFailureCode, message: z.string().max(300), retryable: z.boolean() }),
]);
export type RecordingHostEvent = z.infer<typeof RecordingHostEvent>;

export const LocalRecordingFile = z.object({
  recordingId: RecordId,
  bytes: z.number().int().min(0),
  /** What the host knows of it (absent for a file found without its notice). */
  finished: FinishedRecordingView.nullable(),
  held: z.boolean(),
});
export type LocalRecordingFile = z.infer<typeof LocalRecordingFile>;

/**
 * A microphone as the host names it: `pulse:<source>` or `alsa:<device>`. The name reaches a
 * capture program's arguments or environment, so only the characters such names use.
 */
export const MicrophoneId = z.string().regex(/^(pulse|alsa):[A-Za-z0-9_.:=,@+-]{1,200}$/, 'not a microphone name');
export const Microphone = z.object({ id: MicrophoneId, label: z.string().max(300) });
export type Microphone = z.infer<typeof Microphone>;

const Counter = z.object({ counter: CounterNumber });

const OpenInput = Counter.extend({
  /** The workstation's chosen microphone; null or absent: the system's default input. */
  microphone: MicrophoneId.nullable().optional(),
  settings: RecordingSettings,
  /** Null until the counter is enrolled: recording works, uploads and live listening wait. */
  credentials: RecordingCredentials.nullable(),
}).strict();

const HostSnapshot = z.object({
  enabled: z.boolean(),
  state: RecorderStateView,
  /** The recording under way, if any. */
  current: RecordId.nullable(),
  /** Pass as `after` to `recording:events`. */
  cursor: z.number().int().min(0),
});
export type RecordingHostSnapshot = z.infer<typeof HostSnapshot>;

const WithFile = Counter.extend({ recordingId: RecordId, sha256: Sha256Hex, credentials: RecordingCredentials }).strict();

export const recordingHostContract = {
  /** Starts (or re-configures) the counter's recorder; idempotent. */
  'recording:open': { input: OpenInput, output: HostSnapshot },
  /** The microphones this machine can record from (`source`: how they were found). */
  'recording:microphones': {
    input: z.undefined(),
    output: z.object({ source: z.enum(['pulse', 'alsa', 'none']), microphones: z.array(Microphone) }),
  },
  /** A ticket was called: cut the stream, a new recording begins (with pre-roll). */
  'recording:begin': {
    input: Counter.extend({ meta: RecordingMetaInput }).strict(),
    output: z.object({ started: z.boolean(), state: RecorderStateView, finished: FinishedRecordingView.nullable() }),
  },
  /** Service ended: the recording is finished and hashed. Null when none was running. */
  'recording:end': { input: Counter.strict(), output: z.object({ finished: FinishedRecordingView.nullable() }) },
  'recording:events': {
    input: Counter.extend({ after: z.number().int().min(0), waitMs: z.number().int().min(0).max(10_000) }).strict(),
    output: z.object({ events: z.array(RecordingHostEvent), next: z.number().int().min(0), state: RecorderStateView }),
  },
  /** The finished files on this machine (for the renderer to reconcile its index). */
  'recording:list': { input: Counter.strict(), output: z.object({ files: z.array(LocalRecordingFile), current: RecordId.nullable() }) },
  /** Starts (or joins) the upload to the hub; the end comes as an `uploaded`/`upload_failed` event. */
  'recording:upload': {
    input: WithFile,
    output: z.object({ state: z.enum(['verified', 'uploading', 'failed']), code: UploadFailureCode.optional(), message: z.string().optional() }),
  },
  /** Deletes the local file, only if the hub confirms now a verified copy of this hash and it is not held. */
  'recording:delete': {
    input: WithFile,
    output: z.object({ deleted: z.boolean(), reason: z.enum(['deleted', 'held', 'not_verified', 'unreachable', 'missing']) }),
  },
  /** Held for a dispute: the host refuses to delete it until released. */
  'recording:hold': { input: Counter.extend({ recordingId: RecordId, held: z.boolean() }).strict(), output: z.object({ held: z.boolean() }) },
} as const;
