import { mergeOps } from '../../../shared/sync/lww.js';
import type { DocOp } from '../../../shared/sync/lww.js';
import { DOC_OP, DocOpBody } from '../../../shared/sync/kinds.js';
import { MAX_RECORD_BODY_BYTES } from '../../../shared/sync/protocol.js';
import type { SyncRecord } from '../../../shared/sync/protocol.js';
import { decodeHlc, HybridClock } from '../../../shared/time/hlc.js';
import { BusinessDocType } from '../../../shared/businessDay/records.js';
import type { DayRecord } from '../../../shared/businessDay/api.js';
import { Ticket } from '../../../shared/queue/ticket.js';
import { newId } from '../../../shared/ids.js';
import { QueueError } from '../../../shared/api/errors.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { storeRecords } from '../../sync/recordStore.js';
import { createSerial } from '../queue/serial.js';

type Db = Pick<SqlDb, 'query'>;

/**
 * Every business-day op of one day that the hub holds (the counters' pushed ones and the lead's),
 * merged per document by HLC (shared/sync/lww.ts), oldest document first.
 */
export async function recordsOfDay(db: Db, branchId: string, day: string): Promise<DayRecord[]> {
  const { rows } = await db.query<{ body: unknown }>(
    `select body from sync_records
     where kind = 'doc.op' and branch_id = $1
       and body->>'docType' = any($2::text[])
       and (body->>'docId' = $3 or body->>'docId' like $4)`,
    [branchId, BusinessDocType.options, day, `${day}.%`],
  );
  const byDoc = new Map<string, DocOp[]>();
  for (const row of rows) {
    // Bodies were checked on the way in; one that no longer parses is skipped, not fatal.
    const op = DocOpBody.safeParse(row.body);
    if (!op.success) continue;
    const key = `${op.data.docType}/${op.data.docId}`;
    byDoc.set(key, [...(byDoc.get(key) ?? []), op.data]);
  }
  const out: DayRecord[] = [];
  for (const ops of byDoc.values()) {
    const merged = mergeOps(ops);
    const last = merged.history[merged.history.length - 1]!;
    out.push({
      docType: BusinessDocType.parse(merged.docType),
      docId: merged.docId!,
      fields: merged.fields,
      updatedAt: new Date(decodeHlc(last.hlc).wallMs).toISOString(),
      authors: [...new Set(merged.history.map((o) => o.author))],
      ops: merged.history.length,
    });
  }
  return out.sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : a.docId < b.docId ? -1 : 1));
}

/** The tickets of one business day as the hub stored them (their last state). */
export async function ticketsOfDay(db: Db, day: string): Promise<Ticket[]> {
  const { rows } = await db.query<{ doc: unknown }>('select doc from tickets where business_day = $1', [day]);
  return rows.flatMap((r) => {
    const t = Ticket.safeParse(r.doc);
    return t.success ? [t.data] : [];
  });
}

/**
 * The rating outcomes of one day, from the ratings capability's table on this hub
 * (server/hub/ratings), or null when this hub keeps no ratings.
 */
export async function ratingsOfDay(db: Db, day: string): Promise<Array<{ scaleId: string; status: 'rated' | 'not_rated'; value: number | null }> | null> {
  const { rows: found } = await db.query<{ present: boolean }>("select to_regclass('rating_services') is not null as present");
  if (!found[0]?.present) return null;
  const { rows } = await db.query<{ scale_id: string; status: 'rated' | 'not_rated'; value: number | string | null }>(
    "select scale_id, status, value from rating_services where business_day = $1 and status in ('rated', 'not_rated')",
    [day],
  );
  return rows.map((r) => ({ scaleId: r.scale_id, status: r.status, value: r.value === null ? null : Number(r.value) }));
}

/**
 * Writes what the lead's screen submits as doc.op records of a device of its own
 * (`<hub device id>-lead`), stored in the hub's sync store like a counter's pushed records, so
 * the relay carries them to head office with everything else. The lead's screen is a page
 * on the hub's LAN with no database of its own; the hub's database is where its records are
 * first kept.
 *
 * Writes run one at a time: the next device sequence is read from what is stored, so a failed
 * write leaves no gap and two writes never share a number.
 */
export class LeadDocWriter {
  private readonly serial = createSerial();
  readonly deviceId: string;

  constructor(
    private readonly db: SqlDb,
    hubDeviceId: string,
    private readonly branchId: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.deviceId = `${hubDeviceId}-lead`.slice(0, 64);
  }

  /** One op per field, in one stored batch; returns the record ids. */
  write(docType: BusinessDocType, docId: string, fields: Record<string, unknown>, author: string): Promise<string[]> {
    return this.serial(async () => {
      const { rows } = await this.db.query<{ seq: number | string | null; hlc: string | null; doc_hlc: string | null }>(
        `select (select max(device_seq) from sync_records where kind = 'doc.op' and device_id = $1) as seq,
                (select max(hlc) from sync_records where kind = 'doc.op' and device_id = $1) as hlc,
                (select max(body->>'hlc') from sync_records where kind = 'doc.op' and body->>'docType' = $2 and body->>'docId' = $3) as doc_hlc`,
        [this.deviceId, docType, docId],
      );
      const now = this.now();
      const clock = new HybridClock(this.deviceId, () => now.getTime(), rows[0]?.hlc ?? undefined);
      // A correction sorts after every op of the document already here, whatever the clocks say.
      if (rows[0]?.doc_hlc) clock.receive(rows[0].doc_hlc);
      let seq = Number(rows[0]?.seq ?? 0);
      const records: SyncRecord[] = Object.entries(fields).map(([field, value]) => {
        const hlc = clock.tick();
        return {
          id: newId(),
          kind: DOC_OP,
          branchId: this.branchId,
          deviceId: this.deviceId,
          deviceSeq: ++seq,
          hlc,
          wallAt: now.toISOString(),
          body: DocOpBody.parse({ docType, docId, field, value, hlc, author }),
        };
      });
      if (records.length === 0) return [];
      // All or nothing: a field too large for one record refuses the whole submission.
      const tooLarge = records.find((r) => Buffer.byteLength(JSON.stringify(r.body), 'utf8') > MAX_RECORD_BODY_BYTES);
      if (tooLarge) throw new QueueError('payload_too_large', `the field "${String(tooLarge.body.field)}" is larger than one record may be`);
      const result = await storeRecords(this.db, this.deviceId, records, now, now);
      // Bodies are checked by the record's schema before this; a refusal here is a size or text limit.
      if (result.rejected.length > 0) throw new QueueError('bad_request', `record refused: ${result.rejected[0]!.message}`);
      return result.acked;
    });
  }
}
