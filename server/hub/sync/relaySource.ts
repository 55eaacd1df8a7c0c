import { QUEUE_EVENT } from '../../../shared/sync/kinds.js';
import type { SyncRecord } from '../../../shared/sync/protocol.js';
import type { DeadLetterEntry } from '../../../shared/sync/drain.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { recordsAfter } from '../../sync/recordStore.js';
import { eventsAfter } from '../queue/queueStore.js';

type Source = 'events' | 'records';
const CURSOR: Record<Source, string> = { events: 'push.events', records: 'push.records' };

export async function readCursor(db: Pick<SqlDb, 'query'>, name: string): Promise<number> {
  const { rows } = await db.query<{ value: string | number }>('select value from relay_cursors where name = $1', [name]);
  return Number(rows[0]?.value ?? 0);
}

export async function writeCursor(db: Pick<SqlDb, 'query'>, name: string, value: number): Promise<void> {
  await db.query(
    'insert into relay_cursors (name, value) values ($1, $2) on conflict (name) do update set value = greatest(relay_cursors.value, excluded.value)',
    [name, value],
  );
}

/**
 * What the hub owes head office, read as an outbox: its own queue events (by event sequence)
 * and the records its devices pushed here (by server sequence). Nothing is deleted: handing a
 * record over moves a cursor, and a cursor only moves over a prefix whose every record head
 * office acknowledged or refused for good, so a crash re-sends (stored once upstream), never skips.
 */
export class RelaySource {
  private pending: Array<{ source: Source; seq: number; id: string }> = [];
  private readonly handled = new Set<string>();

  constructor(
    private readonly db: SqlDb,
    private readonly hubDevice: { deviceId: string; branchId: string },
  ) {}

  async peek(limit: number): Promise<SyncRecord[]> {
    const events = await eventsAfter(this.db, await readCursor(this.db, CURSOR.events), limit);
    const records = events.length < limit ? await recordsAfter(this.db, await readCursor(this.db, CURSOR.records), limit - events.length) : [];
    this.pending = [
      ...events.map(({ event }) => ({ source: 'events' as const, seq: event.seq, id: event.id })),
      ...records.map((r) => ({ source: 'records' as const, seq: r.serverSeq, id: r.record.id })),
    ];
    this.handled.clear();
    return [
      ...events.map(
        ({ event, hlc }): SyncRecord => ({
          id: event.id,
          kind: QUEUE_EVENT,
          branchId: this.hubDevice.branchId,
          deviceId: this.hubDevice.deviceId,
          deviceSeq: event.seq,
          hlc,
          wallAt: event.at,
          body: event as unknown as Record<string, unknown>,
        }),
      ),
      // Devices' records keep the correction this hub measured for their clocks.
      ...records.map((r) => ({ ...r.record, correctedAt: r.correctedAt })),
    ];
  }

  ack(ids: string[]): Promise<void> {
    return this.settle(ids);
  }

  async deadLetter(entries: DeadLetterEntry[]): Promise<void> {
    const at = new Date().toISOString();
    await this.db.transaction(async (tx) => {
      for (const e of entries) {
        await tx.query(
          `insert into relay_dead_letters (id, kind, device_id, code, reason, record, at) values ($1, $2, $3, $4, $5, $6, $7)
           on conflict (id) do nothing`,
          [e.record.id, e.record.kind, e.record.deviceId, e.code, e.message, JSON.stringify(e.record), at],
        );
      }
    });
    await this.settle(entries.map((e) => e.record.id));
  }

  /** Records still to hand over, and their size, for the link status. */
  async backlog(): Promise<{ recordsWaiting: number; bytesWaiting: number; deadLetters: number }> {
    const { rows } = await this.db.query<{ events: string; records: string; bytes: string; dead: string }>(
      `select
         (select count(*) from queue_events where seq > coalesce((select value from relay_cursors where name = $1), 0)) as events,
         (select count(*) from sync_records where server_seq > coalesce((select value from relay_cursors where name = $2), 0)) as records,
         (select coalesce(sum(octet_length(body::text)), 0) from queue_events where seq > coalesce((select value from relay_cursors where name = $1), 0))
           + (select coalesce(sum(octet_length(body::text)), 0) from sync_records where server_seq > coalesce((select value from relay_cursors where name = $2), 0)) as bytes,
         (select count(*) from relay_dead_letters) as dead`,
      [CURSOR.events, CURSOR.records],
    );
    const r = rows[0]!;
    return { recordsWaiting: Number(r.events) + Number(r.records), bytesWaiting: Number(r.bytes), deadLetters: Number(r.dead) };
  }

  private async settle(ids: string[]): Promise<void> {
    for (const id of ids) this.handled.add(id);
    const advance: Partial<Record<Source, number>> = {};
    for (const source of ['events', 'records'] as const) {
      for (const p of this.pending.filter((x) => x.source === source)) {
        if (!this.handled.has(p.id)) break;
        advance[source] = p.seq;
      }
    }
    await this.db.transaction(async (tx) => {
      for (const [source, seq] of Object.entries(advance) as [Source, number][]) await writeCursor(tx, CURSOR[source], seq);
    });
  }
}
