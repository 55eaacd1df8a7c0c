import { newId } from '../../shared/ids.js';
import { recordBytes } from '../../shared/sync/drain.js';
import { DOC_OP, DocOpBody } from '../../shared/sync/kinds.js';
import { mergeOps } from '../../shared/sync/lww.js';
import type { DocOp, MergedDoc } from '../../shared/sync/lww.js';
import { HybridClock } from '../../shared/time/hlc.js';
import type { BusinessDocType } from '../../shared/businessDay/records.js';
import { META } from '../device/db.js';
import type { CounterDb, LocalSyncRecord, MetaRow } from '../device/db.js';

/**
 * The counter's business-day records (opening checklist, handover) on its own device first:
 * one doc.op record per field, each with its outbox row, and the document's ops kept under
 * one meta key, all in ONE Dexie transaction, so a record the teller submitted survives a
 * reload, a closed window or a hub that is down, and then syncs like every other record.
 *
 * The document is kept in `meta` (key `bizdoc:<docId>#<docType>`, value: its ops) because meta is
 * keyed by a string the day's documents share as a prefix, and because it needs no new table
 * (no schema upgrade of the counter's database).
 */
const PREFIX = 'bizdoc:';

export function docKey(docType: BusinessDocType, docId: string): string {
  return `${PREFIX}${docId}#${docType}`;
}

interface StoredDoc {
  docType: BusinessDocType;
  docId: string;
  ops: DocOp[];
}

function isStoredDoc(value: unknown): value is StoredDoc {
  return typeof value === 'object' && value !== null && Array.isArray((value as StoredDoc).ops) && typeof (value as StoredDoc).docId === 'string';
}

/**
 * Writes one op per field (same stamping as recordEvent in renderer/device/db.ts: the next
 * deviceSeq and an HLC from the clock in meta, saved in the same transaction). Returns the
 * document merged with what was there before.
 */
export async function writeBusinessDoc(
  db: CounterDb,
  docType: BusinessDocType,
  docId: string,
  fields: Record<string, unknown>,
  author: string,
  now = new Date(),
): Promise<MergedDoc> {
  const key = docKey(docType, docId);
  return db.transaction('rw', [db.records, db.outbox, db.meta], async () => {
    const [idRow, seqRow, hlcRow, enrolRow, docRow] = await db.meta.bulkGet([META.deviceId, META.deviceSeq, META.hlc, META.enrolment, key]);
    const knownId = typeof idRow?.value === 'string' ? idRow.value : null;
    const deviceId = knownId ?? newId();
    const clock = new HybridClock(deviceId, () => now.getTime(), hlcRow?.value as string | undefined);
    const branchId = (enrolRow?.value as { branchId?: string } | undefined)?.branchId ?? null;
    let deviceSeq = (seqRow?.value as number | undefined) ?? 0;
    const at = now.toISOString();
    const ops: DocOp[] = [];
    const records: LocalSyncRecord[] = [];
    for (const [field, value] of Object.entries(fields)) {
      const hlc = clock.tick();
      const op = DocOpBody.parse({ docType, docId, field, value, hlc, author });
      ops.push(op);
      records.push({ id: newId(), kind: DOC_OP, branchId, deviceId, deviceSeq: ++deviceSeq, hlc, wallAt: at, body: op });
    }
    const previous = isStoredDoc(docRow?.value) ? docRow.value.ops : [];
    const doc: StoredDoc = { docType, docId, ops: [...previous, ...ops] };
    const meta: MetaRow[] = [
      ...(knownId ? [] : [{ key: META.deviceId, value: deviceId }]),
      { key: META.deviceSeq, value: deviceSeq },
      { key: META.hlc, value: clock.current() },
      { key, value: doc },
    ];
    await Promise.all([
      db.records.bulkAdd(records),
      db.outbox.bulkAdd(records.map((r) => ({ id: newId(), eventId: r.id, createdAt: at, attempts: 0, deviceSeq: r.deviceSeq, bytes: recordBytes(r) }))),
      db.meta.bulkPut(meta),
    ]);
    return mergeOps(doc.ops);
  });
}

/** One document as this counter has it, merged; null when it has none. */
export async function readBusinessDoc(db: CounterDb, docType: BusinessDocType, docId: string): Promise<MergedDoc | null> {
  const row = await db.meta.get(docKey(docType, docId));
  return isStoredDoc(row?.value) && row.value.ops.length > 0 ? mergeOps(row.value.ops) : null;
}

/** Every business-day document of one day on this counter, merged. */
export async function businessDocsOfDay(db: CounterDb, day: string): Promise<MergedDoc[]> {
  const rows = await db.meta.where('key').startsWith(`${PREFIX}${day}`).toArray();
  return rows.flatMap((r) => (isStoredDoc(r.value) && r.value.ops.length > 0 ? [mergeOps(r.value.ops)] : []));
}
