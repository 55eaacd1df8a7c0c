import { z } from 'zod';
import { CounterNumber } from '../config/primitives.js';
import { RecordId, Sha256Hex } from '../uploads/metadata.js';
import { EvidenceFlag } from './evidence.js';
import { FinishedAs } from './indexRecord.js';

/** One row of the lead's search: the index record as the hub knows it, with where the file is. */
export const RecordingSearchHit = z.object({
  id: RecordId,
  counter: CounterNumber,
  tellerId: z.string(),
  ticketId: z.string().nullable(),
  ticketNumber: z.string().nullable(),
  service: z.string().nullable(),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime(),
  durationMs: z.number().int().min(0),
  bytes: z.number().int().min(0),
  sha256: Sha256Hex,
  finishedAs: FinishedAs,
  heldForDispute: z.boolean(),
  /** The customer's rating of this service, when one was given. */
  rating: z.number().int().nullable(),
  /** The hub holds a verified copy: it can be replayed. */
  onHub: z.boolean(),
  /** Head office confirmed its verified copy. */
  atHeadOfficeAt: z.iso.datetime().nullable(),
  /** The recorder found nothing above the speech threshold; null: not measured. */
  silent: z.boolean().nullable(),
  /** Empty, silent or cut short (shared/recording/evidence.ts), against the service the queue recorded. */
  flags: z.array(EvidenceFlag),
});
export type RecordingSearchHit = z.infer<typeof RecordingSearchHit>;

export const RecordingSearchResponse = z.object({
  recordings: z.array(RecordingSearchHit),
  total: z.number().int().min(0),
});
export type RecordingSearchResponse = z.infer<typeof RecordingSearchResponse>;

/** GET /api/v1/recordings/status: counters on line for live listening, and the relay to head office. */
export const RecordingHubStatus = z.object({
  live: z.array(CounterNumber),
  relay: z.object({
    waiting: z.number().int().min(0),
    relayed: z.number().int().min(0),
    lastError: z.string().nullable(),
    lastSuccessAt: z.iso.datetime().nullable(),
  }),
});
export type RecordingHubStatus = z.infer<typeof RecordingHubStatus>;
