import { COUNTER_EVENT } from '../../shared/sync/kinds.js';
import { RECORDING_EVENT, RecordingFinishedPayload, RecordingHoldPayload } from '../../shared/recording/indexRecord.js';
import type { SqlDb, SqlTx } from '../db/sqlDb.js';

const PAGE = 500;
const TYPES = [RECORDING_EVENT.finished, RECORDING_EVENT.held, RECORDING_EVENT.released];

interface Row {
  server_seq: number | string;
  id: string;
  branch_id: string;
  device_id: string;
  hlc: string;
  body: { type: string; counter: number; payload: unknown };
}

/**
 * Builds the searchable index from what the counters pushed (sync_records): the counter's Dexie
 * index is the source, the hub's table a projection of it. Reads after a cursor kept in the same
 * transaction as the rows it wrote, so a crash never skips or doubles a record. A payload that
 * does not parse is skipped (it is still stored and relayed as it came).
 */
export class RecordingProjector {
  private running: Promise<number> | null = null;

  constructor(private readonly db: SqlDb) {}

  /** Projects every record stored so far; single flight. Returns how many it applied. */
  catchUp(): Promise<number> {
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
  }

  private async run(): Promise<number> {
    let applied = 0;
    for (;;) {
      const n = await this.db.transaction(async (tx) => {
        const cursor = Number((await tx.query<{ cursor: string | number }>('select cursor from recording_projection for update')).rows[0]!.cursor);
        // Sequence order is commit order (server/sync/migrations.ts): every record up to `top` is
        // already visible, so the cursor may move to it without stepping over a later commit.
        const top = Number((await tx.query<{ m: string | number | null }>('select max(server_seq) as m from sync_records')).rows[0]!.m ?? 0);
        const { rows } = await tx.query<Row>(
          `select server_seq, id, branch_id, device_id, hlc, body from sync_records
           where server_seq > $1 and server_seq <= $2 and kind = $3 and body->>'type' = any($4::text[])
           order by server_seq limit $5`,
          [cursor, top, COUNTER_EVENT, TYPES, PAGE],
        );
        for (const r of rows) await applyRecord(tx, r);
        const next = rows.length === PAGE ? Number(rows[rows.length - 1]!.server_seq) : top;
        if (next > cursor) await tx.query('update recording_projection set cursor = $1', [next]);
        return rows.length === PAGE ? -rows.length : rows.length;
      });
      applied += Math.abs(n);
      if (n >= 0) return applied;
    }
  }
}

async function applyRecord(tx: SqlTx, r: Row): Promise<void> {
  const { type, counter, payload } = r.body;
  if (type === RECORDING_EVENT.finished) {
    const p = RecordingFinishedPayload.safeParse(payload);
    if (!p.success) return;
    const f = p.data;
    await tx.query(
      `insert into recording_index (id, branch_id, device_id, counter, teller_id, ticket_id, ticket_number, service, started_at, ended_at,
         duration_ms, bytes, sha256, finished_as, held, silent)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       on conflict (id) do nothing`,
      [f.recordingId, r.branch_id, r.device_id, counter, f.tellerId, f.ticketId, f.ticketNumber, f.service, f.startedAt, f.endedAt, f.durationMs, f.bytes, f.sha256, f.finishedAs, f.heldForDispute, f.silent ?? null],
    );
    return;
  }
  const p = RecordingHoldPayload.safeParse(payload);
  if (!p.success) return;
  await tx.query(
    `insert into recording_holds (recording_id, held, hlc) values ($1, $2, $3)
     on conflict (recording_id) do update set held = excluded.held, hlc = excluded.hlc where recording_holds.hlc < excluded.hlc`,
    [p.data.recordingId, type === RECORDING_EVENT.held, r.hlc],
  );
}
