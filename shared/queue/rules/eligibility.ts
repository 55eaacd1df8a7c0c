import type { Counter } from '../../config/schema.js';
import type { QueuedTicket } from '../ticket.js';

/**
 * Whether this window may call the ticket now. A transfer to a named window pins the ticket
 * there even if that window does not normally serve the service, because the teller who
 * transferred it chose that colleague on purpose.
 */
export function mayCall(counter: Counter, t: Pick<QueuedTicket, 'status' | 'service' | 'targetCounter'>): boolean {
  if (t.status !== 'waiting') return false;
  if (t.targetCounter !== null) return t.targetCounter === counter.number;
  return counter.services.includes(t.service);
}

/** Queue order: issue time, then id so that equal timestamps still give one stable order. */
export function byIssueOrder(a: Pick<QueuedTicket, 'issuedAt' | 'id'>, b: Pick<QueuedTicket, 'issuedAt' | 'id'>): number {
  const dt = Date.parse(a.issuedAt) - Date.parse(b.issuedAt);
  if (dt !== 0) return dt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
