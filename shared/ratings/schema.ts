import { z } from 'zod';
import { CounterNumber } from '../config/primitives.js';
import { Localized } from '../i18n/localized.js';

/** One answer the customer can give. A higher value is a better answer. */
export const RatingLevel = z.object({
  value: z.number().int().min(0).max(100),
  label: Localized,
  /** A low answer opens a follow-up for the lead (needsFollowUp). */
  low: z.boolean(),
});
export type RatingLevel = z.infer<typeof RatingLevel>;

/** The answers offered, best first, as the customer display and the keypad show them. */
export const RatingScale = z
  .object({
    id: z.string().min(1),
    levels: z.array(RatingLevel).min(2).max(10),
  })
  .refine((s) => new Set(s.levels.map((l) => l.value)).size === s.levels.length, 'level values must differ')
  .refine((s) => s.levels.every((l, i) => i === 0 || l.value < s.levels[i - 1]!.value), 'levels are listed best first (values falling)');
export type RatingScale = z.infer<typeof RatingScale>;

/**
 * Where an answer came from. Only the customer's own devices count: the customer-facing screen
 * and the rating keypad. 'teller_keyboard' exists so that a teller's attempt can be named and
 * refused: a rating can never be given from the teller's own keyboard.
 */
export const RatingSource = z.enum(['customer_display', 'rating_keypad', 'teller_keyboard']);
export type RatingSource = z.infer<typeof RatingSource>;

/** The customer's answer as the device sends it. */
export const RatingInput = z.object({
  /** The service the rating prompt was shown for. */
  serviceId: z.string().min(1),
  value: z.number().int(),
  source: RatingSource,
});
export type RatingInput = z.infer<typeof RatingInput>;

/** One finished service at a window: what a rating is attributed to. */
export const ServiceRecord = z.object({
  ticketId: z.string().min(1),
  serviceId: z.string().min(1),
  tellerId: z.string().min(1),
  counter: CounterNumber,
  finishedAt: z.iso.datetime(),
});
export type ServiceRecord = z.infer<typeof ServiceRecord>;

/** The rating outcome of one service: rated by the customer, or not rated in time. */
export const RatingRecord = z
  .object({
    ticketId: z.string().min(1),
    serviceId: z.string().min(1),
    tellerId: z.string().min(1),
    counter: CounterNumber,
    finishedAt: z.iso.datetime(),
    status: z.enum(['rated', 'not_rated']),
    value: z.number().int().nullable(),
    source: RatingSource.exclude(['teller_keyboard']).nullable(),
    ratedAt: z.iso.datetime().nullable(),
  })
  .refine((r) => {
    const given = [r.value, r.source, r.ratedAt].filter((x) => x !== null).length;
    return r.status === 'rated' ? given === 3 : given === 0;
  }, 'a rated record has a value, a source and a time; a not-rated one has none');
export type RatingRecord = z.infer<typeof RatingRecord>;

export const RatingSettings = z.object({
  scale: RatingScale,
  /** How long after a service finishes the customer may still answer; then it is 'not_rated'. */
  timeoutSeconds: z.number().int().min(5).max(600),
});
export type RatingSettings = z.infer<typeof RatingSettings>;
