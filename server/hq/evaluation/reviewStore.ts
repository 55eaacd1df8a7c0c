import { REVIEW_CHECKLIST, drawBranchSample, reviewScoreIssues, reviewScoresFor, reviewTotal } from '../../../shared/evaluation/remoteReview.js';
import type { DrawRequest, ReviewScore, ReviewScoreInput, SampleAnswer, SampledRecording } from '../../../shared/evaluation/remoteReview.js';
import type { TellerReviews } from '../../../shared/evaluation/inspectionApi.js';
import { evidenceFlags } from '../../../shared/recording/evidence.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { SyncApiError } from '../../sync/syncErrors.js';
import { loadBranchDirectory, unknownBranch } from '../figures/branchDirectory.js';
import type { BranchEntry } from '../figures/branchDirectory.js';
import { commentsOf, recordingsOfMonth, storedAudio } from './recordingsOfMonth.js';
import type { MonthRecording } from './recordingsOfMonth.js';
import { putEvaluationScore } from './scoreSync.js';

type Db = Pick<SqlDb, 'query'>;

async function branchEntry(db: Db, branchId: string): Promise<BranchEntry> {
  return (await loadBranchDirectory(db)).get(branchId) ?? unknownBranch(branchId);
}

interface SampleRow {
  teller_id: string;
  recording_id: string;
  recording: MonthRecording;
  drawn_by: string;
  drawn_at: string | Date;
}

interface ScoreRow {
  recording_id: string;
  month: string;
  branch_id: string;
  teller_id: string;
  total: string | number;
  scores: Record<string, number>;
  note: string;
  reviewer: string;
  at: string | Date;
}

const iso = (v: string | Date): string => new Date(v).toISOString();
const scoreOfRow = (r: ScoreRow): ReviewScore => ({ scores: r.scores, note: r.note, total: Number(r.total), reviewer: r.reviewer, at: iso(r.at) });

/**
 * Draws the month's sample of a branch: per teller, `perTeller` of their recordings by the
 * reproducible draw (shared/evaluation/remoteReview.ts). What was drawn before stays drawn; a
 * teller short of the count (recordings that arrived since, a larger count asked) gets the next
 * ones of the same draw, so drawing twice never changes a sample someone may already be hearing.
 */
export async function drawMonthSample(db: SqlDb, req: DrawRequest, who: string, now: Date): Promise<SampleAnswer> {
  const branch = await branchEntry(db, req.branchId);
  const recordings = await recordingsOfMonth(db, req.branchId, req.month, branch.timeZone);
  const byId = new Map(recordings.map((r) => [r.recordingId, r]));
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ teller_id: string; recording_id: string }>('select teller_id, recording_id from hq_review_sample where month = $1 and branch_id = $2', [req.month, req.branchId]);
    const drawn = new Set(rows.map((r) => r.recording_id));
    const countOf = (teller: string): number => rows.filter((r) => r.teller_id === teller).length;
    // The full order of each teller's draw; the first ones not yet drawn fill the teller up to perTeller.
    for (const { tellerId, recordingIds } of drawBranchSample(req.month, req.branchId, recordings.map((r) => ({ recordingId: r.recordingId, tellerId: r.tellerId })), recordings.length)) {
      const missing = Math.max(0, req.perTeller - countOf(tellerId));
      for (const id of recordingIds.filter((r) => !drawn.has(r)).slice(0, missing)) {
        await tx.query(
          `insert into hq_review_sample (month, branch_id, teller_id, recording_id, recording, drawn_by, drawn_at) values ($1, $2, $3, $4, $5::jsonb, $6, $7)
           on conflict do nothing`,
          [req.month, req.branchId, tellerId, id, JSON.stringify(byId.get(id)), who, now.toISOString()],
        );
      }
    }
  });
  return monthSample(db, req.month, req.branchId, recordings);
}

/** The month's sample of a branch with comments, scores and whether the audio can be played here. */
export async function monthSample(db: Db, month: string, branchId: string, pool?: readonly MonthRecording[]): Promise<SampleAnswer> {
  const branch = await branchEntry(db, branchId);
  const recordings = pool ?? (await recordingsOfMonth(db, branchId, month, branch.timeZone));
  const { rows } = await db.query<SampleRow>(
    'select teller_id, recording_id, recording, drawn_by, drawn_at from hq_review_sample where month = $1 and branch_id = $2 order by teller_id, drawn_at, recording_id',
    [month, branchId],
  );
  const ids = rows.map((r) => r.recording_id);
  const [comments, audio, scoreRows] = await Promise.all([
    commentsOf(db, branchId, ids),
    storedAudio(db, ids),
    db.query<ScoreRow>('select * from hq_review_scores where recording_id = any($1::text[])', [ids]),
  ]);
  const scores = new Map(scoreRows.rows.map((r) => [r.recording_id, r]));
  const sample: SampledRecording[] = rows.map((r) => {
    const rec = r.recording;
    const score = scores.get(r.recording_id);
    const thread = comments.get(r.recording_id) ?? [];
    return {
      recordingId: r.recording_id,
      tellerId: r.teller_id,
      tellerName: branch.staffName(r.teller_id),
      counter: rec.counter,
      ticketNumber: rec.ticketNumber,
      service: rec.service,
      startedAt: rec.startedAt,
      durationMs: rec.durationMs,
      flags: evidenceFlags(rec),
      audioAtHeadOffice: audio.has(r.recording_id),
      comments: thread,
      authors: Object.fromEntries(thread.map((c) => [c.authorId, branch.staffName(c.authorId)])),
      score: score ? scoreOfRow(score) : null,
      drawnAt: iso(r.drawn_at),
      drawnBy: r.drawn_by,
    };
  });
  const tellerIds = [...new Set([...recordings.map((r) => r.tellerId), ...rows.map((r) => r.teller_id)])].sort();
  const means = reviewScoresFor(month, branchId, [...scores.values()].map((s) => ({ month: s.month, branchId: s.branch_id, tellerId: s.teller_id, total: Number(s.total) })));
  return {
    month,
    branchId,
    timeZone: branch.timeZone,
    checklist: REVIEW_CHECKLIST.map((i) => ({ ...i })),
    tellers: tellerIds.map((tellerId) => ({
      tellerId,
      name: branch.staffName(tellerId),
      recordings: recordings.filter((r) => r.tellerId === tellerId).length,
      drawn: sample.filter((s) => s.tellerId === tellerId).length,
      reviewed: sample.filter((s) => s.tellerId === tellerId && s.score).length,
      meanScore: means[tellerId] ?? null,
    })),
    sample,
  };
}

