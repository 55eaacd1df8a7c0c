import type { BranchConfig } from '../../../shared/config/schema.js';
import type { SqlDb } from '../../db/sqlDb.js';
import type { ListenerAccess } from '../../recordingHub/staffSignIn.js';
import { ApiKeys } from './apiKeys.js';
import type { ApiKeyConfig } from './apiKeys.js';
import { AuditLog } from './auditLog.js';
import { DeviceRegistry } from './deviceRegistry.js';
import { OfflineSignIns } from './offlineSignIns.js';
import { recordingAccess } from './recordingAccess.js';
import type { CredentialResolvers } from './requestActor.js';
import { StaffSessions } from './staffSessions.js';

export interface AccessOptions {
  db: SqlDb;
  config: () => BranchConfig;
  /** The hub's device id (its own records: `<hub id>-audit`). */
  hubDeviceId: string;
  /** Integration keys (GUICHET_API_KEYS, parsed by parseApiKeys). */
  apiKeys?: readonly ApiKeyConfig[];
  now?: () => Date;
  warn?: (message: string) => void;
}

/**
 * The hub's access services in one place (issue 12): who is signed in (sessions), which devices
 * are enrolled (devices), integration keys, and the security audit. The gate (gate.ts) resolves
 * credentials through `sessions`, `devices` and `apiKeys` (the interfaces of types.ts); the routes
 * (sessionRoutes.ts) and the recording hub use the rest.
 */
export interface AccessServices {
  audit: AuditLog;
  sessions: StaffSessions;
  devices: DeviceRegistry;
  apiKeys: ApiKeys;
  /** Counters' offline sign-ins, pushed when the hub returns, into the audit (wakeSoon after a push). */
  offlineSignIns: OfflineSignIns;
  /** What the gate and the routes resolve credentials with. */
  resolvers: CredentialResolvers;
  /** The recording hub's listener check and older sign-in, over the same sessions. */
  recordings: ListenerAccess;
  close(): Promise<void>;
}

export async function openAccess(o: AccessOptions): Promise<AccessServices> {
  const base = { db: o.db, config: o.config, ...(o.now ? { now: o.now } : {}) };
  const audit = await AuditLog.open({
    db: o.db,
    hubDeviceId: o.hubDeviceId,
    branchId: () => o.config().branchId,
    timezone: () => o.config().hours.timezone,
    ...(o.now ? { now: o.now } : {}),
    ...(o.warn ? { warn: o.warn } : {}),
  });
  const sessions = await StaffSessions.open({ ...base, audit });
  const devices = new DeviceRegistry({ ...base, audit, onRevoked: (id) => sessions.endForDevice(id, 'its device was revoked') });
  const apiKeys = await ApiKeys.open(o.apiKeys ?? [], { db: o.db, audit, ...(o.now ? { now: o.now } : {}) });
  const resolvers: CredentialResolvers = { branchId: () => o.config().branchId, devices, sessions, apiKeys };
  const offlineSignIns = new OfflineSignIns({ db: o.db, audit, branchId: () => o.config().branchId, ...(o.warn ? { warn: o.warn } : {}) });
  // What counters pushed while this hub was down (or before this version) is audited now.
  await offlineSignIns.catchUp();
  sessions.start();
  return {
    audit,
    sessions,
    devices,
    apiKeys,
    offlineSignIns,
    resolvers,
    recordings: recordingAccess(sessions, resolvers),
    close: async () => {
      await offlineSignIns.stop();
      await sessions.close();
    },
  };
}
