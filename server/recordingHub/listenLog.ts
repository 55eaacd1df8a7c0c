import { newId } from '../../shared/ids.js';
import type { ListenLogEntry, ListenLogRow, ListenMode } from '../../shared/recording/access.js';
import type { StaffRole } from '../../shared/config/schema.js';
import { RECORDING_LISTEN } from '../../shared/sync/kinds.js';
import type { SyncRecord } from '../../shared/sync/protocol.js';
import { HybridClock } from '../../shared/time/hlc.js';
import type { SqlDb } from '../db/sqlDb.js';
import { storeRecords } from '../sync/recordStore.js';

export interface ListenLogOptions {
  db: SqlDb;
  branchId: () => string;
  /** The hub's device id; the log's records carry `<hub device id>.listens` with their own sequence. */
  hubDeviceId: string;
  now?: () => Date;
}

interface Row {
  id: string;
  staff_id: string;
  role: StaffRole;
  mode: ListenMode;
  counter: number;
  recording_id: string | null;
  ticket_number: string | null;
  at: Date | string;
  ended_at: Date | string | null;
}

/**
 * Every listen is written before any audio leaves the hub: a row in `recording_listens` for the
 * lead's list, and a `recording.listen` sync record that the relay carries to head office.
 */
export class ListenLog {
  private readonly deviceId: string;
  private readonly clock: HybridClock;
  private readonly now: () => Date;

  constructor(private readonly opts: ListenLogOptions) {
    this.deviceId = `${opts.hubDeviceId}.listens`.slice(0, 64);
    this.now = opts.now ?? (() => new Date());
    this.clock = new HybridClock(this.deviceId, () => this.now().getTime());
  }

  async begin(who: { staffId: string; role: StaffRole }, what: { mode: ListenMode; counter: number; recordingId: string | null; ticketNumber: string | null }): Promise<ListenLogEntry> {
    const at = this.now();
    const entry: ListenLogEntry = { id: newId(), staffId: who.staffId, role: who.role, ...what, at: at.toISOString() };
    const hlc = this.clock.tick();
    const seq = await this.opts.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ value: string | number }>('update recording_listen_seq set value = value + 1 returning value');
      const value = Number(rows[0]!.value);
      await tx.query(
        `insert into recording_listens (id, staff_id, role, mode, counter, recording_id, ticket_number, at, seq, hlc)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [entry.id, entry.staffId, entry.role, entry.mode, entry.counter, entry.recordingId, entry.ticketNumber, entry.at, value, hlc],
      );
      return value;
    });
    await this.store([{ entry, seq, hlc }], at);
    return entry;
  }

  /**
   * Writes the sync record of every listen that has none (a crash between the row and its record):
   * run at start, so head office never misses a listen and the log's sequence has no gap.
   */
  async resync(): Promise<number> {
    const { rows } = await this.opts.db.query<Row & { seq: string | number; hlc: string }>(
      `select l.id, l.staff_id, l.role, l.mode, l.counter, l.recording_id, l.ticket_number, l.at, l.ended_at, l.seq, l.hlc
       from recording_listens l where not exists (select 1 from sync_records r where r.id = l.id) order by l.seq`,
    );
    if (rows.length === 0) return 0;
    await this.store(rows.map((r) => ({ entry: toEntry(r), seq: Number(r.seq), hlc: r.hlc })), this.now());
    return rows.length;
  }

  private async store(items: Array<{ entry: ListenLogEntry; seq: number; hlc: string }>, at: Date): Promise<void> {
    const records = items.map(
      ({ entry, seq, hlc }): SyncRecord => ({
        id: entry.id,
        kind: RECORDING_LISTEN,
        branchId: this.opts.branchId(),
        deviceId: this.deviceId,
        deviceSeq: seq,
        hlc,
        wallAt: entry.at,
        body: entry as unknown as Record<string, unknown>,
      }),
    );
    // Stored like the hub's own queue events: the relay pushes them to head office with the rest.
    await storeRecords(this.opts.db, this.deviceId, records, at, at);
  }

  async end(id: string): Promise<void> {
    await this.opts.db.query('update recording_listens set ended_at = $2 where id = $1 and ended_at is null', [id, this.now().toISOString()]);
  }

  async list(limit = 100): Promise<ListenLogRow[]> {
    const { rows } = await this.opts.db.query<Row>(
      'select id, staff_id, role, mode, counter, recording_id, ticket_number, at, ended_at from recording_listens order by at desc, id desc limit $1',
      [limit],
    );
    return rows.map((r) => ({ ...toEntry(r), endedAt: r.ended_at === null ? null : new Date(r.ended_at).toISOString() }));
  }
}

function toEntry(r: Row): ListenLogEntry {
  return {
    id: r.id,
    staffId: r.staff_id,
    role: r.role,
    mode: r.mode,
    counter: Number(r.counter),
    recordingId: r.recording_id,
    ticketNumber: r.ticket_number,
    at: new Date(r.at).toISOString(),
  };
}
