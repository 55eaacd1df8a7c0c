import { z } from 'zod';
import { IsoMonth } from '../figures/api.js';
import { Localized } from '../i18n/localized.js';
import { ReviewComment } from '../recording/review.js';
import { EvidenceFlag } from '../recording/evidence.js';
import type { InspectionItem } from './inspection.js';
import { sheetTotal } from './inspection.js';

/**
 * Head office's remote review of recordings (远程调阅录音, issue 15; seed 004 part 2 五 2 (2):
 * 非现场检查 by 调审监控录像, at least once a month; 五 3 (1): self-, peer- and leader comments on
 * the recorded service). Each month head office draws a few recordings per teller, hears them and
 * scores each on a checklist, with the teller's self-comment and the lead's comment beside it
 * (the `recording.review` records the branch relays, shared/recording/review.ts).
 */

/** Recordings drawn per teller per month unless asked otherwise. */
export const DEFAULT_SAMPLE_PER_TELLER = 3;
export const MAX_SAMPLE_PER_TELLER = 20;

const L = (zhCN: string, zhTW: string, en: string): Localized => ({ 'zh-CN': zhCN, 'zh-TW': zhTW, en });

/**
 * The checklist a reviewer hears a service against: the spoken standards of seed 004 part 3
 * (迎声 "您好", 文明用语, 送声 "再见/请慢走", 服务忌语 never said) and the attitude part 4 judges.
 * Items weigh their max; they add up to 100.
 */
export const REVIEW_CHECKLIST: readonly InspectionItem[] = [
  { id: 'greeting', label: L('迎声问候', '迎聲問候', 'Greeting'), max: 15, weight: 15 },
  { id: 'phrases', label: L('文明用语规范', '文明用語規範', 'Standard phrases'), max: 20, weight: 20 },
  { id: 'clarity', label: L('业务解释清楚、耐心', '業務解釋清楚、耐心', 'Clear, patient explanation'), max: 20, weight: 20 },
  { id: 'attitude', label: L('服务态度', '服務態度', 'Attitude'), max: 20, weight: 20 },
  { id: 'no_taboo', label: L('无服务忌语', '無服務忌語', 'No forbidden phrases'), max: 10, weight: 10 },
  { id: 'farewell', label: L('送声道别', '送聲道別', 'Farewell'), max: 15, weight: 15 },
];

export const ReviewScoreInput = z
  .object({
    scores: z.record(z.string(), z.number().int().min(0).max(100)),
    note: z.string().trim().max(1000).default(''),
  })
  .strict();
export type ReviewScoreInput = z.infer<typeof ReviewScoreInput>;

/** Items missing, unknown or over their maximum, by path (empty: the score may be stored). */
export function reviewScoreIssues(input: ReviewScoreInput, checklist: readonly InspectionItem[] = REVIEW_CHECKLIST): Array<{ path: string; message: string }> {
  const issues: Array<{ path: string; message: string }> = [];
  const ids = new Set(checklist.map((i) => i.id));
  for (const key of Object.keys(input.scores)) if (!ids.has(key)) issues.push({ path: `scores.${key}`, message: `no checklist item ${key}` });
  for (const item of checklist) {
    const s = input.scores[item.id];
    if (s === undefined) issues.push({ path: `scores.${item.id}`, message: `score ${item.id}` });
    else if (s > item.max) issues.push({ path: `scores.${item.id}`, message: `${item.id} is out of ${item.max}` });
  }
  return issues;
}

/** A recording's checklist total on 100. */
export const reviewTotal = (scores: Readonly<Record<string, number>>, checklist: readonly InspectionItem[] = REVIEW_CHECKLIST): number => sheetTotal(checklist, scores);

// ---------------------------------------------------------------------------------------------
// The sample: random, but the same every time it is drawn
// ---------------------------------------------------------------------------------------------

/** FNV-1a over the text, then murmur3's finaliser: a well-spread 32-bit number for a string. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Draws `n` of a teller's recordings of a month. Each recording gets a lot from a hash of
 * (month, branch, teller, recording id) and the n lowest lots are drawn: every recording is
 * equally likely, nobody can steer the draw by choosing when to draw or in which order the
 * recordings arrived, and drawing again draws the same. A recording arriving late displaces at
 * most one drawn before it (only if its lot is lower). Returns ids in draw order (lowest lot first).
 */
