import { WAIT_BUCKET_MINUTES } from '../../../shared/figures/api.js';
import type { FigureSums } from '../../../shared/figures/api.js';
import { emptySums } from '../../../shared/figures/definitions.js';
import type { FigureDelta } from '../../../shared/figures/definitions.js';
import type { Queryable } from '../queue/queueStore.js';
import type { WorkedSlot } from '../../../shared/figures/windowsOpen.js';

/**
 * SQL of the figures' aggregates (migrations.ts): add deltas, read sums back grouped the way a
 * view needs them. The columns map one to one onto FigureSums' fields.
 */

const COLUMNS: ReadonlyArray<[keyof FigureSums, string]> = [
  ['arrivals', 'arrivals'],
  ['called', 'called'],
  ['served', 'served'],
  ['noShows', 'no_shows'],
  ['transfers', 'transfers'],
  ['recalls', 'recalls'],
  ['waitSecondsSum', 'wait_seconds_sum'],
  ['waitCount', 'wait_count'],
  ['waitWithinTarget', 'wait_within_target'],
  ['handlingSecondsSum', 'handling_seconds_sum'],
  ['handlingCount', 'handling_count'],
  ['handlingWithinTarget', 'handling_within_target'],
];
const BUCKETS = WAIT_BUCKET_MINUTES.length + 1;
const BUCKET_COLUMNS = Array.from({ length: BUCKETS }, (_, i) => `wb${i}`);
const ALL = [...COLUMNS.map(([, c]) => c), ...BUCKET_COLUMNS];

/** One row of sums with its key, as the upsert takes it (deltas of one key merged). */
export interface SumRow {
  day: string;
  slot: string;
  service: string;
  counter: number;
  staffId: string;
  sums: FigureSums;
  buckets: number[];
}

function keyOf(d: FigureDelta): string {
  return `${d.key.day}|${d.key.slot}|${d.key.service}|${d.key.counter ?? 0}|${d.key.staffId ?? ''}`;
}

/** Deltas of a batch of events merged per key: one row per key to add. */
export function mergeDeltas(deltas: readonly FigureDelta[]): SumRow[] {
  const rows = new Map<string, SumRow>();
  for (const d of deltas) {
    const k = keyOf(d);
    let row = rows.get(k);
    if (!row) {
      row = { day: d.key.day, slot: d.key.slot, service: d.key.service, counter: d.key.counter ?? 0, staffId: d.key.staffId ?? '', sums: emptySums(), buckets: new Array<number>(BUCKETS).fill(0) };
      rows.set(k, row);
    }
    for (const [f] of COLUMNS) row.sums[f] += d.sums[f];
    if (d.waitBucket !== null) row.buckets[d.waitBucket]! += 1;
  }
  return [...rows.values()];
}

export interface WindowSlot {
  day: string;
  slot: string;
  counter: number;
}

/**
 * Adds folded sums and window slots and moves the cursor from `from` to `to`, in ONE statement:
 * atomic without a transaction, and nothing is added unless the cursor was still at `from`
 * (false then), so a batch is never counted twice.
 */
export async function addFolded(db: Queryable, from: number, to: number, rows: readonly SumRow[], slots: readonly WindowSlot[]): Promise<boolean> {
  const docs = rows.map((r) => {
    const doc: Record<string, string | number> = { day: r.day, slot: r.slot, service: r.service, counter: r.counter, staff_id: r.staffId };
    for (const [f, c] of COLUMNS) doc[c] = r.sums[f];
    r.buckets.forEach((n, i) => (doc[`wb${i}`] = n));
    return doc;
  });
  const { rows: moved } = await db.query<{ n: string | number }>(
    `with c as (update figure_cursor set seq = $2 where seq = $1 returning 1),
     s as (insert into figure_sums (day, slot, service, counter, staff_id, ${ALL.join(', ')})
           select day, slot, service, counter, staff_id, ${ALL.join(', ')}
             from jsonb_to_recordset($3::jsonb) as x(day text, slot text, service text, counter integer, staff_id text,
                  ${ALL.map((c) => `${c} bigint`).join(', ')})
            where exists (select 1 from c)
           on conflict (day, slot, service, counter, staff_id) do update set
             ${ALL.map((c) => `${c} = figure_sums.${c} + excluded.${c}`).join(',\n             ')}),
     w as (insert into figure_window_slots (day, slot, counter)
           select day, slot, counter from jsonb_to_recordset($4::jsonb) as x(day text, slot text, counter integer)
            where exists (select 1 from c)
           on conflict do nothing)
     select count(*) as n from c`,
    [from, to, JSON.stringify(docs), JSON.stringify(slots)],
  );
  return Number(moved[0]?.n ?? 0) === 1;
}

/** Of the tickets called in `events`, those with a call stored at or before seq `upTo`. */
export async function calledBefore(db: Queryable, events: readonly { type: string; ticket: { id: string } }[], upTo: number): Promise<Set<string>> {
  const ids = [...new Set(events.filter((e) => e.type === 'ticket.called').map((e) => e.ticket.id))];
  if (ids.length === 0) return new Set();
  const { rows } = await db.query<{ ticket_id: string }>(
    "select distinct ticket_id from queue_events where ticket_id = any($1::text[]) and type = 'ticket.called' and seq <= $2",
    [ids, upTo],
  );
  return new Set(rows.map((r) => r.ticket_id));
}

