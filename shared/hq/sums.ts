import { z } from 'zod';

/**
 * The sums head office keeps per branch x business day x window x teller x service (issue 15).
 * Only sums and counts: days add into months, windows into branches, branches into regions and
 * the network, exactly. Every rate a screen or report shows is derived from them (derive.ts).
 */
/**
 * Recordings coverage, from the counters' `recording.finished` records (shared/hq/deltas.ts):
 * recordings received; services (tickets) with at least one; recordings with nothing to hear
 * (empty or silent) and recordings cut short (shared/recording/evidence.ts).
 */
export const HQ_RECORDING_FIELDS = ['recordings', 'recorded', 'recordingsEmpty', 'recordingsCut'] as const;

export const HQ_SUM_FIELDS = [
  'arrivals',
  'called',
  'served',
  'noShows',
  'transfers',
  'waitCount',
  'waitSecondsSum',
  'waitWithinTarget',
  'handlingCount',
  'handlingSecondsSum',
  'handlingWithinTarget',
  'rated',
  'satisfied',
  'lowRated',
  'pauses',
  'pauseSeconds',
  'pauseOverruns',
  'greeted',
  'farewelled',
  // Recordings coverage (added later, hence last: the day table's columns follow this order).
  ...HQ_RECORDING_FIELDS,
] as const;
export type HqSumField = (typeof HQ_SUM_FIELDS)[number];

const count = z.number().int().min(0);
export const HqSums = z.object(Object.fromEntries(HQ_SUM_FIELDS.map((f) => [f, count])) as Record<HqSumField, typeof count>);
export type HqSums = z.infer<typeof HqSums>;

export function zeroSums(): HqSums {
  return Object.fromEntries(HQ_SUM_FIELDS.map((f) => [f, 0])) as HqSums;
}

/** a + b, field by field (a new object). */
export function addSums(a: HqSums, b: Partial<HqSums>): HqSums {
  const out = { ...a };
  for (const f of HQ_SUM_FIELDS) out[f] += b[f] ?? 0;
  return out;
}

/** Where a delta lands: one row of the day table. Window 0 / teller '' / service '' = not known. */
export const HqCell = z.object({
  branchId: z.string().min(1),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  counter: z.number().int().min(0),
  staffId: z.string(),
  service: z.string(),
});
export type HqCell = z.infer<typeof HqCell>;

export function cellKey(c: HqCell): string {
  return `${c.branchId}|${c.day}|${c.counter}|${c.staffId}|${c.service}`;
}
