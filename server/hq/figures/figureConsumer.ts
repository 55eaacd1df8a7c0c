import { deltasOf } from '../../../shared/hq/deltas.js';
import type { HqDelta } from '../../../shared/hq/deltas.js';
import { addSums, cellKey, zeroSums } from '../../../shared/hq/sums.js';
import type { HqCell, HqSums } from '../../../shared/hq/sums.js';
import { COUNTER_EVENT, PAUSE_RECORD, QUEUE_EVENT } from '../../../shared/sync/kinds.js';
import type { SqlDb, SqlTx } from '../../db/sqlDb.js';
import { loadBranchDirectory, unknownBranch } from './branchDirectory.js';
import type { BranchEntry } from './branchDirectory.js';
import { SUM_COLUMNS } from './columns.js';
import { RecordFollower } from '../../sync/recordFollower.js';

/**
 * A queue event's body cut down to QueueEventFacts (shared/hq/deltas.ts) in the database: the
 * ticket's history and display fields are not sent back, which halves the consumer's reading.
 */
const QUEUE_FACTS_SQL = `case when kind = '${QUEUE_EVENT}' then jsonb_build_object(
    'type', body->'type', 'at', body->'at', 'counter', body->'counter', 'detail', body->'detail',
    'ticket', jsonb_build_object('id', body#>'{ticket,id}', 'businessDay', body#>'{ticket,businessDay}', 'service', body#>'{ticket,service}',
      'issuedAt', body#>'{ticket,issuedAt}', 'startedAt', body#>'{ticket,startedAt}', 'finishedAt', body#>'{ticket,finishedAt}', 'counter', body#>'{ticket,counter}'))
  else body end`;

/** Records read per transaction. */
const PAGE = 2000;
/** A burst of pushes makes one pass of up to a page (reads catch up first, so a screen never waits for it). */
const WAKE_DELAY_MS = 250;
/** The kinds that carry figures (shared/hq/deltas.ts); the rest are stepped over by the cursor. */
const KINDS = [QUEUE_EVENT, COUNTER_EVENT, PAUSE_RECORD];

export interface FigureConsumerOptions {
  db: SqlDb;
  warn?: (message: string) => void;
}

/**
 * Keeps hq_fig_day as records are ingested, exactly once: it follows sync_records by server_seq
 * (= commit order, server/sync/migrations.ts) and adds each page's deltas in the transaction that
 * moves its cursor, so a crash between the two never skips or doubles a record. A record that
 * arrives twice is stored once by storeRecords (same id), so it is counted once; a record that
 * arrives days late gets a late server_seq and lands on its own business day. Facts that count
 * once per ticket (first call, greeting) go through hq_fig_once in the same transaction.
 * Several head-office processes share the cursor row: one consumes, the others skip.
 */
export class FigureConsumer {
  private readonly follower: RecordFollower;

  constructor(private readonly o: FigureConsumerOptions) {
    this.follower = new RecordFollower({
      db: o.db,
      cursorTable: 'hq_fig_cursor',
      columns: `server_seq, kind, branch_id, corrected_at, ${QUEUE_FACTS_SQL} as body`,
      where: () => ({ sql: 'kind = any($4::text[])', params: [KINDS] }),
      page: PAGE,
      skipWhenLocked: true,
      wakeDelayMs: WAKE_DELAY_MS,
      name: 'figures consumer',
      ...(o.warn ? { warn: o.warn } : {}),
      apply: async (tx, rows) => {
        // Names and targets change rarely: read once per page.
        const directory = await loadBranchDirectory(tx);
        const branch = (id: string): BranchEntry => directory.get(id) ?? unknownBranch(id);
        const deltas: HqDelta[] = [];
        for (const row of rows) {
          const r = row as unknown as { kind: string; branch_id: string; corrected_at: Date | string; body: unknown };
          const at = r.corrected_at instanceof Date ? r.corrected_at.toISOString() : new Date(r.corrected_at).toISOString();
          for (const d of deltasOf({ kind: r.kind, branchId: r.branch_id, correctedAt: at, body: r.body }, branch(r.branch_id).facts, { validated: true })) deltas.push(d);
        }
        await applyDeltas(tx, deltas);
        return { written: rows.length };
      },
    });
  }

  /** Consumes every record stored so far; single flight. Returns the records read. */
  catchUp(): Promise<number> {
    return this.follower.catchUp();
  }

  wakeSoon(): void {
    this.follower.wakeSoon();
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }

  /**
   * Forgets every sum and consumes all stored records again (after a change of definition, or to
   * check the sums): the delete and the cursor's reset commit together, then catch-up refills.
   */
  async rebuild(): Promise<number> {
    await this.follower.settle();
    await this.o.db.transaction(async (tx) => {
      await tx.query('select cursor from hq_fig_cursor for update');
      await tx.query('delete from hq_fig_day');
      await tx.query('delete from hq_fig_once');
      await tx.query('update hq_fig_cursor set cursor = 0');
    });
    return this.catchUp();
  }
}

/**
 * Adds deltas to the day table in two statements: the once-keys first (only those new here let
 * their delta through), then one upsert of the summed cells.
 */
export async function applyDeltas(tx: Pick<SqlTx, 'query'>, deltas: readonly HqDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  const firstOnce = new Map<string, HqDelta>();
  for (const d of deltas) if (d.once !== undefined && !firstOnce.has(`${d.cell.branchId}|${d.once}`)) firstOnce.set(`${d.cell.branchId}|${d.once}`, d);
  let fresh = new Set<string>();
  if (firstOnce.size > 0) {
    const list = [...firstOnce.values()];
    const { rows } = await tx.query<{ branch_id: string; key: string }>(
      `insert into hq_fig_once (branch_id, key, day)
       select * from unnest($1::text[], $2::text[], $3::date[])
       on conflict do nothing returning branch_id, key`,
      [list.map((d) => d.cell.branchId), list.map((d) => d.once!), list.map((d) => d.cell.day)],
    );
    fresh = new Set(rows.map((r) => `${r.branch_id}|${r.key}`));
  }
  const cells = new Map<string, { cell: HqCell; sums: HqSums }>();
  for (const d of deltas) {
    if (d.once !== undefined) {
      const k = `${d.cell.branchId}|${d.once}`;
      // Only the first delta of a fresh key counts (the same key twice in one page: once).
      if (!fresh.has(k) || firstOnce.get(k) !== d) continue;
    }
    const key = cellKey(d.cell);
    const at = cells.get(key);
    if (at) at.sums = addSums(at.sums, d.sums);
    else cells.set(key, { cell: d.cell, sums: addSums(zeroSums(), d.sums) });
  }
  if (cells.size === 0) return;
  const list = [...cells.values()];
  const cols = SUM_COLUMNS.map((c) => c.column);
  await tx.query(
    `insert into hq_fig_day (branch_id, day, counter, staff_id, service, ${cols.join(', ')})
     select * from unnest($1::text[], $2::date[], $3::int[], $4::text[], $5::text[], ${cols.map((_, i) => `$${i + 6}::bigint[]`).join(', ')})
     on conflict (branch_id, day, counter, staff_id, service) do update set
       ${cols.map((c) => `${c} = hq_fig_day.${c} + excluded.${c}`).join(',\n       ')}`,
    [
      list.map((c) => c.cell.branchId),
      list.map((c) => c.cell.day),
      list.map((c) => c.cell.counter),
      list.map((c) => c.cell.staffId),
      list.map((c) => c.cell.service),
      ...SUM_COLUMNS.map((col) => list.map((c) => c.sums[col.field])),
    ],
  );
}
