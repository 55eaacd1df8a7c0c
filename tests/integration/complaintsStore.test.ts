import { afterEach, describe, expect, it } from 'vitest';
import { BANK_COMPLAINT_POLICY, COMPLAINT_FIELDS, applyCommand, complaintOps, registerComplaint } from '../../shared/complaints/index.js';
import type { Complaint } from '../../shared/complaints/index.js';
import { newId } from '../../shared/ids.js';
import type { DocOp } from '../../shared/sync/lww.js';
import type { SyncRecord } from '../../shared/sync/protocol.js';
import { HybridClock } from '../../shared/time/hlc.js';
import type { SqlDb } from '../../server/db/sqlDb.js';
import { listComplaints } from '../../server/hub/complaints/complaintTable.js';
import { ComplaintProjection } from '../../server/hub/complaints/projection.js';
import { hqMigrations } from '../../server/hq/migrations.js';
import { storeRecords } from '../../server/sync/recordStore.js';
import { DB_TARGETS, freshSqlDb } from '../support/testDatabases.js';

/**
 * Head office's merged complaint log (issue 13) on each database it runs on: complaint ops
 * ingested through the sync store are projected into `hq_complaints` (every op of a complaint
 * merged, flags kept), listed by branch and overdue with keyset pages, and several projections
 * over one database neither double nor skip.
 */

const T0 = Date.parse('2025-06-03T02:00:00.000Z');
const LEAD = { staffId: 's-9001', role: 'lead' as const };

let drops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const d of drops.reverse()) await d().catch(() => undefined);
  drops = [];
});

/** A hub's complaint device: makes steps and the records that carry them upstream. */
class HubDevice {
  private seq = 0;
  readonly clock: HybridClock;
  constructor(
    readonly branchId: string,
    readonly deviceId: string,
    private now: () => number,
  ) {
    this.clock = new HybridClock(deviceId, now);
  }

  records(before: Complaint | null, after: Complaint): SyncRecord[] {
    return complaintOps(before, after, () => this.clock.tick(), this.deviceId).map((op: DocOp) => ({
      id: newId(),
      kind: 'doc.op',
      branchId: this.branchId,
      deviceId: this.deviceId,
      deviceSeq: ++this.seq,
      hlc: op.hlc,
      wallAt: new Date(this.now()).toISOString(),
      body: op as unknown as Record<string, unknown>,
    }));
  }
}

function register(branchId: string, at: number, channel: 'phone' | 'letter' = 'phone'): Complaint {
  const r = registerComplaint(
    {
      type: 'register',
      id: newId(),
      branchId,
      timezone: 'Asia/Shanghai',
      channel,
      complainant: { name: '王女士', phone: '13812345678', realName: true },
      category: 'waiting',
      facts: '排队太久。',
    },
    LEAD,
    new Date(at),
    BANK_COMPLAINT_POLICY,
  );
  if (!r.ok) throw new Error(r.reason);
  return r.complaint;
}

function step(c: Complaint, command: Parameters<typeof applyCommand>[1], at: number): Complaint {
  const r = applyCommand(c, command, LEAD, new Date(at), BANK_COMPLAINT_POLICY);
  if (!r.ok) throw new Error(r.reason);
  return r.complaint;
}

async function ingest(db: SqlDb, hub: HubDevice, records: SyncRecord[]): Promise<void> {
  const stored = await storeRecords(db, { deviceId: hub.deviceId, branchId: hub.branchId }, records, new Date(), new Date());
  expect(stored.rejected).toEqual([]);
}

