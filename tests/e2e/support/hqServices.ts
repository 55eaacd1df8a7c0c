import { monotonicFactory } from 'ulid';
import type { SyncRecord } from '../../../shared/sync/protocol.js';
import { encodeHlc } from '../../../shared/time/hlc.js';

/*
 * A branch's services of a day as its hub relays them to head office, for the specs that need
 * head office to hold figures (hqFigures, leadHqReports).
 */

const ulid = monotonicFactory();
const BRANCH = 'demo-001';
const seqs = new Map<string, number>();

/** The month before this one, on this machine's calendar. */
export function lastMonth(): string {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 15);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

export function record(kind: string, deviceId: string, at: string, body: Record<string, unknown>): SyncRecord {
  // Each device numbers its own records from 1 without gaps, or head office counts the gap as records still to come.
  const seq = (seqs.get(deviceId) ?? 0) + 1;
  seqs.set(deviceId, seq);
  return { id: ulid(Date.parse(at)), kind, branchId: BRANCH, deviceId, deviceSeq: seq, hlc: encodeHlc({ wallMs: Date.parse(at), counter: 0, node: deviceId }), wallAt: at, body };
}

/** Six tickets served at window 1 by 王丽 on the 10th of last month, each rated. */
export function servicesOf(day: string, hubId: string): SyncRecord[] {
  const out: SyncRecord[] = [];
  const iso = (ms: number) => new Date(ms).toISOString();
  let n = 0;
  for (let i = 0; i < 6; i++) {
    const issued = Date.parse(`${day}T01:00:00.000Z`) + i * 600_000;
    const t = { id: `e2e-${day}-t${i}`, businessDay: day, service: 'A', number: `A${String(i + 1).padStart(3, '0')}`, priority: 'none', issuedAt: iso(issued), status: 'waiting', counter: null, targetCounter: null, calledAt: null, lastCalledAt: null, recalls: 0, startedAt: null, finishedAt: null, outcome: null, items: [], transfers: 0 };
    const ev = (type: string, at: number, ticket: Record<string, unknown>, detail: Record<string, unknown>, counter: number | null) =>
      record('queue.event', hubId, iso(at), { id: `e-e2e-${++n}`, seq: n, type, at: iso(at), branchId: BRANCH, counter, ticket, detail });
    const calledAt = issued + 120_000;
    const called = { ...t, status: 'called', counter: 1, calledAt: iso(calledAt), lastCalledAt: iso(calledAt) };
    const startAt = calledAt + 20_000;
    const started = { ...called, status: 'serving', startedAt: iso(startAt), items: ['A'] };
    const finishAt = startAt + 240_000;
    out.push(
      ev('ticket.issued', issued, t, {}, null),
      ev('ticket.called', calledAt, called, { waitSeconds: 120, staffId: 's-1001' }, 1),
      ev('service.started', startAt, started, { waitSeconds: 120, staffId: 's-1001' }, 1),
      ev('service.finished', finishAt, { ...started, status: 'done', finishedAt: iso(finishAt), outcome: 'completed' }, { outcome: 'completed', handlingSeconds: 240, staffId: 's-1001' }, 1),
      record('counter.event', 'c-e2e-1', iso(finishAt + 10_000), {
        type: 'rating.rated',
        counter: 1,
        payload: { ticketId: t.id, serviceId: `sv-${t.id}`, tellerId: 's-1001', counter: 1, finishedAt: iso(finishAt), status: 'rated', value: 4, source: 'rating_keypad', ratedAt: iso(finishAt + 10_000), ticketNumber: t.number, serviceCode: 'A', businessDay: day, scaleId: 'bank-4', followUpId: null },
      }),
    );
  }
  return out;
}

/** Enrols `hubId` at head office as a hub of the demo branch and pushes `records` as that hub relays them. */
export async function relayToHq(hqUrl: string, adminToken: string, hubId: string, records: SyncRecord[]): Promise<void> {
  const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const code = (await (await fetch(`${hqUrl}/api/v1/hq/enrol-codes`, { method: 'POST', headers: admin, body: JSON.stringify({ branchId: BRANCH, role: 'hub' }) })).json()) as { code: string };
  const enrolled = await fetch(`${hqUrl}/api/v1/sync/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: code.code, deviceId: hubId, role: 'hub' }) });
  const token = ((await enrolled.json()) as { token: string }).token;
  const pushed = await fetch(`${hqUrl}/api/v1/sync/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ deviceId: hubId, sentAt: new Date().toISOString(), records }),
  });
  if (pushed.status !== 200) throw new Error(`head office refused the push: ${pushed.status} ${await pushed.text()}`);
}
