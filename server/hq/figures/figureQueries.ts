import { addDays, addMonths, format, parseISO } from 'date-fns';
import { complaintFigures, deriveFigures, NO_COMPLAINTS } from '../../../shared/hq/derive.js';
import type { ComplaintFigures } from '../../../shared/hq/derive.js';
import type { FigureLine, FiguresAnswer, FiguresQuery, Named } from '../../../shared/hq/api.js';
import { addSums, zeroSums } from '../../../shared/hq/sums.js';
import type { HqSums } from '../../../shared/hq/sums.js';
import type { Localized } from '../../../shared/i18n/localized.js';
import { QueueError } from '../../../shared/api/errors.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { loadBranchDirectory, UNKNOWN_REGION, unknownBranch } from './branchDirectory.js';
import type { BranchEntry } from './branchDirectory.js';
import { SUM_SELECT, sumsOfRow } from './columns.js';

type Db = Pick<SqlDb, 'query'>;

export interface Period {
  kind: 'day' | 'month';
  label: string;
  /** Business days from (inclusive) to (exclusive), YYYY-MM-DD. */
  from: string;
  to: string;
}

export function periodOf(q: { day?: string | undefined; month?: string | undefined }): Period {
  if (q.day) return { kind: 'day', label: q.day, from: q.day, to: format(addDays(parseISO(q.day), 1), 'yyyy-MM-dd') };
  const first = `${q.month!}-01`;
  return { kind: 'month', label: q.month!, from: first, to: format(addMonths(parseISO(first), 1), 'yyyy-MM-dd') };
}

export const windowName = (n: number): Localized => ({ 'zh-CN': `${n}号窗口`, 'zh-TW': `${n}號窗口`, en: `Window ${n}` });
const NETWORK: Localized = { 'zh-CN': '全辖网点', 'zh-TW': '全轄網點', en: 'Whole network' };

type Group = 'branch_id' | 'counter' | 'staff_id';

/** Sums of the day table over a period, grouped; never touches raw records. */
export async function sumsBy(db: Db, p: Period, where: { branch?: string; counter?: number }, group: Group[]): Promise<Array<{ key: Record<Group, string>; sums: HqSums }>> {
  const params: unknown[] = [p.from, p.to];
  let filter = '';
  if (where.branch !== undefined) filter += ` and branch_id = $${params.push(where.branch)}`;
  if (where.counter !== undefined) filter += ` and counter = $${params.push(where.counter)}`;
  const cols = group.join(', ');
  const { rows } = await db.query<Record<string, unknown>>(
    `select ${cols ? `${cols}, ` : ''}${SUM_SELECT} from hq_fig_day where day >= $1::date and day < $2::date${filter}${cols ? ` group by ${cols}` : ''}`,
    params,
  );
  return rows.map((r) => ({ key: Object.fromEntries(group.map((g) => [g, String(r[g])])) as Record<Group, string>, sums: sumsOfRow(r) }));
}

/**
 * Complaints received in the period (each branch's local days), from the merged complaint log:
 * received, upheld (counted against the teller or branch), answers overdue now, call-backs.
 */
export async function complaintsBy(db: Db, p: Period, directory: Map<string, BranchEntry>, now: Date, where: { branch?: string }, byTeller: boolean): Promise<Map<string, ComplaintFigures>> {
  const zones = Object.fromEntries([...directory.values()].map((b) => [b.id, b.timeZone]));
  const params: unknown[] = [JSON.stringify(zones), p.from, p.to, now.toISOString()];
  const filter = where.branch !== undefined ? ` and c.branch_id = $${params.push(where.branch)}` : '';
  const { rows } = await db.query<{ branch_id: string; teller: string | null; received: string | number; upheld: string | number; overdue: string | number; cb_req: string | number; cb_done: string | number }>(
    `select c.branch_id, ${byTeller ? 'c.subject_teller_id' : 'null'} as teller, count(*) as received,
            count(*) filter (where c.counts_against) as upheld,
            count(*) filter (where c.awaiting_answer and c.answer_by < $4::timestamptz) as overdue,
            count(*) filter (where c.callback_required) as cb_req,
            count(*) filter (where c.callback_required and c.called_back) as cb_done
     from hq_complaints c left join jsonb_each_text($1::jsonb) z on z.key = c.branch_id
     where (c.received_at at time zone coalesce(z.value, 'UTC'))::date >= $2::date
       and (c.received_at at time zone coalesce(z.value, 'UTC'))::date < $3::date
       and c.status <> 'withdrawn'${filter}
     group by 1, 2`,
    params,
  );
  const out = new Map<string, ComplaintFigures>();
  for (const r of rows) {
    const key = byTeller ? `${r.branch_id}|${r.teller ?? ''}` : r.branch_id;
    out.set(key, complaintFigures({ received: Number(r.received), upheld: Number(r.upheld), overdue: Number(r.overdue), callbackRequired: Number(r.cb_req), calledBack: Number(r.cb_done) }));
  }
  return out;
}

export function addComplaints(a: ComplaintFigures, b: ComplaintFigures): ComplaintFigures {
  return complaintFigures({
    received: a.received + b.received,
    upheld: a.upheld + b.upheld,
    overdue: a.overdue + b.overdue,
    callbackRequired: a.callbackRequired + b.callbackRequired,
    calledBack: a.calledBack + b.calledBack,
  });
}

