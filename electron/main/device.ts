import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CounterNumber } from '../../shared/config/schema.js';
import { UnreadableHubSetting } from './remoteHub.js';

/** What this machine is in the branch; set once by whoever installs it. */
export const DeviceRole = z.enum(['counter', 'counter-display', 'kiosk', 'hall', 'lead', 'hq', 'launcher']);
export type DeviceRole = z.infer<typeof DeviceRole>;

const ROLES_WITH_COUNTER: ReadonlySet<DeviceRole> = new Set(['counter', 'counter-display']);

export const DeviceConfig = z
  .object({
    role: DeviceRole,
    counter: CounterNumber.optional(),
    /** For a counter: the screen facing the customer. */
    customerDisplay: z.object({ displayId: z.number().int() }).strict().optional(),
  })
  // Strict so that a typo ("counetr") is reported instead of silently opening the wrong screen.
  .strict()
  .superRefine((device, ctx) => {
    if (ROLES_WITH_COUNTER.has(device.role) && device.counter === undefined) {
      ctx.addIssue({ code: 'custom', path: ['counter'], message: `role "${device.role}" needs a counter number` });
    }
  });
export type DeviceConfig = z.infer<typeof DeviceConfig>;

export const DEVICE_FILE = 'device.json';
export const LAUNCHER: DeviceConfig = { role: 'launcher' };

export interface LoadedDevice {
  device: DeviceConfig;
  /** Set when device.json exists but was unusable; the launcher is shown instead. */
  problem?: string;
  /**
   * device.json's "hub" as written (the branch hub to use, electron/main/remoteHub.ts), apart
   * from the role: a mistake in it stops the start, it never falls back to a hub of its own.
   */
  hub?: unknown;
}

type ReadText = (file: string, encoding: 'utf8') => Promise<string>;

export async function loadDeviceConfig(userDataDir: string, read: ReadText = readFile): Promise<LoadedDevice> {
  const file = path.join(userDataDir, DEVICE_FILE);
  let text: string;
  try {
    text = await read(file, 'utf8');
  } catch (err) {
    // No file is a new install, not a fault.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { device: LAUNCHER };
    return { device: LAUNCHER, problem: `${file} could not be read: ${(err as Error).message}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const problem = `${file} is not valid JSON: ${(err as Error).message}`;
    // The launcher may stand in for a broken role, never a hub of its own for a broken "hub".
    if (/"hub"\s*:/.test(text)) return { device: LAUNCHER, problem, hub: new UnreadableHubSetting((err as Error).message) };
    return { device: LAUNCHER, problem };
  }
  let role: unknown = json;
  let withHub: { hub?: unknown } = {};
  if (json !== null && typeof json === 'object' && !Array.isArray(json) && 'hub' in json) {
    const { hub, ...rest } = json as Record<string, unknown>;
    role = rest;
    withHub = { hub };
  }
  const parsed = DeviceConfig.safeParse(role);
  if (!parsed.success) return { device: LAUNCHER, problem: `${file} is invalid:\n${z.prettifyError(parsed.error)}`, ...withHub };
  return { device: parsed.data, ...withHub };
}

/** The renderer route for a device; every role is one route of the single-page app. */
export function rolePath(device: DeviceConfig): string {
  switch (device.role) {
    case 'counter':
    case 'counter-display':
      return `/${device.role}/${device.counter ?? 1}`;
    case 'launcher':
      return '/';
    default:
      return `/${device.role}`;
  }
}
