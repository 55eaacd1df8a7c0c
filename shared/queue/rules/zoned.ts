import { TZDate } from '@date-fns/tz';

/**
 * The instant as a calendar in the branch's zone. An unknown zone would otherwise surface as
 * NaN dates far from the misconfiguration, so it fails here with the zone's name.
 */
export function zoned(at: Date | number, timezone: string): TZDate {
  const d = new TZDate(typeof at === 'number' ? at : at.getTime(), timezone);
  if (Number.isNaN(d.getHours())) throw new RangeError(`unknown time zone "${timezone}"`);
  return d;
}

/** "YYYY-MM-DD" as a calendar date in the zone; the clock part is midnight there. */
export function zonedDate(date: string, timezone: string): TZDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: "${date}"`);
  const d = new TZDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]), timezone);
  if (Number.isNaN(d.getHours())) throw new RangeError(`unknown time zone "${timezone}"`);
  return d;
}
