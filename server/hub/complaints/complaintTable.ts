import { AWAITING_ANSWER_STATUSES, remainingDays } from '../../../shared/complaints/api.js';
import type { ComplaintListItem, ComplaintView } from '../../../shared/complaints/api.js';
import { COMPLAINT_DOC_TYPE, countsAgainstTeller, fromFields, isOpen, mergeComplaintOps, withMaskedPhone } from '../../../shared/complaints/index.js';
import type { Complaint } from '../../../shared/complaints/index.js';
import { QueueError } from '../../../shared/api/errors.js';
import { endOfLocalDay, startOfLocalDay } from '../../../shared/complaints/calendar.js';
import { DOC_OP, DocOpBody } from '../../../shared/sync/kinds.js';
import type { DocOp, MergedDoc } from '../../../shared/sync/lww.js';
import type { SqlTx } from '../../db/sqlDb.js';

/**
 * The merged complaint log as a table, one row per complaint document: the hub's `complaints`
 * and head office's `hq_complaints` (every branch) have the same shape. A row is the merge of
 * every `doc.op` of the document held in `sync_records` (the source of truth), rewritten in the
 * transaction that stored new ops (the hub's own steps) or by the projection that follows the
 * records devices and hubs pushed (projection.ts). The row keeps what the log filters and sorts
 * on, the merge's flags, the complaint with its phone masked (`view`: what lists send) and the
 * number itself apart (`phone`: read only to reveal it, audited).
 */
export type ComplaintTable = 'complaints' | 'hq_complaints';

type Queryable = Pick<SqlTx, 'query'>;

/** The table and its indexes: one per filter of the log, each in the list's order (received, newest first). */
export function complaintTableSql(t: ComplaintTable): string {
  const order = 'received_at desc, id desc';
  const perBranch =
    t === 'hq_complaints'
      ? `create index ${t}_branch on ${t} (branch_id, ${order});
         create index ${t}_branch_awaiting on ${t} (branch_id, ${order}) where awaiting_answer;`
      : '';
  return `
    create table ${t} (
      branch_id text not null,
      id text not null,
      kind text not null,
      status text not null,
      is_open boolean not null,
      -- The answer is still owed (registered, accepted, investigating, reopened): overdue once answer_by has passed.
      awaiting_answer boolean not null,
      owner_id text not null,
      level text not null,
      subject_teller_id text,
      first_responder_id text not null,
      category text not null,
      channel text not null,
      received_at timestamptz not null,
      acknowledge_by timestamptz not null,
      answer_by timestamptz not null,
      real_name boolean not null,
      callback_required boolean not null,
      called_back boolean not null,
      counts_against boolean not null,
      window_number integer,
      ticket_number text,
      closed_at timestamptz,
      flagged boolean not null,
      flags jsonb not null,
      -- The complaint, its phone masked (shared/complaints/masking.ts).
      view jsonb not null,
      -- The whole number, for POST .../reveal-phone only.
      phone text,
      last_hlc text not null,
      op_count integer not null,
      primary key (branch_id, id)
    );
    create index ${t}_received on ${t} (${order});
    create index ${t}_status on ${t} (status, ${order});
    create index ${t}_owner on ${t} (owner_id, ${order});
    create index ${t}_subject on ${t} (subject_teller_id, ${order});
    create index ${t}_awaiting on ${t} (${order}) where awaiting_answer;
    create index ${t}_flagged on ${t} (${order}) where flagged;
    create index ${t}_reminders on ${t} (answer_by) where is_open;
    ${perBranch}
  `;
}

/**
 * The `doc.op` records of complaint documents, found by document: the merge reads every op of
 * one complaint (hub and head office).
 */
export const COMPLAINT_OPS_INDEX_SQL = `
  create index sync_records_complaint_doc on sync_records (branch_id, (body->>'docId'))
    where kind = '${DOC_OP}' and body->>'docType' = '${COMPLAINT_DOC_TYPE}';
`;

