import type { FastifyInstance } from 'fastify';
import { QueueError } from '../../../shared/api/errors.js';
import type { BranchConfig } from '../../../shared/config/schema.js';
import { assembleServiceRecord } from '../../../shared/serviceRecord/assemble.js';
import { SERVICE_RECORD_PATH, ServiceRecordParams } from '../../../shared/serviceRecord/schema.js';
import type { ServiceRecord } from '../../../shared/serviceRecord/schema.js';
import type { SqlDb } from '../../db/sqlDb.js';
import type { AuditLog } from '../access/auditLog.js';
import { actorOf, requireDevice, requireSession } from '../access/requestActor.js';
import type { CredentialResolvers } from '../access/requestActor.js';
import { readServiceRecordInputs } from './serviceRecordStore.js';

export interface ServiceRecordRouteOptions {
  db: SqlDb;
  config: () => BranchConfig;
  audit: AuditLog;
  resolvers: CredentialResolvers;
  /** Brings the recording index up to what the counters pushed (the recording hub's projector). */
  catchUpRecordings: () => Promise<unknown>;
  now?: () => Date;
}

/**
 * GET /api/v1/services/:ticketId/record (docs/api.md "The service record"): one ticket's whole
 * story for a lead or auditor at the lead station (server/hub/access/routeAccess.ts). It holds
 * personal data and a recording, so every opening is a `service_record_opened` audit entry,
 * written before the record is sent: no record leaves without its line in the audit.
 */
export function registerServiceRecordRoutes(app: FastifyInstance, o: ServiceRecordRouteOptions): void {
  const now = o.now ?? (() => new Date());
  app.get(SERVICE_RECORD_PATH, async (req): Promise<ServiceRecord> => {
    const actor = await actorOf(req, o.resolvers);
    const device = requireDevice(actor, ['lead'], 'the service record');
    const session = requireSession(actor, { capability: 'listen' });
    const { ticketId } = ServiceRecordParams.parse(req.params);
    await o.catchUpRecordings();
    const inputs = await readServiceRecordInputs(o.db, o.config(), ticketId, now());
    if (!inputs) throw new QueueError('not_found', 'no such ticket on this hub');
    await o.audit.record('service_record_opened', {
      staffId: session.staffId,
      deviceId: device.deviceId,
      detail: `service record of ${inputs.ticket.number} (${inputs.ticket.businessDay}, ticket ${ticketId})`,
    });
    return assembleServiceRecord(inputs);
  });
}
