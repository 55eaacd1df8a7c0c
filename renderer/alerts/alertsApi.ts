import { QueueError } from '../../shared/api/errors.js';
import { AcknowledgeAnswer, ALERTS_API, AlertList } from '../../shared/alerts/schema.js';
import type { AlertRecord } from '../../shared/alerts/schema.js';
import { hubRequest } from '../api/hub.js';

/** The hub's alert routes (server/hub/alerts/, docs/alerts.md) with this station's device token and session. */

const TIMEOUT = { timeoutMs: 8000 };

export async function fetchAlerts(day?: string): Promise<AlertList> {
  const parsed = AlertList.safeParse(await hubRequest(`${ALERTS_API.list}${day ? `?day=${encodeURIComponent(day)}` : ''}`, TIMEOUT));
  if (!parsed.success) throw new QueueError('internal', 'the queue server sent a malformed alert list');
  return parsed.data;
}

/** Acknowledged by the person signed in at this station: the hub takes them from the session. */
export async function acknowledgeAlert(id: string): Promise<AlertRecord> {
  const parsed = AcknowledgeAnswer.safeParse(await hubRequest(ALERTS_API.acknowledge.replace(':id', encodeURIComponent(id)), { method: 'POST', body: {}, ...TIMEOUT }));
  if (!parsed.success) throw new QueueError('internal', 'the queue server sent a malformed alert');
  return parsed.data.alert;
}
