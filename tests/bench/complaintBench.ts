import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { BANK_COMPLAINT_POLICY, registerComplaint, withMaskedPhone } from '../../shared/complaints/index.js';
import type { Complaint, ComplaintStatus } from '../../shared/complaints/index.js';
import { AWAITING_ANSWER_STATUSES } from '../../shared/complaints/api.js';
import { openSqlDb } from '../../server/db/sqlDb.js';
import type { SqlDb } from '../../server/db/sqlDb.js';
import { listComplaints } from '../../server/hub/complaints/complaintTable.js';
import type { ComplaintTable, LogFilter } from '../../server/hub/complaints/complaintTable.js';
import { complaintMigrations } from '../../server/hub/complaints/migrations.js';
import { hqMigrations } from '../../server/hq/migrations.js';
import { syncMigrations } from '../../server/sync/migrations.js';
import { freshPgliteDir } from '../support/pgliteDataDir.js';
import { ms, percentile } from './stats.js';

/**
 * The complaint log's first page with filters (issue 13): 5,000 complaints at a branch hub
 * (PGlite; target < 100 ms) and 100,000 at head office (PGlite, and PostgreSQL when
 * GUICHET_TEST_DATABASE_URL or DATABASE_URL is set; target < 300 ms). The tables are seeded
 * directly with bulk inserts; each query is the list the API runs (listComplaints: the SQL and
 * the rows' mapping), HTTP aside. Figures only, nothing passes or fails on time.
 */

const NOW = Date.UTC(2026, 5, 15, 2, 0, 0);
const RUNS = 200;
const WARMUP = 20;
const TELLERS = ['s-1001', 's-1002', 's-1003', 's-1004', 's-1005', 's-1006', 's-1007', 's-1008'];
const OWNERS = [...TELLERS, 's-9001', 's-9003'];
const CATEGORIES = ['attitude', 'waiting', 'error', 'policy', 'environment', 'other'] as const;
const CHANNELS = ['counter', 'phone', 'letter', 'lobby', 'media', 'referred'] as const;
/** Most complaints are closed; about a third are still being handled. */
const STATUS_MIX: ComplaintStatus[] = [
  ...Array<ComplaintStatus>(12).fill('closed'),
  'registered',
  'accepted',
  'investigating',
  'investigating',
  'investigating',
  'answered',
  'callback_done',
  'withdrawn',
  'reopened',
];

function base(): Complaint {
  const r = registerComplaint(
    {
      type: 'register',
      id: 'bench',
      branchId: 'bench',
      timezone: 'Asia/Shanghai',
      channel: 'phone',
      complainant: { name: '王女士', phone: '13812345678', realName: true },
      category: 'attitude',
      facts: '柜员办理业务时不耐烦，没有解释手续费。',
      request: '要求道歉并解释收费。',
    },
    { staffId: 's-9001', role: 'lead' },
    new Date(NOW),
    BANK_COMPLAINT_POLICY,
  );
  if (!r.ok) throw new Error(r.reason);
  return r.complaint;
}

