import { RECORDING_EVENT } from '../../shared/recording/indexRecord.js';
import type { RecordingDeletedPayload, RecordingFinishedPayload, RecordingHoldPayload, RecordingIndexRecord } from '../../shared/recording/indexRecord.js';
import type { FinishedRecordingView, RecordingMetaInput } from '../../shared/recording/hostChannels.js';
import { recordEvent, writeTables } from '../device/db.js';
import type { CounterDb } from '../device/db.js';

/**
 * The counter's index of its recordings (Dexie `recordings`, version 3 of the counter store).
 * Every fact head office must know is written with its counter.event sync record in the same
 * transaction (recording.finished carries the whole index record; held/released/deleted follow).
 */

function tables(db: CounterDb) {
  return [...writeTables(db), db.recordings];
}

/** The service began and the host's recorder started it. */
export async function indexStarted(db: CounterDb, meta: RecordingMetaInput, startedAt: Date): Promise<void> {
  const row: RecordingIndexRecord = {
    id: meta.recordingId,
    ticketId: meta.ticketId,
    ticketNumber: meta.ticketNumber,
    service: meta.service,
    tellerId: meta.tellerId,
    counter: db.counter,
    startedAt: startedAt.toISOString(),
    endedAt: null,
    durationMs: null,
    bytes: null,
    sha256: null,
    state: 'recording',
    finishedAs: null,
    uploadedAt: null,
    heldForDispute: false,
    deletedAt: null,
    lastError: null,
  };
  await db.recordings.put(row);
}

/**
 * A finished recording: the row gets its file's facts and the recording.finished record is
 * written, once (a notice that comes again, or after a reconcile, changes nothing).
 */
export async function indexFinished(db: CounterDb, f: FinishedRecordingView): Promise<RecordingIndexRecord> {
  return db.transaction('rw', tables(db), async () => {
    const existing = await db.recordings.get(f.recordingId);
    if (existing && existing.state !== 'recording') return existing;
    const row: RecordingIndexRecord = {
      id: f.recordingId,
      // What the counter knew at the call wins over what a repaired file could tell.
      ticketId: existing?.ticketId ?? f.ticketId,
      ticketNumber: existing?.ticketNumber ?? f.ticketNumber,
      service: existing?.service ?? f.service,
      tellerId: existing?.tellerId ?? f.tellerId,
      counter: db.counter,
      startedAt: f.startedAt,
      endedAt: f.endedAt,
      durationMs: f.durationMs,
      bytes: f.bytes,
      sha256: f.sha256,
      state: f.state,
      finishedAs: f.state,
      uploadedAt: null,
      heldForDispute: existing?.heldForDispute ?? false,
      deletedAt: null,
      lastError: null,
      silent: f.silent ?? null,
    };
    await db.recordings.put(row);
    const payload: RecordingFinishedPayload = {
      recordingId: row.id,
      ticketId: row.ticketId,
      ticketNumber: row.ticketNumber,
      service: row.service,
      tellerId: row.tellerId,
      startedAt: f.startedAt,
      endedAt: f.endedAt,
      durationMs: f.durationMs,
      bytes: Math.max(1, f.bytes),
      sha256: f.sha256,
      finishedAs: f.state,
      heldForDispute: row.heldForDispute,
      ...(f.silent === undefined ? {} : { silent: f.silent }),
    };
    await recordEvent(db, RECORDING_EVENT.finished, payload);
    return row;
  });
}

export async function markUploading(db: CounterDb, id: string): Promise<void> {
  await db.recordings.where('id').equals(id).modify((r) => {
    if (r.state === 'complete' || r.state === 'interrupted') r.state = 'uploading';
  });
}

export async function markUploadFailed(db: CounterDb, id: string, message: string): Promise<void> {
  await db.recordings.where('id').equals(id).modify((r) => {
    if (r.state === 'uploading') r.state = r.finishedAs ?? 'complete';
    r.lastError = message.slice(0, 300);
  });
}

/** The hub confirmed a verified copy with this hash. */
export async function markUploaded(db: CounterDb, id: string, sha256: string, at: Date): Promise<void> {
  await db.recordings.where('id').equals(id).modify((r) => {
    if (r.sha256 !== sha256 || r.state === 'deleted') return;
    r.state = 'uploaded';
    r.uploadedAt = r.uploadedAt ?? at.toISOString();
    r.lastError = null;
  });
}

export async function markDeleted(db: CounterDb, id: string, reason: RecordingDeletedPayload['reason'], now = new Date()): Promise<void> {
  await db.transaction('rw', tables(db), async () => {
    const r = await db.recordings.get(id);
    if (!r || r.state === 'deleted') return;
    await db.recordings.update(id, { state: 'deleted', deletedAt: now.toISOString() });
    await recordEvent(db, RECORDING_EVENT.deleted, { recordingId: id, reason } satisfies RecordingDeletedPayload, { now });
  });
}

/** Held for a dispute (or released): kept from deletion here, and the hub and head office are told. */
export async function setHeld(db: CounterDb, id: string, held: boolean, by: string, now = new Date()): Promise<boolean> {
  return db.transaction('rw', tables(db), async () => {
    const r = await db.recordings.get(id);
    if (!r || r.heldForDispute === held) return false;
    await db.recordings.update(id, { heldForDispute: held });
    // A hold before the recording finished travels inside recording.finished.
    if (r.state !== 'recording') {
      await recordEvent(db, held ? RECORDING_EVENT.held : RECORDING_EVENT.released, { recordingId: id, by } satisfies RecordingHoldPayload, { now });
    }
    return true;
  });
}

export function recentRecordings(db: CounterDb, limit = 30): Promise<RecordingIndexRecord[]> {
  return db.recordings.orderBy('startedAt').reverse().limit(limit).toArray();
}

export function allRecordings(db: CounterDb): Promise<RecordingIndexRecord[]> {
  return db.recordings.toArray();
}