/**
 * Scores a sampled recording on the checklist, with the reviewer (from the token, never the
 * body) and the time; the teller's month review score in hq_eval_scores follows in the same
 * transaction. Only a drawn recording may be scored: the sample is what makes the review fair.
 */
export async function scoreRecording(db: SqlDb, recordingId: string, input: ReviewScoreInput, who: string, now: Date): Promise<ReviewScore & { recordingId: string }> {
  const issues = reviewScoreIssues(input);
  if (issues.length) throw new SyncApiError('bad_request', issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  const total = reviewTotal(input.scores);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ month: string; branch_id: string; teller_id: string }>('select month, branch_id, teller_id from hq_review_sample where recording_id = $1', [recordingId]);
    const s = rows[0];
    if (!s) throw new SyncApiError('not_found', `recording ${recordingId} is not in any month's sample`);
    await tx.query(
      `insert into hq_review_scores (recording_id, month, branch_id, teller_id, total, scores, note, reviewer, at) values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)
       on conflict (recording_id) do update set total = excluded.total, scores = excluded.scores, note = excluded.note, reviewer = excluded.reviewer, at = excluded.at`,
      [recordingId, s.month, s.branch_id, s.teller_id, total, JSON.stringify(input.scores), input.note, who, now.toISOString()],
    );
    const { rows: all } = await tx.query<{ total: string | number }>('select total from hq_review_scores where month = $1 and branch_id = $2 and teller_id = $3', [s.month, s.branch_id, s.teller_id]);
    const mean = Math.round((all.reduce((n, r) => n + Number(r.total), 0) / all.length) * 10) / 10;
    await putEvaluationScore(tx, { month: s.month, branchId: s.branch_id, staffId: s.teller_id, kind: 'review', score: mean }, now);
    return { recordingId, scores: input.scores, note: input.note, total, reviewer: who, at: now.toISOString() };
  });
}

/** Every reviewed recording of one teller of a branch, newest month first. */
export async function tellerReviews(db: Db, branchId: string, tellerId: string): Promise<TellerReviews> {
  const { rows } = await db.query<ScoreRow & { started_at: string | null }>(
    `select s.*, r.recording->>'startedAt' as started_at from hq_review_scores s
       left join hq_review_sample r on r.month = s.month and r.branch_id = s.branch_id and r.recording_id = s.recording_id
      where s.branch_id = $1 and s.teller_id = $2 order by s.month desc, s.at desc`,
    [branchId, tellerId],
  );
  return {
    tellerId,
    branchId,
    reviews: rows.map((r) => ({ recordingId: r.recording_id, month: r.month, startedAt: r.started_at ? iso(r.started_at) : null, score: scoreOfRow(r) })),
  };
}

/** The month's review scores of a branch, per teller. */
export async function reviewScoresOfMonth(db: Db, month: string, branchId: string): Promise<Record<string, number>> {
  const { rows } = await db.query<ScoreRow>('select * from hq_review_scores where month = $1 and branch_id = $2', [month, branchId]);
  return reviewScoresFor(month, branchId, rows.map((r) => ({ month: r.month, branchId: r.branch_id, tellerId: r.teller_id, total: Number(r.total) })));
}

/** Where the audio of a sampled recording is, for the player; logs the listen first. */
export async function audioForReview(db: Db, recordingId: string, who: string, now: Date): Promise<{ path: string; size: number; contentType: string }> {
  const { rows } = await db.query<{ branch_id: string }>('select branch_id from hq_review_sample where recording_id = $1', [recordingId]);
  if (!rows[0]) throw new SyncApiError('not_found', `recording ${recordingId} is not in any month's sample`);
  const file = (await storedAudio(db, [recordingId])).get(recordingId);
  if (!file || file.branchId !== rows[0].branch_id) throw new SyncApiError('not_found', `head office holds no audio of recording ${recordingId} (the branch has not relayed it yet)`);
  await db.query('insert into hq_review_listens (recording_id, listener, at) values ($1, $2, $3)', [recordingId, who, now.toISOString()]);
  return file;
}