/** Complaint i of a log of `total`, received over the last year (spread evenly), of `branches` branches. */
function row(template: Complaint, i: number, total: number, branches: number): Record<string, unknown> {
  const received = NOW - Math.floor((i * 365 * 86_400_000) / total) - 60_000;
  const status = STATUS_MIX[(i * 13) % STATUS_MIX.length]!;
  const owner = OWNERS[i % OWNERS.length]!;
  const subject = i % 5 === 0 ? null : TELLERS[(i * 3) % TELLERS.length]!;
  const kind = i % 5 === 1 ? 'dissatisfied_rating' : 'complaint';
  const answerBy = new Date(received + 15 * 86_400_000).toISOString();
  const c: Complaint = {
    ...template,
    id: `C${String(i).padStart(9, '0')}`,
    branchId: `b-${String(i % branches).padStart(3, '0')}`,
    kind,
    status,
    ownerId: owner,
    subjectTellerId: subject,
    category: CATEGORIES[i % CATEGORIES.length]!,
    channel: CHANNELS[(i >> 1) % CHANNELS.length]!,
    receivedAt: new Date(received).toISOString(),
    deadlines: { ...template.deadlines, startedAt: new Date(received).toISOString(), answerBy },
  };
  return {
    branch_id: c.branchId,
    id: c.id,
    kind,
    status,
    is_open: !['closed', 'withdrawn'].includes(status),
    awaiting_answer: AWAITING_ANSWER_STATUSES.includes(status),
    owner_id: owner,
    level: c.level,
    subject_teller_id: subject,
    first_responder_id: owner,
    category: c.category,
    channel: c.channel,
    received_at: c.receivedAt,
    acknowledge_by: c.deadlines.acknowledgeBy,
    answer_by: answerBy,
    real_name: true,
    callback_required: true,
    called_back: status === 'closed' || status === 'callback_done',
    counts_against: true,
    flagged: i % 100 === 0,
    flags: i % 100 === 0 ? ['closed_while_escalated: bench'] : [],
    view: withMaskedPhone(c),
    phone: '13812345678',
    last_hlc: `${String(received).padStart(15, '0')}:00000:bench`,
    op_count: 40,
  };
}

async function seed(db: SqlDb, t: ComplaintTable, total: number, branches: number): Promise<number> {
  const template = base();
  const started = performance.now();
  const CHUNK = 2000;
  for (let at = 0; at < total; at += CHUNK) {
    const rows = [];
    for (let i = at; i < Math.min(total, at + CHUNK); i++) rows.push(row(template, i, total, branches));
    await db.query(
      `insert into ${t} (branch_id, id, kind, status, is_open, awaiting_answer, owner_id, level, subject_teller_id, first_responder_id, category, channel,
         received_at, acknowledge_by, answer_by, real_name, callback_required, called_back, counts_against, flagged, flags, view, phone, last_hlc, op_count)
       select branch_id, id, kind, status, is_open, awaiting_answer, owner_id, level, subject_teller_id, first_responder_id, category, channel,
         received_at, acknowledge_by, answer_by, real_name, callback_required, called_back, counts_against, flagged, flags, view, phone, last_hlc, op_count
       from jsonb_to_recordset($1::jsonb) as x(branch_id text, id text, kind text, status text, is_open boolean, awaiting_answer boolean, owner_id text,
         level text, subject_teller_id text, first_responder_id text, category text, channel text, received_at timestamptz, acknowledge_by timestamptz,
         answer_by timestamptz, real_name boolean, callback_required boolean, called_back boolean, counts_against boolean, flagged boolean, flags jsonb,
         view jsonb, phone text, last_hlc text, op_count int)`,
      [JSON.stringify(rows)],
    );
  }
  await db.query(`analyze ${t}`);
  return performance.now() - started;
}

const gc = (globalThis as { gc?: () => void }).gc;

async function time(db: SqlDb, t: ComplaintTable, f: Omit<LogFilter, 'limit'>): Promise<{ p50: number; p99: number; rows: number }> {
  const run = () => listComplaints(db, t, { ...f, limit: 50 }, new Date(NOW));
  // What seeding or the case before left behind is collected now, not inside this case's sample.
  gc?.();
  let rows = 0;
  for (let i = 0; i < WARMUP; i++) rows = (await run()).complaints.length;
  const sample: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    await run();
    sample.push(performance.now() - s);
  }
  return { p50: percentile(sample, 50), p99: percentile(sample, 99), rows };
}

async function report(db: SqlDb, t: ComplaintTable, cases: Array<[string, Omit<LogFilter, 'limit'>]>, target: number): Promise<string[]> {
  const out: string[] = [];
  let worst = 0;
  for (const [name, f] of cases) {
    const r = await time(db, t, f);
    worst = Math.max(worst, r.p99);
    out.push(`  ${name.padEnd(44)} p50 ${ms(r.p50).padStart(10)}  p99 ${ms(r.p99).padStart(10)}  (${r.rows} rows)`);
  }
  out.push(`  worst p99 ${ms(worst)} (target < ${target} ms): ${worst < target ? 'within' : 'OVER'} target`);
  return out;
}

