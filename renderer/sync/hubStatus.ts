import { z } from 'zod';
import { LinkStatus, SYNC_PATHS } from '../../shared/sync/protocol.js';
import { toSyncError } from '../../shared/sync/drain.js';
import { getJson, isNotFound } from '../device/transport.js';
import type { SyncTransport } from '../device/syncTypes.js';

/** One refused record as the hub's status page lists it. */
export const HubDeadLetter = z.object({
  id: z.string(),
  deviceId: z.string(),
  kind: z.string(),
  reason: z.string(),
  at: z.string(),
});
export type HubDeadLetter = z.infer<typeof HubDeadLetter>;

export type HubSyncView =
  | { state: 'ok'; links: LinkStatus[]; deadLetters: HubDeadLetter[]; skipped: number }
  /** The hub has no status page (404: an older or a non-syncing hub). */
  | { state: 'not_available' }
  | { state: 'error'; message: string };

/**
 * GET /api/v1/sync/status ({links: LinkStatus[], deadLetters: [...]}), read defensively: a
 * missing page is "not available", a malformed entry is skipped (and counted), never a crash.
 */
export async function loadHubSyncStatus(transport: SyncTransport): Promise<HubSyncView> {
  let json: unknown;
  try {
    json = await getJson(transport, SYNC_PATHS.status);
  } catch (err) {
    if (isNotFound(err)) return { state: 'not_available' };
    const e = toSyncError(err);
    if (e.kind === 'unauthorized' || e.kind === 'forbidden') return { state: 'error', message: `the hub refused to show its sync status (HTTP ${e.status ?? '?'})` };
    return { state: 'error', message: e.message };
  }
  const body = (json ?? {}) as { links?: unknown; deadLetters?: unknown };
  const rawLinks = Array.isArray(body.links) ? body.links : [];
  const rawDead = Array.isArray(body.deadLetters) ? body.deadLetters : [];
  if (!Array.isArray(body.links) && !Array.isArray(body.deadLetters)) return { state: 'error', message: 'the hub sent a status page this version cannot read' };
  const links = rawLinks.flatMap((l) => {
    const p = LinkStatus.safeParse(l);
    return p.success ? [p.data] : [];
  });
  const deadLetters = rawDead.flatMap((d) => {
    const p = HubDeadLetter.safeParse(d);
    return p.success ? [p.data] : [];
  });
  return { state: 'ok', links, deadLetters, skipped: rawLinks.length - links.length + rawDead.length - deadLetters.length };
}