export function drawSample(month: string, branchId: string, tellerId: string, recordingIds: readonly string[], n: number): string[] {
  const lots = [...new Set(recordingIds)].map((id) => ({ id, lot: hash32(`${month}|${branchId}|${tellerId}|${id}`) }));
  lots.sort((a, b) => a.lot - b.lot || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return lots.slice(0, Math.max(0, n)).map((l) => l.id);
}

/** A recording head office holds the index record of (from its `recording.finished`). */
export interface SampleCandidate {
  recordingId: string;
  tellerId: string;
}

/** The month's sample of one branch: per teller, `n` of their recordings (tellers in id order). */
export function drawBranchSample(month: string, branchId: string, candidates: readonly SampleCandidate[], n: number): Array<{ tellerId: string; recordingIds: string[] }> {
  const byTeller = new Map<string, string[]>();
  for (const c of candidates) byTeller.set(c.tellerId, [...(byTeller.get(c.tellerId) ?? []), c.recordingId]);
  return [...byTeller.keys()].sort().map((tellerId) => ({ tellerId, recordingIds: drawSample(month, branchId, tellerId, byTeller.get(tellerId)!, n) }));
}

// ---------------------------------------------------------------------------------------------
// What the API answers
// ---------------------------------------------------------------------------------------------

export const DrawRequest = z
  .object({
    month: IsoMonth,
    branchId: z.string().min(1).max(64),
    perTeller: z.number().int().min(1).max(MAX_SAMPLE_PER_TELLER).default(DEFAULT_SAMPLE_PER_TELLER),
  })
  .strict();
export type DrawRequest = z.infer<typeof DrawRequest>;

export const ReviewScore = z.object({
  scores: z.record(z.string(), z.number()),
  note: z.string(),
  total: z.number(),
  reviewer: z.string(),
  at: z.iso.datetime(),
});
export type ReviewScore = z.infer<typeof ReviewScore>;

/** One drawn recording, with what the reviewer needs beside the player. */
export const SampledRecording = z.object({
  recordingId: z.string(),
  tellerId: z.string(),
  tellerName: Localized,
  counter: z.number().nullable(),
  ticketNumber: z.string().nullable(),
  service: z.string().nullable(),
  startedAt: z.iso.datetime(),
  durationMs: z.number(),
  flags: z.array(EvidenceFlag),
  /** Head office holds a verified copy of the audio (relayed by the hub): it can be played here. */
  audioAtHeadOffice: z.boolean(),
  /** The teller's self-comments and the lead's comments, oldest first. */
  comments: z.array(ReviewComment),
  /** The comments' authors by staff id, named from the branch's configuration. */
  authors: z.record(z.string(), Localized),
  score: ReviewScore.nullable(),
  drawnAt: z.iso.datetime(),
  drawnBy: z.string(),
});
export type SampledRecording = z.infer<typeof SampledRecording>;

export const SampleAnswer = z.object({
  month: IsoMonth,
  branchId: z.string(),
  /** The branch's zone: times are shown in it. */
  timeZone: z.string(),
  checklist: z.array(z.object({ id: z.string(), label: Localized, max: z.number(), weight: z.number() })),
  /** Tellers with recordings that month, and how many they have (the pool each sample came from). */
  tellers: z.array(z.object({ tellerId: z.string(), name: Localized, recordings: z.number(), drawn: z.number(), reviewed: z.number(), meanScore: z.number().nullable() })),
  sample: z.array(SampledRecording),
});
export type SampleAnswer = z.infer<typeof SampleAnswer>;

/** Per teller: the mean checklist total of their reviewed recordings that month (what score.ts's `review` part reads). */
export function reviewScoresFor(month: string, branchId: string, scored: ReadonlyArray<{ month: string; branchId: string; tellerId: string; total: number }>): Record<string, number> {
  const byTeller = new Map<string, number[]>();
  for (const s of scored) if (s.month === month && s.branchId === branchId) byTeller.set(s.tellerId, [...(byTeller.get(s.tellerId) ?? []), s.total]);
  return Object.fromEntries([...byTeller].map(([id, xs]) => [id, Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10]));
}
