import type { AlertDetail, AlertFinding, AlertRecord } from './schema.js';

/**
 * An alert's life (issue 14): raised by a finding, acknowledged by a named lead, resolved when
 * the finding is gone. Pure; the hub stores what these return.
 *
 * Decisions:
 * - One record per (kind, subject) per business day. While its finding lasts, the record keeps
 *   its state and takes the latest detail (the waiting count grows, the breach comes nearer).
 * - A resolved record whose finding comes back the same day is raised AGAIN in the same record:
 *   state 'raised', a new raisedAt, the acknowledgement cleared (the lead must look again),
 *   timesRaised + 1. The day's list keeps one row per trouble, with how often it came back;
 *   every acknowledgement stays in the security audit.
 * - Except when it comes back within REACKNOWLEDGE_AFTER_MS of being resolved: a forecast that
 *   clears for a minute while a window reopens and then returns is the trouble the lead has
 *   already acted on, so it comes back 'acknowledged' by the same lead (timesRaised + 1 still
 *   says it came back). Asking again each minute would teach the lead to click without looking.
 * - A record of an earlier business day still open is resolved at the first evaluation of a
 *   new day: a day's list ends with the day, and the trouble, if it lasts, is raised afresh.
 */

/** How soon a resolved trouble may come back and keep its acknowledgement. */
export const REACKNOWLEDGE_AFTER_MS = 5 * 60_000;

export const alertKey = (a: Pick<AlertFinding, 'kind' | 'subject'>): string => `${a.kind}:${a.subject}`;

export interface ReconcileContext {
  /** The business day of `now`. */
  day: string;
  now: Date;
  newId: () => string;
}

/**
 * The records to store after an evaluation: `records` are the day's records and any earlier
 * one still open; `findings` what the rules found now. Returns only records that changed
 * (new ones included), in the findings' order, then the resolved.
 */
export function reconcile(records: readonly AlertRecord[], findings: readonly AlertFinding[], ctx: ReconcileContext): AlertRecord[] {
  const at = ctx.now.toISOString();
  const today = new Map(records.filter((r) => r.businessDay === ctx.day).map((r) => [alertKey(r), r]));
  const found = new Set<string>();
  const changed: AlertRecord[] = [];
  for (const f of findings) {
    const key = alertKey(f);
    if (found.has(key)) continue; // one finding per key: the first wins
    found.add(key);
    const r = today.get(key);
    if (r === undefined) {
      changed.push({
        ...f,
        id: ctx.newId(),
        businessDay: ctx.day,
        state: 'raised',
        raisedAt: at,
        acknowledgedAt: null,
        acknowledgedBy: null,
        acknowledgedByName: null,
        resolvedAt: null,
        timesRaised: 1,
      });
    } else if (r.state === 'resolved') {
      const flicker = r.acknowledgedAt !== null && r.resolvedAt !== null && ctx.now.getTime() - Date.parse(r.resolvedAt) < REACKNOWLEDGE_AFTER_MS;
      const again = { ...r, detail: f.detail, raisedAt: at, resolvedAt: null, timesRaised: r.timesRaised + 1 };
      if (flicker) changed.push({ ...again, state: 'acknowledged' });
      else changed.push({ ...again, state: 'raised', acknowledgedAt: null, acknowledgedBy: null, acknowledgedByName: null });
    } else if (!sameDetail(r.detail, f.detail)) {
      changed.push({ ...r, detail: f.detail });
    }
  }
  for (const r of records) {
    if (r.state === 'resolved') continue;
    if (r.businessDay === ctx.day && found.has(alertKey(r))) continue;
    changed.push({ ...r, state: 'resolved', resolvedAt: at });
  }
  return changed;
}

export type AcknowledgeResult = { ok: true; record: AlertRecord; changed: boolean } | { ok: false; reason: 'alert_resolved' };

/**
 * A lead acknowledges: they have seen it and act. `by` is the signed-in person (the hub takes it
 * from the session, never from the request). Acknowledging again changes nothing: the first
 * lead stays on the record. A resolved alert has nothing left to acknowledge.
 */
export function acknowledge(record: AlertRecord, by: { staffId: string; name: string }, now: Date): AcknowledgeResult {
  if (record.state === 'resolved') return { ok: false, reason: 'alert_resolved' };
  if (record.state === 'acknowledged') return { ok: true, record, changed: false };
  return { ok: true, changed: true, record: { ...record, state: 'acknowledged', acknowledgedAt: now.toISOString(), acknowledgedBy: by.staffId, acknowledgedByName: by.name } };
}

function sameDetail(a: AlertDetail, b: AlertDetail): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof AlertDetail>;
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
}