describe.each(DB_TARGETS)("head office's complaint log on %s", (target) => {
  it('projects ingested ops into one row per complaint, with its flags, and lists by branch and overdue', async () => {
    const { db, drop } = await freshSqlDb(target, hqMigrations);
    drops.push(drop);
    let now = T0;
    const a = new HubDevice('b-a', 'h-a-complaints', () => now);
    const b = new HubDevice('b-b', 'h-b-complaints', () => now);
    const projection = new ComplaintProjection({ db, table: 'hq_complaints', cursorTable: 'hq_complaint_projection' });
    drops.push(() => projection.stop());

    const c1 = register('b-a', now);
    const c2 = register('b-b', now, 'letter');
    await ingest(db, a, a.records(null, c1));
    await ingest(db, b, b.records(null, c2));
    expect(await projection.catchUp()).toBe(2);
    expect(await projection.catchUp()).toBe(0);

    now += 60_000;
    const accepted = step(c1, { type: 'accept', acknowledgedHow: 'phone' }, now);
    await ingest(db, a, a.records(c1, accepted));
    // Handled to the call-back; then a fork: closed on the hub's line, escalated on a device that had not seen the close.
    const investigating = step(accepted, { type: 'start_investigation' }, now);
    const found = step(investigating, { type: 'record_finding', finding: 'not_upheld' }, now);
    const answered = step(found, { type: 'answer', text: '已答复', how: 'phone', recourse: '可申请调解' }, now);
    const calledBack = step(answered, { type: 'record_callback', view: 'satisfied' }, now);
    await ingest(db, a, [...a.records(accepted, investigating), ...a.records(investigating, found), ...a.records(found, answered), ...a.records(answered, calledBack)]);
    const closed = step(calledBack, { type: 'close' }, now);
    // (A second later: a step's id is its seq, time and author, so the same person in the same millisecond would be one step.)
    const escalated = applyCommand(calledBack, { type: 'escalate', to: 'branch_head', newOwner: { staffId: 's-9003', role: 'lead' }, reason: '上报' }, LEAD, new Date(now + 1000), BANK_COMPLAINT_POLICY);
    if (!escalated.ok) throw new Error(escalated.reason);
    const other = new HubDevice('b-a', 'c-a-2', () => now);
    await ingest(db, a, [...a.records(calledBack, closed), ...other.records(calledBack, escalated.complaint)]);
    await projection.catchUp();

    const { rows } = await db.query<{ id: string; status: string; flagged: boolean; flags: string[]; owner_id: string }>('select id, status, flagged, flags, owner_id from hq_complaints order by id');
    const r1 = rows.find((r) => r.id === c1.id)!;
    expect(r1).toMatchObject({ status: 'closed', flagged: true, owner_id: 's-9003' });
    expect(r1.flags.map((f) => f.split(':')[0])).toContain('closed_while_escalated');

    const list = (f: Parameters<typeof listComplaints>[2], at = now) => listComplaints(db, 'hq_complaints', f, new Date(at));
    expect((await list({ limit: 50 })).complaints.map((c) => c.id).sort()).toEqual([c1.id, c2.id].sort());
    expect((await list({ branch: 'b-b', limit: 50 })).complaints.map((c) => [c.id, c.branchId, c.complainant.phone])).toEqual([[c2.id, 'b-b', '138****5678']]);
    expect((await list({ flagged: true, limit: 50 })).complaints.map((c) => c.id)).toEqual([c1.id]);
    expect((await list({ overdue: true, limit: 50 })).complaints).toEqual([]);
    const late = Date.parse(c2.deadlines.answerBy) + 1000;
    expect((await list({ overdue: true, limit: 50 }, late)).complaints.map((c) => [c.id, c.overdue])).toEqual([[c2.id, true]]);
    expect((await list({ statuses: ['registered', 'closed'], limit: 50 })).complaints).toHaveLength(2);
    const first = await list({ limit: 1 });
    const second = await list({ limit: 1, cursor: first.nextCursor! });
    expect([...first.complaints, ...second.complaints].map((c) => c.id).sort()).toEqual([c1.id, c2.id].sort());
    expect(second.nextCursor).toBeNull();
  }, 60_000);

  it('several projections over one database (several head-office processes) neither double nor skip', async () => {
    const { db, drop } = await freshSqlDb(target, hqMigrations);
    drops.push(drop);
    const now = T0;
    const hubs = Array.from({ length: 4 }, (_, i) => new HubDevice(`b-${i}`, `h-${i}-complaints`, () => now));
    const ps = Array.from({ length: 3 }, () => new ComplaintProjection({ db, table: 'hq_complaints', cursorTable: 'hq_complaint_projection' }));
    drops.push(async () => void (await Promise.all(ps.map((p) => p.stop()))));
    const ids: string[] = [];
    for (let round = 0; round < 5; round++) {
      await Promise.all(
        hubs.map(async (h) => {
          const cs = Array.from({ length: 6 }, () => register(h.branchId, now));
          ids.push(...cs.map((c) => c.id));
          await ingest(db, h, cs.flatMap((c) => h.records(null, c)));
        }),
      );
      await Promise.all(ps.map((p) => p.catchUp()));
    }
    // Whichever process held the cursor last, everything ingested is projected once.
    await ps[0]!.catchUp();
    const { rows } = await db.query<{ n: string | number }>('select count(*) as n from hq_complaints');
    expect(Number(rows[0]!.n)).toBe(ids.length);
    const ops = await db.query<{ n: string | number }>("select sum(op_count) as n from hq_complaints");
    expect(Number(ops.rows[0]!.n)).toBe(ids.length * COMPLAINT_FIELDS.length);
  }, 120_000);
});
