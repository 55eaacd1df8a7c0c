import { z } from 'zod';
import { CounterNumber } from '../config/primitives.js';

/**
 * Numbers in a URL, read strictly: a window number is written as people write it ("4"), so
 * "1e0", "0x4", " 4", "04", "4.0", "+4" and "-1" are refused (400), never read as window 1 or 4.
 * One schema for every path and query that names a window (docs/api.md).
 */
export const WindowNumberText = z
  .string()
  .regex(/^[1-9]\d{0,1}$/, 'a window number is written in plain digits, 1 to 99')
  .transform(Number)
  .pipe(CounterNumber);

/** `:n` of /api/v1/counters/:n/... */
export const WindowParam = z.object({ n: WindowNumberText });

/** `?counter=N` (the live audio sockets). */
export const WindowQuery = z.object({ counter: WindowNumberText });

/** A whole number in a query string (a cursor, a page size), in plain digits only: "1e3", "0x10", "07" are refused. */
export function wholeNumberText(min: number, max: number) {
  return z
    .string()
    .regex(/^(0|[1-9]\d{0,15})$/, 'a whole number in plain digits')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

/** An id in a path (a ticket, a pause, a device): printable ASCII, no spaces or control bytes. */
export const IdText = z.string().min(1).max(64).regex(/^[\x21-\x7e]+$/, 'an id is printable ASCII without spaces');