/** Every op of one complaint, as stored (any device), in store order. */
export async function loadComplaintOps(db: Queryable, branchId: string, docId: string): Promise<DocOp[]> {
  const { rows } = await db.query<{ body: unknown }>(
    `select body from sync_records
     where branch_id = $1 and kind = '${DOC_OP}' and body->>'docType' = '${COMPLAINT_DOC_TYPE}' and body->>'docId' = $2
     order by server_seq`,
    [branchId, docId],
  );
  return rows.flatMap((r) => {
    const op = DocOpBody.safeParse(r.body);
    return op.success ? [op.data] : [];
  });
}

export interface MergedComplaint {
  merged: MergedDoc;
  /** null while the document does not read as a whole complaint (an op not arrived yet). */
  complaint: Complaint | null;
}

/** Merges one complaint from its stored ops, without writing; null when it has no op here. */
export async function mergeStored(db: Queryable, branchId: string, docId: string): Promise<MergedComplaint | null> {
  const ops = await loadComplaintOps(db, branchId, docId);
  if (ops.length === 0) return null;
  const merged = mergeComplaintOps(ops);
  return { merged, complaint: fromFields(merged) };
}

/** Merges one complaint from its stored ops and writes its row; null when it has no op here. */
export async function refreshComplaint(tx: Queryable, t: ComplaintTable, branchId: string, docId: string): Promise<MergedComplaint | null> {
  const ops = await loadComplaintOps(tx, branchId, docId);
  if (ops.length === 0) return null;
  const merged = mergeComplaintOps(ops);
  const complaint = fromFields(merged);
  // A half-arrived document gets its row when its last op arrives (fromFields refuses it whole).
  if (complaint) await upsertRow(tx, t, branchId, complaint, merged);
  return { merged, complaint };
}

async function upsertRow(tx: Queryable, t: ComplaintTable, branchId: string, c: Complaint, merged: MergedDoc): Promise<void> {
  const last = merged.history[merged.history.length - 1]!;
  await tx.query(
    `insert into ${t} (branch_id, id, kind, status, is_open, awaiting_answer, owner_id, level, subject_teller_id, first_responder_id,
       category, channel, received_at, acknowledge_by, answer_by, real_name, callback_required, called_back, counts_against,
       window_number, ticket_number, closed_at, flagged, flags, view, phone, last_hlc, op_count)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24::jsonb, $25::jsonb, $26, $27, $28)
     on conflict (branch_id, id) do update set
       kind = excluded.kind, status = excluded.status, is_open = excluded.is_open, awaiting_answer = excluded.awaiting_answer,
       owner_id = excluded.owner_id, level = excluded.level, subject_teller_id = excluded.subject_teller_id,
       first_responder_id = excluded.first_responder_id, category = excluded.category, channel = excluded.channel,
       received_at = excluded.received_at, acknowledge_by = excluded.acknowledge_by, answer_by = excluded.answer_by,
       real_name = excluded.real_name, callback_required = excluded.callback_required, called_back = excluded.called_back,
       counts_against = excluded.counts_against, window_number = excluded.window_number, ticket_number = excluded.ticket_number,
       closed_at = excluded.closed_at, flagged = excluded.flagged, flags = excluded.flags, view = excluded.view, phone = excluded.phone,
       last_hlc = excluded.last_hlc, op_count = excluded.op_count`,
    [
      branchId,
      c.id,
      c.kind,
      c.status,
      isOpen(c.status),
      AWAITING_ANSWER_STATUSES.includes(c.status),
      c.ownerId,
      c.level,
      c.subjectTellerId,
      c.firstResponderId,
      c.category,
      c.channel,
      c.receivedAt,
      c.deadlines.acknowledgeBy,
      c.deadlines.answerBy,
      c.complainant.realName,
      c.callbackRequired,
      c.callback !== null,
      countsAgainstTeller(c),
      c.service?.window ?? null,
      c.service?.ticketNumber ?? null,
      c.closedAt,
      merged.flags.length > 0,
      JSON.stringify(merged.flags),
      JSON.stringify(withMaskedPhone(c)),
      c.complainant.phone,
      last.hlc,
      merged.history.length,
    ],
  );
}

