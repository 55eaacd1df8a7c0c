import { RecordingFinishedPayload, RECORDING_EVENT } from '../../../shared/recording/indexRecord.js';
import type { RecordingFinishedPayload as Finished } from '../../../shared/recording/indexRecord.js';
import { ReviewComment } from '../../../shared/recording/review.js';
import { COUNTER_EVENT, RECORDING_REVIEW } from '../../../shared/sync/kinds.js';
import type { SqlDb } from '../../db/sqlDb.js';

type Db = Pick<SqlDb, 'query'>;

/** A finished recording as head office received it, with the window it was made at. */
export type MonthRecording = Finished & { counter: number | null };

const DAY_MS = 86_400_000;

/** The calendar month of an instant in a zone (YYYY-MM). */
export function monthInZone(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(new Date(iso));
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}`;
}

/**
 * The recordings a branch's counters finished in a month of the branch's calendar, from the
 * relayed `recording.finished` records. Read when a sample is drawn (once a month per branch),
 * never by a screen's refresh: one branch's month through the (branch_id, kind) index, narrowed
 * by time with two days' margin for clocks and zones, then exactly by the start in the zone.
 */
export async function recordingsOfMonth(db: Db, branchId: string, month: string, timeZone: string): Promise<MonthRecording[]> {
  const start = Date.parse(`${month}-01T00:00:00Z`);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const end = Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1);
  const { rows } = await db.query<{ body: { counter?: number; payload?: unknown } }>(
    `select body from sync_records
      where branch_id = $1 and kind = $2 and body->>'type' = $3 and corrected_at >= $4 and corrected_at < $5
      order by server_seq`,
    [branchId, COUNTER_EVENT, RECORDING_EVENT.finished, new Date(start - 2 * DAY_MS).toISOString(), new Date(end + 2 * DAY_MS).toISOString()],
  );
  const out = new Map<string, MonthRecording>();
  for (const row of rows) {
    const p = RecordingFinishedPayload.safeParse(row.body.payload);
    // A finished notice that came twice is one recording.
    if (!p.success || out.has(p.data.recordingId) || monthInZone(p.data.startedAt, timeZone) !== month) continue;
    out.set(p.data.recordingId, { ...p.data, counter: typeof row.body.counter === 'number' ? row.body.counter : null });
  }
  return [...out.values()];
}

/** The self- and lead comments the branch relayed for these recordings, oldest first. */
export async function commentsOf(db: Db, branchId: string, recordingIds: readonly string[]): Promise<Map<string, ReviewComment[]>> {
  const out = new Map<string, ReviewComment[]>();
  if (!recordingIds.length) return out;
  const { rows } = await db.query<{ body: unknown }>(
    `select body from sync_records where branch_id = $1 and kind = $2 and body->>'recordingId' = any($3::text[]) order by server_seq`,
    [branchId, RECORDING_REVIEW, [...recordingIds]],
  );
  for (const row of rows) {
    const c = ReviewComment.safeParse(row.body);
    if (!c.success) continue;
    const list = out.get(c.data.recordingId) ?? [];
    if (!list.some((x) => x.id === c.data.id)) list.push(c.data);
    out.set(c.data.recordingId, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.at.localeCompare(b.at));
  return out;
}

/** Recordings of which head office holds a verified audio file (relayed by the hub's HqRelay), with where it is. */
export async function storedAudio(db: Db, recordingIds: readonly string[]): Promise<Map<string, { path: string; size: number; contentType: string; branchId: string }>> {
  const out = new Map<string, { path: string; size: number; contentType: string; branchId: string }>();
  if (!recordingIds.length) return out;
  const { rows } = await db.query<{ record_id: string; stored_path: string; size: string | number; content_type: string; branch_id: string }>(
    'select record_id, stored_path, size, content_type, branch_id from uploads where record_id = any($1::text[])',
    [[...recordingIds]],
  );
  for (const r of rows) out.set(r.record_id, { path: r.stored_path, size: Number(r.size), contentType: r.content_type, branchId: r.branch_id });
  return out;
}
