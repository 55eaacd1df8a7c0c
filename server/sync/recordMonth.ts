/**
 * The month a stored record belongs to (`sync_records.record_month`, the first day of a UTC
 * month): the partition key of head office's raw events (server/sync/partitions.ts).
 *
 * It must be the same on every delivery of a record, or the record could be stored once per
 * month it was delivered in: `(id, record_month)` is the table's key, so it is unique exactly
 * when `id` is only if the month is a function of the id. A record's id is a ULID made on its
 * device (shared/sync/protocol.ts), whose first ten characters are the device's time in ms at
 * making it: that time's month is the record's month. (The corrected time would be wrong here:
 * it is computed per delivery, so the same record delivered twice could fall in two months.)
 * An id that is no ULID (the hub storing its own records directly never makes one, but a caller
 * could) falls back to the month of the record's HLC, which is as fixed as the record itself.
 */

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const HLC_WALL = /^(\d{15}):/;

/** The record's month as 'YYYY-MM-01' (UTC). */
export function recordMonth(id: string, hlc: string): string {
  let ms = 0;
  if (ULID.test(id)) {
    for (let i = 0; i < 10; i++) ms = ms * 32 + CROCKFORD.indexOf(id[i]!);
  } else {
    const m = HLC_WALL.exec(hlc);
    ms = m ? Number(m[1]) : 0;
  }
  const d = new Date(ms);
  // A ULID's 48-bit time ends in the year 10889: every month of it is a valid date.
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-01`;
}

/**
 * The same as recordMonth, in SQL over the columns `id` and `hlc` of the row at hand (the
 * migration fills the existing rows with it; tests check both agree).
 */
export const RECORD_MONTH_SQL = `(date_trunc('month', to_timestamp((case
    when id ~ '^[0-9A-HJKMNP-TV-Z]{26}$' then
      (select sum((strpos('${CROCKFORD}', substr(id, i, 1)) - 1)::bigint << (5 * (10 - i))) from generate_series(1, 10) as g(i))
    when hlc ~ '^[0-9]{15}:' then substr(hlc, 1, 15)::bigint
    else 0 end) / 1000.0) at time zone 'UTC'))::date`;
