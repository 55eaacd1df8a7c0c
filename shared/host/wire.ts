import { z } from 'zod';
import { HostErrorCode } from './contract.js';

/** The browser host carries the host contract over one WebSocket at /host with these frames. */
export const HostRequestFrame = z.object({
  id: z.number().int().nonnegative(),
  channel: z.string().max(100),
  input: z.unknown().optional(),
});
export type HostRequestFrame = z.infer<typeof HostRequestFrame>;

export const HostResponseFrame = z.discriminatedUnion('ok', [
  z.object({ id: z.number().int(), ok: z.literal(true), output: z.unknown() }),
  z.object({ id: z.number().int(), ok: z.literal(false), error: z.object({ code: HostErrorCode, message: z.string() }) }),
]);
export type HostResponseFrame = z.infer<typeof HostResponseFrame>;

export const HOST_SOCKET_PATH = '/host';
