import { z } from 'zod';
import { CounterNumber, ServiceCode } from '../config/primitives.js';
import { Localized } from '../i18n/localized.js';
import { RatingRecord, RatingScale, RatingSource } from './schema.js';

/**
 * The LAN API of ratings (docs/api.md): the customer's answer, a window's rating state (the
 * prompt the customer display shows and the window's day score), the lead's follow-ups, and the
 * notices of the ratings stream.
 */

/**
 * The customer's name and number, when they give them with a dissatisfied answer (实名评价): the
 * complaint log's item then carries them (masked like every complainant's number) and must be
 * called back. Taken only with a low answer; any other answer keeps no personal data.
 */
export const RatingContact = z
  .object({
    name: z.string().trim().min(1).max(64),
    phone: z
      .string()
      .trim()
      .min(3)
      .max(32)
      .regex(/^\+?[\d\s\-()]+$/, 'a phone number has digits, spaces, dashes, parentheses and a leading +'),
  })
  .strict();
export type RatingContact = z.infer<typeof RatingContact>;

/** POST /api/v1/counters/{n}/rating: the customer's answer for the service of a ticket. */
export const RatingAnswer = z
  .object({
    ticketId: z.string().min(1).max(64),
    value: z.number().int(),
    source: RatingSource,
    /** Given by the customer with a dissatisfied answer (real-name rating); absent: anonymous. */
    contact: RatingContact.optional(),
  })
  .strict();
export type RatingAnswer = z.infer<typeof RatingAnswer>;

/** A finished service still waiting for the customer's answer. */
export const RatingPrompt = z.object({
  serviceId: z.string().min(1),
  ticketId: z.string().min(1),
  ticketNumber: z.string(),
  finishedAt: z.iso.datetime(),
  /** The last moment an answer is taken (finishedAt + timeout, the hub's clock). */
  deadline: z.iso.datetime(),
  /** Seconds from the hub's now to the deadline: displays count down from this, not their own clock. */
  secondsLeft: z.number().int().min(0),
});
export type RatingPrompt = z.infer<typeof RatingPrompt>;

/** DayScore (rules.ts) on the wire. */
export const DayScoreView = z.object({
  rated: z.number().int().min(0),
  notRated: z.number().int().min(0),
  byLevel: z.array(z.object({ value: z.number().int(), count: z.number().int().min(0) })),
  satisfied: z.number().int().min(0),
  low: z.number().int().min(0),
  satisfactionPercent: z.number().min(0).max(100).nullable(),
  score: z.number().min(0).max(100).nullable(),
});
export type DayScoreView = z.infer<typeof DayScoreView>;

/** GET /api/v1/counters/{n}/rating */
export const CounterRatingState = z.object({
  counter: CounterNumber,
  businessDay: z.string(),
  /** The teller signed in at the window now (their services are theirs); null when nobody is. */
  tellerId: z.string().nullable(),
  scale: RatingScale,
  timeoutSeconds: z.number().int().positive(),
  /** The latest finished service of this window still open for an answer, if any. */
  prompt: RatingPrompt.nullable(),
  /** This window's answers of the business day on the current scale. */
  dayScore: DayScoreView,
});
export type CounterRatingState = z.infer<typeof CounterRatingState>;

/** 201 answer of POST /api/v1/counters/{n}/rating */
export const RatingAccepted = z.object({
  rating: RatingRecord,
  /** The follow-up opened for the lead by a low answer, else null. */
  followUpId: z.string().nullable(),
});
export type RatingAccepted = z.infer<typeof RatingAccepted>;

/** A message of /api/v1/ratings/stream: something changed at a window; screens fetch what they show. */
export const RatingNotice = z.object({
  type: z.literal('rating'),
  counter: CounterNumber,
  ticketId: z.string(),
  status: z.enum(['awaiting', 'rated', 'not_rated']),
  /** Set when the answer opened a follow-up. */
  followUpId: z.string().nullable(),
  /** The answer, on a 'rated' notice (the counter keeps it in its own log); null otherwise. */
  value: z.number().int().nullable().default(null),
  source: RatingSource.exclude(['teller_keyboard']).nullable().default(null),
});
export type RatingNotice = z.infer<typeof RatingNotice>;

/** What a low rating's follow-up records about the answer. */
export const FollowUpRating = z.object({
  serviceId: z.string().min(1),
  value: z.number().int(),
  label: Localized,
  scaleId: z.string().min(1),
  source: RatingSource.exclude(['teller_keyboard']),
  ratedAt: z.iso.datetime(),
});
export type FollowUpRating = z.infer<typeof FollowUpRating>;

/** A follow-up for the lead, as the merge of its document's fields. */
export const FollowUp = z.object({
  id: z.string().min(1),
  /** 'open' when created; a later complaint workflow moves it on. */
  status: z.string().min(1),
  origin: z.literal('low_rating'),
  counter: CounterNumber,
  tellerId: z.string().min(1),
  ticketId: z.string().min(1),
  ticketNumber: z.string(),
  serviceCode: ServiceCode,
  rating: FollowUpRating,
  openedAt: z.iso.datetime(),
});
export type FollowUp = z.infer<typeof FollowUp>;

/** GET /api/v1/follow-ups */
export const FollowUpList = z.object({ followUps: z.array(FollowUp) });
export type FollowUpList = z.infer<typeof FollowUpList>;
