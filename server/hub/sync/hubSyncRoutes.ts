import { CONFIG_REPORTS } from '../../../shared/hq/branchReports.js';
import type { FastifyInstance } from 'fastify';
import { CONFIG_BRANCH } from '../../../shared/sync/kinds.js';
import type { DeviceRole } from '../../../shared/sync/protocol.js';
import { withoutPinHashes } from '../access/publicConfig.js';
import { QueueError } from '../../../shared/api/errors.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { listDeadLetters } from '../../sync/deadLetters.js';
import { createEnrolCode } from '../../sync/deviceAuth.js';
import { registerSyncRoutes } from '../../sync/syncRoutes.js';
import type { QueueHub } from '../queue/queueHub.js';
import type { HubUpstream } from './hubUpstream.js';

export interface HubSyncOptions {
  db: SqlDb;
  hub: QueueHub;
  upstream: HubUpstream | null;
  demo: boolean;
  /** A device enrolled here (the access services forget its cached tokens and audit it). */
  onEnrolled?: (device: { deviceId: string; role: DeviceRole; window: number | null }) => void;
  /** A device's push stored records here (the complaint log merges the complaint ops among them). */
  onStored?: () => void;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * The hub as the sync server of its branch's devices, plus what the counter and the lead show
 * of the branch's sync: the hub's link to head office and the records refused for good.
 */
export function registerHubSyncRoutes(app: FastifyInstance, opts: HubSyncOptions): void {
  const { db, hub } = opts;
  // A device's records go on to head office at once, not at the relay's next poll.
  registerSyncRoutes(app, {
    db,
    role: 'hub',
    branchId: hub.branchConfig.branchId,
    onStored: () => {
      opts.upstream?.wakeSoon();
      opts.onStored?.();
    },
    windowExists: (n) => hub.branchConfig.counters.some((c) => c.number === n),
    ...(opts.onEnrolled ? { onEnrolled: opts.onEnrolled } : {}),
    // The branch configuration reaches the devices without the staff's PIN hashes (an enrolled
    // counter gets them from GET /api/v1/session/verifiers).
    // Head office's monthly reports (tellers' ranks and scores) are the lead's: the devices get an empty list.
    redactPulled: (kind, body) => (kind === CONFIG_BRANCH ? withoutPinHashes(body) : kind === CONFIG_REPORTS ? { reports: [] } : body),
  });

  app.get('/api/v1/sync/status', async () => ({
    links: opts.upstream?.status() ?? [],
    upstream: opts.upstream ? 'configured' : 'none',
    upstreamUrl: opts.upstream?.url ?? null,
    deadLetters: (await listDeadLetters(db, { branch: hub.branchConfig.branchId, limit: 50 })).map(({ record: _record, ...d }) => d),
  }));

  // The embedded demo enrols its own devices: a workstation on this machine may ask for a
  // one-time code. A real branch enrols devices with codes from the lead or head office.
  app.get('/api/v1/sync/demo-enrol-code', async (req) => {
    if (!opts.demo) throw new QueueError('not_found', 'enrolment codes come from the branch lead or head office');
    if (!LOOPBACK.has(req.ip)) throw new QueueError('forbidden', 'demo enrolment is only offered to this machine');
    const code = await createEnrolCode(db, { branchId: hub.branchConfig.branchId, ttlMinutes: 10 });
    return { code: code.code };
  });
}