function line(level: FigureLine['level'], id: string, name: Localized, parent: Named | null, sums: HqSums, complaints: ComplaintFigures): FigureLine {
  return { level, id, name, parent, figures: deriveFigures(sums), complaints };
}

/** GET /api/v1/hq/figures: a scope's totals and the level below it, for a day or a month. */
export async function hqFigures(db: Db, q: FiguresQuery, now: Date): Promise<FiguresAnswer> {
  const p = periodOf(q);
  const directory = await loadBranchDirectory(db);
  const entry = (id: string): BranchEntry => directory.get(id) ?? unknownBranch(id);
  const regionOf = (b: BranchEntry): Named => b.region ?? UNKNOWN_REGION;
  const generatedAt = now.toISOString();
  const period = { kind: p.kind, label: p.label, from: p.from, to: format(addDays(parseISO(p.to), -1), 'yyyy-MM-dd') };

  if (q.branch !== undefined) {
    const b = directory.get(q.branch);
    if (!b) throw new QueueError('not_found', `head office holds no configuration for branch ${q.branch}`);
    const where = { branch: b.id, ...(q.counter !== undefined ? { counter: q.counter } : {}) };
    const byTeller = await sumsBy(db, p, where, q.counter !== undefined ? ['staff_id'] : ['counter', 'staff_id']);
    const complaints = await complaintsBy(db, p, directory, now, { branch: b.id }, true);
    const branchComplaints = [...complaints.values()].reduce(addComplaints, NO_COMPLAINTS);
    const tellers = new Map<string, HqSums>();
    const windows = new Map<number, HqSums>();
    let total = zeroSums();
    for (const r of byTeller) {
      total = addSums(total, r.sums);
      if (r.key.staff_id !== '') tellers.set(r.key.staff_id, addSums(tellers.get(r.key.staff_id) ?? zeroSums(), r.sums));
      if (q.counter === undefined && r.key.counter !== '0') windows.set(Number(r.key.counter), addSums(windows.get(Number(r.key.counter)) ?? zeroSums(), r.sums));
    }
    const parent: Named = { id: b.id, name: b.name };
    const rows: FigureLine[] = [
      ...[...windows.entries()].sort((x, y) => x[0] - y[0]).map(([n, s]) => line('window', String(n), windowName(n), parent, s, NO_COMPLAINTS)),
      ...[...tellers.entries()]
        .sort((x, y) => (x[0] < y[0] ? -1 : 1))
        .map(([id, s]) => line('teller', id, b.staffName(id), parent, s, q.counter === undefined ? (complaints.get(`${b.id}|${id}`) ?? NO_COMPLAINTS) : NO_COMPLAINTS)),
    ];
    const totals =
      q.counter === undefined
        ? line('branch', b.id, b.name, b.region ?? UNKNOWN_REGION, total, branchComplaints)
        : line('window', String(q.counter), windowName(q.counter), parent, total, NO_COMPLAINTS);
    return { period, scope: { level: q.counter === undefined ? 'branch' : 'window', region: regionOf(b), branch: parent, counter: q.counter ?? null, timeZone: b.timeZone }, totals, rows, generatedAt };
  }

  const perBranch = await sumsBy(db, p, {}, ['branch_id']);
  const complaints = await complaintsBy(db, p, directory, now, {}, false);
  const ids = new Set([...directory.keys(), ...perBranch.map((r) => r.key.branch_id)]);
  const sumsOf = new Map(perBranch.map((r) => [r.key.branch_id, r.sums]));
  let branches = [...ids].map(entry);
  if (q.region !== undefined) branches = branches.filter((b) => regionOf(b).id === q.region);
  const branchLines = branches
    .sort((x, y) => (x.id < y.id ? -1 : 1))
    .map((b) => line('branch', b.id, b.name, regionOf(b), sumsOf.get(b.id) ?? zeroSums(), complaints.get(b.id) ?? NO_COMPLAINTS));
  const sumLines = (ls: FigureLine[]): { sums: HqSums; complaints: ComplaintFigures } => ({
    sums: ls.reduce((s, l) => addSums(s, l.figures), zeroSums()),
    complaints: ls.reduce((c, l) => addComplaints(c, l.complaints), NO_COMPLAINTS),
  });
  if (q.region !== undefined) {
    if (branchLines.length === 0) throw new QueueError('not_found', `no branch is in region ${q.region}`);
    const region = regionOf(entry(branchLines[0]!.id));
    const t = sumLines(branchLines);
    return { period, scope: { level: 'region', region, branch: null, counter: null, timeZone: null }, totals: line('region', region.id, region.name, null, t.sums, t.complaints), rows: branchLines, generatedAt };
  }
  const regions = new Map<string, { region: Named; lines: FigureLine[] }>();
  for (const l of branchLines) {
    const r = l.parent!;
    const at = regions.get(r.id) ?? { region: r, lines: [] };
    at.lines.push(l);
    regions.set(r.id, at);
  }
  const regionLines = [...regions.values()]
    .sort((x, y) => (x.region.id < y.region.id ? -1 : 1))
    .map((r) => {
      const t = sumLines(r.lines);
      return line('region', r.region.id, r.region.name, null, t.sums, t.complaints);
    });
  const t = sumLines(branchLines);
  return { period, scope: { level: 'network', region: null, branch: null, counter: null, timeZone: null }, totals: line('network', 'network', NETWORK, null, t.sums, t.complaints), rows: [...regionLines, ...branchLines], generatedAt };
}
