import { Pause } from '../../../shared/pause/schema.js';
import type { SqlDb, SqlTx } from '../../db/sqlDb.js';
import { lockSeq } from '../../sync/recordStore.js';
import { appendOwnRecords } from '../../sync/ownRecords.js';
import type { OwnDevice } from '../../sync/ownRecords.js';

type Db = Pick<SqlDb, 'query'>;

/** What one desk command stores (see writeDesk). */
export interface DeskWrite {
  pause?: { doc: Pause; businessDay: string };
  window?: { counter: number; businessDay: string; open: boolean; openedAt: string | null };
  /** Records for head office: kind and body; id, sequence and clock are given here. */
  records: ReadonlyArray<{ kind: string; body: unknown }>;
  idempotency?: { key: string; scope: string; status: number; response: unknown };
}

/**
 * Stores a desk command: the pause row, the window row, the idempotency answer and the records
 * head office gets for them (into the hub's sync store, so the relay carries them upstream like
 * every other record). Inside the caller's transaction (the queue's hand-backs commit in the
 * same one, see QueueHub.commit), as the sync lock order asks: the sequence row first. A pause
 * is never stored without its record, nor sent without being stored.
 */
export async function writeDesk(tx: SqlTx, w: DeskWrite, device: OwnDevice, now: Date): Promise<void> {
  await lockSeq(tx);
  const at = now.toISOString();
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
       idem as (insert into idempotency (key, scope, status, response)
                select $8::text, $9::text, $10::int, $11::jsonb where $8::text is not null)
     select 1`,
    [
      w.pause ? JSON.stringify(w.pause.doc) : null,
      w.pause?.businessDay ?? w.window?.businessDay ?? null,
      w.window?.counter ?? null,
      w.window?.businessDay ?? null,
      w.window?.open ?? null,
      w.window?.openedAt ?? null,
      at,
      w.idempotency?.key ?? null,
      w.idempotency?.scope ?? null,
      w.idempotency?.status ?? null,
      w.idempotency ? JSON.stringify(w.idempotency.response) : null,
    ],
  );
  await appendOwnRecords(tx, device, w.records, now);
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