const HUB_CASES: Array<[string, Omit<LogFilter, 'limit'>]> = [
  ['no filter', {}],
  ['status=investigating', { statuses: ['investigating'] }],
  ['status=registered,accepted,reopened', { statuses: ['registered', 'accepted', 'reopened'] }],
  ['overdue=true', { overdue: true }],
  ['flagged=true', { flagged: true }],
  ['owner=s-1003', { owner: 's-1003' }],
  ['teller=s-1002&category=waiting', { teller: 's-1002', category: 'waiting' }],
  ['channel=phone&from..to (one month)', { channel: 'phone', from: new Date(NOW - 60 * 86_400_000).toISOString(), to: new Date(NOW - 30 * 86_400_000).toISOString() }],
  ['kind=dissatisfied_rating&status=closed', { kind: 'dissatisfied_rating', statuses: ['closed'] }],
  ["a counter's own list (owner, not about them)", { owner: 's-1004', notAbout: 's-1004' }],
  ['second page (cursor)', { cursor: Buffer.from(JSON.stringify([new Date(NOW - 30 * 86_400_000).toISOString(), 'C'])).toString('base64url') }],
];

const HQ_CASES: Array<[string, Omit<LogFilter, 'limit'>]> = [
  ['no filter', {}],
  ['overdue=true', { overdue: true }],
  ['branch=b-007', { branch: 'b-007' }],
  ['branch=b-007&overdue=true', { branch: 'b-007', overdue: true }],
  ['status=investigating', { statuses: ['investigating'] }],
  ['branch=b-011&status=closed', { branch: 'b-011', statuses: ['closed'] }],
  ['kind=dissatisfied_rating&overdue=true', { kind: 'dissatisfied_rating', overdue: true }],
  ['flagged=true', { flagged: true }],
];

export async function complaintListHub(total: number): Promise<string[]> {
  const db = await openSqlDb({ dataDir: await freshPgliteDir(), settings: ['shared_buffers=32MB'] }, [...syncMigrations, ...complaintMigrations]);
  try {
    const seeded = await seed(db, 'complaints', total, 1);
    const statuses = await db.query<{ status: string; n: string | number }>('select status, count(*) as n from complaints group by status order by status');
    return [
      `branch hub (PGlite): ${total} complaints seeded in ${(seeded / 1000).toFixed(1)} s (${statuses.rows.map((r) => `${r.status} ${r.n}`).join(', ')}); first page of 50, ${RUNS} runs each:`,
      ...(await report(db, 'complaints', HUB_CASES, 100)),
    ];
  } finally {
    await db.close();
  }
}

export async function complaintListHq(total: number): Promise<string[]> {
  const db = await openSqlDb({ dataDir: await freshPgliteDir() }, hqMigrations);
  try {
    const seeded = await seed(db, 'hq_complaints', total, 40);
    return [`head office (PGlite): ${total} complaints of 40 branches seeded in ${(seeded / 1000).toFixed(1)} s; first page of 50, ${RUNS} runs each:`, ...(await report(db, 'hq_complaints', HQ_CASES, 300))];
  } finally {
    await db.close();
  }
}

export async function complaintListHqPostgres(total: number): Promise<string[]> {
  const base = process.env.GUICHET_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!base) return ['head office (PostgreSQL): skipped (set GUICHET_TEST_DATABASE_URL or DATABASE_URL)'];
  const schema = `guichet_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  try {
    const db = await openSqlDb({ databaseUrl: url.toString(), dataDir: '' }, hqMigrations);
    try {
      const seeded = await seed(db, 'hq_complaints', total, 40);
      return [`head office (PostgreSQL): ${total} complaints of 40 branches seeded in ${(seeded / 1000).toFixed(1)} s; first page of 50, ${RUNS} runs each:`, ...(await report(db, 'hq_complaints', HQ_CASES, 300))];
    } finally {
      await db.close();
    }
  } finally {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}
