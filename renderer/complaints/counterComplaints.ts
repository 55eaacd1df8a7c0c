import type { z } from 'zod';
import { COMPLAINT_DOC_TYPE, complaintOps, fromFields, mergeComplaintOps, registerComplaint, applyCommand } from '../../shared/complaints/index.js';
import type { Complaint, ComplaintActor, ComplaintCommand, ComplaintPolicy, ComplaintRefusal, LinkedService, RegisterComplaint } from '../../shared/complaints/index.js';
import { newId } from '../../shared/ids.js';
import { recordBytes } from '../../shared/sync/drain.js';
import { DOC_OP, DocOpBody } from '../../shared/sync/kinds.js';
import type { DocOp, MergedDoc } from '../../shared/sync/lww.js';
import { HybridClock } from '../../shared/time/hlc.js';
import type { Ticket } from '../../shared/queue/ticket.js';
import { META } from '../device/db.js';
import type { CounterDb, LocalSyncRecord, MetaRow } from '../device/db.js';

/**
 * The counter's complaints, on its own device first (issue 13): a registration and every later
 * step taken at the window are decided by the domain (shared/complaints/workflow.ts) against the
 * complaint as this counter has it, and written as the document's `doc.op` records — one per
 * changed field, `lastStep` among them — each with its outbox row, all in ONE Dexie transaction.
 * So a complaint registered with the hub down is on the counter's disk at once and reaches the
 * hub (and head office) with the next sync push, like every other record; nothing is sent
 * directly. The same path is used when the hub is up: one path, always durable.
 *
 * Each complaint's ops are kept in `meta` under `complaint:<day>:<id>` (day: the branch's
 * calendar day of the registration), like the business-day documents (counterDocs.ts): the day
 * prefix lists "today's complaints" without a new table or a schema upgrade.
 */
const PREFIX = 'complaint:';

export function complaintKey(day: string, id: string): string {
  return `${PREFIX}${day}:${id}`;
}

interface StoredComplaint {
  docId: string;
  day: string;
  ops: DocOp[];
}

function isStored(value: unknown): value is StoredComplaint {
  return typeof value === 'object' && value !== null && Array.isArray((value as StoredComplaint).ops) && typeof (value as StoredComplaint).docId === 'string';
}

/** One complaint as this counter holds it: the merged document (flags included) and the complaint it reads as. */
export interface LocalComplaint {
  key: string;
  day: string;
  id: string;
  doc: MergedDoc;
  /** null while the document does not read as a whole complaint (never for one written here). */
  complaint: Complaint | null;
}

function toLocal(key: string, stored: StoredComplaint): LocalComplaint {
  const doc = mergeComplaintOps(stored.ops);
  return { key, day: stored.day, id: stored.docId, doc, complaint: fromFields(doc) };
}

export type StepOutcome = { ok: true; complaint: Complaint; local: LocalComplaint } | ComplaintRefusal;

/**
 * Decides a step against the stored complaint (or `base`, a newer copy from the hub) and writes
 * its ops. A refusal writes nothing. Same stamping as recordEvent (renderer/device/db.ts): the
 * next deviceSeq and HLCs from the clock in meta, saved in the same transaction.
 */
async function writeStep(
  db: CounterDb,
  key: string,
  day: string,
  decide: (before: Complaint | null) => ReturnType<typeof applyCommand>,
  base: Complaint | null,
  now: Date,
): Promise<StepOutcome> {
  return db.transaction('rw', [db.records, db.outbox, db.meta], async () => {
    const [idRow, seqRow, hlcRow, enrolRow, docRow] = await db.meta.bulkGet([META.deviceId, META.deviceSeq, META.hlc, META.enrolment, key]);
    const previous: StoredComplaint | null = isStored(docRow?.value) ? docRow.value : null;
    const local = previous && previous.ops.length > 0 ? fromFields(mergeComplaintOps(previous.ops)) : null;
    // The hub's copy, when it has seen steps this counter has not (a lead's), is what the step follows.
    const before = base !== null && (local === null || base.lastStep.seq > local.lastStep.seq) ? base : local;
    const decided = decide(before);
    if (!decided.ok) return decided;
    const knownId = typeof idRow?.value === 'string' ? idRow.value : null;
    const deviceId = knownId ?? newId();
    const clock = new HybridClock(deviceId, () => now.getTime(), hlcRow?.value as string | undefined);
    const branchId = (enrolRow?.value as { branchId?: string } | undefined)?.branchId ?? null;
    let deviceSeq = (seqRow?.value as number | undefined) ?? 0;
    const at = now.toISOString();
    const ops = complaintOps(before, decided.complaint, () => clock.tick(), deviceId).map((op) => DocOpBody.parse(op));
    const records: LocalSyncRecord[] = ops.map((op) => ({ id: newId(), kind: DOC_OP, branchId, deviceId, deviceSeq: ++deviceSeq, hlc: op.hlc, wallAt: at, body: op }));
    const stored: StoredComplaint = { docId: decided.complaint.id, day: previous?.day ?? day, ops: [...(previous?.ops ?? []), ...ops] };
    const meta: MetaRow[] = [
      ...(knownId ? [] : [{ key: META.deviceId, value: deviceId }]),
      { key: META.deviceSeq, value: deviceSeq },
      { key: META.hlc, value: clock.current() },
      { key, value: stored },
    ];
    await Promise.all([
      db.records.bulkAdd(records),
      db.outbox.bulkAdd(records.map((r) => ({ id: newId(), eventId: r.id, createdAt: at, attempts: 0, deviceSeq: r.deviceSeq, bytes: recordBytes(r) }))),
      db.meta.bulkPut(meta),
    ]);
    return { ok: true, complaint: decided.complaint, local: toLocal(key, stored) };
  });
}