/** Tickets still in play that were called at least once (only they can be called again). */
export async function calledInPlay(db: Queryable): Promise<Set<string>> {
  // Two index lookups (tickets_active, then queue_events_ticket): as one join the planner read
  // every stored event (about 0.5 s on 1M events, npm run bench figures).
  const active = (await db.query<{ id: string }>("select id from tickets where status in ('waiting', 'called', 'serving', 'held')")).rows.map((r) => r.id);
  if (active.length === 0) return new Set();
  const { rows } = await db.query<{ ticket_id: string }>(
    "select distinct ticket_id from queue_events where ticket_id = any($1::text[]) and type = 'ticket.called'",
    [active],
  );
  return new Set(rows.map((r) => r.ticket_id));
}

export async function readCursor(db: Queryable): Promise<number | null> {
  const { rows } = await db.query<{ seq: string }>('select seq from figure_cursor');
  return rows[0] ? Number(rows[0].seq) : null;
}

export async function writeCursor(db: Queryable, seq: number): Promise<void> {
  await db.query('insert into figure_cursor (one, seq) values (true, $1) on conflict (one) do update set seq = excluded.seq', [seq]);
}

/** Empties the aggregates and the cursor: the next catch-up folds every stored event in again. */
export async function clearAggregates(db: Queryable): Promise<void> {
  await db.query('delete from figure_sums');
  await db.query('delete from figure_window_slots');
  await db.query('delete from figure_cursor');
}

/** A dimension of a view: which key columns the sums are grouped by. */
export type Grouping = 'day' | 'slot' | 'service' | 'counter' | 'staff_id';

export interface GroupedSums {
  group: Partial<Record<Grouping, string | number>>;
  sums: FigureSums;
  buckets: number[];
}

/**
 * The sums of the days from..to (inclusive, "YYYY-MM-DD" sorts as dates), grouped by the given
 * key columns (none: one total row). `windowsOnly`: only what a window did (teller and window views).
 */
export async function groupedSums(db: Queryable, from: string, to: string, by: readonly Grouping[], o: { windowsOnly?: boolean } = {}): Promise<GroupedSums[]> {
  const keys = by.join(', ');
  const { rows } = await db.query<Record<string, string | number>>(
    `select ${keys ? `${keys}, ` : ''}${ALL.map((c) => `sum(${c})::bigint as ${c}`).join(', ')}
       from figure_sums where day between $1 and $2${o.windowsOnly ? ' and counter <> 0' : ''}
      ${keys ? `group by ${keys} order by ${keys}` : ''}`,
    [from, to],
  );
  return rows
    .filter((r) => !(keys === '' && r.arrivals === null))
    .map((r) => groupedOf(r, by));
}

function groupedOf(r: Record<string, string | number | boolean | null>, by: readonly Grouping[]): GroupedSums {
  const sums = emptySums();
  for (const [f, c] of COLUMNS) sums[f] = Number(r[c] ?? 0);
  const group: GroupedSums['group'] = {};
  for (const k of by) group[k] = k === 'counter' ? Number(r[k]) : String(r[k]);
  return { group, sums, buckets: BUCKET_COLUMNS.map((c) => Number(r[c] ?? 0)) };
}

/**
 * A month view's sums in ONE read of its rows (grouping sets) instead of one per grouping: the
 * total, per day, per service, and per teller of what windows did (as groupedSums with
 * windowsOnly). Same sums as four groupedSums calls, read once (npm run bench, figures:year).
 */
export async function spanSums(db: Queryable, from: string, to: string): Promise<{ total: GroupedSums[]; days: GroupedSums[]; services: GroupedSums[]; tellers: GroupedSums[] }> {
  const { rows } = await db.query<Record<string, string | number | boolean | null>>(
    `select grouping(day) as g_day, grouping(service) as g_service, grouping(staff_id) as g_staff,
            day, service, staff_id, counter <> 0 as windowed,
            ${ALL.map((c) => `sum(${c})::bigint as ${c}`).join(', ')}
       from figure_sums where day between $1 and $2
      group by grouping sets ((), (day), (service), (staff_id, counter <> 0))`,
    [from, to],
  );
  const byKey = (k: 'day' | 'service' | 'staff_id') => (a: GroupedSums, b: GroupedSums) => (String(a.group[k]) < String(b.group[k]) ? -1 : 1);
  const set = (g: string) => rows.filter((r) => `${Number(r.g_day)}${Number(r.g_service)}${Number(r.g_staff)}` === g);
  return {
    total: set('111').map((r) => groupedOf(r, [])),
    days: set('011').map((r) => groupedOf(r, ['day'])).sort(byKey('day')),
    services: set('101').map((r) => groupedOf(r, ['service'])).sort(byKey('service')),
    tellers: set('110').filter((r) => r.windowed === true).map((r) => groupedOf(r, ['staff_id'])).sort(byKey('staff_id')),
  };
}

/** The slots of a day in which each window had a customer. */
export async function workedSlots(db: Queryable, day: string): Promise<WorkedSlot[]> {
  const { rows } = await db.query<{ slot: string; counter: number }>('select slot, counter from figure_window_slots where day = $1', [day]);
  return rows.map((r) => ({ slot: r.slot, counter: Number(r.counter) }));
}
