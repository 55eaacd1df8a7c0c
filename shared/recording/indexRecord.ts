import { z } from 'zod';
import { CounterNumber } from '../config/primitives.js';
import { RecordId, Sha256Hex } from '../uploads/metadata.js';

/**
 * One counter recording as the counter indexes it (Dexie `recordings` table) and as its facts
 * travel through sync (counter.event records of the types below). The file itself is on the
 * counter's host until it is uploaded; the index never holds audio.
 */

/**
 * Where the recording is in its life on the counter:
 * recording -> complete | interrupted (finished, file hashed) -> uploading -> uploaded (the hub
 * holds a verified copy) -> deleted (local file removed under the retention limit).
 * "Held for a dispute" is a flag beside the state (a held recording still uploads); the screens
 * show it as the state `held` (displayStateOf).
 */
export const RecordingState = z.enum(['recording', 'complete', 'interrupted', 'uploading', 'uploaded', 'deleted']);
export type RecordingState = z.infer<typeof RecordingState>;

export const RecordingDisplayState = z.enum([...RecordingState.options, 'held']);
export type RecordingDisplayState = z.infer<typeof RecordingDisplayState>;

export const FinishedAs = z.enum(['complete', 'interrupted']);
export type FinishedAs = z.infer<typeof FinishedAs>;

const Iso = z.iso.datetime();

export const RecordingIndexRecord = z.object({
  /** ULID made on the counter when the service began: the upload's record id too. */
  id: RecordId,
  ticketId: z.string().min(1).max(64).nullable(),
  ticketNumber: z.string().max(8).nullable(),
  service: z.string().max(4).nullable(),
  tellerId: z.string().min(1).max(64),
  counter: CounterNumber,
  startedAt: Iso,
  endedAt: Iso.nullable(),
  durationMs: z.number().int().min(0).nullable(),
  bytes: z.number().int().min(0).nullable(),
  sha256: Sha256Hex.nullable(),
  state: RecordingState,
  /** How the file ended: whole, or repaired after a crash (a couple of seconds lost). */
  finishedAs: FinishedAs.nullable(),
  uploadedAt: Iso.nullable(),
  heldForDispute: z.boolean(),
  deletedAt: Iso.nullable(),
  /** The last upload failure in words, for the teller's list (never personal data). */
  lastError: z.string().max(300).nullable(),
  /** Nothing above the speech threshold (shared/recording/evidence.ts); absent or null: not measured. */
  silent: z.boolean().nullable().optional(),
});
export type RecordingIndexRecord = z.infer<typeof RecordingIndexRecord>;

export function displayStateOf(r: Pick<RecordingIndexRecord, 'state' | 'heldForDispute'>): RecordingDisplayState {
  return r.heldForDispute && r.state !== 'deleted' ? 'held' : r.state;
}

/** A local file exists for these states (the one being recorded has no size yet). */
export function holdsLocalFile(state: RecordingState): boolean {
  return state === 'complete' || state === 'interrupted' || state === 'uploading' || state === 'uploaded';
}

// ---------------------------------------------------------------------------------------------
// Sync: counter.event types and payloads
// ---------------------------------------------------------------------------------------------

export const RECORDING_EVENT = {
  finished: 'recording.finished',
  held: 'recording.held',
  released: 'recording.released',
  deleted: 'recording.deleted',
} as const;
export type RecordingEventType = (typeof RECORDING_EVENT)[keyof typeof RECORDING_EVENT];

/** The index record of a finished recording, as head office and the hub's search receive it. */
export const RecordingFinishedPayload = z.object({
  recordingId: RecordId,
  ticketId: z.string().min(1).max(64).nullable(),
  ticketNumber: z.string().max(8).nullable(),
  service: z.string().max(4).nullable(),
  tellerId: z.string().min(1).max(64),
  startedAt: Iso,
  endedAt: Iso,
  durationMs: z.number().int().min(0),
  bytes: z.number().int().min(1),
  sha256: Sha256Hex,
  finishedAs: FinishedAs,
  heldForDispute: z.boolean(),
  /**
   * The recorder found nothing above the speech threshold (shared/recording/evidence.ts); absent
   * when not measured (a repaired file, an older counter). Head office gets it with the rest: with
   * durationMs and finishedAs it tells an empty, silent or cut-short recording (evidenceFlags).
   */
  silent: z.boolean().optional(),
});
export type RecordingFinishedPayload = z.infer<typeof RecordingFinishedPayload>;

export const RecordingHoldPayload = z.object({
  recordingId: RecordId,
  /** The teller who marked or released it. */
  by: z.string().min(1).max(64),
});
export type RecordingHoldPayload = z.infer<typeof RecordingHoldPayload>;

export const RecordingDeletedPayload = z.object({
  recordingId: RecordId,
  reason: z.enum(['age', 'size']),
});
export type RecordingDeletedPayload = z.infer<typeof RecordingDeletedPayload>;
