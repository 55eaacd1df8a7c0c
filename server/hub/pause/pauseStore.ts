import { Pause } from '../../../shared/pause/schema.js';
import { newId } from '../../../shared/ids.js';
import type { HybridClock } from '../../../shared/time/hlc.js';
import type { SqlDb, SqlTx } from '../../db/sqlDb.js';
import { lockSeq } from '../../sync/recordStore.js';

type Db = Pick<SqlDb, 'query'>;

/** The device the desk's records for head office are made on (a device of the hub's own). */
export interface RecordDevice {
  deviceId: string;
  branchId: string;
  clock: HybridClock;
}

/** What one desk command stores (see writeDesk). */
export interface DeskWrite {
  pause?: { doc: Pause; businessDay: string };
  window?: { counter: number; businessDay: string; open: boolean; openedAt: string | null };
  /** Records for head office: kind and body; id, sequence and clock are given here. */
  records: ReadonlyArray<{ kind: string; body: unknown }>;
  idempotency?: { key: string; scope: string; status: number; response: unknown };
}

/**
 * Stores a desk command: the pause row, the window row, the records head office gets for them
 * (into the hub's sync store, so the relay carries them upstream like every other record) and
 * the idempotency answer. Inside the caller's transaction (the queue's hand-backs commit in the
 * same one, see QueueHub.commit), as the sync lock order asks: the sequence row first, then ONE
 * statement for everything else. A pause is never stored without its record, nor sent without
 * being stored.
 */
export async function writeDesk(tx: SqlTx, w: DeskWrite, device: RecordDevice, now: Date): Promise<void> {
  const base = await lockSeq(tx);
  const at = now.toISOString();
  const records = w.records.map((r, i) => ({ ord: i + 1, id: newId(), kind: r.kind, hlc: device.clock.tick(), body: r.body }));
  await tx.query(
    `with
       p as (insert into pauses (id, business_day, counter, started_at, ended_at, doc)
             select d->>'id', $2::text, (d->>'counter')::int, (d->>'startedAt')::timestamptz, (d->>'endedAt')::timestamptz, d
             from (select $1::jsonb as d) x where $1::jsonb is not null
             on conflict (id) do update set ended_at = excluded.ended_at, doc = excluded.doc),
       w as (insert into pause_windows (counter, business_day, open, opened_at, changed_at)
             select $3::int, $4::text, $5::boolean, $6::timestamptz, $7::text::timestamptz where $3::int is not null
             on conflict (counter) do update set business_day = excluded.business_day, open = excluded.open,
               opened_at = excluded.opened_at, changed_at = excluded.changed_at),
       last as (select coalesce(max(device_seq), 0) as seq from sync_records where device_id = $9::text),
       r as (select * from jsonb_to_recordset($8::jsonb) as x(ord int, id text, kind text, hlc text, body jsonb)),
       ins as (insert into sync_records (id, server_seq, kind, branch_id, device_id, device_seq, hlc, wall_at, corrected_at, received_at, via_device_id, body)
               select r.id, $11::bigint + r.ord, r.kind, $10::text, $9::text, (select seq from last) + r.ord, r.hlc, $7::text, $7::text::timestamptz, $7::text::timestamptz, $9::text, r.body
               from r),
       s as (update sync_seq set value = $11::bigint + (select count(*) from r) where exists (select 1 from r)),
       idem as (insert into idempotency (key, scope, status, response)
                select $12::text, $13::text, $14::int, $15::jsonb where $12::text is not null)
     select 1`,
    [
      w.pause ? JSON.stringify(w.pause.doc) : null,
      w.pause?.businessDay ?? w.window?.businessDay ?? null,
      w.window?.counter ?? null,
      w.window?.businessDay ?? null,
      w.window?.open ?? null,
      w.window?.openedAt ?? null,
      at,
      JSON.stringify(records),
      device.deviceId,
      device.branchId,
      base,
      w.idempotency?.key ?? null,
      w.idempotency?.scope ?? null,
      w.idempotency?.status ?? null,
      w.idempotency ? JSON.stringify(w.idempotency.response) : null,
    ],
  );
}

export interface StoredWindow {
  counter: number;
  businessDay: string;
  open: boolean;
  openedAt: string | null;
}

export async function loadWindows(db: Db): Promise<StoredWindow[]> {
  const { rows } = await db.query<{ counter: number; business_day: string; open: boolean; opened_at: Date | string | null }>(
    'select counter, business_day, open, opened_at from pause_windows',
  );
  return rows.map((r) => ({ counter: r.counter, businessDay: r.business_day, open: r.open, openedAt: r.opened_at === null ? null : new Date(r.opened_at).toISOString() }));
}

/** Pauses whose sign is still up, whatever their day. */
export async function loadActivePauses(db: Db): Promise<Pause[]> {
  const { rows } = await db.query<{ doc: unknown }>('select doc from pauses where ended_at is null order by started_at');
  return rows.map((r) => Pause.parse(r.doc));
}

export async function loadPause(db: Db, id: string): Promise<{ pause: Pause; businessDay: string } | null> {
  const { rows } = await db.query<{ doc: unknown; business_day: string }>('select doc, business_day from pauses where id = $1', [id]);
  return rows[0] ? { pause: Pause.parse(rows[0].doc), businessDay: rows[0].business_day } : null;
}

export async function pausesOfDay(db: Db, day: string): Promise<Pause[]> {
  const { rows } = await db.query<{ doc: unknown }>('select doc from pauses where business_day = $1 order by started_at, id', [day]);
  return rows.map((r) => Pause.parse(r.doc));
}

/** Where the desk's records stopped: its clock goes on after its last stamp. */
export async function lastRecordHlc(db: Db, deviceId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ hlc: string | null }>('select max(hlc) as hlc from sync_records where device_id = $1', [deviceId]);
  return rows[0]?.hlc ?? undefined;
}