/** What the counter's register form gives: the command without the parts the counter knows itself. */
export type CounterRegistration = Omit<z.input<typeof RegisterComplaint>, 'type' | 'channel'>;

/**
 * Registers a complaint at the window (channel 'counter'), the teller signed in as registrar:
 * decided by registerComplaint and written locally; refusals (e.g. a complaint about the
 * teller without the duty lead to take it) write nothing.
 */
export function registerAtCounter(db: CounterDb, registration: CounterRegistration, teller: ComplaintActor, day: string, policy: ComplaintPolicy, now = new Date()): Promise<StepOutcome> {
  const command: z.input<typeof RegisterComplaint> = { ...registration, type: 'register', channel: 'counter' };
  return writeStep(db, complaintKey(day, registration.id), day, () => registerComplaint(command, teller, now, policy), null, now);
}

/** A later step at the window on a complaint this counter holds (`base`: the hub's newer copy, if any). */
export async function stepAtCounter(
  db: CounterDb,
  item: Pick<LocalComplaint, 'key' | 'day'>,
  command: z.input<typeof ComplaintCommand>,
  actor: ComplaintActor,
  policy: ComplaintPolicy,
  base: Complaint | null = null,
  now = new Date(),
): Promise<StepOutcome> {
  return writeStep(
    db,
    item.key,
    item.day,
    (before) => (before === null ? { ok: false, reason: 'invalid_command', issues: ['the complaint is not on this counter'] } : applyCommand(before, command, actor, now, policy)),
    base,
    now,
  );
}

/** The complaints this counter registered on the branch's calendar day `day`, oldest first. */
export async function complaintsOfDay(db: CounterDb, day: string): Promise<LocalComplaint[]> {
  const rows = await db.meta.where('key').startsWith(`${PREFIX}${day}:`).toArray();
  return rows
    .flatMap((r) => (isStored(r.value) && r.value.ops.length > 0 ? [toLocal(r.key, r.value)] : []))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The ids of complaint records still waiting in this counter's outbox (not yet at the hub). */
export async function unsyncedComplaintIds(db: CounterDb): Promise<Set<string>> {
  return db.transaction('r', [db.outbox, db.records], async () => {
    const rows = await db.outbox.toArray();
    const records = await db.records.bulkGet(rows.map((r) => r.eventId));
    const out = new Set<string>();
    for (const r of records) {
      if (r?.kind === DOC_OP && (r.body as DocOpBody).docType === COMPLAINT_DOC_TYPE) out.add((r.body as DocOpBody).docId);
    }
    return out;
  });
}

/**
 * The service to link a complaint to: the ticket the window is on (`current`), else the last
 * ticket this window acted on since `since` (the teller's own log: right after a service it is
 * the one just finished, also when the hub is down). With its recording when the counter has one.
 */
export async function lastServiceOf(db: CounterDb, since: Date, tellerId: string, current: Pick<Ticket, 'id' | 'number'> | null): Promise<LinkedService | null> {
  let ticket: { id: string; number: string } | null = current ? { id: current.id, number: current.number } : null;
  if (ticket === null) {
    const commands = await db.events
      .where('type')
      .equals('teller.command')
      .filter((e) => e.type === 'teller.command' && e.at >= since.toISOString() && typeof e.payload.ticketId === 'string' && typeof e.payload.number === 'string')
      .toArray();
    const last = commands.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1)).at(-1);
    if (last?.type === 'teller.command' && last.payload.ticketId && last.payload.number) ticket = { id: last.payload.ticketId, number: last.payload.number };
  }
  if (ticket === null) return null;
  const found = ticket;
  const recordings = await db.recordings
    .where('ticketNumber')
    .equals(found.number)
    .filter((r) => r.ticketId === found.id)
    .toArray();
  const recording = recordings.sort((a, b) => (a.startedAt < b.startedAt ? -1 : 1)).at(-1);
  return { ticketId: found.id, ticketNumber: found.number, window: db.counter, tellerId, recordingId: recording?.id ?? null, ratingId: null };
}
