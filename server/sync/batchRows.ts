import type { RejectedRecord, SyncRecord } from '../../shared/sync/protocol.js';
import type { ProgressUpdate } from './deviceProgress.js';
import { checkRecord, storableJson } from './recordChecks.js';
import { recordMonth } from './recordMonth.js';

/** The authenticated device a batch came through: the records' own device, or its hub relaying. */
export interface Via {
  deviceId: string;
  branchId: string;
}

/**
 * Good records as they go to SQL: one array per envelope column (unnest ... with ordinality gives
 * `ord`, the batch order) and the bodies' JSON in one text, separated by U+001E. JSON.stringify
 * never writes that character raw (it escapes every control character), so the split is exact,
 * and each body is parsed once, by itself, as COPY would; one large JSON document of the whole
 * batch cost about twice as much to parse (tests/bench/ingestBench.ts).
 */
export const BODY_SEPARATOR = '\u001e';

/** The SQL of the good rows sent as GoodRows.params from parameter $first on. */
export function goodRowsSql(first: number): string {
  const p = (k: number): string => `$${first + k}`;
  return `select e.id, e.kind, e.branch_id, e.device_id, e.device_seq, e.hlc, e.wall_at, e.corrected_at, e.record_month, e.ord, b.body::jsonb as body
    from unnest(${p(0)}::text[], ${p(1)}::text[], ${p(2)}::text[], ${p(3)}::text[], ${p(4)}::bigint[], ${p(5)}::text[], ${p(6)}::text[], ${p(7)}::timestamptz[], ${p(9)}::date[])
           with ordinality as e(id, kind, branch_id, device_id, device_seq, hlc, wall_at, corrected_at, record_month, ord)
    join unnest(string_to_array(${p(8)}::text, E'\\x1e')) with ordinality as b(body, ord) on b.ord = e.ord`;
}

/** Good rows taken from a BatchRows: parameters for goodRowsSql, and how many rows they hold. */
export interface GoodRows {
  params: [string[], string[], string[], string[], number[], string[], string[], string[], string, string[]];
  count: number;
}

/** How many parameters goodRowsSql takes. */
export const GOOD_PARAMS = 10;

/** The columns of a dead letter as it goes to SQL. */
export const DEAD_COLUMNS = 'id text, device_id text, device_seq bigint, branch_id text, kind text, code text, reason text, record jsonb';

/**
 * One push batch turned into the rows the store writes, record by record, so the store can send
 * the first rows to the database while the next ones are still being checked. Per record: checked
 * (recordChecks.ts); its corrected time computed; a good one becomes a row of GoodRows, a refused
 * one a dead letter; every one counts for its device's
 * progress (a dead-lettered record still arrived: it must not leave a gap in the sequence).
 */
export class BatchRows {
  readonly acked: string[] = [];
  readonly rejected: RejectedRecord[] = [];
  private readonly dead: string[] = [];
  private pending = emptyColumns();
  private goodCount = 0;
  private readonly seen = new Set<string>();
  private readonly progress = new Map<string, { device_id: string; branch_id: string; highest: number; seen: number; seqs: number[] }>();
  private readonly offsetMs: number;

  /**
   * `closedMonths`: months whose partition is detached (partitions.ts): their records are
   * dead-lettered, never stored beside the archived copy.
   */
  constructor(
    private readonly via: Via,
    private readonly serverNow: Date,
    sentAt: Date,
    private readonly closedMonths: ReadonlySet<string> = new Set(),
  ) {
    this.offsetMs = serverNow.getTime() - sentAt.getTime();
  }

  /** Server time minus the device's time at sending: the device's clock error. */
  get clockOffsetMs(): number {
    return this.offsetMs;
  }

  get goodRows(): number {
    return this.goodCount;
  }

