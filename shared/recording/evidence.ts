import { z } from 'zod';

/**
 * What a recording is worth as evidence, beyond "a file exists" (issue 13, truthful evidence).
 * A counter without a microphone still makes a file per service (one silent packet: docs/
 * recording.md "File format"), uploads it and relays it to head office; without these flags the
 * lead's list showed such files as ordinary recordings.
 *
 * - `empty`: under a second of audio (no audio frames reached the file);
 * - `silent`: audio was captured, but the whole recording stayed below the speech threshold
 *   (a muted or dead microphone, the wrong input);
 * - `cut_short`: repaired after a crash, restart or power cut (finishedAs 'interrupted'), or it
 *   covers less of the service at its window than the queue says the service lasted.
 */
export const EvidenceFlag = z.enum(['empty', 'silent', 'cut_short']);
export type EvidenceFlag = z.infer<typeof EvidenceFlag>;

/**
 * A 20 ms frame whose loudest sample stays under this holds no speech: -40 dBFS of 16-bit audio
 * (32767 x 10^(-40/20) = 328). Speech at a counter microphone peaks well above -30 dBFS; the
 * noise floor of a live microphone or of a disconnected input sits around -50 to -60.
 */
export const SILENCE_PEAK = 328;
/** A recording needs at least this many frames above SILENCE_PEAK (0.5 s in all) to have sound: a click or a bump is not speech. */
export const MIN_SOUND_FRAMES = 25;
/** Less audio than this is nothing to listen to. */
export const EMPTY_BELOW_MS = 1000;
/**
 * How much later than the call a recording may start, or earlier than the service's end it may
 * stop, before it counts as cut short: audio reaches the recorder a few hundred ms after it was
 * spoken, and the counter asks its host to begin and end a moment after the hub committed.
 */
export const SHORT_TOLERANCE_MS = 3000;

/** Whether a recording's loud frames (frames above SILENCE_PEAK) make it one with sound. */
export function silentFromLoudFrames(loudFrames: number): boolean {
  return loudFrames < MIN_SOUND_FRAMES;
}

/** What the flags are decided from: the recording as indexed. */
export interface RecordingEvidence {
  startedAt: string;
  endedAt: string;
  durationMs: number;
  finishedAs: 'complete' | 'interrupted';
  /** true/false as the recorder measured it; null or absent: not known (a repaired file, an older counter). */
  silent?: boolean | null;
}

/** The service at the recording's window as the hub's queue saw it: the call (or start) to its end. */
export interface ServiceSpan {
  start: string;
  /** null: still under way. */
  end: string | null;
}

/** The flags of one recording, in the order of EvidenceFlag; `service` when the queue knows the service it recorded. */
export function evidenceFlags(r: RecordingEvidence, service?: ServiceSpan | null): EvidenceFlag[] {
  const flags: EvidenceFlag[] = [];
  const empty = r.durationMs < EMPTY_BELOW_MS;
  if (empty) flags.push('empty');
  else if (r.silent === true) flags.push('silent');
  if (r.finishedAs === 'interrupted' || (!empty && service && coversLess(r, service))) flags.push('cut_short');
  return flags;
}

function coversLess(r: RecordingEvidence, s: ServiceSpan): boolean {
  const start = Date.parse(r.startedAt);
  const end = Date.parse(r.endedAt);
  if (!Number.isFinite(start) || !Number.isFinite(end)) return false;
  if (start > Date.parse(s.start) + SHORT_TOLERANCE_MS) return true;
  return s.end !== null && end < Date.parse(s.end) - SHORT_TOLERANCE_MS;
}

/**
 * The service span a recording belongs to: among the spans at its window, the one it overlaps
 * most (a ticket transferred back to a window has two), else the one whose start is nearest.
 */
export function spanOfRecording<S extends ServiceSpan>(r: Pick<RecordingEvidence, 'startedAt' | 'endedAt'>, spans: readonly S[]): S | null {
  const rs = Date.parse(r.startedAt);
  const re = Date.parse(r.endedAt);
  let best: S | null = null;
  let bestOverlap = -Infinity;
  let bestDistance = Infinity;
  for (const s of spans) {
    const ss = Date.parse(s.start);
    const se = s.end === null ? Math.max(re, ss) : Date.parse(s.end);
    const overlap = Math.min(re, se) - Math.max(rs, ss);
    const distance = Math.abs(ss - rs);
    if (overlap > bestOverlap || (overlap === bestOverlap && distance < bestDistance)) {
      best = s;
      bestOverlap = overlap;
      bestDistance = distance;
    }
  }
  return best;
}
