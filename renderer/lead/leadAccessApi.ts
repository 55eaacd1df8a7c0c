import type { z } from 'zod';
import { QueueError } from '../../shared/api/errors.js';
import { AuditDay } from '../../shared/access/audit.js';
import { DeviceEntry, DeviceList, EnrolCodeAnswer } from '../../shared/access/devices.js';
import type { EnrolCodeRequest } from '../../shared/access/devices.js';
import { hubRequest } from '../api/hub.js';

/**
 * The lead station's device and audit routes (server/hub/access/sessionRoutes.ts): one-time
 * enrolment codes, the enrolled devices and their revocation (capability 'enrol'), the security
 * audit of a day (capability 'audit'). The page's device token and the lead's session go with
 * every request (api/credentials.ts); the hub decides, the screen only hides what it would refuse.
 */
export const LEAD_ACCESS_PATHS = {
  enrolCodes: '/api/v1/devices/enrol-codes',
  devices: '/api/v1/devices',
  revoke: (id: string) => `/api/v1/devices/${encodeURIComponent(id)}/revoke`,
  audit: '/api/v1/audit',
} as const;

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new QueueError('internal', `the queue server sent a malformed ${what}`);
  return parsed.data;
}

export type EnrolCodeInput = Pick<EnrolCodeRequest, 'role' | 'window' | 'ttlMinutes'>;

export async function makeEnrolCode(body: EnrolCodeInput): Promise<EnrolCodeAnswer> {
  const json = await hubRequest(LEAD_ACCESS_PATHS.enrolCodes, { method: 'POST', body: body.window === undefined ? { role: body.role, ttlMinutes: body.ttlMinutes } : body, timeoutMs: 8000 });
  return parse(EnrolCodeAnswer, json, 'enrolment code');
}

export async function fetchDevices(): Promise<DeviceEntry[]> {
  return parse(DeviceList, await hubRequest(LEAD_ACCESS_PATHS.devices), 'device list').devices;
}

export async function revokeDevice(id: string): Promise<DeviceEntry> {
  const json = await hubRequest(LEAD_ACCESS_PATHS.revoke(id), { method: 'POST', body: {} });
  const device = (json as { device?: unknown } | null)?.device;
  return parse(DeviceEntry, device, 'device');
}

export async function fetchAudit(day?: string): Promise<AuditDay> {
  return parse(AuditDay, await hubRequest(`${LEAD_ACCESS_PATHS.audit}${day ? `?day=${encodeURIComponent(day)}` : ''}`), 'security audit');
}