  add(r: SyncRecord): void {
    // The same id twice in one batch is one record.
    if (this.seen.has(r.id)) return;
    this.seen.add(r.id);
    const bodyJson = JSON.stringify(r.body);
    const parsedWall = Date.parse(r.wallAt);
    // A refused wallAt is no instant: the record's dead letter is stamped with the receive time.
    // A relayed record carries its hub's correction for the device's clock; only the hub's own
    // clock error is left to remove. A device's own claim about its records is not trusted.
    const relayedMs = r.correctedAt !== undefined && r.deviceId !== this.via.deviceId ? Date.parse(r.correctedAt) : Number.NaN;
    const correctedMs = Number.isFinite(relayedMs)
      ? relayedMs + this.offsetMs
      : Number.isFinite(parsedWall)
        ? parsedWall + this.offsetMs
        : this.serverNow.getTime();
    const corrected = new Date(correctedMs).toISOString();
    const month = recordMonth(r.id, r.hlc);
    const refusal = checkRecord(r, bodyJson) ?? (this.closedMonths.has(month) ? archivedMonth(r.id, month) : null);
    if (refusal) {
      this.rejected.push(refusal);
      this.dead.push(
        storableJson(
          `{"id":${JSON.stringify(r.id)},"kind":${JSON.stringify(r.kind)},"branch_id":${JSON.stringify(r.branchId)},"device_id":${JSON.stringify(r.deviceId)},` +
            `"device_seq":${r.deviceSeq},"code":${JSON.stringify(refusal.code)},"reason":${JSON.stringify(refusal.message)},"record":${JSON.stringify(r)}}`,
        ),
      );
    } else {
      this.goodCount += 1;
      const c = this.pending;
      c.id.push(r.id);
      c.kind.push(r.kind);
      c.branch.push(r.branchId);
      c.device.push(r.deviceId);
      c.seq.push(r.deviceSeq);
      c.hlc.push(r.hlc);
      c.wall.push(r.wallAt);
      c.corrected.push(corrected);
      c.body.push(bodyJson);
      c.month.push(month);
      this.acked.push(r.id);
    }
    const p = this.progress.get(r.deviceId);
    const seenAt = Math.min(correctedMs, this.serverNow.getTime());
    if (!p) this.progress.set(r.deviceId, { device_id: r.deviceId, branch_id: r.branchId, highest: r.deviceSeq, seen: seenAt, seqs: [r.deviceSeq] });
    else {
      p.highest = Math.max(p.highest, r.deviceSeq);
      p.seen = Math.max(p.seen, seenAt);
      p.seqs.push(r.deviceSeq);
    }
  }

  /** The good rows added since the last call. */
  takeGood(): GoodRows {
    const c = this.pending;
    this.pending = emptyColumns();
    return { params: [c.id, c.kind, c.branch, c.device, c.seq, c.hlc, c.wall, c.corrected, c.body.join(BODY_SEPARATOR), c.month], count: c.id.length };
  }

  deadJson(): string {
    return `[${this.dead.join(',')}]`;
  }

  progressUpdates(): ProgressUpdate[] {
    return [...this.progress.values()].map((p) => ({
      device_id: p.device_id,
      branch_id: p.branch_id,
      highest: p.highest,
      seen: new Date(p.seen).toISOString(),
      runs: runsOf(p.seqs),
    }));
  }
}

function emptyColumns(): { id: string[]; kind: string[]; branch: string[]; device: string[]; seq: number[]; hlc: string[]; wall: string[]; corrected: string[]; body: string[]; month: string[] } {
  return { id: [], kind: [], branch: [], device: [], seq: [], hlc: [], wall: [], corrected: [], body: [], month: [] };
}

/** A record of a month head office has detached and archived: kept as a dead letter, not stored twice. */
function archivedMonth(id: string, month: string): RejectedRecord {
  return { id, code: 'month_archived', message: `records of ${month.slice(0, 7)} are archived at head office (the month is detached); kept as a dead letter` };
}

/** Distinct sequence numbers as runs [lo, hi] of consecutive numbers: [7,1,2,3] -> [[1,3],[7,7]]. */
export function runsOf(seqs: readonly number[]): Array<[number, number]> {
  const sorted = [...new Set(seqs)].sort((a, b) => a - b);
  const runs: Array<[number, number]> = [];
  for (const s of sorted) {
    const last = runs[runs.length - 1];
    if (last && s === last[1] + 1) last[1] = s;
    else runs.push([s, s]);
  }
  return runs;
}
