import { addDays } from 'date-fns';
import { z } from 'zod';
import { CounterNumber, IsoDate } from '../config/primitives.js';
import { zonedDate } from '../queue/rules/zoned.js';

/**
 * The lead's recording search (GET /api/v1/recordings): by counter, teller, ticket number, day,
 * duration and rating. Query-string values are strings; this schema turns them into a typed
 * query and refuses what cannot be meant (a day that is no date, a minimum above its maximum).
 */

const Int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
/** An empty field in a form means "any". */
const blankIsAny = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);

export const RecordingSearchQuery = z
  .object({
    counter: z.preprocess(blankIsAny, z.coerce.number().pipe(CounterNumber).optional()),
    teller: z.preprocess(blankIsAny, z.string().max(64).optional()),
    /** A ticket number ("A012", any case) or the start of one ("A0"). */
    ticket: z.preprocess(
      (v) => {
        const s = blankIsAny(v);
        return typeof s === 'string' ? s.toUpperCase() : s;
      },
      z.string().regex(/^[A-Z]\d{0,4}$/, 'a ticket number is a letter and up to four digits, e.g. A012').optional(),
    ),
    /** A calendar day in the branch's time zone. */
    date: z.preprocess(blankIsAny, IsoDate.optional()),
    minSeconds: z.preprocess(blankIsAny, Int(0, 86_400).optional()),
    maxSeconds: z.preprocess(blankIsAny, Int(0, 86_400).optional()),
    /** Ratings given by the customer, inclusive (the branch's scale values). */
    minRating: z.preprocess(blankIsAny, Int(0, 100).optional()),
    maxRating: z.preprocess(blankIsAny, Int(0, 100).optional()),
    held: z.preprocess(blankIsAny, z.enum(['true', 'false']).transform((v) => v === 'true').optional()),
    limit: z.preprocess(blankIsAny, Int(1, 200).default(50)),
    offset: z.preprocess(blankIsAny, Int(0, 1_000_000).default(0)),
  })
  .strict()
  .refine((q) => q.minSeconds === undefined || q.maxSeconds === undefined || q.minSeconds <= q.maxSeconds, {
    message: 'minSeconds must not exceed maxSeconds',
    path: ['minSeconds'],
  })
  .refine((q) => q.minRating === undefined || q.maxRating === undefined || q.minRating <= q.maxRating, {
    message: 'minRating must not exceed maxRating',
    path: ['minRating'],
  });
export type RecordingSearchQuery = z.infer<typeof RecordingSearchQuery>;
export type RecordingSearchInput = z.input<typeof RecordingSearchQuery>;

/** Parses a query string (or its object form); throws a ZodError on bad input. */
export function parseSearchQuery(params: URLSearchParams | Record<string, unknown>): RecordingSearchQuery {
  const raw = params instanceof URLSearchParams ? Object.fromEntries(params.entries()) : params;
  return RecordingSearchQuery.parse(raw);
}

/** The query as a query string: what the lead's page sends (only the fields that are set). */
export function searchQueryString(q: Partial<RecordingSearchQuery>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(q)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  return params.toString();
}

/** The instants [from, to) of a calendar day in the branch's zone (a DST day may be 23 or 25 h). */
export function dayRange(date: string, timezone: string): { from: string; to: string } {
  const start = zonedDate(date, timezone);
  return { from: new Date(start.getTime()).toISOString(), to: new Date(addDays(start, 1).getTime()).toISOString() };
}
