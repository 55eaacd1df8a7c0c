import { QueueError } from '../../shared/api/errors.js';
import { ReplayGrant } from '../../shared/recording/access.js';
import { ServiceRecord, serviceRecordPath } from '../../shared/serviceRecord/schema.js';
import { hubRequest } from '../api/hub.js';
import { getPlatform } from '../platform/index.js';

/**
 * The hub's answers the service record page needs, sent with the lead station's device token and
 * the session signed in there (api/hub.ts): the record itself (GET, audited on the hub) and a
 * replay grant for one of its recordings (POST, written to the listen log before it is given).
 */
export async function fetchServiceRecord(ticketId: string): Promise<ServiceRecord> {
  const json = await hubRequest(serviceRecordPath(ticketId), { timeoutMs: 10_000 });
  const parsed = ServiceRecord.safeParse(json);
  if (!parsed.success) throw new QueueError('internal', 'the hub sent a malformed service record');
  return parsed.data;
}

/** A replay grant: the <audio> source URL (absolute), valid for half an hour. */
export async function replayUrl(recordingId: string): Promise<string> {
  const json = await hubRequest(`/api/v1/recordings/${encodeURIComponent(recordingId)}/replay`, { method: 'POST', body: {}, timeoutMs: 8000 });
  const grant = ReplayGrant.safeParse(json);
  if (!grant.success) throw new QueueError('internal', 'the hub sent a malformed replay grant');
  return `${await getPlatform().hubUrl()}${grant.data.audioPath}`;
}