// ---- Reading the log -----------------------------------------------------------------------------

export interface LogFilter {
  branch?: string;
  statuses?: readonly string[];
  overdue?: boolean;
  flagged?: boolean;
  owner?: string;
  teller?: string;
  /** Never one about this person (a teller's own list). */
  notAbout?: string;
  category?: string;
  channel?: string;
  kind?: string;
  /** Received at or after / before (instants). */
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

export interface LogPage {
  complaints: ComplaintListItem[];
  nextCursor: string | null;
}

/** A day of the branch (YYYY-MM-DD) or an instant, as the instant a range starts or ends at. */
export function rangeBound(value: string, timezone: string, end: boolean): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(value).toISOString();
  return (end ? endOfLocalDay(value, timezone) : startOfLocalDay(value, timezone)).toISOString();
}

function encodeCursor(receivedAt: string, id: string): string {
  return Buffer.from(JSON.stringify([receivedAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && !Number.isNaN(Date.parse(v[0])) && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    // falls through
  }
  throw new QueueError('bad_request', 'the cursor is not one this list gave out');
}

interface ListRow {
  view: unknown;
  flags: string[];
  received_at: Date | string;
  id: string;
  overdue: boolean;
}

/**
 * One page of the log, newest received first, from the row after `cursor` (keyset: a complaint
 * registered meanwhile never shifts a page). Every filter is a bound parameter.
 */
export async function listComplaints(db: Queryable, t: ComplaintTable, f: LogFilter, now: Date): Promise<LogPage> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  params.push(now.toISOString());
  const nowP = '$1::timestamptz';
  if (f.branch !== undefined) add((p) => `branch_id = ${p}`, f.branch);
  if (f.statuses !== undefined) add((p) => `status = any(${p}::text[])`, f.statuses);
  if (f.overdue === true) where.push(`awaiting_answer and answer_by <= ${nowP}`);
  if (f.overdue === false) where.push(`not (awaiting_answer and answer_by <= ${nowP})`);
  if (f.flagged !== undefined) where.push(f.flagged ? 'flagged' : 'not flagged');
  if (f.owner !== undefined) add((p) => `owner_id = ${p}`, f.owner);
  if (f.teller !== undefined) add((p) => `subject_teller_id = ${p}`, f.teller);
  if (f.notAbout !== undefined) add((p) => `subject_teller_id is distinct from ${p}`, f.notAbout);
  if (f.category !== undefined) add((p) => `category = ${p}`, f.category);
  if (f.channel !== undefined) add((p) => `channel = ${p}`, f.channel);
  if (f.kind !== undefined) add((p) => `kind = ${p}`, f.kind);
  if (f.from !== undefined) add((p) => `received_at >= ${p}::timestamptz`, f.from);
  if (f.to !== undefined) add((p) => `received_at < ${p}::timestamptz`, f.to);
  if (f.cursor !== undefined) {
    const [at, id] = decodeCursor(f.cursor);
    params.push(at, id);
    where.push(`(received_at, id) < ($${params.length - 1}::timestamptz, $${params.length})`);
  }
  params.push(f.limit + 1);
  const { rows } = await db.query<ListRow>(
    `select view, flags, received_at, id, (awaiting_answer and answer_by <= ${nowP}) as overdue
     from ${t}
     ${where.length > 0 ? `where ${where.join(' and ')}` : ''}
     order by received_at desc, id desc
     limit $${params.length}`,
    params,
  );
  const page = rows.slice(0, f.limit);
  const complaints = page.map((r): ComplaintListItem => {
    // Written by upsertRow from a parsed complaint: read back as it was written.
    const view = r.view as ComplaintView;
    return { ...view, flags: r.flags, overdue: r.overdue, remainingDays: remainingDays(view, now) };
  });
  const last = page[page.length - 1];
  return { complaints, nextCursor: rows.length > f.limit && last ? encodeCursor(new Date(last.received_at).toISOString(), last.id) : null };
}
