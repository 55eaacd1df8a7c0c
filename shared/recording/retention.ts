import type { RecordingSettings } from './settings.js';
import { holdsLocalFile } from './indexRecord.js';
import type { RecordingIndexRecord } from './indexRecord.js';

/**
 * Which local recordings the counter may delete now, and what it must shout about.
 *
 * Rules (issue 5):
 * - only a recording the hub holds a verified copy of (state `uploaded`) and that is not held
 *   for a dispute may ever be deleted;
 * - such a recording older than `retentionDays` (by its end) is deleted;
 * - then, while the local files together exceed `retentionGigabytes`, uploaded ones are deleted
 *   oldest first;
 * - a recording that is not uploaded is never chosen: if the limits can only be kept by deleting
 *   one, or one is older than the retention period and still not uploaded, that is an alert.
 */
export type RetentionCandidate = Pick<RecordingIndexRecord, 'id' | 'state' | 'bytes' | 'endedAt' | 'heldForDispute'>;

export type RetentionLimits = Pick<RecordingSettings, 'retentionDays' | 'retentionGigabytes'>;

export interface RetentionDeletion {
  id: string;
  reason: 'age' | 'size';
}

export type RetentionAlert =
  /** The local files exceed the size limit and nothing more may be deleted. */
  | { kind: 'over_limit'; bytesOver: number; notUploaded: number; held: number }
  /** Recordings past the retention period that the hub still does not have. */
  | { kind: 'overdue_upload'; ids: string[] };

export interface RetentionChoice {
  /** Oldest first. */
  delete: RetentionDeletion[];
  alerts: RetentionAlert[];
  /** Bytes of local files now, and after the deletions. */
  usedBytes: number;
  usedBytesAfter: number;
  limitBytes: number;
}

const DAY_MS = 86_400_000;
const GIGABYTE = 1024 ** 3;

export function retentionLimitBytes(limits: RetentionLimits): number {
  return Math.floor(limits.retentionGigabytes * GIGABYTE);
}

function endMs(r: RetentionCandidate): number {
  const t = r.endedAt === null ? Number.NaN : Date.parse(r.endedAt);
  return Number.isFinite(t) ? t : Number.POSITIVE_INFINITY;
}

/** Oldest first; ids (ULIDs, time-ordered) break ties so the choice never depends on input order. */
function byAge(a: RetentionCandidate, b: RetentionCandidate): number {
  return endMs(a) - endMs(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function chooseRetention(recordings: readonly RetentionCandidate[], limits: RetentionLimits, now: Date): RetentionChoice {
  const local = recordings.filter((r) => holdsLocalFile(r.state)).sort(byAge);
  const limitBytes = retentionLimitBytes(limits);
  const cutoff = now.getTime() - limits.retentionDays * DAY_MS;
  const usedBytes = local.reduce((n, r) => n + (r.bytes ?? 0), 0);
  const deletable = (r: RetentionCandidate) => r.state === 'uploaded' && !r.heldForDispute;

  const chosen = new Map<string, RetentionDeletion>();
  for (const r of local) if (deletable(r) && endMs(r) < cutoff) chosen.set(r.id, { id: r.id, reason: 'age' });

  let used = usedBytes - local.filter((r) => chosen.has(r.id)).reduce((n, r) => n + (r.bytes ?? 0), 0);
  for (const r of local) {
    if (used <= limitBytes) break;
    if (!deletable(r) || chosen.has(r.id)) continue;
    chosen.set(r.id, { id: r.id, reason: 'size' });
    used -= r.bytes ?? 0;
  }

  const alerts: RetentionAlert[] = [];
  if (used > limitBytes) {
    const left = local.filter((r) => !chosen.has(r.id));
    alerts.push({
      kind: 'over_limit',
      bytesOver: used - limitBytes,
      notUploaded: left.filter((r) => r.state !== 'uploaded').length,
      held: left.filter((r) => r.state === 'uploaded' && r.heldForDispute).length,
    });
  }
  const overdue = local.filter((r) => r.state !== 'uploaded' && endMs(r) < cutoff).map((r) => r.id);
  if (overdue.length > 0) alerts.push({ kind: 'overdue_upload', ids: overdue });

  return { delete: local.filter((r) => chosen.has(r.id)).map((r) => chosen.get(r.id)!), alerts, usedBytes, usedBytesAfter: used, limitBytes };
}
